import { useState, type FormEvent } from 'react';
import { setQuantity } from '../actions.js';
import { NoticeLine } from '../components/Notice.js';
import { useT } from '../i18n/useT.js';
import { selectBill, useCounter } from '../store/index.js';
import { Modal } from './Modal.js';

/** Change the quantity of a line (1–9999). */
export function QuantityDialog({ lineNo }: { lineNo: number }) {
  const { t } = useT();
  const bill = useCounter(selectBill);
  const line = bill?.lines.find((l) => l.lineNo === lineNo);
  const [text, setText] = useState(String(line?.quantity ?? 1));
  if (!line) return null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const n = /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!Number.isInteger(n) || n < 1) {
      useCounter.getState().setNotice({ tone: 'error', kind: 'key', key: 'qty.range' });
      return;
    }
    await setQuantity(n, lineNo);
  }

  return (
    <Modal title={t('qty.title')} testid="quantity-dialog">
      <form onSubmit={onSubmit} className="dialog-form">
        <p className="dialog-text">{t('qty.of', { n: lineNo, name: line.name })}</p>
        <label className="field">
          <span className="entry-label">{t('qty.label')}</span>
          <input
            className="entry-input"
            data-testid="quantity-input"
            data-autofocus
            inputMode="numeric"
            autoComplete="off"
            maxLength={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onFocus={(e) => e.target.select()}
          />
        </label>
        <button type="submit" className="btn btn-primary btn-wide" data-testid="quantity-submit">
          {t('common.confirm')} <kbd>Enter</kbd>
        </button>
        <NoticeLine />
      </form>
    </Modal>
  );
}
