import { useEffect } from 'react';
import { call } from '../../actions/connection.js';
import { selectBillAttempt, useCounter } from '../../store/index.js';

/**
 * After a reload or a restart, a campus charge still being waited for brings 校园卡套餐 back: the
 * counter shows a locked bill with no barcode attempt, and campus.status names its sale.
 */
export function useCampusResume(): void {
  const lockedId = useCounter((s) =>
    s.bill && s.bill.status === 'locked' && selectBillAttempt(s) === null && s.session?.operator ? s.bill.id : null,
  );
  useEffect(() => {
    if (lockedId === null) return;
    let live = true;
    void call('campus.status', {}, { quiet: true }).then((st) => {
      const s = useCounter.getState();
      if (!live || !st?.sale || st.sale.billId !== lockedId || s.dialog) return;
      if (st.sale.state === 'pending' || st.sale.state === 'creating') s.openDialog({ kind: 'campus' });
    });
    return () => {
      live = false;
    };
  }, [lockedId]);
}
