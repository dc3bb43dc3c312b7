import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  XIAOBAO_ORDER_STATUSES,
  XIAOBAO_ORDER_TYPES,
  type XiaobaoOrder,
  type XiaobaoOrderDetail,
  type XiaobaoStudent,
} from '../../../../app/contract/xiaobao.js';
import { formatYuan } from '../../../../app/money.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { dayStartOf, dayText, statusKey, typeKey, useX } from './texts.js';

const DAY = 86_400_000;
const money = (fen: number | null) => (fen === null ? '—' : formatYuan(fen));

export interface OrdersFilter {
  type: string;
  status: string;
  from: string;
  to: string;
}
export function defaultOrdersFilter(now = Date.now()): OrdersFilter {
  return { type: '', status: '', from: dayText(now - 89 * DAY), to: dayText(now) };
}

/** 订单: the student's orders (type, status, date range; read-only), ↑ ↓ and Enter open the detail. */
export function OrdersView({
  student,
  filter,
  setFilter,
  detail,
  setDetail,
}: {
  student: XiaobaoStudent;
  filter: OrdersFilter;
  setFilter: (f: OrdersFilter) => void;
  detail: XiaobaoOrderDetail | 'none' | null;
  setDetail: (d: XiaobaoOrderDetail | 'none' | null) => void;
}) {
  const { X, locale } = useX();
  const [orders, setOrders] = useState<XiaobaoOrder[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [cursor, setCursor] = useState(0);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const list = useRef<HTMLDivElement>(null);

  const load = useCallback(
    async (f: OrdersFilter) => {
      const from = dayStartOf(f.from);
      const toDay = dayStartOf(f.to);
      if (from === null || toDay === null || toDay < from || toDay - from > 365 * DAY) {
        setProblem(X('orders.badRange'));
        return;
      }
      const n = ++seq.current;
      setLoading(true);
      const r = await invoke('xiaobao.orders', {
        stuInfoId: student.stuInfoId,
        from,
        to: toDay + DAY,
        ...(f.type ? { type: Number(f.type) as 1 } : {}),
        ...(f.status ? { status: Number(f.status) as 1 } : {}),
      });
      if (n !== seq.current) return;
      setLoading(false);
      if (r.ok) {
        setOrders(r.value.orders);
        setCursor(0);
        setProblem(null);
        list.current?.focus();
      } else setProblem(errorText(locale, r.error));
    },
    [X, locale, student.stuInfoId],
  );

  useEffect(() => {
    void load(filter);
  }, [filter, load]);

  useEffect(() => {
    // Back from a detail: the list has the keyboard again.
    if (detail === null) list.current?.focus();
  }, [detail]);

  const open = async (o: XiaobaoOrder) => {
    if (!o.hasDetail || o.type === null) return setDetail('none');
    setProblem(null);
    const r = await invoke('xiaobao.orderDetail', { id: o.id, type: o.type });
    if (r.ok) setDetail(r.value);
    else setProblem(errorText(locale, r.error));
  };

  if (detail !== null) return <OrderDetail detail={detail} />;

  const rows = orders ?? [];
  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setCursor((c) => Math.max(0, Math.min(rows.length - 1, c + (e.key === 'ArrowDown' ? 1 : -1))));
    } else if (e.key === 'Enter' && rows[cursor] && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      void open(rows[cursor]!);
    }
  }
  const set = (patch: Partial<OrdersFilter>) => setFilter({ ...filter, ...patch });

  return (
    <div className="xb-orders" onKeyDown={onKey}>
      <h3>
        {X('orders.title')} · {student.name}
      </h3>
      <div className="xb-filters">
        <label className="xb-field">
          <span>{X('orders.type')}</span>
          <select
            className="xb-input"
            data-testid="xb-orders-type"
            value={filter.type}
            onChange={(e) => set({ type: e.target.value })}
          >
            <option value="">{X('orders.all')}</option>
            {XIAOBAO_ORDER_TYPES.map((t) => (
              <option key={t} value={t}>
                {X(typeKey(t))}
              </option>
            ))}
          </select>
        </label>
        <label className="xb-field">
          <span>{X('orders.status')}</span>
          <select
            className="xb-input"
            data-testid="xb-orders-status"
            value={filter.status}
            onChange={(e) => set({ status: e.target.value })}
          >
            <option value="">{X('orders.all')}</option>
            {XIAOBAO_ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {X(statusKey(s))}
              </option>
            ))}
          </select>
        </label>
        <label className="xb-field">
          <span>{X('orders.from')}</span>
          <input
            type="date"
            className="xb-input"
            data-testid="xb-orders-from"
            value={filter.from}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label className="xb-field">
          <span>{X('orders.to')}</span>
          <input
            type="date"
            className="xb-input"
            data-testid="xb-orders-to"
            value={filter.to}
            onChange={(e) => set({ to: e.target.value })}
          />
        </label>
      </div>
      {problem && (
        <p className="xb-problem" role="alert" data-testid="xb-problem">
          {problem}
        </p>
      )}
      {loading && <p className="hint">{X('orders.loading')}</p>}
      {orders && rows.length === 0 && !loading && <p className="hint">{X('orders.none')}</p>}
      {rows.length > 0 && (
        <div className="xb-list" ref={list} tabIndex={0} data-testid="xb-orders-list">
          <table className="xb-table">
            <thead>
              <tr>
                <th>{X('col.date')}</th>
                <th>{X('col.type')}</th>
                <th>{X('col.content')}</th>
                <th>{X('col.status')}</th>
                <th className="num">{X('col.paid')}</th>
                <th className="num">{X('col.arrears')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o, i) => (
                <tr
                  key={o.id}
                  className={i === cursor ? 'xb-selected' : ''}
                  data-testid="xb-order-row"
                  data-type={o.type ?? ''}
                  onClick={() => void open(o)}
                >
                  <td>{o.dealAt === null ? '—' : dayText(o.dealAt)}</td>
                  <td>{X(typeKey(o.type))}</td>
                  <td>{o.content ?? '—'}</td>
                  <td>{X(statusKey(o.status))}</td>
                  <td className="num">{money(o.realPayFen)}</td>
                  <td className="num">{money(o.arrearsFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">{X('orders.hint')}</p>
    </div>
  );
}

function OrderDetail({ detail }: { detail: XiaobaoOrderDetail | 'none' }) {
  const { X } = useX();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => root.current?.focus(), []);
  if (detail === 'none')
    return (
      <p className="hint" data-testid="xb-detail-none">
        {X('detail.noDetail')}
      </p>
    );
  const o = detail.order;
  return (
    <div className="xb-detail" data-testid="xb-detail" tabIndex={-1} ref={root}>
      <h3>
        {X('detail.title')} · {X(typeKey(o.type))} {o.orderNumber ?? ''}
      </h3>
      <dl className="xb-detail-head">
        <dt>{X('col.date')}</dt>
        <dd>{o.dealAt === null ? '—' : dayText(o.dealAt)}</dd>
        <dt>{X('col.status')}</dt>
        <dd>{X(statusKey(o.status))}</dd>
        <dt>{X('detail.should')}</dt>
        <dd>{money(o.shouldPayFen)}</dd>
        <dt>{X('detail.paid')}</dt>
        <dd>{money(o.realPayFen)}</dd>
        <dt>{X('detail.arrears')}</dt>
        <dd>{money(o.arrearsFen)}</dd>
        {detail.accountRemainFen !== null && (
          <>
            <dt>{X('detail.remain')}</dt>
            <dd>{money(detail.accountRemainFen)}</dd>
          </>
        )}
      </dl>
      {detail.sections.length === 0 && <p className="hint">{X('detail.empty')}</p>}
      {detail.sections.map((s) => (
        <section key={s.kind} className="xb-section" data-testid={`xb-section-${s.kind}`}>
          <h4>{X(`section.${s.kind}`)}</h4>
          <table className="xb-table">
            <tbody>
              {s.rows.map((r, i) => (
                <tr key={i}>
                  <td>{r.name}</td>
                  <td>{r.qty ?? ''}</td>
                  <td>{r.note ?? ''}</td>
                  <td className="num">{money(r.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <p className="hint">{X('detail.hint')}</p>
      {detail.comment && (
        <dl className="xb-detail-head">
          <dt>{X('detail.comment')}</dt>
          <dd>{detail.comment}</dd>
        </dl>
      )}
    </div>
  );
}
