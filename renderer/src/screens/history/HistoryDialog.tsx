import { Modal } from '../../dialogs/Modal.js';
import { useCounter } from '../../store/index.js';
import { openSupervisor, useSup } from '../supervisor/sup-store.js';
import { HistoryView } from './HistoryView.js';
import { useH } from './texts.js';

/** Hand a bill to the supervisor screen's 退款 tab (which owns refunds: PIN, amount, route). */
export function refundOnSupervisorScreen(billNo: string): void {
  useCounter.getState().openDialog(null);
  useSup.getState().handOverRefund(billNo);
  openSupervisor('bills');
}

/** 单据查询 on the counter (Ctrl+H): every signed-in operator may look; refunds go to the supervisor screen. */
export function HistoryDialog() {
  const { H } = useH();
  return (
    <Modal title={H('title')} testid="history-dialog" wide>
      <HistoryView onRefund={refundOnSupervisorScreen} />
    </Modal>
  );
}
