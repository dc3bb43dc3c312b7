import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { BILL_NO_PATTERN, type HistoryBill, type HistoryPage } from '../../../../app/contract/history.js';
import { formatYuan } from '../../../../app/money.js';
import { formatLocalTime } from '../../../../app/receipt/receipt.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { HistoryDetail } from './HistoryDetail.js';
import { emptyForm, toQuery, type HistoryForm } from './history-query.js';
import { useHistoryNav } from './nav.js';
import { TENDERS, useH, type HistoryKey, type TenderKind } from './texts.js';
import './history.css';

/**
 * 单据查询: today's, this shift's or a date range's paid bills, newest first, a page at a time,
 * narrowed by the end of the bill number, amount, time, cashier, tender or the last digits of
 * the payment code (main/bills/bill-history.ts answers from an index). Keyboard first: the
 * caret starts in the bill-number field; Enter searches, ↑ ↓ pick, Enter opens, PgUp / PgDn
 * page. A full bill number (typed or scanned from a receipt) opens the bill directly.
 */
export function HistoryView({ onRefund }: { onRefund: (billNo: string) => void }) {
  const { H, locale } = useH();
  const [form, setForm] = useState<HistoryForm>(() => emptyForm(new Date()));
  const [page, setPage] = useState<HistoryPage | null>(null);
  const [cursor, setCursor] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [detail, setDetail] = useState<HistoryBill | null>(null);
  const seq = useRef(0);
  const first = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLTableSectionElement>(null);
  const navSeq = useHistoryNav((s) => s.seq);

  const search = useCallback(
    async (f: HistoryForm) => {
      const q = toQuery(f, new Date());
      if ('problem' in q) {
        setProblem(H(q.problem));
        return;
      }
      const n = ++seq.current;
      const r = await invoke('history.search', q.query);
      if (n !== seq.current) return;
      if (r.ok) {
        setPage(r.value);
        setCursor(0);
        setProblem(null);
      } else setProblem(errorText(locale, r.error));
    },
    [H, locale],
  );

  const openBill = useCallback(
    async (billNo: string) => {
      const r = await invoke('history.bill', { billNo });
      if (r.ok) setDetail(r.value);
      else setProblem(errorText(locale, r.error));
    },
    [locale],
  );

  useEffect(() => {
    void search(form);
  }, [form, search]);

  useEffect(() => {
    // A scanned bill number waiting for this view (opened by the scan, or already open).
    const no = useHistoryNav.getState().take();
    if (no) void openBill(no);
  }, [navSeq, openBill]);

  useEffect(() => {
    if (!detail) first.current?.focus();
  }, [detail]);

  const set = (patch: Partial<HistoryForm>) => setForm((f) => ({ ...f, page: 0, ...patch }));
  const rows = page?.rows ?? [];

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (detail) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setCursor((c) => Math.max(0, Math.min(rows.length - 1, c + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'PageDown' && page?.more) {
      e.preventDefault();
      setForm((f) => ({ ...f, page: f.page + 1 }));
    } else if (e.key === 'PageUp' && form.page > 0) {
      e.preventDefault();
      setForm((f) => ({ ...f, page: f.page - 1 }));
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      const typed = form.billNo.trim().toUpperCase();
      if (BILL_NO_PATTERN.test(typed)) void openBill(typed);
      else if (rows[cursor]) void openBill(rows[cursor]!.billNo);
    }
  }

  useEffect(() => {
    list.current?.querySelector(`[data-index="${cursor}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  if (detail) {
    return (
      <HistoryDetail
        data={detail}
        onBack={() => setDetail(null)}
        onRefund={onRefund}
        onReprinted={() => void openBill(detail.bill.billNo)}
      />
    );
  }

  const field = (key: 'billNo' | 'amount' | 'time' | 'operator' | 'payCode', label: HistoryKey, width: string) => (
    <label className={`history-field ${width}`}>
      <span>{H(label)}</span>
      <input
        ref={key === 'billNo' ? first : undefined}
        className="history-input"
        data-testid={`history-${key}`}
        value={form[key]}
        inputMode={key === 'billNo' || key === 'operator' ? 'text' : 'decimal'}
        maxLength={key === 'billNo' ? 29 : 24}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </label>
  );

  return (
    <div className="history" data-testid="history" onKeyDown={onKey}>
      <div className="history-filters">
        <div className="history-scope" role="radiogroup">
          {(['day', 'shift', 'range'] as const).map((s) => (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={form.scope === s}
              className={`btn ${form.scope === s ? 'btn-selected' : ''}`}
              data-testid={`history-scope-${s}`}
              onClick={() => set({ scope: s })}
            >
              {H(`scope.${s}`)}
            </button>
          ))}
        </div>
        {form.scope === 'range' && (
          <>
            <label className="history-field w-date">
              <span>{H('from')}</span>
              <input
                type="date"
                className="history-input"
                data-testid="history-from"
                value={form.fromDay}
                onChange={(e) => set({ fromDay: e.target.value })}
              />
            </label>
            <label className="history-field w-date">
              <span>{H('to')}</span>
              <input
                type="date"
                className="history-input"
                data-testid="history-to"
                value={form.toDay}
                onChange={(e) => set({ toDay: e.target.value })}
              />
            </label>
          </>
        )}
        {field('billNo', 'filter.billNo', 'w-wide')}
        {field('amount', 'filter.amount', 'w-mid')}
        {field('time', 'filter.time', 'w-mid')}
        {field('operator', 'filter.operator', 'w-mid')}
        <label className="history-field w-mid">
          <span>{H('filter.tender')}</span>
          <select
            className="history-input"
            data-testid="history-tender"
            value={form.tender}
            onChange={(e) => set({ tender: e.target.value as TenderKind | '' })}
          >
            <option value="">{H('tender.all')}</option>
            {TENDERS.map((t) => (
              <option key={t} value={t}>
                {H(`tender.${t}`)}
              </option>
            ))}
          </select>
        </label>
        {field('payCode', 'filter.payCode', 'w-mid')}
      </div>
      {problem && (
        <p className="notice notice-error" role="alert" data-testid="history-problem">
          {problem}
        </p>
      )}
      <div className="history-list">
        <table className="history-table">
          <thead>
            <tr>
              <th>{H('col.billNo')}</th>
              <th>{H('col.time')}</th>
              <th>{H('col.kind')}</th>
              <th className="num">{H('col.amount')}</th>
              <th>{H('col.operator')}</th>
              <th>{H('col.tender')}</th>
            </tr>
          </thead>
          <tbody ref={list}>
            {rows.map((r, i) => (
              <tr
                key={r.id}
                data-index={i}
                data-testid="history-row"
                data-bill-no={r.billNo}
                className={i === cursor ? 'history-row-on' : ''}
                aria-selected={i === cursor}
                onClick={() => setCursor(i)}
                onDoubleClick={() => void openBill(r.billNo)}
              >
                <td className="mono">{r.billNo}</td>
                <td>{formatLocalTime(r.closedAt).slice(form.scope === 'range' ? 5 : 11, 16)}</td>
                <td>{H(`kind.${r.kind}`)}</td>
                <td className="num">{formatYuan(r.totalFen)}</td>
                <td>{r.operatorNo}</td>
                <td>{r.tenderKinds.map((t) => H(`tender.${t}`)).join('、')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && rows.length === 0 && <p className="sup-muted history-empty">{H('empty')}</p>}
      </div>
      <div className="history-foot">
        <button
          type="button"
          className="btn"
          data-testid="history-prev"
          disabled={form.page === 0}
          onClick={() => setForm((f) => ({ ...f, page: f.page - 1 }))}
        >
          {H('prev')} <kbd>PgUp</kbd>
        </button>
        <span data-testid="history-page">{H('page', { n: form.page + 1 })}</span>
        <button
          type="button"
          className="btn"
          data-testid="history-next"
          disabled={!page?.more}
          onClick={() => setForm((f) => ({ ...f, page: f.page + 1 }))}
        >
          {H('next')} <kbd>PgDn</kbd>
        </button>
        <span className="sup-muted history-hint">{H('hint')}</span>
      </div>
    </div>
  );
}
