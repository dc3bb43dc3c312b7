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
}

export const useHistoryNav = create<HistoryNav>()((set) => ({
  billNo: null,
  seq: 0,
  open: (billNo) => set((s) => ({ billNo, seq: s.seq + 1 })),
}));

/**
 * A receipt's bill-number barcode was scanned (route 'open-bill'): open that bill in the
 * supervisor screen's 单据 tab when the supervisor screen is up, else in the counter's history
 * dialog (opened if needed; any other dialog is left alone).
 */
export function openBillFromScan(billNo: string): void {
  const sup = useSup.getState();
  if (sup.open) {
    if (sup.check && sup.tab !== 'docs') sup.setTab('docs');
  } else {
    const st = useCounter.getState();
    if (st.dialog && st.dialog.kind !== 'history') return;
    if (!st.dialog) st.openDialog({ kind: 'history' });
  }
  useHistoryNav.getState().open(billNo);
}
