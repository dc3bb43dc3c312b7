import { useCallback, useEffect, useRef, useState } from 'react';
import type { BillLookup, BillSearchRow } from '../../../../app/contract/supervisor.js';
import { parseYuan } from '../../../../app/money.js';
import { formatMoney } from '../../../../app/report/format.js';
import { reportLabel } from '../../../../app/report/labels.js';
import { refreshCounter } from '../../counter-refresh.js';
import { RefundConfirm, RefundForm, VoidForm, type RefundMethod } from './BillActions.js';
import { BillsList } from './BillsList.js';
import { BillSummary } from './BillSummary.js';
import { useS as useSplitS } from '../../split/texts.js';
import { useS, useShowError } from './common.js';
import { refundSearchRequest } from './refund-search.js';
import { isAppError, supCall, useSup } from './sup-store.js';

type Method = RefundMethod;
type Scope = 'day' | 'shift';

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
  const { S: splitS } = useSplitS();
  const showError = useShowError();
  // A bill handed over from 单据查询 (its 退款 button) is searched and opened at once.
  const [handedOver] = useState(() => {
    const no = useSup.getState().refundBillNo;
    if (no) useSup.getState().handOverRefund(null);
    return no;
  });
  const [text, setText] = useState(handedOver ?? '');
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
  /** The scope and text the rendered list answers (state, so it never runs ahead of `rows`). */
  const [listedKey, setListedKey] = useState<string | null>(null);
  /** Enter pressed before the list for its text was on screen: opened once that list renders. */
  const enterWaiting = useRef<string | null>(null);
  /** `open` of the latest render, for an answer that comes back after the Enter it waited for. */
  const openLatest = useRef<(no: string, route?: boolean) => Promise<void>>(() => Promise.resolve());

  const search = useCallback(
    async (typed: string, sc: Scope) => {
      const n = ++seq.current;
      try {
        const r = await supCall('bill.search', { ...refundSearchRequest(typed, new Date()), scope: sc, limit: 50 });
        if (n !== seq.current) return;
        setRows(r.bills);
        setOriginalRoute(r.routes.original);
        setCursor(0);
        setListedKey(`${sc}|${typed}`);
      } catch (e) {
        if (n !== seq.current) return;
        setRows([]);
        setListedKey(`${sc}|${typed}`);
        if (isAppError(e) && e.code === 'invalid-input')
          useSup.getState().setNotice({ tone: 'warn', text: S('bills.searchHint') });
        else showError(e);
      }
    },
    [S, showError],
  );

  useEffect(() => {
    // Keyboard first: the search field has the caret whenever this tab opens.
    searchRef.current?.focus();
    if (handedOver) void openLatest.current(handedOver);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    void search(text, scope);
    // Re-run as the text or the scope changes; main answers from an index.
  }, [text, scope, search]);

  useEffect(() => {
    // Enter was pressed before this list was on screen: open the first bill of THIS list.
    if (listedKey === null || enterWaiting.current !== listedKey) return;
    enterWaiting.current = null;
    const typed = listedKey.slice(listedKey.indexOf('|') + 1).trim();
    if (rows?.[0]) void openLatest.current(rows[0].billNo);
    else if (typed.length >= 8) void openLatest.current(typed);
  }, [listedKey, rows]);

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
  openLatest.current = open;

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
  // Split payment: a partly paid bill is cancelled by refunding its paid parts (it is voided with them).
  const partlyPaid =
    bill !== undefined &&
    (bill.status === 'open' || bill.status === 'suspended') &&
    bill.kind !== 'refund' &&
    bill.tenders.some((t) => t.amountFen > 0);
  const canVoid = bill && (bill.status === 'open' || bill.status === 'suspended') && !partlyPaid;
  const canRefund =
    bill &&
    (bill.status === 'paid' || partlyPaid) &&
    bill.kind !== 'refund' &&
    (found?.refundable.remainingFen ?? 0) > 0;
  const tenderKinds = bill ? [...new Set(bill.tenders.filter((t) => t.amountFen > 0).map((t) => t.kind))] : [];
  const paidWith = tenderKinds.map((k) => reportLabel(locale, `tender.${k}`)).join(' + ');
  const onlyKind = tenderKinds.length === 1 ? tenderKinds[0]! : null;
  // "Original" is a real choice only for one non-cash tender with a back office to carry it out.
  const originalPossible = onlyKind !== null && onlyKind !== 'cash' && originalRoute;
  const remaining = found?.refundable.remainingFen ?? 0;

  function destination(m: Method, fen: number): string {
    if (m === 'cash' || onlyKind === 'cash') return S('bills.whereCash', { amount: formatMoney(fen) });
    return S('bills.whereOriginal', {
      amount: formatMoney(fen),
      tender: onlyKind ? reportLabel(locale, `tender.${onlyKind}`) : '',
    });
  }

  function askConfirm() {
    if (!bill || !reason.trim()) return;
    let amountFen = remaining;
    if (amount.trim()) {
      const p = parseYuan(amount);
      if (!p.ok || p.fen <= 0 || p.fen > remaining) {
        useSup.getState().setNotice({
          tone: 'error',
          text: S('bills.amountRange', { max: formatMoney(remaining) }),
          code: 'amount-out-of-range',
        });
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
              if (listedKey !== `${scope}|${text}`) {
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
              <input
                type="radio"
                name="bills-scope"
                data-testid={`bills-scope-${sc}`}
                checked={scope === sc}
                onChange={() => setScope(sc)}
              />
              {S(`bills.scope.${sc}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="sup-muted">{S('bills.searchHint')}</p>

      <BillsList
        rows={rows}
        cursor={cursor}
        onPick={(i, billNo) => {
          setCursor(i);
          void open(billNo);
        }}
      />

      {bill && found && (
        <div
          className="sup-bill"
          data-testid="bills-found"
          data-status={bill.status}
          data-kind={bill.kind}
          data-bill-no={bill.billNo}
        >
          <BillSummary found={found} paidWith={paidWith} />
          {partlyPaid && (
            <p className="sup-notice sup-notice-warn" data-testid="bills-partly-paid">
              {splitS('sup.partly', { paid: formatMoney(remaining), total: formatMoney(bill.totalFen) })}
            </p>
          )}

          {canVoid && (
            <VoidForm
              reason={reason}
              setReason={setReason}
              working={working}
              onVoid={() =>
                void run(async () => {
                  const b = await supCall('bill.void', { billNo: bill.billNo, reason: reason.trim() });
                  return S('bills.voidDone', { billNo: b.billNo });
                })
              }
            />
          )}

          {canRefund && !confirming && (
            <RefundForm
              remaining={remaining}
              onlyKind={onlyKind}
              originalPossible={originalPossible}
              method={method}
              setMethod={setMethod}
              amount={{ value: amount, set: setAmount }}
              reason={{ value: reason, set: setReason }}
              working={working}
              onAsk={askConfirm}
            />
          )}

          {canRefund && confirming && (
            <RefundConfirm
              confirming={confirming}
              billNo={bill.billNo}
              where={destination(confirming.method, confirming.amountFen)}
              working={working}
              onBack={() => setConfirming(null)}
              onYes={() =>
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
            />
          )}
          {bill.kind === 'refund' && <p className="sup-muted">{S('bills.refundKind')}</p>}
          {!canVoid && !canRefund && bill.kind !== 'refund' && <p className="sup-muted">{S('bills.cannot')}</p>}
        </div>
      )}
    </div>
  );
}
