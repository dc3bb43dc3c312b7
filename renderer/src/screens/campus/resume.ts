import { useEffect } from 'react';
import { call } from '../../actions/connection.js';
import { selectBillAttempt, useCounter } from '../../store/index.js';

/**
 * A campus bill is only ever finished in 校园卡套餐. After a reload or a restart, and whenever the
 * dialog is closed (its 关闭 button) while the bill on the counter is a campus bill that is not
 * done — a charge still payable, or one that ended unpaid on a bill still open — the dialog comes
 * back: only 取消等待 (which asks and checks once more) ends a wait, and only 重新生成二维码 or
 * 作废此单 leave an unpaid campus bill; it is never paid in cash or by another code by mistake.
 */
export function useCampusResume(): void {
  const billId = useCounter((s) =>
    s.bill &&
    (s.bill.status === 'locked' || s.bill.status === 'open') &&
    selectBillAttempt(s) === null &&
    s.session?.operator
      ? s.bill.id
      : null,
  );
  const dialogOpen = useCounter((s) => s.dialog !== null);
  useEffect(() => {
    if (billId === null || dialogOpen) return;
    let live = true;
    void call('campus.status', {}, { quiet: true }).then((st) => {
      const s = useCounter.getState();
      if (!live || !st?.sale || st.sale.billId !== billId || s.dialog) return;
      const { state, billStatus } = st.sale;
      const waiting = state === 'pending' || state === 'creating';
      const unpaidOpen = state !== 'paid' && billStatus === 'open';
      if (waiting || unpaidOpen) s.openDialog({ kind: 'campus' });
    });
    return () => {
      live = false;
    };
  }, [billId, dialogOpen]);
}
