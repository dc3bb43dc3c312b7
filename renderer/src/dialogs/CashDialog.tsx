import { useState, type FormEvent } from 'react';
import { formatYuan, parseYuan } from '../../../app/money.js';
import { payCash } from '../actions.js';
import { DueAndAmount } from '../components/DueAndAmount.js';
import { NoticeLine } from '../components/Notice.js';
import { useT } from '../i18n/useT.js';
import { useS } from '../split/texts.js';
import { selectBill, useCounter } from '../store/index.js';
import { Modal } from './Modal.js';

/** Suggested notes: the amount due rounded up to 10, 50 and 100 yuan (distinct, above the due). */
export function cashSuggestions(dueFen: number): number[] {
  const out = new Set<number>([dueFen]);
  for (const step of [1000, 5000, 10_000]) out.add(Math.ceil(dueFen / step) * step);
  return [...out]
    .filter((v) => v >= dueFen)
    .sort((a, b) => a - b)
    .slice(0, 4);
}

/** Cash: type what the customer handed over (Enter alone = exact), see the change, confirm. */
export function CashDialog() {
  const { t } = useT();
  const { S } = useS();
  const bill = useCounter(selectBill);
  const [text, setText] = useState('');
  if (!bill) return null;
  const parsed = text.trim() === '' ? null : parseYuan(text);
  const tendered = parsed === null ? bill.dueFen : parsed.ok ? parsed.fen : null;
  const change = tendered !== null && tendered >= bill.dueFen ? tendered - bill.dueFen : null;
  // Less than due: a cash part (split payment); the rest stays due on the counter.
  const part = tendered !== null && tendered > 0 && tendered < bill.dueFen ? tendered : null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await payCash(text);
  }

  return (
    <Modal title={t('cash.title')} testid="cash-dialog">
      <form onSubmit={onSubmit} className="dialog-form">
        <DueAndAmount
          dueLabel={t('cash.due')}
          dueTestid="cash-due"
          dueFen={bill.dueFen}
          amountLabel={t('cash.tendered')}
          amountTestid="cash-tendered"
          value={text}
          onChange={setText}
        />
        <div className="cash-quick">
          {cashSuggestions(bill.dueFen).map((v) => (
            <button
              key={v}
              type="button"
              className="btn"
              data-testid={`cash-quick-${v}`}
              onClick={() => void payCash((v / 100).toFixed(2))}
            >
              {v === bill.dueFen ? `${t('cash.exact')} ` : ''}
              {formatYuan(v)}
            </button>
          ))}
        </div>
        {part === null ? (
          <div className="cash-change" data-testid="cash-change-preview" data-fen={change ?? ''}>
            {t('cash.change')} <strong>{change === null ? '—' : formatYuan(change)}</strong>
          </div>
        ) : (
          <div className="cash-change cash-part" data-testid="cash-part-preview" data-fen={part}>
            <strong>{S('cash.part', { tendered: formatYuan(part), rest: formatYuan(bill.dueFen - part) })}</strong>
          </div>
        )}
        <button
          type="submit"
          className="btn btn-primary btn-wide"
          data-testid="cash-submit"
          disabled={change === null && part === null}
        >
          {part === null ? t('cash.submit') : S('cash.partSubmit')} <kbd>Enter</kbd>
        </button>
        <p className="hint">{t('cash.hint')}</p>
        <NoticeLine />
      </form>
    </Modal>
  );
}
