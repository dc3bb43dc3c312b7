import { formatYuan } from '../../../app/money.js';
import { useT } from '../i18n/useT.js';
import { selectBill, selectPhase, useCounter } from '../store/index.js';

/** The bill on the counter: number, lines, running total, and a visible lock while paying. */
export function BillPanel() {
  const { t } = useT();
  const bill = useCounter(selectBill);
  const phase = useCounter(selectPhase);
  const locked = phase === 'paying' || bill?.status === 'locked';
  if (!bill) {
    return (
      <section className="bill bill-empty" data-testid="bill-panel" data-status="none">
        <div className="bill-none">{t('bill.none')}</div>
      </section>
    );
  }
  const lines = bill.lines.filter((l) => !l.voided);
  return (
    <section className={`bill ${locked ? 'bill-locked' : ''}`} data-testid="bill-panel" data-status={bill.status} data-bill-id={bill.id}>
      <div className="bill-head">
        <span>
          {t('bill.no')} <span data-testid="bill-no">{bill.billNo}</span>
        </span>
        {locked && (
          <span className="lock" data-testid="bill-locked">
            <span className="lock-icon" aria-hidden="true" />
            {t('bill.locked')}
          </span>
        )}
      </div>
      <ol className="bill-lines" data-testid="bill-lines">
        {lines.map((l) => (
          <li key={l.lineNo} className="bill-line" data-testid="bill-line">
            <span className="line-name">{l.itemCode === null && l.name === '' ? t('bill.quickLine') : l.name}</span>
            <span className="line-qty">
              {l.quantity > 1 ? `${formatYuan(l.unitPriceFen)} × ${l.quantity}` : ''}
            </span>
            <span className="line-amount">{formatYuan(l.amountFen)}</span>
          </li>
        ))}
      </ol>
      <div className="bill-total">
        <span>{t('bill.total')}</span>
        <span className="total-amount" data-testid="bill-total" data-fen={bill.totalFen}>
          {formatYuan(bill.totalFen)}
        </span>
      </div>
    </section>
  );
}
