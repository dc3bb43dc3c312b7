import { useCallback, useEffect, useState } from 'react';
import type { ReconcileReport, ReconcileRow } from '../../../../app/contract/reconcile.js';
import { formatYuan } from '../../../../app/money.js';
import { errorText } from '../../i18n/index.js';
import { clockTime } from '../../i18n/useT.js';
import { downloadBase64 } from '../supervisor/files.js';
import { isAppError, supCall, useSup } from '../supervisor/sup-store.js';
import './backoffice.css';
import { useBo, type BoKey } from './texts.js';

/** Today in China time (the ERP's clock), YYYY-MM-DD. */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const ERROR_KEYS: Partial<Record<string, BoKey>> = {
  'backoffice-unreachable': 'rec.err.unreachable',
  'backoffice-rejected': 'rec.err.rejected',
  'backoffice-not-configured': 'rec.err.notConfigured',
};

/** The ERP's own words (Chinese) are shown on the zh-CN screen only when they are Chinese. */
function hasCjk(s: string): boolean {
  return /[\u4e00-\u9fff]/.test(s);
}

function reasonKey(r: ReconcileRow): BoKey | null {
  if (r.status === 'erp-only') return 'rec.reason.erpOnly';
  if (r.reason) return `rec.reason.${r.reason}`;
  return r.amountMismatch ? 'rec.mismatch' : null;
}

/**
 * 校宝对账 (supervisor tab, Alt+-): pick a day, compare the counter's Xiaobao postings with the
 * ERP's account changes of that day; 重试 a counter-only posting; export CSV / XLSX.
 */
export function ReconcilePanel() {
  const { B, locale } = useBo();
  const setNotice = useSup((s) => s.setNotice);
  const [day, setDay] = useState(chinaToday);
  const [report, setReport] = useState<ReconcileReport | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const showDetail = (d: string | null): d is string => d !== null && (locale === 'en' || hasCjk(d));

  const fail = useCallback(
    (e: unknown) => {
      const key = isAppError(e) ? ERROR_KEYS[e.code] : undefined;
      setNotice({
        tone: 'error',
        text: key ? B(key) : isAppError(e) ? errorText(locale, e) : String(e),
        ...(isAppError(e) ? { code: e.code } : {}),
      });
    },
    [B, locale, setNotice],
  );

  const load = useCallback(
    async (d: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) {
        setNotice({ tone: 'error', text: B('rec.err.day') });
        return;
      }
      setBusy('load');
      try {
        setReport(await supCall('xiaobao.reconcile', { day: d }));
        setNotice(null);
      } catch (e) {
        setReport(null);
        fail(e);
      } finally {
        setBusy(null);
      }
    },
    [B, fail, setNotice],
  );

  useEffect(() => {
    void load(chinaToday());
  }, [load]);

  async function retry(billNo: string) {
    if (busy || !report) return;
    setBusy(`retry:${billNo}`);
    try {
      const r = await supCall('xiaobao.reconcile.retry', { day: report.day, billNo });
      setReport(r.report);
      setNotice({
        tone: r.outcome === 'refused' ? 'error' : r.outcome === 'unknown' ? 'warn' : 'ok',
        text: B(`rec.outcome.${r.outcome}`, { billNo, detail: showDetail(r.detail) ? r.detail : '' }),
      });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  }

  async function exportAs(format: 'csv' | 'xlsx') {
    if (busy || !report) return;
    setBusy(`export:${format}`);
    try {
      const f = await supCall('xiaobao.reconcile.export', { day: report.day, format, locale });
      downloadBase64(f.fileName, f.mimeType, f.base64);
      setNotice({ tone: 'ok', text: B('rec.exported', { file: f.fileName }) });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  }

  const c = report?.counts;
  return (
    <div
      className="sup-panel rec-panel"
      data-testid="sup-xbreconcile"
      data-state={busy ?? (report ? 'ready' : 'empty')}
    >
      <form
        className="sup-actions"
        onSubmit={(e) => {
          e.preventDefault();
          void load(day);
        }}
      >
        <label className="sup-field">
          <span>{B('rec.day')}</span>
          <input
            className="sup-input"
            type="date"
            data-testid="rec-day"
            value={day}
            onChange={(e) => setDay(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="rec-load" disabled={busy !== null}>
          {B('rec.load')}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="rec-export-csv"
          disabled={busy !== null || !report}
          onClick={() => void exportAs('csv')}
        >
          {B('rec.export.csv')}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="rec-export-xlsx"
          disabled={busy !== null || !report}
          onClick={() => void exportAs('xlsx')}
        >
          {B('rec.export.xlsx')}
        </button>
      </form>
      {busy === 'load' && <p className="sup-muted">{B('rec.loading')}</p>}
      {report && c && (
        <>
          {report.source === 'sandbox' && <p className="sup-hint">{B('rec.source.sandbox')}</p>}
          <p
            data-testid="rec-summary"
            data-matched={c.matched}
            data-erp-only={c.erpOnly}
            data-counter-only={c.counterOnly}
            className={c.erpOnly + c.counterOnly + c.amountMismatch > 0 ? 'sup-tone-warn' : 'sup-ok'}
          >
            {B('rec.summary', { m: c.matched, e: c.erpOnly, c: c.counterOnly, a: c.amountMismatch })}
          </p>
          {report.erpDeskOrders > 0 && <p className="sup-muted">{B('rec.desk', { n: report.erpDeskOrders })}</p>}
          {report.rows.length === 0 ? (
            <p className="sup-muted" data-testid="rec-none">
              {B('rec.none')}
            </p>
          ) : (
            <div className="sup-table-wrap">
              <table className="sup-table" data-testid="rec-table">
                <thead>
                  <tr>
                    <th>{B('rec.col.status')}</th>
                    <th>{B('rec.col.billNo')}</th>
                    <th>{B('rec.col.student')}</th>
                    <th>{B('rec.col.counter')}</th>
                    <th>{B('rec.col.erp')}</th>
                    <th>{B('rec.col.time')}</th>
                    <th>{B('rec.col.reason')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((r) => {
                    const rk = reasonKey(r);
                    const at = r.counterAt ?? r.erpAt;
                    return (
                      <tr
                        key={`${r.status}:${r.billNo}`}
                        data-testid={`rec-row-${r.billNo}`}
                        data-status={r.status}
                        data-mismatch={r.amountMismatch ? 'yes' : 'no'}
                      >
                        <td className={r.status === 'matched' && !r.amountMismatch ? 'sup-ok' : 'sup-tone-warn'}>
                          {B(`rec.status.${r.status}`)}
                        </td>
                        <td className="mono">{r.billNo}</td>
                        <td>
                          {r.stuName ?? (r.stuInfoId !== null ? B('rec.studentNo', { id: r.stuInfoId }) : '—')}
                          {r.kind ? ` · ${B(`rec.kind.${r.kind}`)}` : ''}
                        </td>
                        <td className="num">{r.counterAmountFen === null ? '—' : formatYuan(r.counterAmountFen)}</td>
                        <td className="num">{r.erpAmountFen === null ? '—' : formatYuan(r.erpAmountFen)}</td>
                        <td>{at === null ? '—' : clockTime(at)}</td>
                        <td className="rec-reason" title={r.detail ?? undefined}>
                          {rk ? B(rk) : ''}
                          {showDetail(r.detail) ? `${locale === 'en' ? ': ' : '：'}${r.detail}` : ''}
                        </td>
                        <td>
                          {r.canRetry && (
                            <button
                              type="button"
                              className="btn btn-small"
                              data-testid={`rec-retry-${r.billNo}`}
                              disabled={busy !== null}
                              onClick={() => void retry(r.billNo)}
                            >
                              {busy === `retry:${r.billNo}` ? B('rec.retrying') : B('rec.retry')}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
