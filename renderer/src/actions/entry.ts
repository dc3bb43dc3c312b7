import { classifyScan } from '../../../app/scan/classify.js';
import { selectPhase } from '../store/index.js';
import { useLateOutcomes } from '../store/late-outcomes.js';
import { AMOUNT_TEXT, parseAmount } from './amount.js';
import { addFreeAmountNow, addItemNow, clearCounterNow, quickSaleNow, startCollect } from './bill.js';
import { note, serial, st } from './connection.js';
import { acknowledgeLateOutcome } from './late-outcomes.js';
import { submitPaymentCodeNow } from './pay.js';
import { setCardNow, setRechargeAmountNow } from './recharge.js';

/**
 * The one entry field of the counter. What Enter does with its text:
 *  - a payment code (WeChat / Alipay / UnionPay) → collect the bill;
 *  - a product code (EAN/UPC with a valid check digit) → add the item;
 *  - an amount in yuan → idle: a quick sale (请扫描付款码); building: a free-amount line;
 *    after a finished sale: the next sale;
 *  - other text with letters → look the item up by code (numeric in-house codes: scan or F5);
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
  const c = classifyScan(text);
  if (c.category === 'payment-code') return submitPaymentCodeNow(c.text);
  if (phase === 'collect' || phase === 'declined') {
    // Waiting for a payment code: anything else is not one.
    if (c.text.length > 40) return submitPaymentCodeNow(c.text);
    note({ tone: 'warn', kind: 'key', key: c.category === 'product' ? 'pay.productWhileCollecting' : 'pay.notACode' });
    return false;
  }
  if (c.category === 'product') return addItemNow(c.text);
  // Text with letters is an item code typed by hand (numeric codes come by scan or search).
  if (!AMOUNT_TEXT.test(text) && /^[\x21-\x7e]{1,40}$/.test(text)) return addItemNow(text);
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
