import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterpayApi } from '../../app/contract/index.js';
import type { BillView } from '../../app/contract/schemas.js';
import { buildReportView, findSection } from '../../app/report/view.js';
import { createCore, type Core } from '../core.js';
import { reportCsv } from '../files/csv.js';
import { listAudit } from '../store/audit.js';
import { tempDir } from '../store/test-helpers.js';
import { FeedBillSchema } from '../sync/bill-feed.js';
import { createMemoryTransport } from './memory-transport.js';

/**
 * Discounts, 改价 and 抹零 through the real dispatcher, session service and ledger of a real
 * core: the cashier limit, the supervisor on the spot, the refusals that change nothing.
 */

const clock = Date.parse('2026-12-05T09:00:00Z');
let core: Core;
let removeDataDir: () => void;
let n = 0;
const api = (): CounterpayApi => createMemoryTransport(core.dispatch, core.bus, `disc-${++n}`);
const SUP = { supervisorNo: '9001', supervisorPin: '246810' };

async function signedIn(operatorNo: string, pin: string): Promise<CounterpayApi> {
  const a = api();
  const r = await a.invoke('session.signIn', { operatorNo, pin });
  expect(r.ok).toBe(true);
  return a;
}

function code(r: { ok: boolean; error?: { code: string } }): string {
  return r.ok ? 'ok' : r.error!.code;
}

function value<T>(r: { ok: boolean; value?: T; error?: { code: string; message?: string } }): T {
  if (!r.ok) throw new Error(`${r.error?.code}: ${r.error?.message ?? ''}`);
  return r.value as T;
}

let cashier: CounterpayApi;

async function newSale(amounts: number[]): Promise<BillView> {
  let b = value(await cashier.invoke('bill.new', { kind: 'sale' }));
  for (const a of amounts) b = value(await cashier.invoke('bill.addFree', { billId: b.id, amountFen: a }));
  return b;
}

beforeAll(async () => {
  const data = tempDir('cp-disc-');
  removeDataDir = data.cleanup;
  core = await createCore({ shell: 'memory', dataDir: data.dir, now: () => clock });
  await core.operators.add({ operatorNo: '9001', name: '王主管', role: 'supervisor', pin: '246810' });
  await core.operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
  cashier = await signedIn('1001', '1234');
  expect(code(await cashier.invoke('shift.open', { floatFen: 0 }))).toBe('ok');
});

afterAll(async () => {
  await core.close();
  removeDataDir();
});

describe('discounts through dispatch', () => {
  it('a cashier gives a line discount within the limit (九折 on ¥100): lines add up to the total', async () => {
    const b = await newSale([10_000, 5_000]);
    const d = value(
      await cashier.invoke('bill.discount', { billId: b.id, lineNo: 1, discount: { mode: 'percent', rate: 90 } }),
    );
    expect(d.lines[0]).toMatchObject({ grossFen: 10_000, discountFen: 1_000, amountFen: 9_000 });
    expect(d.totalFen).toBe(14_000);
    expect(d.pricing).toMatchObject({ grossFen: 15_000, lineDiscountFen: 1_000 });
    expect(d.pricing?.adjustments[0]).toMatchObject({ kind: 'line-discount', givenBy: '1001', authorisedBy: null });
    expect(d.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(d.totalFen);
    value(await cashier.invoke('bill.cancel', { billId: b.id, reason: 'test' }));
  });

  it('over the limit: refused and nothing changes; a wrong PIN changes nothing; the supervisor authorises on the spot', async () => {
    const b = await newSale([10_000, 3_333]);
    const over = await cashier.invoke('bill.discount', { billId: b.id, discount: { mode: 'amount', fen: 3_000 } });
    expect(code(over)).toBe('discount-over-limit');
    expect(!over.ok && over.error.details).toMatchObject({ maxPercentOff: 10, maxFen: 2_000, wantedFen: 3_000 });
    expect(core.bills.get(b.id)?.totalFen).toBe(13_333);

    // Sent as over the limit without a grant or a PIN: the supervisor is asked for.
    const noPin = await cashier.invoke('bill.discount', {
      billId: b.id,
      discount: { mode: 'amount', fen: 3_000 },
      overLimit: true,
    });
    expect(code(noPin)).toBe('supervisor-required');
    const wrong = await cashier.invoke('bill.discount', {
      billId: b.id,
      discount: { mode: 'amount', fen: 3_000 },
      overLimit: true,
      auth: { ...SUP, supervisorPin: '000000' },
    });
    expect(code(wrong)).not.toBe('ok');
    expect(core.bills.get(b.id)).toMatchObject({ totalFen: 13_333 });
    expect(core.bills.get(b.id)?.pricing).toBeUndefined();

    const ok = value(
      await cashier.invoke('bill.discount', {
        billId: b.id,
        discount: { mode: 'amount', fen: 3_000 },
        overLimit: true,
        auth: SUP,
      }),
    );
    expect(ok.totalFen).toBe(10_333);
    // Largest remainder: 3000 × 10000/13333 = 2250.06 → 2250, 3000 × 3333/13333 = 749.94 → 750.
    expect(ok.lines.map((l) => l.billShareFen)).toEqual([2_250, 750]);
    expect(ok.pricing?.adjustments[0]).toMatchObject({ kind: 'bill-discount', givenBy: '1001', authorisedBy: '9001' });
    const a = listAudit(core.store, { subject: `bill:${b.billNo}`, action: 'bill.discount' });
    expect(a[0]).toMatchObject({ operatorNo: '1001', authorisedBy: '9001' });

    // 抹零 (default rule 抹角): ¥103.33 → ¥103.00.
    const r = value(await cashier.invoke('bill.roundOff', { billId: b.id, on: true }));
    expect(r.totalFen).toBe(10_300);
    expect(r.pricing?.roundOffFen).toBe(33);
    expect(r.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(10_300);

    // Paid: the feed carries the discounts; lines still add up to the total.
    const paid = value(await cashier.invoke('payment.cash', { billId: b.id, tenderedFen: 10_300 }));
    expect(paid.bill.status).toBe('paid');
    const row = core.store.db
      .prepare('SELECT payload FROM outbox WHERE idempotency_key = ?')
      .pluck()
      .get(b.billNo) as string;
    const feed = FeedBillSchema.parse(JSON.parse(row));
    expect(feed.totalFen).toBe(10_300);
    expect(feed.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(10_300);
    expect(feed.discounts).toMatchObject({ grossFen: 13_333, billDiscountFen: 3_000, roundOffFen: 33 });

    // The X report: discounts given, by operator, and 抹零 (cancelled bills do not count).
    const x = value(await cashier.invoke('report.x', { auth: SUP }));
    expect(x.discounts).toEqual({
      count: 1,
      totalFen: 3_000,
      roundOffFen: 33,
      byOperator: [{ operatorNo: '1001', count: 1, fen: 3_000 }],
    });
    const section = findSection(buildReportView(x), 'discounts');
    expect(section?.rows.map((r) => [r.key, r.cells[2]?.value])).toEqual([
      ['op:1001', -3_000],
      ['total', -3_000],
      ['roundOff', -33],
    ]);
    // …and in its export (the CSV writes every section of the view).
    const csv = reportCsv(buildReportView(x)).toString('utf8');
    expect(csv).toContain('折扣与抹零');
    expect(csv).toMatch(/工号 1001,1,-30(\.00)?/);
  });

  it('a cashier holding discount-over-limit authorises their own; a price override needs price-override', async () => {
    const b = await newSale([2_000]);
    const price = await cashier.invoke('bill.priceOverride', { billId: b.id, lineNo: 1, unitPriceFen: 1_500 });
    expect(code(price)).toBe('supervisor-required');
    const p = value(
      await cashier.invoke('bill.priceOverride', { billId: b.id, lineNo: 1, unitPriceFen: 1_500, auth: SUP }),
    );
    expect(p.lines[0]).toMatchObject({ listPriceFen: 2_000, unitPriceFen: 1_500, amountFen: 1_500 });
    expect(p.pricing?.adjustments[0]).toMatchObject({ kind: 'price', amountFen: 500, authorisedBy: '9001' });
    // 抹零 on ¥15.00 (抹角) drops nothing and is not left on.
    const none = value(await cashier.invoke('bill.roundOff', { billId: b.id, on: true }));
    expect(none.totalFen).toBe(1_500);
    expect(none.pricing?.adjustments.map((a) => a.kind)).toEqual(['price']);

    const sup = await signedIn('9001', '246810');
    value(await sup.invoke('permissions.set', { role: 'cashier', permission: 'discount-over-limit', granted: true }));
    const own = value(
      await cashier.invoke('bill.discount', {
        billId: b.id,
        discount: { mode: 'percent', rate: 50 },
        overLimit: true,
      }),
    );
    expect(own.totalFen).toBe(750);
    expect(own.pricing?.adjustments.find((x) => x.kind === 'bill-discount')?.authorisedBy).toBe('1001');
    value(await sup.invoke('permissions.set', { role: 'cashier', permission: 'discount-over-limit', granted: false }));
    value(await cashier.invoke('bill.cancel', { billId: b.id, reason: 'test' }));
  });

  it('a fixed discount given within the limit stays within its percent: voiding the line it leans on is refused until it is removed', async () => {
    const b = await newSale([10_000, 10_000]);
    value(await cashier.invoke('bill.discount', { billId: b.id, discount: { mode: 'amount', fen: 2_000 } }));
    const refused = await cashier.invoke('bill.voidLine', { billId: b.id, lineNo: 2 });
    expect(code(refused)).toBe('discount-over-limit');
    expect(!refused.ok && refused.error.details).toMatchObject({ reason: 'bill-changed', maxPercentOff: 10 });
    expect(core.bills.get(b.id)).toMatchObject({ totalFen: 18_000 });
    expect(core.bills.get(b.id)?.lines[1]?.voided).toBe(false);
    // Adding goods only lowers the percent: allowed.
    expect(code(await cashier.invoke('bill.addFree', { billId: b.id, amountFen: 500 }))).toBe('ok');
    // Removed, the line can go.
    value(await cashier.invoke('bill.discount', { billId: b.id, discount: null }));
    expect(value(await cashier.invoke('bill.voidLine', { billId: b.id, lineNo: 2 })).totalFen).toBe(10_500);
    value(await cashier.invoke('bill.cancel', { billId: b.id, reason: 'test' }));
  });

  it('refuses a discount larger than the line, and any change on a bill being paid', async () => {
    const b = await newSale([500]);
    expect(
      code(await cashier.invoke('bill.discount', { billId: b.id, lineNo: 1, discount: { mode: 'amount', fen: 600 } })),
    ).toBe('amount-out-of-range');
    core.bills.lockForPayment(b.id);
    expect(
      code(await cashier.invoke('bill.discount', { billId: b.id, lineNo: 1, discount: { mode: 'amount', fen: 10 } })),
    ).toBe('bill-locked');
    expect(code(await cashier.invoke('bill.roundOff', { billId: b.id, on: true }))).toBe('bill-locked');
    core.bills.unlockAfterDecline(b.id);
    value(await cashier.invoke('bill.cancel', { billId: b.id, reason: 'test' }));
  });

  it('the limit and the 抹零 rule are a supervisor’s to change, audited', async () => {
    expect(
      code(await cashier.invoke('discounts.setSettings', { cashierLimit: { maxPercentOff: 100, maxFen: 999_999 } })),
    ).toBe('supervisor-required');
    const v = value(
      await cashier.invoke('discounts.setSettings', {
        cashierLimit: { maxPercentOff: 20, maxFen: 5_000 },
        roundOffRule: 'drop-fen',
        auth: SUP,
      }),
    );
    expect(v).toEqual({ cashierLimit: { maxPercentOff: 20, maxFen: 5_000 }, roundOffRule: 'drop-fen' });
    expect(value(await cashier.invoke('discounts.settings', {}))).toEqual(v);
    expect(listAudit(core.store, { subject: 'setting:discount.cashierLimit' })[0]?.operatorNo).toBe('9001');
  });
});
