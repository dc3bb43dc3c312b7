import type { CommandInput, CommandName, CommandOutput } from '../../app/contract/index.js';
import type { ScanOutcome } from '../../app/contract/core.js';
import type { BillView } from '../../app/contract/schemas.js';
import type { SessionView } from '../../app/contract/session.js';
import { parseYuan } from '../../app/money.js';
import type { AppErrorData, Result } from '../../app/result.js';
import { classifyScan } from '../../app/scan/classify.js';
import { installWedgeListener, type WedgeListenerHandle } from '../scan/wedge-listener.js';
import { connectApi, type Connection } from './api.js';
import { isScannerScreenOpen, startScannerFeed } from './screens/scanner/index.js';
import { useSup } from './screens/supervisor/index.js';
import { amountErrorText } from './i18n/index.js';
import { useLateOutcomes } from './store/late-outcomes.js';
import { selectPaymentLive } from './store/index.js';
import { selectPhase, selectScreen, selectTargetLine, useCounter, type Notice } from './store/index.js';
import { withoutRawCodes } from './i18n/raw-codes.js';

/**
 * Everything the screen does goes through here: it calls the core via `window.counterpay`
 * and puts the answers into the store. Components never call the API directly.
 */

let conn: Connection | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

function api(): Connection['api'] {
  if (!conn) conn = connectApi();
  return conn.api;
}

const st = () => useCounter.getState();
const note = (n: Notice | null) => st().setNotice(n);

/** Invoke a command. On failure: put its error on screen (unless quiet) and return null. */
export async function call<K extends CommandName>(
  command: K,
  input: CommandInput<K>,
  opts: { quiet?: boolean; onError?: (e: AppErrorData) => boolean | void } = {},
): Promise<CommandOutput<K> | null> {
  let r: Result<CommandOutput<K>>;
  try {
    r = await api().invoke(command, input);
  } catch {
    r = { ok: false, error: { code: 'core-unreachable' } };
  }
  if (r.ok) return r.value;
  const handled = opts.onError?.(r.error) === true;
  if (!handled && !opts.quiet) note({ tone: 'error', kind: 'error-code', code: r.error.code, ...(r.error.details ? { details: r.error.details } : {}) });
  if (r.error.code === 'core-unreachable') scheduleRefresh(500);
  if (r.error.code === 'not-signed-in') void refreshSessionQueued();
  return null;
}

/**
 * Actions run one after another, in the order the cashier pressed the keys: a quick key then
 * F3 parks the bill with the item on it, and a second Enter while a payment code is being sent
 * runs after it (and is refused then, because the payment is live) — nothing is dropped and
 * nothing runs twice at once. Each action reads the state when it runs, not when it was queued.
 */
let queue: Promise<unknown> = Promise.resolve();
let queued = 0;

/** Resolves when every action queued so far has finished. */
export function whenIdle(): Promise<void> {
  return queue.then(() => undefined);
}

/** Whether actions are queued or running. */
export function isBusy(): boolean {
  return queued > 0;
}

function serial<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args: A) => {
    queued++;
    st().setBusy(true);
    const run = queue.then(() => fn(...args));
    queue = run.catch(() => undefined);
    return run.finally(() => {
      queued--;
      if (queued === 0) st().setBusy(false);
    });
  };
}

// ---- session ------------------------------------------------------------------------------

const RESUME_KEY = 'counterpay.session';

function keepResumeToken(v: SessionView): void {
  try {
    if (v.resumeToken) sessionStorage.setItem(RESUME_KEY, v.resumeToken);
    else if (!v.operator) sessionStorage.removeItem(RESUME_KEY);
  } catch {
    // no storage: a reload signs out
  }
}

function applySession(v: SessionView): void {
  keepResumeToken(v);
  const before = st().session;
  st().setSession(v);
  if (v.operator && !v.locked && v.shift && (!before || !before.shift || before.operator?.operatorNo !== v.operator.operatorNo)) {
    void loadQuickKeys();
  }
  if (v.operator && !v.locked) void loadLateOutcomes();
  else if (!v.operator) useLateOutcomes.getState().clear();
}

// ---- late payment outcomes ---------------------------------------------------------------

/** The late outcomes not yet acknowledged (app/contract/late-outcome.ts). */
async function loadLateOutcomes(): Promise<void> {
  const r = await call('lateOutcome.list', {}, { quiet: true });
  if (r) useLateOutcomes.getState().setAll(r.notices);
}

/** 知道了: the signed-in operator acknowledges a late outcome; it leaves the counter. */
export async function acknowledgeLateOutcome(noticeId: number): Promise<boolean> {
  const late = useLateOutcomes.getState();
  if (late.pending.includes(noticeId)) return false;
  late.setPending(noticeId, true);
  let unknown = false;
  const r = await call('lateOutcome.acknowledge', { noticeId }, { onError: (e) => (unknown = e.code === 'payment-not-found') });
  late.setPending(noticeId, false);
  // Unknown to the core: nothing to keep on screen either.
  if (r || unknown) {
    useLateOutcomes.getState().remove(noticeId);
    return true;
  }
  return false;
}

async function refreshSessionNow(): Promise<void> {
  const v = await call('session.state', {}, { quiet: true });
  if (!v) return;
  if (!v.operator) {
    // A reload: take our session over to this connection with the token kept in this tab.
    let token: string | null = null;
    try {
      token = sessionStorage.getItem(RESUME_KEY);
    } catch {
      token = null;
    }
    if (token) {
      const resumed = await call('session.resume', { token }, { quiet: true });
      if (resumed) {
        applySession(resumed);
        return;
      }
      try {
        sessionStorage.removeItem(RESUME_KEY);
      } catch {
        // ignore
      }
    }
  }
  applySession(v);
}

async function signInNow(operatorNo: string, pin: string): Promise<boolean> {
  const v = await call('session.signIn', { operatorNo: operatorNo.trim(), pin });
  if (!v) return false;
  applySession(v);
  note(null);
  await refreshCounterNow();
  return true;
}

async function unlockNow(pin: string, operatorNo?: string): Promise<boolean> {
  const v = await call('session.unlock', operatorNo ? { pin, operatorNo } : { pin });
  if (!v) return false;
  applySession(v);
  note(null);
  await refreshCounterNow();
  return true;
}

async function lockScreenNow(): Promise<void> {
  const v = await call('session.lock', {});
  if (v) {
    st().openDialog(null);
    applySession(v);
    note(null);
  }
}

async function signOutNow(supervisor?: { operatorNo: string; pin: string }): Promise<boolean> {
  const v = await call('session.signOut', supervisor ? { supervisorNo: supervisor.operatorNo, pin: supervisor.pin } : {});
  if (!v) return false;
  st().openDialog(null);
  applySession(v);
  note({ tone: 'info', kind: 'key', key: 'session.signedOut' });
  return true;
}

async function openShiftNow(floatText: string): Promise<boolean> {
  const parsed = parseYuan(floatText === '' ? '0' : floatText, { allowZero: true });
  if (!parsed.ok) {
    note({ tone: 'error', kind: 'text', zh: amountErrorText('zh-CN', parsed.error), en: amountErrorText('en', parsed.error) });
    return false;
  }
  const v = await call('shift.open', { floatFen: parsed.fen });
  if (!v) return false;
  applySession(v);
  note({ tone: 'ok', kind: 'key', key: 'shift.opened' });
  return true;
}

async function setBusinessTypeNow(businessType: number): Promise<void> {
  const v = await call('terminal.setBusinessType', { businessType });
  if (v) {
    applySession(v);
    st().openDialog(null);
  }
}

// ---- counter state and events ---------------------------------------------------------------

/**
 * Re-read the truth from the core (after a reconnect, or an event the screen cannot place).
 * Queued with the actions: a reply that left the core before an action's reply can never be
 * applied after it (a stale "paid" bill coming back after 下一单, say).
 */
async function refreshCounterNow(): Promise<void> {
  const s = await call('counter.state', {}, { quiet: true });
  if (s) st().applyCounterState(s);
}

function scheduleRefresh(delayMs = 50): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshCounterQueued();
  }, delayMs);
}

async function loadSetupState(): Promise<void> {
  const r = await call('setup.state', {}, { quiet: true });
  if (r) st().setNeedsSetup(r.needsSetup);
}

/** First-run setup is finished: on to sign-in (the setup screen calls this). */
export function setupDone(): void {
  void loadSetupState();
  void loadAppInfo();
  void hydrateQueued();
}

async function loadAppInfo(): Promise<void> {
  const info = await call('app.info', {}, { quiet: true });
  if (info) st().setAppInfo(info);
}

export async function loadQuickKeys(): Promise<void> {
  const r = await call('catalog.quickKeys', {}, { quiet: true });
  if (r) st().setQuickKeys(r.items);
}

let started = false;

/** Connect, subscribe to events, and draw the screen from the core's state. */
export function start(): void {
  if (started) return;
  started = true;
  conn = connectApi();
  const a = conn.api;
  st().setConnection(conn.status());
  const hydrate = () => {
    void loadAppInfo();
    void loadSetupState();
    void hydrateQueued();
  };
  conn.onStatus((s) => {
    st().setConnection(s);
    if (s === 'open') hydrate();
  });
  a.on('payment.progress', (attempt) => {
    const { bill } = st();
    if (bill && attempt.billId !== bill.id) return;
    // "Scanned, collecting…" is old news once the payment moves on.
    if (st().notice?.tone === 'info') note(null);
    st().applyAttempt(attempt);
    if (!bill || ['paid', 'declined', 'unconfirmed', 'cancelled'].includes(attempt.state)) scheduleRefresh();
  });
  a.on('bill.changed', (b) => {
    const { bill, lastCompleted } = st();
    if ((bill && bill.id === b.id) || (lastCompleted && lastCompleted.id === b.id)) st().applyBillChanged(b);
    else if (!bill) scheduleRefresh();
  });
  a.on('connectivity.changed', (c) => st().setLinks(c));
  a.on('payment.lateOutcome', (n) => {
    useLateOutcomes.getState().add(n);
    // The bill it settles may be on screen (or be the last completed one): re-read it.
    scheduleRefresh();
  });
  a.on('scan.routed', (o) => {
    // Scans from HID scanners reach the screen only this way.
    st().setLastScan(o);
    note({ tone: o.action === 'reject' ? 'warn' : 'info', kind: 'text', zh: withoutRawCodes(o.zh, 'zh-CN'), en: withoutRawCodes(o.en, 'en') });
    scheduleRefresh();
    afterScanOutcome(o);
  });
  if (conn.status() === 'open') hydrate();
  // Keyboard-mode scanners in the page. In Electron the main process catches them
  // (before-input-event), so the page must not catch them a second time.
  // Scanner status (status bar), config (the page wedge's thresholds follow it), scan beeps.
  let pageWedge: WedgeListenerHandle | null = null;
  startScannerFeed(a, conn, () => [pageWedge]);
  if (a.shell !== 'electron') {
    // Off while the scanner settings screen is open: it runs its own listener (test mode).
    pageWedge = installWedgeListener(window, { enabled: () => selectScreen(st()) === 'counter' && !isScannerScreenOpen() && !useSup.getState().open }, (scan) => void wedgeScanQueued(scan.text));
    st().setWedgeActive(true);
  }
}

/** A scan caught in the page, wherever the focus was. */
async function onWedgeScan(text: string): Promise<void> {
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

/** Text in the entry that can only be an amount (digits, point, ¥, spaces). */
const AMOUNT_TEXT = /^[\d.,¥\s+-]+$/;

/**
 * An amount typed (Enter not pressed) and then a payment code scanned: the scan collects that
 * amount. The amount is checked exactly as Enter checks it, and an invalid one sends nothing.
 * The core puts the amount on the bill and starts the payment in one step (scan.submit with
 * amountFen), so nothing can come between the two. A finished sale on screen is set aside first.
 */
async function collectTypedAmountNow(typed: string, code: string): Promise<void> {
  const bad = amountNotice(typed);
  if (bad) {
    note(bad);
    return;
  }
  const fen = (parseYuan(typed) as { ok: true; fen: number }).fen;
  const phase = selectPhase(st());
  if (phase === 'paid' || phase === 'unconfirmed') {
    if (!(await clearCounterNow())) return;
  }
  const outcome = await call('scan.submit', { text: code.slice(0, 4096), source: 'keyboard-wedge', amountFen: fen });
  if (!outcome) {
    scheduleRefresh();
    return;
  }
  st().setLastScan(outcome);
  if (outcome.action === 'pay') st().setEntry('');
  note(scanNotice(outcome));
  scheduleRefresh();
}

// ---- building a bill --------------------------------------------------------------------------

function showBill(b: BillView): void {
  st().setBill(b);
}

/** The open bill on the counter, creating a sale bill when there is none. */
async function ensureBill(): Promise<BillView | null> {
  const { bill } = st();
  const phase = selectPhase(st());
  if (bill && bill.status === 'open') return bill;
  if (phase === 'paying') {
    note({ tone: 'warn', kind: 'error-code', code: 'payment-in-progress' });
    return null;
  }
  if (phase === 'paid' || phase === 'unconfirmed') {
    if (!(await clearCounterNow())) return null;
  }
  const created = await call('bill.new', { kind: 'sale' });
  if (created) {
    showBill(created);
    st().applyAttempt(null);
  }
  return created;
}

async function addItemNow(code: string, quantity = 1): Promise<boolean> {
  const bill = await ensureBill();
  if (!bill) return false;
  const b = await call('bill.addItem', { billId: bill.id, code, quantity });
  if (!b) return false;
  showBill(b);
  st().setCollecting(false);
  st().selectLine(null);
  note(null);
  return true;
}

async function addQuickKeyNow(key: number): Promise<void> {
  const item = st().quickKeys.find((i) => i.quickKey === key);
  if (!item) {
    note({ tone: 'warn', kind: 'key', key: 'quick.none', params: { n: key } });
    return;
  }
  await addItemNow(item.code);
}

/** Set the quantity of a line (the selected / last one by default). */
async function setQuantityNow(quantity: number, lineNo = selectTargetLine(st())): Promise<boolean> {
  const { bill } = st();
  if (!bill || lineNo === null) {
    note({ tone: 'warn', kind: 'key', key: 'bill.noLine' });
    return false;
  }
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 9999) {
    note({ tone: 'error', kind: 'key', key: 'qty.range' });
    return false;
  }
  const b = await call('bill.setQuantity', { billId: bill.id, lineNo, quantity });
  if (!b) return false;
  showBill(b);
  st().openDialog(null);
  note(null);
  return true;
}

async function voidLineNow(lineNo: number): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const b = await call('bill.voidLine', { billId: bill.id, lineNo });
  if (!b) return false;
  showBill(b);
  st().selectLine(null);
  st().openDialog(null);
  note({ tone: 'info', kind: 'key', key: 'bill.lineVoided', params: { n: lineNo } });
  return true;
}

async function cancelBillNow(): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const b = await call('bill.cancel', { billId: bill.id });
  if (!b) return false;
  st().openDialog(null);
  st().setBill(null);
  st().applyAttempt(null);
  note({ tone: 'info', kind: 'key', key: 'bill.cancelled', params: { billNo: b.billNo } });
  return true;
}

async function suspendBillNow(): Promise<boolean> {
  const { bill } = st();
  if (!bill || bill.status !== 'open') {
    note({ tone: 'warn', kind: 'key', key: selectPhase(st()) === 'paying' ? 'pay.liveNoPark' : 'bill.nothingToPark' });
    return false;
  }
  const b = await call('bill.suspend', { billId: bill.id });
  if (!b) return false;
  st().setBill(null);
  st().applyAttempt(null);
  note({ tone: 'ok', kind: 'key', key: 'bill.parked', params: { billNo: b.billNo } });
  return true;
}

export async function listSuspended(): Promise<BillView[]> {
  const r = await call('bill.suspended', {});
  return r?.bills ?? [];
}

async function resumeBillNow(billId: number): Promise<boolean> {
  const phase = selectPhase(st());
  if (phase === 'paid' || phase === 'unconfirmed') {
    if (!(await clearCounterNow())) return false;
  }
  const b = await call('bill.resume', { billId });
  if (!b) return false;
  st().openDialog(null);
  showBill(b);
  st().applyAttempt(null);
  note({ tone: 'ok', kind: 'key', key: 'bill.resumed', params: { billNo: b.billNo } });
  return true;
}

export async function searchCatalog(query: string): Promise<CommandOutput<'catalog.search'>['items']> {
  const q = query.trim();
  if (q === '') return [];
  const r = await call('catalog.search', { query: q.slice(0, 40), limit: 20 }, { quiet: true });
  return r?.items ?? [];
}

// ---- the main entry ---------------------------------------------------------------------------

function amountNotice(text: string): Notice | null {
  const parsed = parseYuan(text);
  if (parsed.ok) return null;
  return { tone: 'error', kind: 'text', zh: amountErrorText('zh-CN', parsed.error), en: amountErrorText('en', parsed.error) };
}

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
    if (late && (phase === 'idle' || phase === 'paid' || phase === 'unconfirmed')) return acknowledgeLateOutcome(late.id).then(() => false);
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
  if (!/^[\d.,¥\s+-]+$/.test(text) && /^[\x21-\x7e]{1,40}$/.test(text)) return addItemNow(text);
  const bad = amountNotice(text);
  if (bad) {
    note(bad);
    return false;
  }
  const fen = (parseYuan(text) as { ok: true; fen: number }).fen;
  if (phase === 'building') return addFreeAmount(fen);
  return quickSaleNow(fen);
}

async function addFreeAmount(fen: number): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const b = await call('bill.addFree', { billId: bill.id, amountFen: fen });
  if (!b) return false;
  showBill(b);
  note(null);
  return true;
}

/** The quick sale: one free-amount line, then straight to 请扫描付款码. */
async function quickSaleNow(fen: number): Promise<boolean> {
  const phase = selectPhase(st());
  if (phase === 'paid' || phase === 'unconfirmed') {
    if (!(await clearCounterNow())) return false;
  }
  const bill = await call('sale.quick', { amountFen: fen });
  if (!bill) return false;
  showBill(bill);
  st().applyAttempt(null);
  st().setCollecting(true);
  note(null);
  return true;
}

/** Backwards-compatible name used by the skeleton: an amount typed in yuan. */
async function submitAmountNow(text: string): Promise<boolean> {
  const bad = amountNotice(text);
  if (bad) {
    note(bad);
    return false;
  }
  return submitEntryNow(text);
}

export function startCollect(): boolean {
  const { bill } = st();
  if (!bill || bill.status !== 'open') return false;
  if (bill.dueFen <= 0) {
    note({ tone: 'warn', kind: 'error-code', code: 'bill-empty' });
    return false;
  }
  st().setCollecting(true);
  note(null);
  return true;
}

/** Finished bill aside, empty counter. */
async function clearCounterNow(): Promise<boolean> {
  const s = await call('counter.clear', {});
  if (!s) return false;
  st().applyCounterState(s);
  st().openDialog(null);
  note(null);
  return true;
}

export const MAX_BARCODE = 40;

/** Collect the bill on screen with a payment code typed or scanned into a field. */
async function submitPaymentCodeNow(raw: string): Promise<boolean> {
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

/** Submit a scan caught by the keyboard-wedge listener; the core routes it (pay, add product, card, …). */
async function submitScanNow(text: string): Promise<void> {
  const outcome = await call('scan.submit', { text: text.slice(0, 4096), source: 'keyboard-wedge' });
  if (!outcome) return;
  st().setLastScan(outcome);
  note({ tone: outcome.action === 'reject' ? 'warn' : 'info', kind: 'text', zh: withoutRawCodes(outcome.zh, 'zh-CN'), en: withoutRawCodes(outcome.en, 'en') });
  scheduleRefresh();
  afterScanOutcome(outcome, false);
  if (outcome.held) await claimHeldScanNow(outcome.held);
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
  if (claim && o.held) void claimHeldScanQueued(o.held);
}

function isAboutLivePayment(o: ScanOutcome): boolean {
  return o.action === 'reject' && (o.reason === 'payment-live' || o.reason === 'bill-locked' || o.reason === 'payment-in-progress');
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
  const bad = amountNotice(typed);
  if (bad) {
    note(bad);
    return;
  }
  const fen = (parseYuan(typed) as { ok: true; fen: number }).fen;
  if (phase === 'paid' || phase === 'unconfirmed') {
    if (!(await clearCounterNow())) return;
  }
  const outcome = await call('scan.collectHeld', { token, amountFen: fen });
  if (!outcome) {
    scheduleRefresh();
    return;
  }
  st().setLastScan(outcome);
  if (outcome.action === 'pay') st().setEntry('');
  note(scanNotice(outcome));
  scheduleRefresh();
}

/** What a routed scan says on screen (for the scans this file starts itself). */
function scanNotice(o: ScanOutcome): Notice | null {
  if (isAboutLivePayment(o) && !selectPaymentLive(st())) return st().notice;
  return {
    tone: o.action === 'reject' ? 'warn' : 'info',
    kind: 'text',
    zh: withoutRawCodes(o.zh, 'zh-CN'),
    en: withoutRawCodes(o.en, 'en'),
    ...(isAboutLivePayment(o) ? { untilPaymentEnds: true } : {}),
  };
}

/** The cashier stops waiting: the attempt becomes unconfirmed and keeps being reconciled. */
async function stopWaitingNow(): Promise<void> {
  const a = st().attempt;
  if (!a) return;
  const v = await call('payment.stopWaiting', { attemptId: a.id });
  if (v) st().applyAttempt(v);
  scheduleRefresh();
}

// ---- cash ------------------------------------------------------------------------------------

async function payCashNow(tenderedText: string): Promise<boolean> {
  const { bill } = st();
  if (!bill || bill.status !== 'open' || bill.dueFen <= 0) return false;
  let tenderedFen = bill.dueFen;
  if (tenderedText.trim() !== '') {
    const parsed = parseYuan(tenderedText);
    if (!parsed.ok) {
      note({ tone: 'error', kind: 'text', zh: amountErrorText('zh-CN', parsed.error), en: amountErrorText('en', parsed.error) });
      return false;
    }
    tenderedFen = parsed.fen;
  }
  if (tenderedFen < bill.dueFen) {
    note({ tone: 'error', kind: 'key', key: 'cash.short', params: { due: (bill.dueFen / 100).toFixed(2) } });
    return false;
  }
  const r = await call('payment.cash', { billId: bill.id, tenderedFen });
  if (!r) return false;
  st().openDialog(null);
  showBill(r.bill);
  note(null);
  return true;
}

// ---- stored-value recharge --------------------------------------------------------------------

async function startRechargeNow(): Promise<boolean> {
  const phase = selectPhase(st());
  if (phase === 'paid' || phase === 'unconfirmed') {
    if (!(await clearCounterNow())) return false;
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

async function setCardNow(raw: string): Promise<boolean> {
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

async function setRechargeAmountNow(text: string): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const bad = amountNotice(text);
  if (bad) {
    note(bad);
    return false;
  }
  const fen = (parseYuan(text) as { ok: true; fen: number }).fen;
  const b = await call('bill.addFree', { billId: bill.id, amountFen: fen, name: '储值卡充值' });
  if (!b) return false;
  showBill(b);
  st().setCollecting(true);
  note(null);
  return true;
}

export function toggleLocale(): void {
  st().setLocale(st().locale === 'zh-CN' ? 'en' : 'zh-CN');
}

// ---- the actions, serialized -----------------------------------------------------------------

export const signIn = serial(signInNow);
export const unlock = serial(unlockNow);
export const lockScreen = serial(lockScreenNow);
export const signOut = serial(signOutNow);
export const openShift = serial(openShiftNow);
export const setBusinessType = serial(setBusinessTypeNow);
export const addItem = serial(addItemNow);
export const addQuickKey = serial(addQuickKeyNow);
export const setQuantity = serial(setQuantityNow);
export const voidLine = serial(voidLineNow);
export const cancelBill = serial(cancelBillNow);
export const suspendBill = serial(suspendBillNow);
export const resumeBill = serial(resumeBillNow);
export const submitEntry = serial(submitEntryNow);
export const quickSale = serial(quickSaleNow);
export const submitAmount = serial(submitAmountNow);
export const clearCounter = serial(clearCounterNow);
export const submitPaymentCode = serial(submitPaymentCodeNow);
export const submitScan = serial(submitScanNow);
export const stopWaiting = serial(stopWaitingNow);
export const payCash = serial(payCashNow);
export const startRecharge = serial(startRechargeNow);
export const setCard = serial(setCardNow);
export const setRechargeAmount = serial(setRechargeAmountNow);
export const nextSale = clearCounter;
const wedgeScanQueued = serial(onWedgeScan);
const claimHeldScanQueued = serial(claimHeldScanNow);
const refreshCounterQueued = serial(refreshCounterNow);
const refreshSessionQueued = serial(refreshSessionNow);
const hydrateQueued = serial(async () => {
  await refreshSessionNow();
  await refreshCounterNow();
});
export const refreshCounter = refreshCounterQueued;
export const refreshSession = refreshSessionQueued;
