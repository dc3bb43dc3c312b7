import { create } from 'zustand';
import type { AppInfo, AttemptView, BillView, Connectivity, CounterState } from '../../../app/contract/schemas.js';
import type { ScanOutcome } from '../../../app/contract/core.js';
import type { ConnectionStatus } from '../api.js';
import type { Locale } from '../i18n/index.js';

/**
 * UI state only. The core is the truth: every slice is filled from command results and
 * events, and a reload rebuilds it from `counter.state`. Slices: connectivity, bill, payment,
 * scanner, ui (session comes with sign-in).
 */

/** A message on screen: either a translated key, an error code, or literal text from the core. */
export type Notice =
  | { tone: 'info' | 'ok' | 'warn' | 'error'; kind: 'key'; key: string; params?: Record<string, string | number> }
  | { tone: 'info' | 'ok' | 'warn' | 'error'; kind: 'error-code'; code: string }
  | { tone: 'info' | 'ok' | 'warn' | 'error'; kind: 'text'; zh: string; en: string };

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
  setBill(b: BillView | null): void;
  /** Apply a bill.changed event: the current bill if same id, or the last completed one. */
  applyBillChanged(b: BillView): void;
  applyCounterState(s: CounterState): void;
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
  setLastScan(o: ScanOutcome): void;
}

export interface UiSlice {
  locale: Locale;
  notice: Notice | null;
  busy: boolean;
  setLocale(l: Locale): void;
  setNotice(n: Notice | null): void;
  setBusy(b: boolean): void;
}

export type CounterStore = ConnectivitySlice & BillSlice & PaymentSlice & ScannerSlice & UiSlice;

type Set = (partial: Partial<CounterStore> | ((s: CounterStore) => Partial<CounterStore>)) => void;
type Get = () => CounterStore;

const UNKNOWN_LINKS: Connectivity = { gateway: 'unknown', backOffice: 'unknown', outboxDepth: 0, oldestWaitingMs: null };

const connectivitySlice = (set: Set): ConnectivitySlice => ({
  connection: 'connecting',
  links: UNKNOWN_LINKS,
  appInfo: null,
  setConnection: (connection) => set({ connection }),
  setLinks: (links) => set({ links }),
  setAppInfo: (appInfo) => set({ appInfo }),
});

const FINAL_BILL = new Set(['paid', 'voided']);

const billSlice = (set: Set, get: Get): BillSlice => ({
  bill: null,
  lastCompleted: null,
  hydrated: false,
  setBill: (bill) => set({ bill }),
  applyBillChanged: (b) => {
    const { bill, lastCompleted } = get();
    if (bill && bill.id === b.id) {
      set({ bill: b });
      if (FINAL_BILL.has(b.status)) set({ lastCompleted: b });
    } else if (lastCompleted && lastCompleted.id === b.id) {
      set({ lastCompleted: b });
    }
  },
  applyCounterState: (s) => {
    set({ bill: s.bill, lastCompleted: s.lastCompleted, links: s.connectivity, hydrated: true });
    get().applyAttempt(s.attempt);
  },
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
    // Ignore a progress event for another bill than the one on screen.
    const bill = get().bill;
    if (bill && a.billId !== bill.id && !(cur && cur.id === a.id)) return;
    set({ attempt: a, clockSkewMs: a.now - Date.now() });
  },
});

const scannerSlice = (set: Set): ScannerSlice => ({
  lastScan: null,
  lastScanAt: null,
  setLastScan: (o) => set({ lastScan: o, lastScanAt: Date.now() }),
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
  setLocale: (locale) => {
    try {
      globalThis.localStorage?.setItem(LOCALE_KEY, locale);
    } catch {
      // no storage
    }
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
    set({ locale });
  },
  setNotice: (notice) => set({ notice }),
  setBusy: (busy) => set({ busy }),
});

export const useCounter = create<CounterStore>()((set, get) => ({
  ...connectivitySlice(set),
  ...billSlice(set, get),
  ...paymentSlice(set, get),
  ...scannerSlice(set),
  ...uiSlice(set),
}));

// ---- selectors -------------------------------------------------------------------------

const LIVE = new Set(['created', 'sent', 'awaiting-payer']);

export const selectLocale = (s: CounterStore): Locale => s.locale;
export const selectBill = (s: CounterStore): BillView | null => s.bill;
export const selectAttempt = (s: CounterStore): AttemptView | null => s.attempt;
/** A payment attempt is live: the bill is locked and nothing else may happen to it. */
export const selectPaymentLive = (s: CounterStore): boolean => s.attempt !== null && LIVE.has(s.attempt.state);
export const selectSandbox = (s: CounterStore): boolean => s.appInfo?.sandbox === true;

export type Phase = 'idle' | 'collect' | 'paying' | 'paid' | 'declined' | 'unconfirmed';

/** What the counter is doing, derived from bill and attempt. */
export const selectPhase = (s: CounterStore): Phase => {
  const { bill, attempt } = s;
  if (!bill) return 'idle';
  const a = attempt && attempt.billId === bill.id ? attempt : null;
  if (a && LIVE.has(a.state)) return 'paying';
  if (bill.status === 'paid' || (a && a.state === 'paid')) return 'paid';
  if (bill.status === 'unconfirmed' || (a && a.state === 'unconfirmed')) return 'unconfirmed';
  if (bill.status === 'locked') return 'paying';
  if (a && (a.state === 'declined' || a.state === 'cancelled')) return 'declined';
  return 'collect';
};
