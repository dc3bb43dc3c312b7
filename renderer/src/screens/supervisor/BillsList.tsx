import type { BillSearchRow } from '../../../../app/contract/supervisor.js';
import { formatMoney, formatReportTime } from '../../../../app/report/format.js';
import { reportLabel } from '../../../../app/report/labels.js';
import { useS } from './common.js';

const localTime = (ms: number) => formatReportTime(ms, -new Date(ms).getTimezoneOffset()).slice(-8);

/** The paid bills a refund can start from (newest first), the one under the cursor marked. */
export function BillsList({
  rows,
  cursor,
  onPick,
}: {
  rows: BillSearchRow[] | null;
  cursor: number;
  onPick(index: number, billNo: string): void;
}) {
  const { S, locale } = useS();
  if (!rows) return null;
  if (rows.length === 0) {
    return (
      <p className="sup-muted" data-testid="bills-empty">
        {S('bills.none')}
      </p>
    );
  }
  return (
    <table className="sup-table" data-testid="bills-list" role="listbox" aria-label={S('bills.list')}>
      <thead>
        <tr>
          <th className="sup-t">{S('bills.time')}</th>
          <th className="sup-t">{S('bills.billNo')}</th>
          <th className="sup-n">{S('bills.total')}</th>
          <th className="sup-t">{S('bills.paidWith')}</th>
          <th className="sup-n">{S('bills.remaining')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr
            key={r.billNo}
            role="option"
            aria-selected={i === cursor}
            className={i === cursor ? 'sup-row-selected' : undefined}
            data-testid="bills-row"
            data-bill-no={r.billNo}
            data-selected={i === cursor ? 'yes' : 'no'}
            onClick={() => onPick(i, r.billNo)}
          >
            <td className="sup-t mono">{localTime(r.closedAt)}</td>
            <td className="sup-t mono">
              {r.billNo.slice(0, -4)}
              <strong>{r.billNo.slice(-4)}</strong>
            </td>
            <td className="sup-n">{formatMoney(r.totalFen)}</td>
            <td className="sup-t">{r.tenderKinds.map((k) => reportLabel(locale, `tender.${k}`)).join(' + ')}</td>
            <td className="sup-n">{formatMoney(r.remainingFen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
