import { useCallback, useEffect, useRef, useState } from 'react';
import type { BillLookup, BillSearchRow } from '../../../../app/contract/supervisor.js';
import { parseYuan } from '../../../../app/money.js';
import { formatMoney, formatReportTime } from '../../../../app/report/format.js';
import { reportLabel } from '../../../../app/report/labels.js';
import { refreshCounter } from '../../counter-refresh.js';
import { useS, useShowError } from './common.js';
import { refundSearchRequest } from './refund-search.js';
import { isAppError, supCall, useSup } from './sup-store.js';

type Method = 'cash' | 'original';
type Scope = 'day' | 'shift';

const localTime = (ms: number) => formatReportTime(ms, -new Date(ms).getTimezoneOffset()).slice(-8);

/**
 * Refunds and voids. The supervisor picks a paid bill from a list (today or this shift, newest
 * first), narrowed by what is typed — the end of the bill number, an amount, or a time (14:05) —
 * with the arrow keys and Enter. The refund defaults to the original tender where something can
 * carry it out (a back office for barcode / stored-value), and is confirmed with the amount and
 * where the money goes before main records it. A full bill number that is not in the list (an
 * unpaid bill to void) is looked up with Enter.
 */
export function BillsPanel() {
  const { S, locale } = useS();
  const showError = useShowError();
  const [text, setText] = useState('');
  const [scope, setScope] = useState<Scope>('day');
  const [rows, setRows] = useState<BillSearchRow[] | null>(null);
  const [originalRoute, setOriginalRoute] = useState(false);
  const [cursor, setCursor] = useState(0);
  const [found, setFound] = useState<BillLookup | null>(null);
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<Method>('cash');
  const [confirming, setConfirming] = useState<{ amountFen: number; method: Method } | null>(null);
  const [working, setWorking] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);
  /** The text and scope the list on screen answers; Enter before the answer waits for it. */
  const listed = useRef<string | null>(null);
  const enterWaiting = useRef<string | null>(null);

  const search = useCallback(
    async (typed: string, sc: Scope) => {
      const n = ++seq.current;
      try {
        const r = await supCall('bill.search', { ...refundSearchRequest(typed, new Date()), scope: sc, limit: 50 });
        if (n !== seq.current) return;
        setRows(r.bills);
        setOriginalRoute(r.routes.original);
        setCursor(0);
        listed.current = `${sc}|${typed}`;
        if (enterWaiting.current === listed.current) {
          // Enter was pressed before this answer came: open the first bill of THIS list.
          enterWaiting.current = null;
          if (r.bills[0]) void open(r.bills[0].billNo, r.routes.original);
          else if (typed.trim().length >= 8) void open(typed.trim(), r.routes.original);
        }
      } catch (e) {
        if (n !== seq.current) return;
        setRows([]);
        if (isAppError(e) && e.code === 'invalid-input') useSup.getState().setNotice({ tone: 'warn', text: S('bills.searchHint') });
        else showError(e);
      }
    },
    [S, showError],
  );

  useEffect(() => {
    // Keyboard first: the search field has the caret whenever this tab opens.
    searchRef.current?.focus();
  }, []);

  useEffect(() => {
    void search(text, scope);
    // Re-run as the text or the scope changes; main answers from an index.
  }, [text, scope, search]);

  function defaultMethod(l: BillLookup, route: boolean): Method {
    const kinds = [...new Set(l.bill.tenders.filter((t) => t.amountFen > 0).map((t) => t.kind))];
    return kinds.length === 1 && (kinds[0] === 'cash' || route) ? 'original' : 'cash';
  }

  async function open(no: string, route = originalRoute) {
    if (!no.trim()) return;
    try {
      const l = await supCall('bill.lookup', { billNo: no.trim() });
      setFound(l);
      setReason('');
      setAmount('');
      setConfirming(null);
      setMethod(defaultMethod(l, route));
    } catch (e) {
      setFound(null);
      showError(e);
    }
  }

  async function run(fn: () => Promise<string>) {
    if (working) return;
    setWorking(true);
    try {
      const msg = await fn();
      useSup.getState().setNotice({ tone: 'ok', text: msg });
      setConfirming(null);
      if (found) await open(found.bill.billNo);
      void search(text, scope);
      void refreshCounter();
    } catch (e) {
      setConfirming(null);
      showError(e);
    } finally {
      setWorking(false);
    }
  }

  const bill = found?.bill;
  const canVoid = bill && (bill.status === 'open' || bill.status === 'suspended');
  const canRefund = bill && bill.status === 'paid' && bill.kind !== 'refund' && (found?.refundable.remainingFen ?? 0) > 0;
  const tenderKinds = bill ? [...new Set(bill.tenders.filter((t) => t.amountFen > 0).map((t) => t.kind))] : [];
  const paidWith = tenderKinds.map((k) => reportLabel(locale, `tender.${k}`)).join(' + ');
  const onlyKind = tenderKinds.length === 1 ? tenderKinds[0]! : null;
  // "Original" is a real choice only for one non-cash tender with a back office to carry it out.
  const originalPossible = onlyKind !== null && onlyKind !== 'cash' && originalRoute;
  const remaining = found?.refundable.remainingFen ?? 0;

  function destination(m: Method, fen: number): string {
    if (m === 'cash' || onlyKind === 'cash') return S('bills.whereCash', { amount: formatMoney(fen) });
    return S('bills.whereOriginal', { amount: formatMoney(fen), tender: onlyKind ? reportLabel(locale, `tender.${onlyKind}`) : '' });
  }

  function askConfirm() {
    if (!bill || !reason.trim()) return;
    let amountFen = remaining;
    if (amount.trim()) {
      const p = parseYuan(amount);
      if (!p.ok || p.fen <= 0 || p.fen > remaining) {
        useSup.getState().setNotice({ tone: 'error', text: S('bills.amountRange', { max: formatMoney(remaining) }), code: 'amount-out-of-range' });
        return;
      }
      amountFen = p.fen;
    }
    setConfirming({ amountFen, method: onlyKind === 'cash' ? 'original' : method });
  }

  return (
    <div className="sup-panel" data-testid="sup-bills">
      <div className="sup-inline-form">
        <input
          ref={searchRef}
          className="sup-input mono sup-input-search"
          data-testid="bills-search"
          autoFocus
          maxLength={29}
          aria-label={S('bills.search')}
          placeholder={S('bills.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const n = rows?.length ?? 0;
              if (n > 0) setCursor((c) => (e.key === 'ArrowDown' ? Math.min(n - 1, c + 1) : Math.max(0, c - 1)));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              if (listed.current !== `${scope}|${text}`) {
                // The list on screen is for an older text: act on the answer for this one.
                enterWaiting.current = `${scope}|${text}`;
                return;
              }
              const row = rows?.[cursor];
              if (row) void open(row.billNo);
              else if (text.trim().length >= 8) void open(text.trim());
            }
          }}
        />
        <fieldset className="sup-radios" aria-label={S('bills.scope')}>
          {(['day', 'shift'] as const).map((sc) => (
            <label key={sc}>
              <input type="radio" name="bills-scope" data-testid={`bills-scope-${sc}`} checked={scope === sc} onChange={() => setScope(sc)} />
              {S(`bills.scope.${sc}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="sup-muted">{S('bills.searchHint')}</p>

      {rows && rows.length === 0 && (
        <p className="sup-muted" data-testid="bills-empty">
          {S('bills.none')}
        </p>
      )}
      {rows && rows.length > 0 && (
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
                onClick={() => {
                  setCursor(i);
                  void open(r.billNo);
                }}
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
      )}

      {bill && found && (
        <div className="sup-bill" data-testid="bills-found" data-status={bill.status} data-kind={bill.kind} data-bill-no={bill.billNo}>
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

          {canVoid && (
            <form
              className="sup-inline-form"
              data-testid="bills-void-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (!reason.trim()) return;
                void run(async () => {
                  const b = await supCall('bill.void', { billNo: bill.billNo, reason: reason.trim() });
                  return S('bills.voidDone', { billNo: b.billNo });
                });
              }}
            >
              <p>{S('bills.notPaid')}</p>
              <input className="sup-input" data-testid="bills-reason" required maxLength={200} placeholder={S('bills.voidReason')} aria-label={S('bills.voidReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button type="submit" className="btn btn-danger" data-testid="bills-void" disabled={working || !reason.trim()}>
                {S('bills.void')}
              </button>
            </form>
          )}

          {canRefund && !confirming && (
            <form
              className="sup-refund-form"
              data-testid="bills-refund-form"
              data-method={onlyKind === 'cash' ? 'original' : method}
              onSubmit={(e) => {
                e.preventDefault();
                askConfirm();
              }}
            >
              <label className="sup-field">
                <span>{S('bills.refundAmount', { max: formatMoney(remaining) })}</span>
                <input
                  className="sup-input"
                  data-testid="bills-amount"
                  inputMode="decimal"
                  autoFocus
                  placeholder={formatMoney(remaining)}
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                />
              </label>
              <fieldset className="sup-radios">
                <legend>{S('bills.method')}</legend>
                {onlyKind === 'cash' ? (
                  <label>
                    <input type="radio" name="refund-method" data-testid="bills-method-original" checked readOnly />
                    {S('bills.method.cashBill')}
                  </label>
                ) : (
                  <>
                    {originalPossible && (
                      <label>
                        <input type="radio" name="refund-method" data-testid="bills-method-original" checked={method === 'original'} onChange={() => setMethod('original')} />
                        {S('bills.method.original', { tender: reportLabel(locale, `tender.${onlyKind!}`) })}
                      </label>
                    )}
                    <label>
                      <input type="radio" name="refund-method" data-testid="bills-method-cash" checked={method === 'cash'} onChange={() => setMethod('cash')} />
                      {S('bills.method.cash')}
                    </label>
                  </>
                )}
              </fieldset>
              {onlyKind !== 'cash' && !originalPossible && (
                <p className="sup-hint" data-testid="bills-no-original">
                  {onlyKind !== null ? S('bills.noOriginalRoute', { tender: reportLabel(locale, `tender.${onlyKind}`) }) : S('bills.mixedTender')}
                </p>
              )}
              <label className="sup-field">
                <span>{S('bills.refundReason')}</span>
                <input className="sup-input" data-testid="bills-reason" required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit" className="btn btn-danger" data-testid="bills-refund" disabled={working || !reason.trim()}>
                {S('bills.refund')} <kbd>Enter</kbd>
              </button>
            </form>
          )}

          {canRefund && confirming && (
            <div className="sup-confirm" data-testid="bills-refund-confirm" data-method={confirming.method} data-fen={confirming.amountFen}
              role="alertdialog"
              onKeyDown={(e) => {
                // Esc steps back to the form (not out of the supervisor screen).
                if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  setConfirming(null);
                }
              }}
            >
              <p className="sup-confirm-title">{S('bills.confirmTitle', { amount: formatMoney(confirming.amountFen), billNo: bill.billNo })}</p>
              <p data-testid="bills-refund-where">{destination(confirming.method, confirming.amountFen)}</p>
              <div className="sup-actions">
                <button
                  type="button"
                  className="btn btn-danger"
                  data-testid="bills-refund-yes"
                  autoFocus
                  disabled={working}
                  onClick={() =>
                    void run(async () => {
                      const b = await supCall('bill.refund', {
                        billNo: bill.billNo,
                        method: confirming.method,
                        reason: reason.trim(),
                        amountFen: confirming.amountFen,
                      });
                      return S('bills.refundDone', { amount: formatMoney(b.totalFen), billNo: b.billNo });
                    })
                  }
                >
                  {S('bills.confirmYes')}
                </button>
                <button type="button" className="btn" data-testid="bills-refund-no" onClick={() => setConfirming(null)}>
                  {S('bills.confirmNo')} <kbd>Esc</kbd>
                </button>
              </div>
            </div>
          )}
          {bill.kind === 'refund' && <p className="sup-muted">{S('bills.refundKind')}</p>}
          {!canVoid && !canRefund && bill.kind !== 'refund' && <p className="sup-muted">{S('bills.cannot')}</p>}
        </div>
      )}
    </div>
  );
}
