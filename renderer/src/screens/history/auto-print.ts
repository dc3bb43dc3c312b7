import { useEffect } from 'react';
import { invoke } from '../../invoke.js';
import { useCounter } from '../../store/index.js';

/**
 * 付款后自动打印 (config receipt.autoPrint, 系统设置 → 小票): when a bill on the counter becomes
 * paid, its receipt dialog opens and prints by itself (ReceiptDialog `auto`). Each bill prints
 * once; the setting is read from the core (receipt.layout) when a payment completes.
 */
export function useAutoPrint(): void {
  useEffect(() => {
    const printed = new Set<number>();
    let last = paidId(useCounter.getState());
    return useCounter.subscribe((s) => {
      const id = paidId(s);
      if (id === null || id === last) return;
      last = id;
      if (printed.has(id)) return;
      printed.add(id);
      void invoke('receipt.layout', {}).then((r) => {
        const st = useCounter.getState();
        if (r.ok && r.value.texts.autoPrint && !st.dialog && paidId(st) === id)
          st.openDialog({ kind: 'receipt', billId: id, reprint: false, auto: true });
      });
    });
  }, []);
}

function paidId(s: ReturnType<typeof useCounter.getState>): number | null {
  return s.bill && s.bill.status === 'paid' ? s.bill.id : null;
}
