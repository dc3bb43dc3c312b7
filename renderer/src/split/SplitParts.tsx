import { formatYuan } from '../../../app/money.js';
import { reportLabel } from '../../../app/report/labels.js';
import { selectBill, selectLocale, selectPhase, useCounter } from '../store/index.js';
import { useS } from './texts.js';

/**
 * Split payment on the collect panel: the parts received (现金 ¥50.00, 扫码支付 ¥20.00 …), the
 * amount still due while a part is being paid, and what the next scan collects (Ctrl+G).
 */
export function SplitParts() {
  const { S } = useS();
  const bill = useCounter(selectBill);
  const phase = useCounter(selectPhase);
  const nextPartFen = useCounter((s) => s.nextPartFen);
  const locale = useCounter(selectLocale);
  if (!bill) return null;
  const parts = bill.tenders.filter((t) => t.amountFen > 0);
  const collecting = phase === 'collect' || phase === 'declined';
  const open = bill.status !== 'paid' && bill.dueFen > 0;
  const showNext = collecting && nextPartFen !== null && nextPartFen < bill.dueFen;
  if (parts.length === 0 && !showNext) return null;
  if (bill.status === 'paid' && parts.length < 2) return null;
  const paidFen = parts.reduce((s, t) => s + t.amountFen, 0);
  return (
    <section className="split" data-testid="split-parts" data-paid-fen={paidFen}>
      {parts.length > 0 && (
        <>
          <div className="split-title">{S('parts.paid', { paid: formatYuan(paidFen) })}</div>
          <ol className="split-list">
            {parts.map((t, i) => (
              <li
                key={i}
                className="split-part"
                data-testid="split-part"
                data-kind={t.kind}
                data-wallet={t.wallet ?? ''}
                data-fen={t.amountFen}
              >
                <span>{t.wallet ? S(`wallet.${t.wallet}`) : reportLabel(locale, `tender.${t.kind}`)}</span>
                <span className="split-amount">{formatYuan(t.amountFen)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {open && !collecting && (
        <div className="due" data-testid="split-due" data-fen={bill.dueFen}>
          {S('due.rest')} <strong>{formatYuan(bill.dueFen)}</strong>
        </div>
      )}
      {showNext && (
        <div className="split-next" data-testid="split-next" data-fen={nextPartFen}>
          {S('next.part', { amount: formatYuan(nextPartFen) })}
        </div>
      )}
    </section>
  );
}
