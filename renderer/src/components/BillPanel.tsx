import { useEffect, useRef } from 'react';
import { formatYuan } from '../../../app/money.js';
import type { MessageKey } from '../i18n/index.js';
import { useT } from '../i18n/useT.js';
import { selectBill, selectPaymentLive, selectPhase, selectTargetLine, useCounter } from '../store/index.js';
import { BillPricingRows, LinePricing, lineShownFen } from '../screens/discounts/Pricing.js';

/** The bill on the counter: number, lines (↑↓ selects), running total, and a visible lock while paying. */
export function BillPanel() {
  const { t } = useT();
  const bill = useCounter(selectBill);
  const locked = useCounter(selectPaymentLive);
  const target = useCounter(selectTargetLine);
  const phase = useCounter(selectPhase);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    listRef.current?.querySelector('[data-selected="yes"]')?.scrollIntoView({ block: 'nearest' });
  }, [target, bill?.lines.length]);

  if (!bill) {
    return (
      <section className="bill bill-empty" data-testid="bill-panel" data-status="none">
        <div className="bill-none">{t('bill.none')}</div>
      </section>
    );
  }
  const lines = bill.lines.filter((l) => !l.voided);
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  const editable = phase === 'building';
  return (
    <section
      className={`bill ${locked ? 'bill-locked' : ''} ${bill.status === 'paid' ? 'bill-paid' : ''}`}
      data-testid="bill-panel"
      data-status={bill.status}
      data-bill-id={bill.id}
      data-kind={bill.kind}
    >
      <div className="bill-head">
        <span>
          {t('bill.no')} <span data-testid="bill-no">{bill.billNo}</span>
        </span>
        {locked && (
          <span className="lock" data-testid="bill-locked">
            <span className="lock-icon" aria-hidden="true" />
            {t('bill.locked')}
          </span>
        )}
      </div>
      {bill.kind === 'recharge' && (
        <div className="bill-card" data-testid="bill-card">
          {t('bill.recharge')} · {t('bill.card')} <strong className="mono">{bill.cardNo ?? '—'}</strong>
        </div>
      )}
      {bill.kind === 'sale' && bill.status === 'open' && lines.some((l) => l.itemCode !== null) && (
        <div className="bill-rule" data-testid="bill-rule" data-business-type={bill.businessType}>
          {bill.businessType === 7
            ? t('bill.ruleRechargeOnly')
            : t('bill.ruleMixed', { type: t(`bt.${bill.businessType}` as MessageKey) })}
        </div>
      )}
      <ol className="bill-lines" data-testid="bill-lines" ref={listRef}>
        {lines.map((l) => {
          const selected = editable && l.lineNo === target;
          return (
            <li
              key={l.lineNo}
              className={`bill-line ${selected ? 'bill-line-selected' : ''}`}
              data-testid="bill-line"
              data-line-no={l.lineNo}
              data-selected={selected ? 'yes' : 'no'}
              onClick={() => editable && useCounter.getState().selectLine(l.lineNo)}
            >
              <span className="line-name">
                {l.itemCode === null && (l.name === '' || l.name === '自由金额') ? t('bill.quickLine') : l.name}
                <LinePricing line={l} />
              </span>
              <span className="line-qty" data-testid="line-qty" data-qty={l.quantity}>
                {l.itemCode === null && l.quantity === 1 ? '' : `${formatYuan(l.unitPriceFen)} × ${l.quantity}`}
              </span>
              <span className="line-amount">{formatYuan(lineShownFen(l))}</span>
            </li>
          );
        })}
      </ol>
      <BillPricingRows bill={bill} />
      <div className="bill-total">
        <span>
          {t('bill.total')} <span className="bill-count">{t('bill.items', { n: count })}</span>
        </span>
        <span className="total-amount" data-testid="bill-total" data-fen={bill.totalFen}>
          {formatYuan(bill.totalFen)}
        </span>
      </div>
    </section>
  );
}
