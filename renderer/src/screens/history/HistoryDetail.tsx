import { useEffect, useState } from 'react';
import type { HistoryBill } from '../../../../app/contract/history.js';
import type { ReceiptLayout } from '../../../../app/contract/receipt.js';
import { formatYuan } from '../../../../app/money.js';
import { buildReceipt, formatLocalTime } from '../../../../app/receipt/receipt.js';
import { ReceiptPreview } from '../../dialogs/ReceiptDialog.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { useCounter } from '../../store/index.js';
import { useH, type HistoryKey } from './texts.js';
import { BillPricingRows, LinePricing } from '../discounts/Pricing.js';

/**
 * One bill of the history: its lines and tenders, the receipt as a reprint (重印 + time), its
 * payment attempts with the gateway's last reply, and the way to refund it (the supervisor
 * screen's 退款 tab, which owns refunds). R reprints, T refunds, Esc goes back to the list.
 */
export function HistoryDetail({
  data,
  onBack,
  onRefund,
  onReprinted,
}: {
  data: HistoryBill;
  onBack: () => void;
  onRefund: (billNo: string) => void;
  onReprinted: () => void;
}) {
  const { H, locale } = useH();
  const info = useCounter((s) => s.appInfo);
  const { bill, attempts } = data;
  const [layout, setLayout] = useState<ReceiptLayout | null>(null);
  const [printedAt, setPrintedAt] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    void invoke('receipt.layout', {}).then((r) => r.ok && setLayout(r.value));
  }, []);

  const receipt =
    printedAt !== null && layout
      ? buildReceipt({
          bill,
          terminalNo: info?.terminalNo ?? '',
          paperWidthMm: layout.paperWidthMm,
          printedAt,
          reprint: true,
          sandbox: info?.sandbox === true,
          shopName: layout.texts.shopName,
          header: layout.texts.headerLines,
          footer: layout.texts.footerLines,
        })
      : null;

  async function reprint() {
    if (bill.status !== 'paid') return;
    const at = Date.now();
    setPrintedAt(at);
    setNotice(null);
    if (info?.shell === 'electron') {
      const r = await invoke('receipt.print', { billId: bill.id, reprint: true });
      if (!r.ok) {
        setNotice({ tone: 'error', text: errorText(locale, r.error) });
        return;
      }
    } else {
      // The page prints its own preview; wait for it to be on the page first.
      await new Promise<void>((res) => requestAnimationFrame(() => res()));
      try {
        window.print();
      } catch {
        /* the browser refused to print: still recorded below as asked */
      }
      const r = await invoke('history.printed', { billNo: bill.billNo, reprint: true });
      if (!r.ok) {
        setNotice({ tone: 'error', text: errorText(locale, r.error) });
        return;
      }
    }
    setNotice({ tone: 'ok', text: H('reprinted') });
    onReprinted();
  }

  const refundable = bill.status === 'paid' && bill.kind !== 'refund';
  const onKey = (e: React.KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onBack();
    } else if (e.key === 'r' || e.key === 'R') {
      e.preventDefault();
      void reprint();
    } else if ((e.key === 't' || e.key === 'T') && refundable) {
      e.preventDefault();
      onRefund(bill.billNo);
    }
  };

  return (
    <div className="history-detail" data-testid="history-detail" data-bill-no={bill.billNo} onKeyDown={onKey}>
      <div className="history-detail-head">
        <h3>{H('detail', { billNo: bill.billNo })}</h3>
        <span className="history-tag">{H(`kind.${bill.kind}` as HistoryKey)}</span>
        <span className="history-tag">{H(`status.${bill.status === 'voided' ? 'voided' : 'paid'}`)}</span>
        <span data-testid="history-reprints">{H('reprints', { n: data.reprints })}</span>
        {data.refundedFen > 0 && <span>{H('refunded', { amount: formatYuan(data.refundedFen) })}</span>}
      </div>
      <div className="history-actions">
        <button type="button" className="btn" data-testid="history-back" onClick={onBack}>
          {H('back')} <kbd>Esc</kbd>
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="history-reprint"
          data-autofocus
          disabled={bill.status !== 'paid'}
          onClick={() => void reprint()}
        >
          {H('reprint')} <kbd>R</kbd>
        </button>
        {refundable && (
          <button type="button" className="btn" data-testid="history-refund" onClick={() => onRefund(bill.billNo)}>
            {H('refund')} <kbd>T</kbd>
          </button>
        )}
      </div>
      {notice && (
        <p className={`notice notice-${notice.tone}`} role="status" data-testid="history-notice">
          {notice.text}
        </p>
      )}
      <div className="history-detail-body">
        <div className="history-bill">
          <table className="history-table">
            <tbody>
              <tr>
                <th>{H('col.time')}</th>
                <td>{formatLocalTime(bill.closedAt ?? bill.updatedAt)}</td>
              </tr>
              <tr>
                <th>{H('col.operator')}</th>
                <td>{bill.operatorNo}</td>
              </tr>
              <tr>
                <th>{H('total')}</th>
                <td className="num">{formatYuan(bill.totalFen)}</td>
              </tr>
              {bill.tenders.map((t, i) => (
                <tr key={i}>
                  <th>{H(`tender.${t.kind}`)}</th>
                  <td className="num">{formatYuan(t.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{H('lines')}</h4>
          <ul className="history-lines">
            {bill.lines
              .filter((l) => !l.voided)
              .map((l) => (
                <li key={l.lineNo}>
                  <span>
                    {l.name || '—'}
                    <LinePricing line={l} />
                  </span>
                  <span className="num">
                    {l.quantity} × {formatYuan(l.unitPriceFen)}
                  </span>
                </li>
              ))}
          </ul>
          <BillPricingRows bill={bill} />
        </div>
        <div className="history-attempts">
          <h4>{H('attempts')}</h4>
          {attempts.length === 0 ? (
            <p className="sup-muted">{H('noAttempts')}</p>
          ) : (
            <table className="history-table" data-testid="history-attempts">
              <thead>
                <tr>
                  <th>{H('att.no')}</th>
                  <th>{H('att.state')}</th>
                  <th>{H('att.billNum')}</th>
                  <th>{H('att.code')}</th>
                  <th>{H('att.created')}</th>
                  <th>{H('att.final')}</th>
                  <th>{H('att.paystatus')}</th>
                  <th>{H('att.message')}</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <tr key={a.attemptNo} data-testid="history-attempt" data-state={a.state}>
                    <td>{a.attemptNo}</td>
                    <td>{H(`state.${a.state}`)}</td>
                    <td className="mono">{a.gatewayBillNum}</td>
                    <td className="mono">{a.barCodeMasked}</td>
                    <td>{formatLocalTime(a.createdAt).slice(11)}</td>
                    <td>{a.finalAt !== null ? formatLocalTime(a.finalAt).slice(11) : '—'}</td>
                    <td className="mono">{a.lastPaystatus ?? '—'}</td>
                    <td>{a.lastMessage ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {receipt && (
          <div className="receipt-paper history-receipt" data-paper={receipt.paperWidthMm}>
            <ReceiptPreview html={receipt.body} css={receipt.css} />
          </div>
        )}
      </div>
    </div>
  );
}
