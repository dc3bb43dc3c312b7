import type { SupervisorAuth } from '../../../app/contract/define.js';
import type { DiscountSpecInput } from '../../../app/contract/discounts.js';
import { formatYuan } from '../../../app/money.js';
import { both } from '../screens/discounts/texts.js';
import { showBill } from './bill.js';
import { call, note, serial, st } from './connection.js';

/**
 * Discounts (Ctrl+D), 改价 (Ctrl+E) and 抹零 (Ctrl+M) on the bill at the counter
 * (app/contract/discounts.ts). Over the cashier limit the core answers `discount-over-limit`;
 * the discount is then sent again as over the limit — a supervisor (or a cashier holding
 * `discount-over-limit`) passes, anyone else gets `needs-supervisor` and the dialog asks for a
 * supervisor's number and PIN on the spot. A refusal changes nothing on the bill.
 */
export type DiscountOutcome = 'ok' | 'needs-supervisor' | 'failed';

function openBill() {
  const b = st().bill;
  if (!b || b.status !== 'open') {
    note({ tone: 'warn', kind: 'error-code', code: b ? 'bill-locked' : 'bill-empty' });
    return null;
  }
  return b;
}

async function discountNow(
  lineNo: number | null,
  discount: DiscountSpecInput | null,
  auth?: SupervisorAuth,
): Promise<DiscountOutcome> {
  const bill = openBill();
  if (!bill) return 'failed';
  const base = { billId: bill.id, ...(lineNo !== null ? { lineNo } : {}), discount };
  let over = auth !== undefined;
  let needsSupervisor = false;
  let b = over
    ? await call('bill.discount', { ...base, overLimit: true, auth })
    : await call('bill.discount', base, { onError: (e) => (over = e.code === 'discount-over-limit') });
  if (!b && over && !auth) {
    b = await call(
      'bill.discount',
      { ...base, overLimit: true },
      { onError: (e) => (needsSupervisor = e.code === 'supervisor-required') },
    );
  }
  if (!b) return needsSupervisor ? 'needs-supervisor' : 'failed';
  showBill(b);
  const off = (b.pricing?.lineDiscountFen ?? 0) + (b.pricing?.billDiscountFen ?? 0);
  note(
    discount
      ? { tone: 'ok', kind: 'text', ...both('done', { off: formatYuan(off) }) }
      : { tone: 'ok', kind: 'text', ...both('cleared') },
  );
  return 'ok';
}

async function priceOverrideNow(lineNo: number, unitPriceFen: number, auth?: SupervisorAuth): Promise<DiscountOutcome> {
  const bill = openBill();
  if (!bill) return 'failed';
  let needsSupervisor = false;
  const b = await call(
    'bill.priceOverride',
    { billId: bill.id, lineNo, unitPriceFen, ...(auth ? { auth } : {}) },
    { onError: (e) => (needsSupervisor = !auth && e.code === 'supervisor-required') },
  );
  if (!b) return needsSupervisor ? 'needs-supervisor' : 'failed';
  showBill(b);
  const line = b.lines.find((l) => l.lineNo === lineNo);
  note({
    tone: 'ok',
    kind: 'text',
    ...both('price.done', { name: line?.name ?? '', price: formatYuan(unitPriceFen) }),
  });
  return 'ok';
}

/** 抹零 on (the configured rule) or, when already on, off again. */
async function toggleRoundOffNow(): Promise<void> {
  const bill = openBill();
  if (!bill) return;
  const on = !bill.pricing?.roundOffRule;
  const b = await call('bill.roundOff', { billId: bill.id, on });
  if (!b) return;
  showBill(b);
  const amount = b.pricing?.roundOffFen ?? 0;
  if (!on) note({ tone: 'ok', kind: 'text', ...both('round.cleared') });
  else if (amount === 0) note({ tone: 'info', kind: 'text', ...both('round.none') });
  else
    note({
      tone: 'ok',
      kind: 'text',
      ...both(amount > 0 ? 'round.done' : 'round.up', {
        amount: formatYuan(Math.abs(amount)),
        due: formatYuan(b.dueFen),
      }),
    });
}

export const applyDiscount = serial(discountNow);
export const overridePrice = serial(priceOverrideNow);
export const toggleRoundOff = serial(toggleRoundOffNow);

/** The shop's limit and 抹零 rule (for the dialog's hint). */
export function loadDiscountSettings() {
  return call('discounts.settings', {}, { quiet: true });
}
