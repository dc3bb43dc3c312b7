import { useCallback, useEffect, useState } from 'react';
import type { ReportTarget, ShiftHistoryRow } from '../../../../app/contract/supervisor.js';
import { formatMoney, formatReportTime } from '../../../../app/report/format.js';
import type { ReportData } from '../../../../app/report/schema.js';
import { Loading, useS, useShowError } from './common.js';
import { ReportPanel } from './ReportPanel.js';
import { supCall } from './sup-store.js';

const DAY = 86_400_000;
const p2 = (n: number) => String(n).padStart(2, '0');
/** yyyy-mm-dd of a local date. */
const isoDay = (d: Date) => `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
/** Local midnight of a yyyy-mm-dd. */
const dayStart = (s: string): number => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
};
const localTime = (ms: number) => formatReportTime(ms, -new Date(ms).getTimezoneOffset()).slice(0, 16);

interface Shown {
  data: ReportData;
  target: ReportTarget;
  amended: boolean;
  current: ReportData | null;
}

/** Past shifts by date range; a shift's Z report (as issued), or a summary of the whole range. */
export function HistoryPanel() {
  const { S } = useS();
  const showError = useShowError();
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 6 * DAY)));
  const [to, setTo] = useState(isoDay(today));
  const [rows, setRows] = useState<ShiftHistoryRow[] | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [showCurrent, setShowCurrent] = useState(false);

  const range = useCallback(() => ({ from: dayStart(from), to: dayStart(to) + DAY }), [from, to]);
  const search = useCallback(() => {
    setShown(null);
    supCall('shift.history', range()).then((r) => setRows(r.shifts), showError);
  }, [range, showError]);
  useEffect(search, []); // eslint-disable-line react-hooks/exhaustive-deps

  async function view(row: ShiftHistoryRow) {
    try {
      if (row.status === 'closed') {
        const z = await supCall('report.z', { shiftId: row.id });
        setShown({
          data: z.issued,
          target: { kind: 'z', shiftId: row.id },
          amended: z.current !== null,
          current: z.current,
        });
      } else {
        setShown({
          data: await supCall('report.shift', { shiftId: row.id }),
          target: { kind: 'shift', shiftId: row.id },
          amended: false,
          current: null,
        });
      }
      setShowCurrent(false);
    } catch (e) {
      showError(e);
    }
  }

  async function summary() {
    try {
      const r = range();
      setShown({
        data: await supCall('report.range', r),
        target: { kind: 'range', ...r },
        amended: false,
        current: null,
      });
    } catch (e) {
      showError(e);
    }
  }

  if (shown) {
    const current = showCurrent && shown.current;
    return (
      <div className="sup-panel" data-testid="sup-history-report">
        <div className="sup-actions">
          <button type="button" className="btn" data-testid="history-back" onClick={() => setShown(null)}>
            ← {S('tab.history')}
          </button>
          {shown.amended && (
            <span className="sup-hint" data-testid="history-amended">
              {S('z.amended')}{' '}
              <button type="button" className="btn btn-link" onClick={() => setShowCurrent(!showCurrent)}>
                {S(showCurrent ? 'z.showIssued' : 'z.showCurrent')}
              </button>
            </span>
          )}
        </div>
        {current ? (
          <ReportPanel data={current} target={{ kind: 'shift', shiftId: current.shifts[0]!.id }} />
        ) : (
          <ReportPanel data={shown.data} target={shown.target} amended={shown.amended} />
        )}
      </div>
    );
  }

  return (
    <div className="sup-panel" data-testid="sup-history">
      <form
        className="sup-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <label>
          {S('history.from')}{' '}
          <input
            type="date"
            className="sup-input"
            data-testid="history-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          {S('history.to')}{' '}
          <input
            type="date"
            className="sup-input"
            data-testid="history-to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="history-search">
          {S('history.search')}
        </button>
        <button type="button" className="btn" data-testid="history-range" onClick={() => void summary()}>
          {S('history.range')}
        </button>
      </form>
      {rows === null ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p className="sup-muted">{S('history.none')}</p>
      ) : (
        <table className="sup-table" data-testid="history-table">
          <thead>
            <tr>
              <th className="sup-t">{S('history.shift')}</th>
              <th className="sup-t">{S('history.opened')}</th>
              <th className="sup-t">{S('history.closed')}</th>
              <th className="sup-n">{S('history.net')}</th>
              <th className="sup-n">{S('history.difference')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="history-row" data-shift-id={r.id} data-status={r.status}>
                <td className="sup-t">
                  #{r.id} {r.operatorNo}
                </td>
                <td className="sup-t">{localTime(r.openedAt)}</td>
                <td className="sup-t">
                  {r.closedAt === null ? S('history.open') : `${localTime(r.closedAt)} ${r.closedBy ?? ''}`}
                </td>
                <td className="sup-n" data-value={r.netFen}>
                  {formatMoney(r.netFen)}
                </td>
                <td className={`sup-n${r.differenceFen ? ' sup-neg' : ''}`} data-value={r.differenceFen ?? ''}>
                  {r.differenceFen === null ? '—' : formatMoney(r.differenceFen)}
                </td>
                <td>
                  <button type="button" className="btn" data-testid="history-view" onClick={() => void view(r)}>
                    {S('history.view')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
