import { useState, type FormEvent } from 'react';
import { formatYuan } from '../../../app/money.js';
import { setPart } from '../actions.js';
import { NoticeLine } from '../components/Notice.js';
import { Modal } from '../dialogs/Modal.js';
import { selectBill, useCounter } from '../store/index.js';
import { useS } from './texts.js';

/** Ctrl+G (分笔): the amount the next scan collects, when a wallet's limit is below the amount due. */
export function PartDialog() {
  const { S } = useS();
  const bill = useCounter(selectBill);
  const [text, setText] = useState('');
  if (!bill) return null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await setPart(text);
  }

  return (
    <Modal title={S('part.title')} testid="part-dialog">
      <form onSubmit={onSubmit} className="dialog-form">
        <div className="cash-due">
          {S('due.rest')} <strong data-testid="part-due">{formatYuan(bill.dueFen)}</strong>
        </div>
        <label className="field">
          <span className="entry-label">{S('part.amount')}</span>
          <div className="entry-row">
            <span className="entry-prefix">¥</span>
            <input
              className="entry-input"
              data-testid="part-amount"
              data-autofocus
              inputMode="decimal"
              autoComplete="off"
              maxLength={16}
              placeholder={(bill.dueFen / 100).toFixed(2)}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
        </label>
        <button type="submit" className="btn btn-primary btn-wide" data-testid="part-submit">
          {S('part.submit')} <kbd>Enter</kbd>
        </button>
        <p className="hint">{S('part.hint')}</p>
        <NoticeLine />
      </form>
    </Modal>
  );
}
