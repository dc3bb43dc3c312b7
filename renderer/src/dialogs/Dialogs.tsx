import { formatYuan } from '../../../app/money.js';
import { cancelBill, signOut, voidLine } from '../actions.js';
import { useT } from '../i18n/useT.js';
import { selectBill, selectDialog, selectSession, useCounter } from '../store/index.js';
import { BusinessTypeDialog } from './BusinessTypeDialog.js';
import { CashDialog } from './CashDialog.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { HelpDialog } from './HelpDialog.js';
import { QuantityDialog } from './QuantityDialog.js';
import { ReceiptDialog } from './ReceiptDialog.js';
import { ResumeDialog } from './ResumeDialog.js';
import { SearchDialog } from './SearchDialog.js';
import { HistoryDialog } from '../screens/history/HistoryDialog.js';
import { useAutoPrint } from '../screens/history/auto-print.js';
import { PartDialog } from '../split/PartDialog.js';
import { CampusDialog } from '../screens/campus/CampusDialog.js';
import { useCampusResume } from '../screens/campus/resume.js';
import { DiscountDialog } from '../screens/discounts/DiscountDialog.js';
import { PriceDialog } from '../screens/discounts/PriceDialog.js';
import { KesionDialog } from '../screens/kesion/KesionDialog.js';
import { XiaobaoDialog } from '../screens/xiaobao/XiaobaoDialog.js';

/** The one open dialog, if any. */
export function Dialogs() {
  const { t } = useT();
  const dialog = useCounter(selectDialog);
  const bill = useCounter(selectBill);
  const session = useCounter(selectSession);
  useAutoPrint();
  useCampusResume();
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'help':
      return <HelpDialog />;
    case 'cash':
      return <CashDialog />;
    case 'search':
      return <SearchDialog />;
    case 'quantity':
      return <QuantityDialog lineNo={dialog.lineNo} />;
    case 'resume':
      return <ResumeDialog />;
    case 'receipt':
      return <ReceiptDialog billId={dialog.billId} reprint={dialog.reprint} auto={dialog.auto === true} />;
    case 'history':
      return <HistoryDialog />;
    case 'business-type':
      return <BusinessTypeDialog />;
    case 'part':
      return <PartDialog />;
    case 'campus':
      return <CampusDialog />;
    case 'discount':
      return <DiscountDialog lineNo={dialog.lineNo} />;
    case 'price':
      return <PriceDialog lineNo={dialog.lineNo} />;
    case 'kesion':
      return <KesionDialog />;
    case 'xiaobao':
      return <XiaobaoDialog />;
    case 'void-line': {
      const line = bill?.lines.find((l) => l.lineNo === dialog.lineNo);
      if (!line) return null;
      return (
        <ConfirmDialog
          title={t('void.title')}
          testid="void-dialog"
          confirmLabel={t('fn.void')}
          danger
          onConfirm={() => voidLine(line.lineNo)}
        >
          {t('void.confirm', { n: line.lineNo, name: line.name, amount: formatYuan(line.amountFen) })}
        </ConfirmDialog>
      );
    }
    case 'cancel-bill':
      if (!bill) return null;
      return (
        <ConfirmDialog
          title={t('cancel.title')}
          testid="cancel-dialog"
          confirmLabel={t('fn.cancelBill')}
          danger
          onConfirm={cancelBill}
        >
          {t('cancel.confirm', { billNo: bill.billNo, total: formatYuan(bill.totalFen) })}
        </ConfirmDialog>
      );
    case 'sign-out':
      return (
        <ConfirmDialog
          title={t('signout.title')}
          testid="signout-dialog"
          confirmLabel={t('fn.signOut')}
          onConfirm={() => signOut()}
        >
          <p>{t('signout.confirm', { name: session?.operator?.name ?? '' })}</p>
          {bill && bill.status === 'open' && <p className="warn-text">{t('signout.openBill')}</p>}
        </ConfirmDialog>
      );
  }
}
