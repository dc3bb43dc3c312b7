import { create } from 'zustand';
import { useCounter } from '../../store/index.js';
import { useSup } from '../supervisor/sup-store.js';

/**
 * Which bill the history should open next (a scanned receipt barcode, a bill number typed in
 * full). The counter's history dialog and the supervisor screen's 单据 tab both follow it.
 */
export interface HistoryNav {
  billNo: string | null;
  /** Bumped on every request, so the same bill scanned twice opens twice. */
  seq: number;
  open(billNo: string): void;
  /** The bill waiting to be opened, once (null when none). */
  take(): string | null;
}

export const useHistoryNav = create<HistoryNav>()((set, get) => ({
  billNo: null,
  seq: 0,
  open: (billNo) => set((s) => ({ billNo, seq: s.seq + 1 })),
  take: () => {
    const { billNo } = get();
    if (billNo !== null) set({ billNo: null });
    return billNo;
  },
}));

/**
 * A receipt's bill-number barcode was scanned (route 'open-bill'): open that bill in the
 * supervisor screen's 单据 tab when that tab is showing, else, with the supervisor screen
 * closed, in the counter's history dialog (opened if needed). Another dialog or another
 * supervisor tab is left alone. (On the supervisor screen the page's keyboard wedge is off: a
 * keyboard-mode scanner types the number into the focused field, and Enter opens it.)
 */
export function openBillFromScan(billNo: string): void {
  const sup = useSup.getState();
  if (sup.open) {
    if (!sup.check || sup.tab !== 'docs') return;
  } else {
    const st = useCounter.getState();
    if (st.dialog && st.dialog.kind !== 'history') return;
    if (!st.dialog) st.openDialog({ kind: 'history' });
  }
  useHistoryNav.getState().open(billNo);
}
