import { create } from 'zustand';
import type { ScanOutcome } from '../../../app/contract/core.js';
import type { CatalogItem } from '../../../app/contract/counter.js';
import type { AppInfo, AttemptView, BillView, Connectivity, CounterState } from '../../../app/contract/schemas.js';
import type { SessionView } from '../../../app/contract/session.js';
import { isWaiting } from '../../../app/payment/state.js';
import type { ConnectionStatus } from '../api.js';
import type { Locale, MessageKey } from '../i18n/index.js';

/**
 * UI state only. The core is the truth: every slice is filled from command results and
 * events, and a reload rebuilds it from `session.state` + `counter.state`.
 * Slices: session, bill, payment, scanner, connectivity, ui.
 */

/** A message on screen: a translated key, an error code, or text from the core in both languages. */
export type Notice = (
  | { tone: 'info' | 'ok' | 'warn' | 'error'; kind: 'key'; key: MessageKey; params?: Record<string, string | number> }
  | { tone: 'info' | 'ok' | 'warn' | 'error'; kind: 'error-code'; code: string; details?: Record<string, unknown> }
  | { tone: 'info' | 'ok' | 'warn' | 'error'; kind: 'text'; zh: string; en: string }
) & {
  /** About the live payment (e.g. a refused second scan): cleared when that payment ends. */
  untilPaymentEnds?: boolean;
};

/** Error codes that only say "a payment is live right now". */
const LIVE_PAYMENT_CODES = new Set(['payment-in-progress', 'bill-locked']);
const LIVE_PAYMENT_KEYS = new Set<string>(['pay.liveNoScan', 'pay.liveNoPark']);

/** Whether a notice speaks about the payment in progress (and is stale once it ends). */
export function isLivePaymentNotice(n: Notice | null): boolean {
  if (!n) return false;
  if (n.untilPaymentEnds) return true;
  if (n.kind === 'error-code') return LIVE_PAYMENT_CODES.has(n.code);
  if (n.kind === 'key') return LIVE_PAYMENT_KEYS.has(n.key);
  return false;
}

export type Dialog =
  | { kind: 'help' }
  | { kind: 'cash' }
  | { kind: 'search' }
  | { kind: 'quantity'; lineNo: number }
  | { kind: 'void-line'; lineNo: number }
  | { kind: 'cancel-bill' }
  | { kind: 'resume' }
  | { kind: 'receipt'; billId: number; reprint: boolean; auto?: boolean }
  | { kind: 'history' }
  | { kind: 'sign-out' }
  | { kind: 'business-type' }
  | { kind: 'part' }
  | { kind: 'campus' }
  | { kind: 'discount'; lineNo: number | null }
  | { kind: 'price'; lineNo: number }
  | { kind: 'kesion' }
  | { kind: 'xiaobao' };

export interface SessionSlice {
  session: SessionView | null;
  /** First-run setup is not finished (setup.state): the setup screen comes before sign-in. null = not known yet. */
  needsSetup: boolean | null;
  setSession(s: SessionView | null): void;
  setNeedsSetup(n: boolean): void;
}

export interface ConnectivitySlice {
  connection: ConnectionStatus;
  links: Connectivity;
  appInfo: AppInfo | null;
  setConnection(s: ConnectionStatus): void;
  setLinks(c: Connectivity): void;
  setAppInfo(i: AppInfo): void;
}

export interface BillSlice {
  bill: BillView | null;
  lastCompleted: BillView | null;
  /** True once counter.state has been read at least once (the screen is truthful). */
  hydrated: boolean;
  /** The cashier asked to collect (请扫描付款码); UI-only sub-state of an open bill. */
  collecting: boolean;
  /** Line the F6 / F7 keys act on; null = the last live line. */
  selectedLine: number | null;
  /** Split payment: the amount of the next barcode part (Ctrl+G), null = the whole amount due. */
  nextPartFen: number | null;
  setNextPart(fen: number | null): void;
  setBill(b: BillView | null): void;
  applyBillChanged(b: BillView): void;
  applyCounterState(s: CounterState): void;
  setCollecting(c: boolean): void;
  selectLine(lineNo: number | null): void;
}

export interface PaymentSlice {
  attempt: AttemptView | null;
  /** serverNow - clientNow when the attempt view was received (ms). */
  clockSkewMs: number;
  applyAttempt(a: AttemptView | null): void;
}

export interface ScannerSlice {
  lastScan: ScanOutcome | null;
  lastScanAt: number | null;
  /** Whether a keyboard-wedge listener is catching scans on this page. */
  wedgeActive: boolean;
  setLastScan(o: ScanOutcome): void;
  setWedgeActive(a: boolean): void;
}

export interface UiSlice {
  locale: Locale;
  notice: Notice | null;
  busy: boolean;
  dialog: Dialog | null;
  quickKeys: CatalogItem[];
  /** Text in the counter's entry field (F6 reads a typed quantity from it). */
  entry: string;
  setEntry(text: string): void;
  setLocale(l: Locale): void;
  setNotice(n: Notice | null): void;
  setBusy(b: boolean): void;
  openDialog(d: Dialog | null): void;
  setQuickKeys(items: CatalogItem[]): void;
}

export type CounterStore = SessionSlice & ConnectivitySlice & BillSlice & PaymentSlice & ScannerSlice & UiSlice;

type Set = (partial: Partial<CounterStore> | ((s: CounterStore) => Partial<CounterStore>)) => void;
type Get = () => CounterStore;

const UNKNOWN_LINKS: Connectivity = {
  gateway: 'unknown',
  backOffice: 'unknown',
  outboxDepth: 0,
  oldestWaitingMs: null,
};
const FINAL_BILL = new Set(['paid', 'voided']);
const BILL_DIALOGS = new Set<Dialog['kind']>(['cash', 'quantity', 'void-line', 'cancel-bill', 'part']);

const sessionSlice = (set: Set): SessionSlice => ({
  session: null,
  needsSetup: null,
  setSession: (session) => set({ session }),
  setNeedsSetup: (needsSetup) => set({ needsSetup }),
});

const connectivitySlice = (set: Set): ConnectivitySlice => ({
  connection: 'connecting',
  links: UNKNOWN_LINKS,
  appInfo: null,
  setConnection: (connection) => set({ connection }),
  setLinks: (links) => set({ links }),
  setAppInfo: (appInfo) => set({ appInfo }),
});

const billSlice = (set: Set, get: Get): BillSlice => ({
  bill: null,
  lastCompleted: null,
  hydrated: false,
  collecting: false,
  selectedLine: null,
  nextPartFen: null,
  setNextPart: (nextPartFen) => set({ nextPartFen }),
  setBill: (bill) => {
    const prev = get().bill;
    const same = prev && bill && prev.id === bill.id;
    // A dialog about the open bill has nothing left to do once the bill is no longer open
    // (e.g. the paid event of a cash payment arrives before its reply): close it in the same
    // render, so the next Enter goes to the counter, not to a stale dialog.
    const d = get().dialog;
    if (d && BILL_DIALOGS.has(d.kind) && (!bill || bill.status !== 'open')) set({ dialog: null });
    set({
      bill,
      ...(same ? {} : { collecting: false, selectedLine: null, nextPartFen: null }),
      ...(bill && bill.status === 'paid' ? { lastCompleted: bill } : {}),
    });
    const sel = get().selectedLine;
    if (bill && sel !== null && !bill.lines.some((l) => l.lineNo === sel && !l.voided)) set({ selectedLine: null });
  },
  applyBillChanged: (b) => {
    const { bill, lastCompleted } = get();
    if (bill && bill.id === b.id) get().setBill(b);
    else if (lastCompleted && lastCompleted.id === b.id) set({ lastCompleted: b });
    if (FINAL_BILL.has(b.status) && b.status === 'paid') set({ lastCompleted: b });
  },
  applyCounterState: (s) => {
    get().setBill(s.bill);
    set({ links: s.connectivity, hydrated: true, nextPartFen: s.nextPartFen ?? null });
    if (s.lastCompleted) set({ lastCompleted: s.lastCompleted });
    // A bill whose attempt is final but not paid (declined) is being collected.
    if (s.bill && s.attempt && s.attempt.billId === s.bill.id && s.bill.status === 'open') set({ collecting: true });
    get().applyAttempt(s.attempt);
  },
  setCollecting: (collecting) => set({ collecting }),
  selectLine: (selectedLine) => set({ selectedLine }),
});

const paymentSlice = (set: Set, get: Get): PaymentSlice => ({
  attempt: null,
  clockSkewMs: 0,
  applyAttempt: (a) => {
    if (a === null) {
      set({ attempt: null });
      return;
    }
    const cur = get().attempt;
    const bill = get().bill;
    if (bill && a.billId !== bill.id && !(cur && cur.id === a.id)) return;
    // Never go back to an older view of the same attempt (events and replies can cross).
    if (cur && cur.id === a.id && a.now < cur.now) return;
    set({ attempt: a, clockSkewMs: a.now - Date.now() });
    if (isWaiting(a.state) || a.state === 'declined') set({ collecting: true });
    if (isWaiting(a.state)) set({ nextPartFen: null }); // the core used the chosen part for this attempt
    // The payment ended (paid, declined, unconfirmed): a warning about it being live is stale.
    if (!isWaiting(a.state) && isLivePaymentNotice(get().notice)) set({ notice: null });
  },
});

const scannerSlice = (set: Set): ScannerSlice => ({
  lastScan: null,
  lastScanAt: null,
  wedgeActive: false,
  setLastScan: (o) => set({ lastScan: o, lastScanAt: Date.now() }),
  setWedgeActive: (wedgeActive) => set({ wedgeActive }),
});

const LOCALE_KEY = 'counterpay.locale';

function initialLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(LOCALE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    // no storage
  }
  return 'zh-CN';
}

const uiSlice = (set: Set): UiSlice => ({
  locale: initialLocale(),
  notice: null,
  busy: false,
  dialog: null,
  quickKeys: [],
  entry: '',
  setEntry: (entry) => set({ entry }),
  setLocale: (locale) => {
    try {
      globalThis.localStorage?.setItem(LOCALE_KEY, locale);
    } catch {
      // no storage
    }
    set({ locale });
  },
  setNotice: (notice) => set({ notice }),
  setBusy: (busy) => set({ busy }),
  openDialog: (dialog) => set({ dialog }),
  setQuickKeys: (quickKeys) => set({ quickKeys }),
});

export const useCounter = create<CounterStore>()((set, get) => ({
  ...sessionSlice(set),
  ...connectivitySlice(set),
  ...billSlice(set, get),
  ...paymentSlice(set, get),
  ...scannerSlice(set),
  ...uiSlice(set),
}));

// ---- selectors -------------------------------------------------------------------------

export const selectLocale = (s: CounterStore): Locale => s.locale;
export const selectBill = (s: CounterStore): BillView | null => s.bill;
export const selectAttempt = (s: CounterStore): AttemptView | null => s.attempt;
export const selectSession = (s: CounterStore): SessionView | null => s.session;
export const selectDialog = (s: CounterStore): Dialog | null => s.dialog;
/** The attempt of the bill on screen, if any. */
export const selectBillAttempt = (s: CounterStore): AttemptView | null =>
  s.attempt && s.bill && s.attempt.billId === s.bill.id ? s.attempt : null;
/** A payment attempt is live: the bill is locked and nothing else may happen to it. */
export const selectPaymentLive = (s: CounterStore): boolean => {
  const a = selectBillAttempt(s);
  return (a !== null && isWaiting(a.state)) || s.bill?.status === 'locked';
};
export const selectSandbox = (s: CounterStore): boolean => s.appInfo?.sandbox === true;

/** Which screen: nothing to show yet, sign-in, lock, open shift, or the counter. */
export type Screen = 'connecting' | 'setup' | 'sign-in' | 'locked' | 'open-shift' | 'counter';

export const selectScreen = (s: CounterStore): Screen => {
  if (s.needsSetup === true) return 'setup';
  if (!s.session) return 'connecting';
  if (!s.session.operator) return 'sign-in';
  if (s.session.locked) return 'locked';
  if (!s.session.shift) return 'open-shift';
  return 'counter';
};

export type Phase =
  | 'idle'
  | 'building'
  | 'recharge-card'
  | 'recharge-amount'
  | 'collect'
  | 'paying'
  | 'paid'
  | 'declined'
  | 'unconfirmed';

/** What the counter is doing, derived from bill, attempt and the collecting flag. */
export const selectPhase = (s: CounterStore): Phase => {
  const { bill } = s;
  if (!bill) return 'idle';
  const a = selectBillAttempt(s);
  if ((a && isWaiting(a.state)) || bill.status === 'locked') return 'paying';
  if (bill.status === 'paid') return 'paid';
  if (bill.status === 'unconfirmed' || (a && a.state === 'unconfirmed')) return 'unconfirmed';
  if (bill.status !== 'open') return 'idle';
  if (bill.kind === 'recharge' && !bill.cardNo) return 'recharge-card';
  if (bill.kind === 'recharge' && bill.totalFen === 0) return 'recharge-amount';
  if (a && (a.state === 'declined' || a.state === 'cancelled')) return 'declined';
  if (s.collecting && bill.dueFen > 0) return 'collect';
  // Partly paid (split payment): only collecting the rest is possible, after a reload too.
  if (selectPartlyPaid(s)) return 'collect';
  return 'building';
};

/** Split payment: money is in but the bill is not covered — its lines are frozen, the rest is due. */
export const selectPartlyPaid = (s: CounterStore): boolean =>
  s.bill !== null && s.bill.status === 'open' && s.bill.dueFen > 0 && s.bill.tenders.some((t) => t.amountFen > 0);

/** The live line F6 / F7 act on: the selected one, or the last. */
export const selectTargetLine = (s: CounterStore): number | null => {
  const live = s.bill?.lines.filter((l) => !l.voided) ?? [];
  if (live.length === 0) return null;
  if (s.selectedLine !== null && live.some((l) => l.lineNo === s.selectedLine)) return s.selectedLine;
  return live[live.length - 1]!.lineNo;
};
