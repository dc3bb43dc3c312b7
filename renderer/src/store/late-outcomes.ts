import { create } from 'zustand';
import type { LateOutcomeNotice } from '../../../app/contract/late-outcome.js';

/**
 * Late payment outcomes (app/contract/late-outcome.ts): payments the cashier stopped waiting
 * for that were settled afterwards. Each stays on the counter until a signed-in operator
 * acknowledges it (知道了). Filled from `lateOutcome.list` at sign-in / reconnect and from the
 * `payment.lateOutcome` event; emptied by acknowledging, and on sign-out.
 */
export interface LateOutcomeSlice {
  /** Not yet acknowledged, oldest first. */
  notices: LateOutcomeNotice[];
  /** Ids being acknowledged right now (the button is disabled meanwhile). */
  pending: number[];
  /** Replace with the core's list (what is not acknowledged). */
  setAll(list: LateOutcomeNotice[]): void;
  /** A new notice from the event; an acknowledged one, or one already shown, changes nothing. */
  add(n: LateOutcomeNotice): void;
  remove(id: number): void;
  setPending(id: number, on: boolean): void;
  clear(): void;
}

const byId = (a: LateOutcomeNotice, b: LateOutcomeNotice) => a.id - b.id;

export const useLateOutcomes = create<LateOutcomeSlice>()((set, get) => ({
  notices: [],
  pending: [],
  setAll: (list) => set({ notices: list.filter((n) => n.acknowledgedAt === null).sort(byId) }),
  add: (n) => {
    if (n.acknowledgedAt !== null) {
      get().remove(n.id);
      return;
    }
    const rest = get().notices.filter((x) => x.id !== n.id);
    set({ notices: [...rest, n].sort(byId) });
  },
  remove: (id) =>
    set({ notices: get().notices.filter((x) => x.id !== id), pending: get().pending.filter((x) => x !== id) }),
  setPending: (id, on) =>
    set({ pending: on ? [...get().pending.filter((x) => x !== id), id] : get().pending.filter((x) => x !== id) }),
  clear: () => set({ notices: [], pending: [] }),
}));

/** The notice on screen: the oldest one not yet acknowledged. */
export const selectFirstLateOutcome = (s: LateOutcomeSlice): LateOutcomeNotice | null => s.notices[0] ?? null;
