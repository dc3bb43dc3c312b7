import type { CommandInput, CommandName, CommandOutput } from '../../app/contract/index.js';
import { parseYuan } from '../../app/money.js';
import type { Result } from '../../app/result.js';
import { connectApi, type Connection } from './api.js';
import { amountErrorText } from './i18n/index.js';
import { selectPhase, useCounter } from './store/index.js';

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

/** Invoke a command; on failure put its error on screen and return null. */
async function call<K extends CommandName>(
  command: K,
  input: CommandInput<K>,
  opts: { quiet?: boolean } = {},
): Promise<CommandOutput<K> | null> {
  let r: Result<CommandOutput<K>>;
  try {
    r = await api().invoke(command, input);
  } catch {
    r = { ok: false, error: { code: 'core-unreachable' } };
  }
  if (r.ok) return r.value;
  if (!opts.quiet) st().setNotice({ tone: 'error', kind: 'error-code', code: r.error.code });
  if (r.error.code === 'core-unreachable') scheduleRefresh();
  return null;
}

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

let started = false;

/** Connect, subscribe to events, and draw the screen from the core's state. */
export function start(): void {
  if (started) return;
  started = true;
  conn = connectApi();
  const a = conn.api;
  st().setConnection(conn.status());
  conn.onStatus((s) => {
    st().setConnection(s);
    if (s === 'open') {
      void loadAppInfo();
      void refreshCounter();
    }
  });
  a.on('payment.progress', (attempt) => {
    const { bill } = st();
    if (bill && attempt.billId !== bill.id) return;
    st().applyAttempt(attempt);
    if (!bill) scheduleRefresh();
  });
  a.on('bill.changed', (b) => {
    const { bill, lastCompleted } = st();
    if ((bill && bill.id === b.id) || (lastCompleted && lastCompleted.id === b.id)) st().applyBillChanged(b);
    else scheduleRefresh();
  });
  a.on('connectivity.changed', (c) => st().setLinks(c));
  a.on('scan.routed', (o) => {
    st().setLastScan(o);
    if (o.action === 'reject') st().setNotice({ tone: 'warn', kind: 'text', zh: o.zh, en: o.en });
  });
  if (conn.status() === 'open') {
    void loadAppInfo();
    void refreshCounter();
  }
}

/** Finished bill aside, empty counter. */
export async function nextSale(): Promise<boolean> {
  const s = await call('counter.clear', {});
  if (!s) return false;
  st().applyCounterState(s);
  st().setNotice(null);
  return true;
}

/**
 * The quick sale: an amount typed in yuan. Bad input gets a message naming the limit and
 * nothing is sent. Returns true when a bill was started (the caller clears the field).
 */
export async function submitAmount(text: string): Promise<boolean> {
  const parsed = parseYuan(text);
  if (!parsed.ok) {
    st().setNotice({ tone: 'error', kind: 'text', zh: amountErrorText('zh-CN', parsed.error), en: amountErrorText('en', parsed.error) });
    return false;
  }
  if (st().busy) return false;
  st().setBusy(true);
  try {
    const phase = selectPhase(st());
    if (phase === 'paid' || phase === 'unconfirmed') {
      if (!(await nextSale())) return false;
    } else if (phase !== 'idle') {
      st().setNotice({ tone: 'warn', kind: 'error-code', code: phase === 'paying' ? 'payment-in-progress' : 'bill-not-open' });
      return false;
    }
    const bill = await call('sale.quick', { amountFen: parsed.fen });
    if (!bill) return false;
    st().setBill(bill);
    st().applyAttempt(null);
    st().setNotice(null);
    return true;
  } finally {
    st().setBusy(false);
  }
}

export const MAX_BARCODE = 40;

/** Collect the bill on screen with a payment code typed or scanned into the code field. */
export async function submitPaymentCode(raw: string): Promise<boolean> {
  const code = raw.trim();
  if (code === '') {
    st().setNotice({ tone: 'warn', kind: 'key', key: 'pay.codeEmpty' });
    return false;
  }
  if (code.length > MAX_BARCODE) {
    st().setNotice({ tone: 'error', kind: 'key', key: 'pay.codeTooLong', params: { n: code.length } });
    return false;
  }
  const { bill, busy } = st();
  if (!bill || busy) return false;
  const phase = selectPhase(st());
  if (phase !== 'collect' && phase !== 'declined') {
    st().setNotice({ tone: 'warn', kind: 'error-code', code: phase === 'paying' ? 'payment-in-progress' : 'bill-not-open' });
    return false;
  }
  st().setBusy(true);
  try {
    const attempt = await call('payment.collect', { billId: bill.id, barCode: code });
    if (!attempt) {
      // The core may have acted before the connection dropped: re-read the truth.
      scheduleRefresh();
      return false;
    }
    // Events may already have carried a newer view of this attempt: keep the newest.
    const cur = st().attempt;
    if (!cur || cur.id !== attempt.id || cur.now <= attempt.now) st().applyAttempt(attempt);
    st().setNotice(null);
    return true;
  } finally {
    st().setBusy(false);
  }
}

/** Submit a scan from the keyboard-wedge listener; the core routes it (pay, add product, …). */
export async function submitScan(text: string): Promise<void> {
  const outcome = await call('scan.submit', { text, source: 'keyboard-wedge' });
  if (outcome) {
    st().setLastScan(outcome);
    if (outcome.action === 'reject') st().setNotice({ tone: 'warn', kind: 'text', zh: outcome.zh, en: outcome.en });
  }
}

/** The cashier stops waiting: the attempt becomes unconfirmed and keeps being reconciled. */
export async function stopWaiting(): Promise<void> {
  const a = st().attempt;
  if (!a) return;
  const v = await call('payment.stopWaiting', { attemptId: a.id });
  if (v) st().applyAttempt(v);
  scheduleRefresh();
}

export function toggleLocale(): void {
  st().setLocale(st().locale === 'zh-CN' ? 'en' : 'zh-CN');
}
