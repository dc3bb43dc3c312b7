import type { CommandInput, CommandName, CommandOutput } from '../../app/contract/index.js';
import type { BillView } from '../../app/contract/schemas.js';
import type { SessionView } from '../../app/contract/session.js';
import { parseYuan } from '../../app/money.js';
import type { AppErrorData, Result } from '../../app/result.js';
import { classifyScan } from '../../app/scan/classify.js';
import { installWedgeListener, type WedgeListenerHandle } from '../scan/wedge-listener.js';
import { connectApi, type Connection } from './api.js';
import { isScannerScreenOpen, startScannerFeed } from './screens/scanner/index.js';
import { amountErrorText } from './i18n/index.js';
import { selectPhase, selectScreen, selectTargetLine, useCounter, type Notice } from './store/index.js';

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
  if (r.error.code === 'not-signed-in') void refreshSession();
  return null;
}

/** Run an action once at a time: a second Enter while the first is in flight is ignored. */
async function once<T>(fn: () => Promise<T>): Promise<T | null> {
  if (st().busy) return null;
  st().setBusy(true);
  try {
    return await fn();
  } finally {
    st().setBusy(false);
  }
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
}

export async function refreshSession(): Promise<void> {
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

export async function signIn(operatorNo: string, pin: string): Promise<boolean> {
  const v = await once(() => call('session.signIn', { operatorNo: operatorNo.trim(), pin }));
  if (!v) return false;
  applySession(v);
  note(null);
  await refreshCounter();
  return true;
}

export async function unlock(pin: string, operatorNo?: string): Promise<boolean> {
  const v = await once(() => call('session.unlock', operatorNo ? { pin, operatorNo } : { pin }));
  if (!v) return false;
  applySession(v);
  note(null);
  await refreshCounter();
  return true;
}

export async function lockScreen(): Promise<void> {
  const v = await call('session.lock', {});
  if (v) {
    st().openDialog(null);
    applySession(v);
    note(null);
  }
}

export async function signOut(supervisor?: { operatorNo: string; pin: string }): Promise<boolean> {
  const v = await once(() => call('session.signOut', supervisor ? { supervisorNo: supervisor.operatorNo, pin: supervisor.pin } : {}));
  if (!v) return false;
  st().openDialog(null);
  applySession(v);
  note({ tone: 'info', kind: 'key', key: 'session.signedOut' });
  return true;
}

export async function openShift(floatText: string): Promise<boolean> {
  const parsed = parseYuan(floatText === '' ? '0' : floatText, { allowZero: true });
  if (!parsed.ok) {
    note({ tone: 'error', kind: 'text', zh: amountErrorText('zh-CN', parsed.error), en: amountErrorText('en', parsed.error) });
    return false;
  }
  const v = await once(() => call('shift.open', { floatFen: parsed.fen }));
  if (!v) return false;
  applySession(v);
  note({ tone: 'ok', kind: 'key', key: 'shift.opened' });
  return true;
}

export async function setBusinessType(businessType: number): Promise<void> {
  const v = await call('terminal.setBusinessType', { businessType });
  if (v) {
    applySession(v);
    st().openDialog(null);
  }
}

// ---- counter state and events ---------------------------------------------------------------

/** Re-read the truth from the core (after a reconnect, or an event the screen cannot place). */
export async function refreshCounter(): Promise<void> {
  const s = await call('counter.state', {}, { quiet: true });
  if (s) st().applyCounterState(s);
}

function scheduleRefresh(delayMs = 50): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshCounter();
  }, delayMs);
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
    void refreshSession().then(() => refreshCounter());
  };
  conn.onStatus((s) => {
    st().setConnection(s);
    if (s === 'open') hydrate();
  });
  a.on('payment.progress', (attempt) => {
    const { bill } = st();
    if (bill && attempt.billId !== bill.id) return;
    st().applyAttempt(attempt);
    if (!bill || ['paid', 'declined', 'unconfirmed', 'cancelled'].includes(attempt.state)) scheduleRefresh();
  });
  a.on('bill.changed', (b) => {
    const { bill, lastCompleted } = st();
    if ((bill && bill.id === b.id) || (lastCompleted && lastCompleted.id === b.id)) st().applyBillChanged(b);
    else if (!bill) scheduleRefresh();
  });
  a.on('connectivity.changed', (c) => st().setLinks(c));
  a.on('scan.routed', (o) => {
    // Scans from HID scanners reach the screen only this way.
    st().setLastScan(o);
    note({ tone: o.action === 'reject' ? 'warn' : 'info', kind: 'text', zh: o.zh, en: o.en });
    scheduleRefresh();
  });
  if (conn.status() === 'open') hydrate();
  // Keyboard-mode scanners in the page. In Electron the main process catches them
  // (before-input-event), so the page must not catch them a second time.
  // Scanner status (status bar), config (the page wedge's thresholds follow it), scan beeps.
  let pageWedge: WedgeListenerHandle | null = null;
  startScannerFeed(a, conn, () => [pageWedge]);
  if (a.shell !== 'electron') {
    // Off while the scanner settings screen is open: it runs its own listener (test mode).
    pageWedge = installWedgeListener(window, { enabled: () => selectScreen(st()) === 'counter' && !isScannerScreenOpen() }, (scan) => void onWedgeScan(scan.text));
    st().setWedgeActive(true);
  }
}

/** A scan caught in the page, wherever the focus was. */
async function onWedgeScan(text: string): Promise<void> {
  const phase = selectPhase(st());
  // The card step asks for exactly one thing: whatever is scanned there is the card number.
  if (phase === 'recharge-card') {
    await setCard(text);
    return;
  }
  await submitScan(text);
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
    if (!(await clearCounter())) return null;
  }
  const created = await call('bill.new', { kind: 'sale' });
  if (created) {
    showBill(created);
    st().applyAttempt(null);
  }
  return created;
}

export async function addItem(code: string, quantity = 1): Promise<boolean> {
  return (
    (await once(async () => {
      const bill = await ensureBill();
      if (!bill) return false;
      const b = await call('bill.addItem', { billId: bill.id, code, quantity });
      if (!b) return false;
      showBill(b);
      st().setCollecting(false);
      st().selectLine(null);
      note(null);
      return true;
    })) === true
  );
}

export async function addQuickKey(key: number): Promise<void> {
  const item = st().quickKeys.find((i) => i.quickKey === key);
  if (!item) {
    note({ tone: 'warn', kind: 'key', key: 'quick.none', params: { n: key } });
    return;
  }
  await addItem(item.code);
}

/** Set the quantity of a line (the selected / last one by default). */
export async function setQuantity(quantity: number, lineNo = selectTargetLine(st())): Promise<boolean> {
  const { bill } = st();
  if (!bill || lineNo === null) {
    note({ tone: 'warn', kind: 'key', key: 'bill.noLine' });
    return false;
  }
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 9999) {
    note({ tone: 'error', kind: 'key', key: 'qty.range' });
    return false;
  }
  const b = await once(() => call('bill.setQuantity', { billId: bill.id, lineNo, quantity }));
  if (!b) return false;
  showBill(b);
  st().openDialog(null);
  note(null);
  return true;
}

export async function voidLine(lineNo: number): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const b = await once(() => call('bill.voidLine', { billId: bill.id, lineNo }));
  if (!b) return false;
  showBill(b);
  st().selectLine(null);
  st().openDialog(null);
  note({ tone: 'info', kind: 'key', key: 'bill.lineVoided', params: { n: lineNo } });
  return true;
}

export async function cancelBill(): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const b = await once(() => call('bill.cancel', { billId: bill.id }));
  if (!b) return false;
  st().openDialog(null);
  st().setBill(null);
  st().applyAttempt(null);
  note({ tone: 'info', kind: 'key', key: 'bill.cancelled', params: { billNo: b.billNo } });
  return true;
}

export async function suspendBill(): Promise<boolean> {
  const { bill } = st();
  if (!bill || bill.status !== 'open') {
    note({ tone: 'warn', kind: 'key', key: selectPhase(st()) === 'paying' ? 'pay.liveNoPark' : 'bill.nothingToPark' });
    return false;
  }
  const b = await once(() => call('bill.suspend', { billId: bill.id }));
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

export async function resumeBill(billId: number): Promise<boolean> {
  const phase = selectPhase(st());
  if (phase === 'paid' || phase === 'unconfirmed') {
    if (!(await clearCounter())) return false;
  }
  const b = await once(() => call('bill.resume', { billId }));
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
export async function submitEntry(raw: string): Promise<boolean> {
  const text = raw.trim();
  const phase = selectPhase(st());
  if (phase === 'paying') {
    note({ tone: 'warn', kind: 'error-code', code: 'payment-in-progress' });
    return false;
  }
  if (phase === 'recharge-card') return setCard(text);
  if (phase === 'recharge-amount') return setRechargeAmount(text);
  if (text === '') {
    if (phase === 'paid' || phase === 'unconfirmed') return clearCounter();
    if (phase === 'building') return startCollect();
    if (phase === 'collect' || phase === 'declined') {
      note({ tone: 'warn', kind: 'key', key: 'pay.codeEmpty' });
      return false;
    }
    note({ tone: 'info', kind: 'key', key: 'amount.empty' });
    return false;
  }
  const c = classifyScan(text);
  if (c.category === 'payment-code') return submitPaymentCode(c.text);
  if (phase === 'collect' || phase === 'declined') {
    // Waiting for a payment code: anything else is not one.
    if (c.text.length > 40) return submitPaymentCode(c.text);
    note({ tone: 'warn', kind: 'key', key: c.category === 'product' ? 'pay.productWhileCollecting' : 'pay.notACode' });
    return false;
  }
  if (c.category === 'product') return addItem(c.text);
  // Text with letters is an item code typed by hand (numeric codes come by scan or search).
  if (!/^[\d.,¥\s+-]+$/.test(text) && /^[\x21-\x7e]{1,40}$/.test(text)) return addItem(text);
  const bad = amountNotice(text);
  if (bad) {
    note(bad);
    return false;
  }
  const fen = (parseYuan(text) as { ok: true; fen: number }).fen;
  if (phase === 'building') return addFreeAmount(fen);
  return quickSale(fen);
}

async function addFreeAmount(fen: number): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const b = await once(() => call('bill.addFree', { billId: bill.id, amountFen: fen }));
  if (!b) return false;
  showBill(b);
  note(null);
  return true;
}

/** The quick sale: one free-amount line, then straight to 请扫描付款码. */
export async function quickSale(fen: number): Promise<boolean> {
  return (
    (await once(async () => {
      const phase = selectPhase(st());
      if (phase === 'paid' || phase === 'unconfirmed') {
        if (!(await clearCounter())) return false;
      }
      const bill = await call('sale.quick', { amountFen: fen });
      if (!bill) return false;
      showBill(bill);
      st().applyAttempt(null);
      st().setCollecting(true);
      note(null);
      return true;
    })) === true
  );
}

/** Backwards-compatible name used by the skeleton: an amount typed in yuan. */
export async function submitAmount(text: string): Promise<boolean> {
  const bad = amountNotice(text);
  if (bad) {
    note(bad);
    return false;
  }
  return submitEntry(text);
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
export async function clearCounter(): Promise<boolean> {
  const s = await call('counter.clear', {});
  if (!s) return false;
  st().applyCounterState(s);
  st().openDialog(null);
  note(null);
  return true;
}
export const nextSale = clearCounter;

export const MAX_BARCODE = 40;

/** Collect the bill on screen with a payment code typed or scanned into a field. */
export async function submitPaymentCode(raw: string): Promise<boolean> {
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
  const attempt = await once(() => call('payment.collect', { billId: bill.id, barCode: code }));
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
export async function submitScan(text: string): Promise<void> {
  const outcome = await call('scan.submit', { text: text.slice(0, 4096), source: 'keyboard-wedge' });
  if (!outcome) return;
  st().setLastScan(outcome);
  note({ tone: outcome.action === 'reject' ? 'warn' : 'info', kind: 'text', zh: outcome.zh, en: outcome.en });
  scheduleRefresh();
}

/** The cashier stops waiting: the attempt becomes unconfirmed and keeps being reconciled. */
export async function stopWaiting(): Promise<void> {
  const a = st().attempt;
  if (!a) return;
  const v = await call('payment.stopWaiting', { attemptId: a.id });
  if (v) st().applyAttempt(v);
  scheduleRefresh();
}

// ---- cash ------------------------------------------------------------------------------------

export async function payCash(tenderedText: string): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
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
  const r = await once(() => call('payment.cash', { billId: bill.id, tenderedFen }));
  if (!r) return false;
  st().openDialog(null);
  showBill(r.bill);
  note(null);
  return true;
}

// ---- stored-value recharge --------------------------------------------------------------------

export async function startRecharge(): Promise<boolean> {
  const phase = selectPhase(st());
  if (phase === 'paid' || phase === 'unconfirmed') {
    if (!(await clearCounter())) return false;
  } else if (phase !== 'idle') {
    note({ tone: 'warn', kind: 'key', key: 'recharge.finishFirst' });
    return false;
  }
  const b = await once(() => call('bill.new', { kind: 'recharge' }));
  if (!b) return false;
  showBill(b);
  st().applyAttempt(null);
  note(null);
  return true;
}

export async function setCard(raw: string): Promise<boolean> {
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
  const b = await once(() => call('bill.setCard', { billId: bill.id, cardNo: text }));
  if (!b) return false;
  showBill(b);
  note(null);
  return true;
}

export async function setRechargeAmount(text: string): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const bad = amountNotice(text);
  if (bad) {
    note(bad);
    return false;
  }
  const fen = (parseYuan(text) as { ok: true; fen: number }).fen;
  const b = await once(() => call('bill.addFree', { billId: bill.id, amountFen: fen, name: '储值卡充值' }));
  if (!b) return false;
  showBill(b);
  st().setCollecting(true);
  note(null);
  return true;
}

export function toggleLocale(): void {
  st().setLocale(st().locale === 'zh-CN' ? 'en' : 'zh-CN');
}
