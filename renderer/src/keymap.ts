import {
  cancelBill,
  clearCounter,
  lockScreen,
  startCollect,
  startRecharge,
  stopWaiting,
  suspendBill,
  toggleLocale,
  addQuickKey,
  setQuantity,
  isBusy,
  whenIdle,
  startQrPay,
  openPartDialog,
  refusePartlyPaid,
  toggleRoundOff,
} from './actions.js';
import { focusEntry, isTextField } from './focus.js';
import { isScannerScreenOpen } from './screens/scanner/store.js';
import type { MessageKey } from './i18n/index.js';
import {
  selectBillAttempt,
  selectPartlyPaid,
  selectPhase,
  selectScreen,
  selectTargetLine,
  useCounter,
  type Phase,
} from './store/index.js';
import { openSupervisor, useSup } from './screens/supervisor/sup-store.js';

/**
 * The keyboard map of the counter screen: one table drives the global key handler, the
 * function-key bar at the bottom of the screen and the F1 help (renderer/KEYMAP.md documents it).
 */
export interface KeyAction {
  id: string;
  /** KeyboardEvent.key */
  key: string;
  label: MessageKey;
  /** Shown in the function-key bar. */
  bar: boolean;
  enabled(phase: Phase): boolean;
  run(): void | Promise<unknown>;
}

const st = () => useCounter.getState();

const CAN_PAY: Phase[] = ['building', 'collect', 'declined'];

export const FUNCTION_KEYS: readonly KeyAction[] = [
  {
    id: 'help',
    key: 'F1',
    label: 'fn.help',
    bar: true,
    enabled: () => true,
    run: () => st().openDialog({ kind: 'help' }),
  },
  {
    id: 'cash',
    key: 'F2',
    label: 'fn.cash',
    bar: true,
    enabled: (p) => CAN_PAY.includes(p) && (st().bill?.dueFen ?? 0) > 0,
    run: () => st().openDialog({ kind: 'cash' }),
  },
  {
    id: 'park',
    key: 'F3',
    label: 'fn.park',
    bar: true,
    enabled: (p) => p === 'building' || p === 'collect' || p === 'declined',
    run: suspendBill,
  },
  {
    id: 'resume',
    key: 'F4',
    label: 'fn.resume',
    bar: true,
    enabled: (p) => p === 'idle' || p === 'paid' || p === 'unconfirmed',
    run: () => st().openDialog({ kind: 'resume' }),
  },
  {
    id: 'search',
    key: 'F5',
    label: 'fn.search',
    bar: true,
    enabled: (p) => p === 'idle' || p === 'building' || p === 'paid' || p === 'unconfirmed',
    run: () => st().openDialog({ kind: 'search' }),
  },
  {
    id: 'qty',
    key: 'F6',
    label: 'fn.qty',
    bar: true,
    enabled: (p) => p === 'building' && selectTargetLine(st()) !== null,
    run: () => {
      // A number already typed in the entry is the quantity (type 3, press F6); otherwise ask.
      const typed = st().entry.trim();
      const line = selectTargetLine(st());
      if (line === null) return;
      if (/^\d{1,4}$/.test(typed) && Number(typed) >= 1) {
        return setQuantity(Number(typed), line).then((ok) => {
          if (ok) st().setEntry('');
        });
      }
      st().openDialog({ kind: 'quantity', lineNo: line });
    },
  },
  {
    id: 'void',
    key: 'F7',
    label: 'fn.void',
    bar: true,
    // On a partly paid bill (split payment) F7 says why not and what to do instead.
    enabled: (p) => (p === 'building' && selectTargetLine(st()) !== null) || selectPartlyPaid(st()),
    run: () => {
      if (refusePartlyPaid()) return;
      const line = selectTargetLine(st());
      if (line !== null) st().openDialog({ kind: 'void-line', lineNo: line });
    },
  },
  {
    id: 'recharge',
    key: 'F8',
    label: 'fn.recharge',
    bar: true,
    enabled: (p) => p === 'idle' || p === 'paid' || p === 'unconfirmed',
    run: startRecharge,
  },
  { id: 'lock', key: 'F9', label: 'fn.lock', bar: true, enabled: (p) => p !== 'paying', run: lockScreen },
  {
    id: 'receipt',
    key: 'F10',
    label: 'fn.receipt',
    bar: true,
    enabled: () => receiptBillId() !== null,
    run: () => {
      const id = receiptBillId();
      const bill = st().bill;
      if (id !== null)
        st().openDialog({ kind: 'receipt', billId: id, reprint: !(bill && bill.id === id && bill.status === 'paid') });
    },
  },
  // The supervisor screen (X/Z reports, shift close, exceptions): a supervisor signs in or authorises with a PIN there.
  {
    id: 'supervisor',
    key: 'F11',
    label: 'fn.supervisor',
    bar: true,
    enabled: (p) => p !== 'paying',
    run: () => openSupervisor(),
  },
  {
    id: 'signout',
    key: 'F12',
    label: 'fn.signOut',
    bar: true,
    enabled: (p) => p !== 'paying',
    run: () => st().openDialog({ kind: 'sign-out' }),
  },
];

/** The bill F10 prints: the paid bill on the counter, or the last completed one. */
export function receiptBillId(): number | null {
  const { bill, lastCompleted } = st();
  if (bill && bill.status === 'paid') return bill.id;
  return lastCompleted?.id ?? null;
}

/** Esc backs out, one step at a time. */
export function backOut(): void {
  const s = st();
  const phase = selectPhase(s);
  switch (phase) {
    case 'paying':
      void stopWaiting();
      return;
    case 'collect':
    case 'declined':
      if (refusePartlyPaid()) return; // split payment: only collecting the rest is possible
      s.setCollecting(false);
      if (phase === 'declined') s.applyAttempt(null);
      s.setNotice(null);
      return;
    case 'recharge-card':
    case 'recharge-amount':
      void cancelBill();
      return;
    case 'building': {
      const live = s.bill?.lines.some((l) => !l.voided) ?? false;
      if (live) s.openDialog({ kind: 'cancel-bill' });
      else void cancelBill();
      return;
    }
    case 'paid':
    case 'unconfirmed':
      void clearCounter();
      return;
    case 'idle':
      s.setNotice(null);
      return;
  }
}

function moveSelection(delta: number): void {
  const s = st();
  const live = s.bill?.status === 'open' ? s.bill.lines.filter((l) => !l.voided) : [];
  if (live.length === 0) return;
  const current = selectTargetLine(s);
  const idx = Math.max(
    0,
    live.findIndex((l) => l.lineNo === current),
  );
  const next = live[Math.min(live.length - 1, Math.max(0, idx + delta))];
  if (next) s.selectLine(next.lineNo);
}

/** Keys a browser would act on itself (reload, find, caret browsing, menus): the counter owns them. */
const RESERVED = new Set(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12']);

/** The global key handler of the counter screen (window, bubble phase; dialogs handle their own keys). */
export function handleCounterKey(e: KeyboardEvent): void {
  if (e.isComposing || e.keyCode === 229) return;
  const s = st();
  const screen = selectScreen(s);
  if (RESERVED.has(e.key)) e.preventDefault();
  if (screen !== 'counter') return;
  // The supervisor screen (F11) and the scanner settings own the keyboard while shown.
  if (useSup.getState().open || isScannerScreenOpen()) return;
  if (s.dialog) {
    // 校园卡套餐 answers Esc itself: it never just closes while a charge may be paid.
    if (s.dialog.kind === 'campus') return;
    if (e.key === 'Escape') {
      e.preventDefault();
      s.openDialog(null);
      focusEntry();
    }
    return;
  }
  const phase = selectPhase(s);
  if (e.altKey && !e.ctrlKey && !e.metaKey && /^Digit[0-9]$/.test(e.code)) {
    e.preventDefault();
    const n = Number(e.code.slice(5));
    // Queued: it lands on the bill as it is after the actions before it (ensureBill refuses while paying).
    void addQuickKey(n === 0 ? 10 : n);
    return;
  }
  if (e.ctrlKey && !e.altKey && (e.key === 'l' || e.key === 'L')) {
    e.preventDefault();
    toggleLocale();
    return;
  }
  if (e.ctrlKey && !e.altKey && (e.key === 'q' || e.key === 'Q')) {
    // Show a QR the payer scans (the chooser's pay type, else the configured one).
    e.preventDefault();
    if (phase === 'collect' || phase === 'declined' || phase === 'building') void startQrPay();
    return;
  }
  // 单据查询 (bill history): every signed-in operator.
  if (e.ctrlKey && !e.altKey && (e.key === 'h' || e.key === 'H')) {
    e.preventDefault();
    if (s.session?.operator && phase !== 'paying') s.openDialog({ kind: 'history' });
    return;
  }
  // 校园卡套餐 (smart campus): on an empty counter, or back to a campus charge being waited for.
  if (e.ctrlKey && !e.altKey && (e.key === 'k' || e.key === 'K')) {
    e.preventDefault();
    const empty = phase === 'idle' || phase === 'paid' || phase === 'unconfirmed';
    const unused = phase === 'building' && !(s.bill?.lines.some((l) => !l.voided) ?? false);
    const campusWait = phase === 'paying' && selectBillAttempt(s) === null;
    if (s.session?.operator && (empty || unused || campusWait)) s.openDialog({ kind: 'campus' });
    return;
  }
  // 折扣 / 改价 / 抹零 on the bill being built (the selected line, else the last one).
  if (e.ctrlKey && !e.altKey && ['d', 'D', 'e', 'E', 'm', 'M'].includes(e.key)) {
    e.preventDefault();
    const k = e.key.toLowerCase();
    // Like the function keys: pressed behind a running action, it acts on the bill that action leaves.
    const act = () => {
      const now = st();
      if (now.dialog || selectScreen(now) !== 'counter' || selectPhase(now) !== 'building') return;
      const line = selectTargetLine(now);
      if (k !== 'm') now.setNotice(null);
      if (k === 'd') now.openDialog({ kind: 'discount', lineNo: line });
      else if (k === 'e' && line !== null) now.openDialog({ kind: 'price', lineNo: line });
      else if (k === 'm') void toggleRoundOff();
    };
    if (isBusy()) void whenIdle().then(act);
    else act();
    return;
  }
  // 机构报名 (KesionEDU batch enrollment): every signed-in operator, when nothing is being paid.
  if (e.ctrlKey && !e.altKey && (e.key === 'j' || e.key === 'J')) {
    e.preventDefault();
    if (s.session?.operator && phase !== 'paying') s.openDialog({ kind: 'kesion' });
    return;
  }
  // 校宝学员 (top-up, refund, orders): every signed-in operator; the screen says when it is not configured.
  if (e.ctrlKey && !e.altKey && (e.key === 'y' || e.key === 'Y')) {
    e.preventDefault();
    // After the action running now (Enter on a paid sale clears the counter and its dialogs).
    const open = () => {
      const now = st();
      if (!now.dialog && now.session?.operator && selectPhase(now) !== 'paying') now.openDialog({ kind: 'xiaobao' });
    };
    if (!isBusy()) open();
    else void whenIdle().then(open);
    return;
  }
  if (e.ctrlKey && !e.altKey && (e.key === 'b' || e.key === 'B')) {
    e.preventDefault();
    if (s.session?.operator?.role === 'supervisor') s.openDialog({ kind: 'business-type' });
    return;
  }
  // 分笔 (split payment): the amount the next scan collects.
  if (e.ctrlKey && !e.altKey && (e.key === 'g' || e.key === 'G')) {
    e.preventDefault();
    if (!isBusy()) openPartDialog();
    else void whenIdle().then(() => !st().dialog && openPartDialog());
    return;
  }
  const fn = FUNCTION_KEYS.find((k) => k.key === e.key);
  if (fn && !e.altKey && !e.ctrlKey && !e.metaKey) {
    // A key pressed while an action is still running acts on the state that action leaves
    // (a quick key then F2 opens cash for the bill with the item on it).
    if (!isBusy()) {
      if (fn.enabled(phase)) void fn.run();
    } else {
      void whenIdle().then(() => {
        if (!st().dialog && selectScreen(st()) === 'counter' && fn.enabled(selectPhase(st()))) void fn.run();
      });
    }
    return;
  }
  switch (e.key) {
    case 'Escape':
      e.preventDefault();
      if (!isBusy()) backOut();
      else void whenIdle().then(() => !st().dialog && backOut());
      return;
    case 'ArrowUp':
    case 'ArrowDown':
      if (phase === 'building') {
        e.preventDefault();
        moveSelection(e.key === 'ArrowUp' ? -1 : 1);
      }
      return;
    case 'Enter':
      if (!isTextField(document.activeElement) && !(document.activeElement instanceof HTMLButtonElement)) {
        e.preventDefault();
        if (phase === 'paid' || phase === 'unconfirmed') void clearCounter();
        else if (phase === 'building') startCollect();
        focusEntry();
      }
      return;
  }
}
