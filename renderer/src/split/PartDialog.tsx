import { useState, type FormEvent } from 'react';
import { setPart } from '../actions.js';
import { DueAndAmount } from '../components/DueAndAmount.js';
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
        <DueAndAmount
          dueLabel={S('due.rest')}
          dueTestid="part-due"
          dueFen={bill.dueFen}
          amountLabel={S('part.amount')}
          amountTestid="part-amount"
          value={text}
          onChange={setText}
        />
        <button type="submit" className="btn btn-primary btn-wide" data-testid="part-submit">
          {S('part.submit')} <kbd>Enter</kbd>
        </button>
        <p className="hint">{S('part.hint')}</p>
        <NoticeLine />
      </form>
    </Modal>
  );
}
