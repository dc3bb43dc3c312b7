import { selectPhase } from '../store/index.js';
import { parseAmount } from './amount.js';
import { clearFinishedSale, showBill } from './bill.js';
import { call, note, serial, st } from './connection.js';

/** Stored-value recharge: a recharge bill, its card number, then the amount (then collect). */

async function startRechargeNow(): Promise<boolean> {
  const phase = selectPhase(st());
  if (phase === 'paid' || phase === 'unconfirmed') {
    if (!(await clearFinishedSale())) return false;
  } else if (phase !== 'idle') {
    note({ tone: 'warn', kind: 'key', key: 'recharge.finishFirst' });
    return false;
  }
  const b = await call('bill.new', { kind: 'recharge' });
  if (!b) return false;
  showBill(b);
  st().applyAttempt(null);
  note(null);
  return true;
}

/** The card step asks for exactly one thing: whatever is typed or scanned there is the card number. */
export async function setCardNow(raw: string): Promise<boolean> {
  const text = raw.trim();
  const { bill } = st();
  if (!bill) return false;
  if (text === '') {
    note({ tone: 'warn', kind: 'key', key: 'recharge.cardEmpty' });
    return false;
  }
  if (text.length > 20 || !/^[\x21-\x7e]+$/.test(text)) {
    note({ tone: 'error', kind: 'key', key: 'recharge.cardInvalid', params: { n: text.length } });
    return false;
  }
  const b = await call('bill.setCard', { billId: bill.id, cardNo: text });
  if (!b) return false;
  showBill(b);
  note(null);
  return true;
}

export async function setRechargeAmountNow(text: string): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const parsed = parseAmount(text);
  if ('notice' in parsed) {
    note(parsed.notice);
    return false;
  }
  const b = await call('bill.addFree', { billId: bill.id, amountFen: parsed.fen, name: '储值卡充值' });
  if (!b) return false;
  showBill(b);
  st().setCollecting(true);
  note(null);
  return true;
}

export const startRecharge = serial(startRechargeNow);
export const setCard = serial(setCardNow);
export const setRechargeAmount = serial(setRechargeAmountNow);
