import type { EnrollmentView, KesionPreview } from '../../../../app/contract/kesion.js';
import { formatYuan } from '../../../../app/money.js';
import { useK } from './texts.js';

/** 机构报名's preview (courses, prices, limits, windows, total, balance) and the saved order with its two ways to pay. */
export function PreviewPanel({ preview }: { preview: KesionPreview }) {
  const { K } = useK();
  const dup = preview.duplicates;
  return (
    <div className="kesion-preview" data-testid="kesion-preview-panel" data-total={preview.totalFen}>
      {(dup.courseIds > 0 || dup.students > 0) && (
        <p className="notice notice-info" data-testid="kesion-duplicates">
          {K('duplicates', { courses: dup.courseIds, students: dup.students })}
        </p>
      )}
      <table className="kesion-table">
        <thead>
          <tr>
            <th>{K('col.name')}</th>
            <th>{K('col.price')}</th>
            <th>{K('col.market')}</th>
            <th>{K('col.limit')}</th>
            <th>{K('col.window')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.courses.map((c) => (
            <tr key={c.id} data-testid="kesion-course">
              <td>{c.name}</td>
              <td className="num">{formatYuan(c.purchasePriceFen)}</td>
              <td className="num">{c.marketPriceFen === null ? '' : formatYuan(c.marketPriceFen)}</td>
              <td className="num">{c.buyLimit ? c.buyLimit : K('noLimit')}</td>
              <td className="kesion-window">
                {c.enrollBegin.slice(0, 10)} – {c.enrollEnd.slice(0, 10)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="kesion-sums">
        <span data-testid="kesion-students-count">{K('studentsCount', { n: preview.students.length })}</span>
        <span>
          {K('total')} <strong data-testid="kesion-total">{formatYuan(preview.totalFen)}</strong>
        </span>
        <span>
          {K('balance')} <span data-testid="kesion-balance">{formatYuan(preview.balanceFen)}</span>
        </span>
      </div>
      {preview.balanceFen < preview.totalFen && <p className="warn-text">{K('balanceShort')}</p>}
    </div>
  );
}

export function OrderPanel(props: {
  order: EnrollmentView;
  counterPay: boolean;
  busy: boolean;
  onPayBalance(): void;
  onCollect(): void;
  onAgain(): void;
  /** The order was found paid online (已在线支付？查询); null: not asked; false: not paid yet. */
  paidOnline: boolean | null;
  /** The institution's balance from the preview (null after a reload). */
  balanceFen: number | null;
  onCheckOnline(): void;
}) {
  const { K } = useK();
  const { order } = props;
  return (
    <div className="kesion-order" data-testid="kesion-order" data-state={order.state} data-order-id={order.orderId}>
      <p>
        {K('orderId')} <strong>{order.orderId}</strong>
        <span className="kesion-gap" />
        {K('payOrderId')} <strong>{order.payOrderId}</strong>
      </p>
      <p data-testid="kesion-order-summary">
        {K('orderSummary', {
          courses: order.courses.map((c) => c.name).join('、'),
          n: order.studentsCount,
          total: formatYuan(order.totalFen),
        })}
      </p>
      {order.state === 'saved' && props.balanceFen !== null && (
        <p data-testid="kesion-order-balance">
          {K('balance')} {formatYuan(props.balanceFen)}
          {props.balanceFen < order.totalFen && <span className="warn-text"> {K('balanceShort')}</span>}
        </p>
      )}
      {order.state === 'saved' && (
        <div className="kesion-actions">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="kesion-collect"
            disabled={props.busy || !props.counterPay}
            onClick={props.onCollect}
          >
            {K('collect')}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="kesion-pay-balance"
            disabled={props.busy}
            onClick={props.onPayBalance}
          >
            {props.busy ? K('paying') : K('payBalance')}
          </button>
        </div>
      )}
      {order.state === 'saved' && !props.counterPay && <p className="hint">{K('counterPayOff')}</p>}
      {order.state === 'confirmed' && order.mode === 'balance' && (
        <p className="notice notice-ok" data-testid="kesion-result">
          {props.paidOnline ? K('state.paidOnline') : K('state.confirmed')}
        </p>
      )}
      {order.state === 'online' && (
        <div className="notice notice-warn" data-testid="kesion-result">
          <p>{K('state.online')}</p>
          <p className="kesion-url" data-testid="kesion-pay-url">
            {order.payUrl}
          </p>
          {props.paidOnline === false && <p data-testid="kesion-not-yet">{K('online.notYet')}</p>}
          <button
            type="button"
            className="btn"
            data-testid="kesion-check-online"
            disabled={props.busy}
            onClick={props.onCheckOnline}
          >
            {K('online.check')}
          </button>
        </div>
      )}
      {order.state === 'failed' && (
        <p className="notice notice-error" data-testid="kesion-result">
          {K('state.failed', { msg: order.lastMsg ?? '' })}
        </p>
      )}
      {(order.state === 'unknown' || order.state === 'sending' || order.state === 'pending') && (
        <p className="notice notice-warn" data-testid="kesion-result">
          {K('state.unknown')}
        </p>
      )}
      {order.lastMsg && order.state !== 'failed' && <p className="hint">{K('erpMsg', { msg: order.lastMsg })}</p>}
      {order.state !== 'saved' && (
        <button type="button" className="btn" data-testid="kesion-again" onClick={props.onAgain}>
          {K('again')}
        </button>
      )}
    </div>
  );
}
