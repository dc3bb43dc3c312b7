import { isTypedAmount } from '../../../app/scan/route-typed.js';
import { selectPhase } from '../store/index.js';
import { useLateOutcomes } from '../store/late-outcomes.js';
import { parseAmount } from './amount.js';
import { addFreeAmountNow, clearCounterNow, quickSaleNow, startCollect } from './bill.js';
import { note, serial, st } from './connection.js';
import { acknowledgeLateOutcome } from './late-outcomes.js';
import { setCardNow, setRechargeAmountNow } from './recharge.js';
import { submitTypedCodeNow } from './typed-code.js';

/**
 * The one entry field of the counter. What Enter does with its text:
 *  - a code → the core routes it as it routes a scan (`scan.submit` source 'typed', see
 *    ./typed-code.ts and app/scan/route-typed.ts): a payment code collects the bill, a product
 *    code or an item code with letters adds the item; while 请扫描付款码 only a payment code;
 *  - an amount in yuan (isTypedAmount) → idle: a quick sale (请扫描付款码); building: a
 *    free-amount line; after a finished sale: the next sale;
 *  - nothing → building: collect (请扫描付款码); after a finished sale: the next sale.
 * Returns true when the field should be cleared.
 */
async function submitEntryNow(raw: string): Promise<boolean> {
  const text = raw.trim();
  // An Enter typed ahead while a dialog was opening belongs to the dialog, not to the counter.
  if (st().dialog) return false;
  const phase = selectPhase(st());
  if (phase === 'paying') {
    note({ tone: 'warn', kind: 'error-code', code: 'payment-in-progress' });
    return false;
  }
  if (phase === 'recharge-card') return setCardNow(text);
  if (phase === 'recharge-amount') return setRechargeAmountNow(text);
  if (text === '') {
    // Nothing typed, nothing being collected, and a late payment result is shown: Enter is 知道了
    // (the next Enter goes on as usual).
    const late = useLateOutcomes.getState().notices[0];
    if (late && (phase === 'idle' || phase === 'paid' || phase === 'unconfirmed'))
      return acknowledgeLateOutcome(late.id).then(() => false);
    if (phase === 'paid' || phase === 'unconfirmed') return clearCounterNow();
    if (phase === 'building') return startCollect();
    if (phase === 'collect' || phase === 'declined') {
      note({ tone: 'warn', kind: 'key', key: 'pay.codeEmpty' });
      return false;
    }
    note({ tone: 'info', kind: 'key', key: 'amount.empty' });
    return false;
  }
  const collecting = phase === 'collect' || phase === 'declined';
  if (collecting || !isTypedAmount(text)) {
    // A code: the core decides what it does. Null: no code after all, the entry reads an amount.
    const done = await submitTypedCodeNow(text, collecting);
    if (done !== null) return done;
  }
  const amount = parseAmount(text);
  if ('notice' in amount) {
    note(amount.notice);
    return false;
  }
  if (phase === 'building') return addFreeAmountNow(amount.fen);
  return quickSaleNow(amount.fen);
}

/** Backwards-compatible name used by the skeleton: an amount typed in yuan. */
async function submitAmountNow(text: string): Promise<boolean> {
  const amount = parseAmount(text);
  if ('notice' in amount) {
    note(amount.notice);
    return false;
  }
  return submitEntryNow(text);
}

export const submitEntry = serial(submitEntryNow);
export const submitAmount = serial(submitAmountNow);
