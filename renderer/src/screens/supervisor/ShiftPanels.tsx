import { useCallback, useEffect, useMemo, useState } from 'react';
import { cashDifferenceFen, countTotalFen, DENOMINATIONS_FEN } from '../../../../app/report/cash.js';
import { formatDenomination, formatMoney } from '../../../../app/report/format.js';
import type { ReportData } from '../../../../app/report/schema.js';
import { refreshSession } from '../../counter-refresh.js';
import { useCounter } from '../../store/index.js';
import { Loading, useS, useShowError } from './common.js';
import { ReportPanel } from './ReportPanel.js';
import { isAppError, supCall, useSup } from './sup-store.js';

/** The open shift's X report (or "no shift"). */
export function useXReport(): { data: ReportData | null; noShift: boolean; loading: boolean; reload: () => void } {
  const showError = useShowError();
  const [data, setData] = useState<ReportData | null>(null);
  const [noShift, setNoShift] = useState(false);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(() => {
    setLoading(true);
    supCall('report.x', {})
      .then((d) => {
        setData(d);
        setNoShift(false);
      })
      .catch((e: unknown) => {
        setData(null);
        if (isAppError(e) && e.code === 'shift-not-open') setNoShift(true);
        else showError(e);
      })
      .finally(() => setLoading(false));
  }, [showError]);
  useEffect(reload, [reload]);
  return { data, noShift, loading, reload };
}

function NoShift() {
  const { S } = useS();
  return (
    <div className="sup-empty" data-testid="sup-no-shift">
      <h2>{S('noShift.title')}</h2>
      <p className="sup-muted">{S('noShift.sub')}</p>
    </div>
  );
}

export function XPanel() {
  const { S } = useS();
  const { data, noShift, loading, reload } = useXReport();
  return (
    <div className="sup-panel" data-testid="sup-x">
      <div className="sup-actions">
        <button type="button" className="btn" data-testid="sup-refresh" onClick={reload}>
          {S('refresh')}
        </button>
      </div>
      {loading && !data ? (
        <Loading />
      ) : noShift ? (
        <NoShift />
      ) : data ? (
        <ReportPanel data={data} target={{ kind: 'x' }} />
      ) : null}
    </div>
  );
}

type Pieces = Record<string, string>;
/** No count typed yet (one object, so the totals below are not recomputed on every render). */
const NO_PIECES: Pieces = {};

/** 交班: count by denomination, see expected vs counted, note, confirm; then the Z report. */
export function ClosePanel() {
  const { S } = useS();
  const showError = useShowError();
  const { data, noShift, loading, reload } = useXReport();
  const policy = useSup((s) => s.check?.policy.openPaymentsAtClose ?? 'authorise');
  // The shop's policy is a supervisor's choice: read only when open by a cashier's grant.
  const byGrant = useSup((s) => s.byGrant !== null);
  const shiftId = data?.shifts[0]?.id ?? null;
  // The count lives in the supervisor store: it survives switching tabs until the close is done or cancelled.
  const draft = useSup((s) => (s.closeDraft && s.closeDraft.shiftId === shiftId ? s.closeDraft : null));
  const pieces: Pieces = draft?.pieces ?? NO_PIECES;
  const note = draft?.note ?? '';
  const accept = draft?.accept ?? false;
  const edit = (patch: Partial<{ pieces: Pieces; note: string; accept: boolean }>) => {
    if (shiftId !== null) useSup.getState().editCloseDraft(shiftId, patch);
  };
  const setPieces = (p: Pieces) => edit({ pieces: p });
  const setNote = (n: string) => edit({ note: n });
  const setAccept = (a: boolean) => edit({ accept: a });
  // What blocks the close, said before anyone starts counting: a bill still open on the counter.
  const counterBill = useCounter((s) => s.bill);
  const openBill =
    counterBill && (counterBill.status === 'open' || counterBill.status === 'locked') ? counterBill : null;
  const [confirming, setConfirming] = useState(false);
  const [busyBill, setBusyBill] = useState<string | null>(null);
  const [z, setZ] = useState<ReportData | null>(null);
  const [sending, setSending] = useState(false);

  const detail = useMemo(() => {
    const d: Record<string, number> = {};
    for (const denom of DENOMINATIONS_FEN) {
      const raw = (pieces[String(denom)] ?? '').trim();
      const n = raw === '' ? 0 : Number(raw);
      d[String(denom)] = Number.isSafeInteger(n) && n >= 0 && n <= 100_000 ? n : NaN;
    }
    return d;
  }, [pieces]);
  const valid = Object.values(detail).every((n) => !Number.isNaN(n));
  const counted = valid ? countTotalFen(Object.fromEntries(Object.entries(detail).filter(([, n]) => n > 0))) : null;
  const expected = data?.cash.expectedFen ?? null;
  const difference = counted !== null && expected !== null ? cashDifferenceFen(counted, expected) : null;
  const openPayments = data?.payments.open ?? [];
  const blocked = (openPayments.length > 0 && (policy === 'block' || !accept)) || openBill !== null;
  const counting = Object.values(pieces).some((v) => v.trim() !== '') || note.trim() !== '';

  async function submit() {
    if (counted === null || sending) return;
    setSending(true);
    try {
      const countDetail = Object.fromEntries(Object.entries(detail).filter(([, n]) => n > 0));
      const r = await supCall('shift.close', {
        countDetail,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(accept ? { acceptOpenPayments: true } : {}),
      });
      setZ(r.report);
      useSup.getState().clearCloseDraft();
      useSup.getState().setNotice({ tone: 'ok', text: S('close.done') });
      void refreshSession();
    } catch (e) {
      setConfirming(false);
      if (isAppError(e) && e.code === 'bill-locked' && e.details?.['reason'] === 'bill-open-at-close') {
        const no = String(e.details['billNo'] ?? '');
        setBusyBill(no);
        showError(e, S('close.busy', { billNo: no }));
      } else {
        showError(e);
        reload();
      }
    } finally {
      setSending(false);
    }
  }

  useEffect(() => {
    // The Z report starts at its top, not where the count form was scrolled to.
    if (z) document.querySelector('.sup-body')?.scrollTo(0, 0);
  }, [z]);

  if (z) {
    return (
      <div className="sup-panel" data-testid="z-report">
        <ReportPanel data={z} target={{ kind: 'z', shiftId: z.shifts[0]!.id }} />
      </div>
    );
  }
  if (loading && !data) return <Loading />;
  if (noShift || !data) return <NoShift />;

  return (
    <div className="sup-panel sup-close" data-testid="sup-close">
      <h2>{S('close.title')}</h2>
      <p className="sup-muted">{S('close.sub')}</p>
      {(openBill || (openPayments.length > 0 && policy === 'block')) && (
        <div className="sup-open-payments" role="alert" data-testid="close-blockers">
          <p>
            <strong>{S('close.blockedTitle')}</strong>
          </p>
          <ul>
            {openBill && (
              <li data-testid="close-blocker-bill" data-bill-no={openBill.billNo}>
                {S('close.blockerBill', { billNo: openBill.billNo, amount: formatMoney(openBill.totalFen) })}
              </li>
            )}
            {openPayments.length > 0 && policy === 'block' && (
              <li data-testid="close-blocker-payments">{S('close.blockerPayments', { n: data.payments.openCount })}</li>
            )}
          </ul>
        </div>
      )}
      <div className="sup-close-grid">
        <table className="sup-table sup-count" data-testid="count-table">
          <thead>
            <tr>
              <th className="sup-t">{S('close.denomination')}</th>
              <th className="sup-n">{S('close.pieces')}</th>
              <th className="sup-n">{S('close.subtotal')}</th>
            </tr>
          </thead>
          <tbody>
            {DENOMINATIONS_FEN.map((denom, i) => {
              const n = detail[String(denom)] ?? 0;
              return (
                <tr key={denom}>
                  <td className="sup-t">{formatDenomination(denom)}</td>
                  <td className="sup-n">
                    <input
                      className="sup-input sup-input-count"
                      inputMode="numeric"
                      autoComplete="off"
                      autoFocus={i === 0}
                      data-testid={`count-${denom}`}
                      aria-label={`${formatDenomination(denom)} ${S('close.pieces')}`}
                      aria-invalid={Number.isNaN(n)}
                      value={pieces[String(denom)] ?? ''}
                      onChange={(e) =>
                        setPieces({ ...pieces, [String(denom)]: e.target.value.replace(/[^\d]/g, '').slice(0, 6) })
                      }
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') {
                          e.preventDefault();
                          const next = document.querySelector<HTMLInputElement>(
                            `[data-testid="count-${DENOMINATIONS_FEN[i + 1] ?? 'note'}"]`,
                          );
                          (next ?? document.querySelector<HTMLElement>('[data-testid="close-note"]'))?.focus();
                        }
                      }}
                    />
                  </td>
                  <td className="sup-n">{Number.isNaN(n) ? '—' : formatMoney(denom * n)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>

        <div className="sup-close-side">
          <div className="sup-figures sup-figures-col">
            <div className="sup-figure" data-testid="close-expected" data-fen={expected ?? ''}>
              <div className="sup-figure-label">{S('close.expected')}</div>
              <div className="sup-figure-value">{expected === null ? '—' : formatMoney(expected)}</div>
            </div>
            <div className="sup-figure" data-testid="close-counted" data-fen={counted ?? ''}>
              <div className="sup-figure-label">{S('close.counted')}</div>
              <div className="sup-figure-value">{counted === null ? '—' : formatMoney(counted)}</div>
            </div>
            <div
              className={`sup-figure sup-tone-${difference === null ? 'normal' : difference === 0 ? 'ok' : 'bad'}`}
              data-testid="close-difference"
              data-fen={difference ?? ''}
            >
              <div className="sup-figure-label">{S('close.difference')}</div>
              <div className="sup-figure-value">{difference === null ? '—' : formatMoney(difference)}</div>
            </div>
          </div>
          <label className="sup-field">
            <span>{S('close.note')}</span>
            <textarea
              className="sup-input"
              data-testid="close-note"
              maxLength={200}
              rows={2}
              placeholder={S('close.notePlaceholder')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          {difference !== null && difference !== 0 && !note.trim() && <p className="sup-hint">{S('close.noteHint')}</p>}

          {openPayments.length > 0 && (
            <div className="sup-open-payments" data-testid="close-open-payments" data-count={data.payments.openCount}>
              <p>{S('close.open', { n: data.payments.openCount })}</p>
              <ul>
                {openPayments.map((a) => (
                  <li key={a.attemptId}>
                    <span className="mono">{a.billNo}</span> {formatMoney(a.amountFen)}
                  </li>
                ))}
              </ul>
              {policy === 'block' ? (
                <p className="sup-hint">{S('close.openBlock')}</p>
              ) : (
                <label className="sup-check">
                  <input
                    type="checkbox"
                    data-testid="close-accept-open"
                    checked={accept}
                    onChange={(e) => setAccept(e.target.checked)}
                  />
                  {S('close.openAccept')}
                </label>
              )}
            </div>
          )}
          {busyBill && (
            <p className="sup-hint" data-testid="close-busy">
              {S('close.busy', { billNo: busyBill })}
            </p>
          )}
          <label className="sup-field sup-policy">
            <span>{S('close.policy')}</span>
            <select
              className="sup-input"
              data-testid="close-policy"
              value={policy}
              disabled={byGrant}
              onChange={(e) => {
                const openPaymentsAtClose = e.target.value === 'block' ? 'block' : 'authorise';
                supCall('supervisor.setPolicy', { openPaymentsAtClose }).then((p) => {
                  const check = useSup.getState().check;
                  if (check) useSup.setState({ check: { ...check, policy: p } });
                }, showError);
              }}
            >
              <option value="authorise">{S('policy.authorise')}</option>
              <option value="block">{S('policy.block')}</option>
            </select>
          </label>

          {confirming && counted !== null && expected !== null && difference !== null ? (
            <div className="sup-confirm" data-testid="close-confirm">
              <p>
                {S('close.confirm', {
                  counted: formatMoney(counted),
                  expected: formatMoney(expected),
                  difference: formatMoney(difference),
                })}
              </p>
              <div className="sup-actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  data-testid="close-confirm-yes"
                  autoFocus
                  disabled={sending}
                  onClick={() => void submit()}
                >
                  {S('close.yes')}
                </button>
                <button
                  type="button"
                  className="btn"
                  data-testid="close-confirm-no"
                  onClick={() => setConfirming(false)}
                >
                  {S('close.no')}
                </button>
              </div>
            </div>
          ) : (
            <div className="sup-actions">
              <button
                type="button"
                className="btn btn-primary btn-wide"
                data-testid="close-submit"
                disabled={counted === null || blocked}
                onClick={() => setConfirming(true)}
              >
                {S('close.submit')}
              </button>
              {counting && (
                <button
                  type="button"
                  className="btn"
                  data-testid="close-cancel"
                  onClick={() => {
                    useSup.getState().clearCloseDraft();
                    setBusyBill(null);
                  }}
                >
                  {S('close.cancel')}
                </button>
              )}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
