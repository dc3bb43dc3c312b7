import { create } from 'zustand';
import type { CommandInput, CommandName, CommandOutput } from '../../../../app/contract/index.js';
import type { SupervisorAuth } from '../../../../app/contract/define.js';
import type { SupervisorCheck } from '../../../../app/contract/supervisor.js';
import type { AppErrorData } from '../../../../app/result.js';
import type { Permission } from '../../../../app/contract/operators.js';
import { invoke, unwrap } from '../../invoke.js';

/**
 * UI state of the supervisor screen only (the core is the truth). The supervisor's PIN,
 * when given on a cashier's screen, is kept in memory while the screen is open and sent with
 * each command (main verifies and audits it every time); it is dropped when the screen closes
 * or after IDLE_MS without use.
 */

export type SupTab =
  | 'x'
  | 'close'
  | 'history'
  | 'exceptions'
  | 'bills'
  | 'cash'
  | 'import'
  | 'operators'
  | 'products'
  | 'docs'
  // 校宝对账 (renderer/src/screens/backoffice/ReconcilePanel.tsx), Alt+-
  | 'xbreconcile';

/** The tabs in the screen's order: Alt+1…9, Alt+0, then Alt+- (the digits are taken). */
export const SUP_TABS: readonly SupTab[] = [
  'x',
  'close',
  'exceptions',
  'bills',
  'cash',
  'history',
  'import',
  'operators',
  'products',
  'docs',
  'xbreconcile',
];

export type SupNotice = { tone: 'ok' | 'warn' | 'error'; text: string; code?: string } | null;

/**
 * The drawer count of 交班 while it is being typed: kept here (not in the panel) so switching
 * tabs or closing the supervisor screen does not wipe it. Dropped when the close is done, when
 * the supervisor cancels it, or when it belongs to another shift.
 */
export interface CloseDraft {
  shiftId: number;
  /** Denomination in fen (as text) → pieces as typed. */
  pieces: Record<string, string>;
  note: string;
  accept: boolean;
}

export interface SupState {
  open: boolean;
  tab: SupTab;
  /** Who authorised, once the gate is passed (by grant: the cashier themself). */
  check: SupervisorCheck | null;
  auth: SupervisorAuth | null;
  /**
   * Open by the signed-in cashier's own grants (no supervisor check): those grants, which
   * decide the tabs shown (./grant-tabs.ts). null: a supervisor authorised (every tab).
   */
  byGrant: Permission[] | null;
  /** Someone asked for a supervisor (主管授权, or a command outside the grants): show the PIN gate. */
  pinAsked: boolean;
  lastUsedAt: number;
  notice: SupNotice;
  busy: boolean;
  closeDraft: CloseDraft | null;
  /** A bill handed over to the 退款 tab (from 单据查询); the tab opens it and clears this. */
  refundBillNo: string | null;
  handOverRefund(billNo: string | null): void;
  setOpen(open: boolean): void;
  setTab(tab: SupTab): void;
  authorised(check: SupervisorCheck, auth: SupervisorAuth | null): void;
  /** Open by the cashier's grants on the tabs `tabs` (the current tab if among them, else the first). */
  authorisedByGrant(check: SupervisorCheck, grants: Permission[], tabs: readonly SupTab[]): void;
  /** Leave the grant view for the supervisor's PIN gate (which then shows every tab). */
  askSupervisor(notice?: SupNotice): void;
  setNotice(n: SupNotice): void;
  setBusy(b: boolean): void;
  /** Update the count of shift `shiftId` (a draft of another shift is replaced). */
  editCloseDraft(shiftId: number, patch: Partial<Omit<CloseDraft, 'shiftId'>>): void;
  clearCloseDraft(): void;
}

/** The PIN given on the spot is forgotten after this long without a supervisor action. */
export const IDLE_MS = 5 * 60_000;

export const useSup = create<SupState>()((set) => ({
  open: false,
  tab: 'x',
  check: null,
  auth: null,
  byGrant: null,
  pinAsked: false,
  lastUsedAt: 0,
  notice: null,
  busy: false,
  closeDraft: null,
  refundBillNo: null,
  handOverRefund: (refundBillNo) => set({ refundBillNo }),
  setOpen: (open) =>
    set(
      open
        ? { open: true, notice: null }
        : { open: false, check: null, auth: null, byGrant: null, pinAsked: false, notice: null, busy: false },
    ),
  setTab: (tab) => set({ tab, notice: null }),
  authorised: (check, auth) => set({ check, auth, byGrant: null, lastUsedAt: Date.now(), notice: null }),
  authorisedByGrant: (check, grants, tabs) =>
    set((st) => ({
      check,
      auth: null,
      byGrant: grants,
      tab: tabs.includes(st.tab) ? st.tab : (tabs[0] ?? st.tab),
      lastUsedAt: Date.now(),
      notice: null,
    })),
  askSupervisor: (notice = null) => set({ check: null, auth: null, byGrant: null, pinAsked: true, notice }),
  setNotice: (notice) => set({ notice }),
  setBusy: (busy) => set({ busy }),
  editCloseDraft: (shiftId, patch) =>
    set((st) => {
      const base: CloseDraft =
        st.closeDraft && st.closeDraft.shiftId === shiftId
          ? st.closeDraft
          : { shiftId, pieces: {}, note: '', accept: false };
      return { closeDraft: { ...base, ...patch } };
    }),
  clearCloseDraft: () => set({ closeDraft: null }),
}));

export function openSupervisor(tab?: SupTab): void {
  const s = useSup.getState();
  s.setOpen(true);
  if (tab) s.setTab(tab);
}

export function closeSupervisor(): void {
  useSup.getState().setOpen(false);
}

type SupCommand = {
  [K in CommandName]: CommandInput<K> extends { auth?: SupervisorAuth } ? K : never;
}[CommandName];

/**
 * Invoke a supervisor command with the authorisation given at the gate. Resolves with the
 * value, or rejects with the AppErrorData (the caller shows it).
 */
export async function supCall<K extends SupCommand>(
  command: K,
  input: Omit<CommandInput<K>, 'auth'>,
): Promise<CommandOutput<K>> {
  const s = useSup.getState();
  if (s.auth && Date.now() - s.lastUsedAt > IDLE_MS) {
    // Too long unattended: ask for the PIN again.
    useSup.setState({ check: null, auth: null });
    throw { code: 'supervisor-required' } satisfies AppErrorData;
  }
  const payload = { ...input, ...(s.auth ? { auth: s.auth } : {}) } as CommandInput<K>;
  const r = await invoke(command, payload);
  if (!r.ok && (r.error.code === 'supervisor-required' || r.error.code === 'not-signed-in'))
    // By grant, a command outside the grants: a supervisor authorises on the spot (the gate).
    useSup.setState({ check: null, auth: null, byGrant: null, pinAsked: s.byGrant !== null || s.pinAsked });
  const value = unwrap(r);
  useSup.setState({ lastUsedAt: Date.now() });
  return value;
}

export { isAppError } from '../../invoke.js';
