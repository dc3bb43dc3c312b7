import type { BillLookup } from '../../../../app/contract/supervisor.js';
import { formatMoney } from '../../../../app/report/format.js';
import { reportLabel } from '../../../../app/report/labels.js';
import { useS } from './common.js';

/** The bill that was looked up: number, status, total, tenders, what is refunded and left, its lines. */
export function BillSummary({ found, paidWith }: { found: BillLookup; paidWith: string }) {
  const { S, locale } = useS();
  const bill = found.bill;
  return (
    <>
      <dl className="sup-meta">
        <div>
          <dt>{S('bills.billNo')}</dt>
          <dd className="mono">{bill.billNo}</dd>
        </div>
        <div>
          <dt>{S('bills.status')}</dt>
          <dd>{reportLabel(locale, `status.${bill.status}`)}</dd>
        </div>
        <div>
          <dt>{S('bills.total')}</dt>
          <dd data-testid="bills-total" data-fen={bill.totalFen}>
            {formatMoney(bill.totalFen)}
          </dd>
        </div>
        {paidWith && (
          <div>
            <dt>{S('bills.paidWith')}</dt>
            <dd data-testid="bills-paid-with">{paidWith}</dd>
          </div>
        )}
        {bill.status === 'paid' && bill.kind !== 'refund' && (
          <>
            <div>
              <dt>{S('bills.refunded')}</dt>
              <dd>{formatMoney(found.refundable.refundedFen)}</dd>
            </div>
            <div>
              <dt>{S('bills.remaining')}</dt>
              <dd data-testid="bills-remaining" data-fen={found.refundable.remainingFen}>
                {formatMoney(found.refundable.remainingFen)}
              </dd>
            </div>
          </>
        )}
      </dl>
      <ul className="sup-list sup-list-quiet">
        {bill.lines
          .filter((l) => !l.voided)
          .map((l) => (
            <li key={l.lineNo}>
              {l.name} × {l.quantity} {formatMoney(l.amountFen)}
            </li>
          ))}
      </ul>
    </>
  );
}
