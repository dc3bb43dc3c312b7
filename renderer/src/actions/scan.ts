import type { ScanOutcome } from '../../../app/contract/core.js';
import { classifyScan } from '../../../app/scan/classify.js';
import { withoutRawCodes } from '../i18n/raw-codes.js';
import { selectPaymentLive, selectPhase, type Notice } from '../store/index.js';
import { AMOUNT_TEXT, parseAmount } from './amount.js';
import { clearFinishedSale } from './bill.js';
import { call, note, serial, st } from './connection.js';
import { setCardNow } from './recharge.js';
import { scheduleRefresh } from './sync.js';
import { openBillFromScan } from '../screens/history/nav.js';
import { useXiaobaoScan } from '../screens/xiaobao/scan-handoff.js';

/**
 * Scans: the page's keyboard wedge sends each scan to the core (scan.submit), which routes it
 * (pay, add product, card, …); scans from HID scanners arrive as `scan.routed` events. The
 * screen shows the outcome, and collects a payment code the core holds for a typed amount.
 */

/** What a routed scan says on screen, as the core put it (raw codes taken out). */
function outcomeText(o: ScanOutcome): Notice {
  return {
    tone: o.action === 'reject' ? 'warn' : 'info',
    kind: 'text',
    zh: withoutRawCodes(o.zh, 'zh-CN'),
    en: withoutRawCodes(o.en, 'en'),
  };
}

function isAboutLivePayment(o: ScanOutcome): boolean {
  return (
    o.action === 'reject' &&
    (o.reason === 'payment-live' || o.reason === 'bill-locked' || o.reason === 'payment-in-progress')
  );
}

/** What a routed scan says on screen (for the scans this screen starts with an amount). */
function scanNotice(o: ScanOutcome): Notice | null {
  if (isAboutLivePayment(o) && !selectPaymentLive(st())) return st().notice;
  return { ...outcomeText(o), ...(isAboutLivePayment(o) ? { untilPaymentEnds: true } : {}) };
}

/**
 * After a scan's outcome is on screen: a refusal because a payment is live says so only while it
 * is (21); a payment code held by the core for a typed amount is collected (16).
 */
function afterScanOutcome(o: ScanOutcome, claim = true): void {
  if (isAboutLivePayment(o)) {
    const shown = st().notice;
    // The payment may already have ended by the time the answer arrives: nothing to warn about.
    if (!selectPaymentLive(st())) note(null);
    else if (shown) note({ ...shown, untilPaymentEnds: true });
  }
  if (claim && o.held) void claimHeldScan(o.held);
}

/** `scan.routed`: scans from HID scanners reach the screen only this way. */
export function onScanRouted(o: ScanOutcome): void {
  if (o.action === 'open-bill' && o.billNo) openBillFromScan(o.billNo);
  st().setLastScan(o);
  note(outcomeText(o));
  scheduleRefresh();
  afterScanOutcome(o);
}

/** An outcome of a scan sent with a typed amount (scan.submit { amountFen }, scan.collectHeld). */
function showAmountScanOutcome(outcome: ScanOutcome | null): void {
  if (!outcome) {
    scheduleRefresh();
    return;
  }
  st().setLastScan(outcome);
  if (outcome.action === 'pay') st().setEntry('');
  note(scanNotice(outcome));
  scheduleRefresh();
}

/** A scan caught in the page, wherever the focus was. */
async function onWedgeScanNow(text: string): Promise<void> {
  // 校宝学员 is open: a scanned code is a student id for its finder.
  if (st().dialog?.kind === 'xiaobao') {
    useXiaobaoScan.getState().put(text);
    return;
  }
  const phase = selectPhase(st());
  // The card step asks for exactly one thing: whatever is scanned there is the card number.
  if (phase === 'recharge-card') {
    await setCardNow(text);
    return;
  }
  // The entry field is on screen (and holds what the cashier sees) only in these phases.
  const typed = ['idle', 'building', 'paid', 'unconfirmed'].includes(phase) ? st().entry.trim() : '';
  if (typed !== '' && AMOUNT_TEXT.test(typed) && classifyScan(text).category === 'payment-code') {
    await collectTypedAmountNow(typed, text);
    return;
  }
  await submitScanNow(text);
}

/**
 * An amount typed (Enter not pressed) and then a payment code scanned: the scan collects that
 * amount. The amount is checked exactly as Enter checks it, and an invalid one sends nothing.
 * The core puts the amount on the bill and starts the payment in one step (scan.submit with
 * amountFen), so nothing can come between the two. A finished sale on screen is set aside first.
 */
async function collectTypedAmountNow(typed: string, code: string): Promise<void> {
  const amount = parseAmount(typed);
  if ('notice' in amount) {
    note(amount.notice);
    return;
  }
  if (!(await clearFinishedSale())) return;
  showAmountScanOutcome(
    await call('scan.submit', { text: code.slice(0, 4096), source: 'keyboard-wedge', amountFen: amount.fen }),
  );
}

/** Submit a scan caught by the keyboard-wedge listener; the core routes it (pay, add product, card, …). */
async function submitScanNow(text: string): Promise<void> {
  const outcome = await call('scan.submit', { text: text.slice(0, 4096), source: 'keyboard-wedge' });
  if (!outcome) return;
  if (outcome.action === 'open-bill' && outcome.billNo) openBillFromScan(outcome.billNo);
  st().setLastScan(outcome);
  note(outcomeText(outcome));
  scheduleRefresh();
  afterScanOutcome(outcome, false);
  if (outcome.held) await claimHeldScanNow(outcome.held);
}

/** Held payment codes this screen has already answered (the reply and the event both carry the token). */
const claimedTokens = new Set<string>();

/**
 * A payment code scanned at an empty counter by any scanner (HID, the Electron wedge) is held by
 * the core for a few seconds (ScanOutcome.held). If an amount is typed in the entry field, it is
 * checked as Enter checks it and collected with that code (scan.collectHeld); otherwise nothing.
 */
async function claimHeldScanNow(token: string): Promise<void> {
  if (claimedTokens.has(token)) return;
  claimedTokens.add(token);
  if (claimedTokens.size > 16) claimedTokens.delete(claimedTokens.values().next().value!);
  const phase = selectPhase(st());
  if (phase !== 'idle' && phase !== 'paid' && phase !== 'unconfirmed') return;
  const typed = st().entry.trim();
  if (typed === '' || !AMOUNT_TEXT.test(typed)) return;
  const amount = parseAmount(typed);
  if ('notice' in amount) {
    note(amount.notice);
    return;
  }
  if (!(await clearFinishedSale())) return;
  showAmountScanOutcome(await call('scan.collectHeld', { token, amountFen: amount.fen }));
}

export const submitScan = serial(submitScanNow);
export const onWedgeScan = serial(onWedgeScanNow);
const claimHeldScan = serial(claimHeldScanNow);
