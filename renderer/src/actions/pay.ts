import type { QrSettings } from '../../../app/contract/qr-pay.js';
import type { QrPayType } from '../../../app/payment/scan-code.js';
import { BAR_CODE_MAX } from '../../../app/limits.js';
import { formatYuan } from '../../../app/money.js';
import { splitNotice } from '../split/texts.js';
import { selectPhase } from '../store/index.js';
import { parseAmount } from './amount.js';
import { showBill } from './bill.js';
import { call, note, serial, st } from './connection.js';
import { scheduleRefresh } from './sync.js';

/** Collecting the bill on screen: a payment code typed into a field, 停止等待, cash. */

/** The payment code's limit (app/limits.ts). */
export const MAX_BARCODE = BAR_CODE_MAX;

/** Collect the bill on screen with a payment code typed or scanned into a field. */
export async function submitPaymentCodeNow(raw: string): Promise<boolean> {
  const code = raw.trim();
  if (code === '') {
    note({ tone: 'warn', kind: 'key', key: 'pay.codeEmpty' });
    return false;
  }
  if (code.length > MAX_BARCODE) {
    note({ tone: 'error', kind: 'key', key: 'pay.codeTooLong', params: { n: code.length } });
    return false;
  }
  const { bill } = st();
  const phase = selectPhase(st());
  if (!bill || !['collect', 'declined', 'building'].includes(phase)) {
    note({ tone: 'warn', kind: 'key', key: phase === 'paying' ? 'pay.liveNoScan' : 'pay.noBill' });
    return false;
  }
  if (bill.dueFen <= 0) {
    note({ tone: 'warn', kind: 'error-code', code: 'bill-empty' });
    return false;
  }
  const attempt = await call('payment.collect', { billId: bill.id, barCode: code });
  if (!attempt) {
    // The core may have acted before the connection dropped: re-read the truth.
    scheduleRefresh();
    return false;
  }
  st().applyAttempt(attempt);
  note(null);
  return true;
}

/** The cashier stops waiting: the attempt becomes unconfirmed and keeps being reconciled. */
async function stopWaitingNow(): Promise<void> {
  const a = st().attempt;
  if (!a) return;
  const v = await call('payment.stopWaiting', { attemptId: a.id });
  if (v) st().applyAttempt(v);
  scheduleRefresh();
}

async function payCashNow(tenderedText: string): Promise<boolean> {
  const { bill } = st();
  if (!bill || bill.status !== 'open' || bill.dueFen <= 0) return false;
  let tenderedFen = bill.dueFen;
  if (tenderedText.trim() !== '') {
    const parsed = parseAmount(tenderedText);
    if ('notice' in parsed) {
      note(parsed.notice);
      return false;
    }
    tenderedFen = parsed.fen;
  }
  // Less than due is a cash part (split payment): the bill stays on the counter for the rest.
  const r = await call('payment.cash', { billId: bill.id, tenderedFen });
  if (!r) return false;
  st().openDialog(null);
  showBill(r.bill);
  if (r.bill.status === 'open' && r.bill.dueFen > 0) {
    st().setCollecting(true);
    note(splitNotice('ok', 'cash.partDone', { tendered: formatYuan(tenderedFen), rest: formatYuan(r.bill.dueFen) }));
  } else note(null);
  return true;
}

/** The QR pay type the cashier picked in the chooser; null = the configured default (main decides). */
let chosenQrPayType: QrPayType | null = null;

export function chooseQrPayType(payTypeCode: QrPayType | null): void {
  chosenQrPayType = payTypeCode;
}

/** The chooser's settings (the configured default and the list); null when the core cannot say. */
export async function loadQrSettings(): Promise<QrSettings | null> {
  return call('payment.qrSettings', {}, { quiet: true });
}

/**
 * Show a QR the payer scans (KouDaiLQ ScanCode) instead of scanning the payer's code. The bill is
 * locked to this attempt as to a scanned one: a code scanned meanwhile is refused by the core.
 */
async function startQrPayNow(payTypeCode?: QrPayType): Promise<boolean> {
  const { bill } = st();
  const phase = selectPhase(st());
  if (!bill || !['collect', 'declined', 'building'].includes(phase)) {
    note({ tone: 'warn', kind: 'key', key: phase === 'paying' ? 'pay.liveNoScan' : 'pay.noBill' });
    return false;
  }
  if (bill.dueFen <= 0) {
    note({ tone: 'warn', kind: 'error-code', code: 'bill-empty' });
    return false;
  }
  const type = payTypeCode ?? chosenQrPayType;
  const attempt = await call('payment.collectQr', type ? { billId: bill.id, payTypeCode: type } : { billId: bill.id });
  if (!attempt) {
    scheduleRefresh();
    return false;
  }
  st().applyAttempt(attempt);
  note(null);
  return true;
}

export const startQrPay = serial(startQrPayNow);
export const submitPaymentCode = serial(submitPaymentCodeNow);
export const stopWaiting = serial(stopWaitingNow);
export const payCash = serial(payCashNow);
