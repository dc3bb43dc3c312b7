import { useState, type FormEvent } from 'react';
import { formatYuan, parseYuan } from '../../../../app/money.js';
import { overridePrice } from '../../actions.js';
import { NoticeLine } from '../../components/Notice.js';
import { Modal } from '../../dialogs/Modal.js';
import { selectBill, useCounter } from '../../store/index.js';
import { SupervisorFields } from './SupervisorFields.js';
import { both, useD } from './texts.js';
import './discounts.css';

/**
 * Ctrl+E: 改价 — a new unit price for the selected line (its list price stays on the bill). Needs
 * the `price-override` permission: a cashier without it gets the supervisor's number and PIN
 * fields on the spot.
 */
export function PriceDialog({ lineNo }: { lineNo: number }) {
  const { D } = useD();
  const bill = useCounter(selectBill);
  const line = bill?.lines.find((l) => l.lineNo === lineNo && !l.voided);
  const [text, setText] = useState('');
  const [needsAuth, setNeedsAuth] = useState(false);
  const [supNo, setSupNo] = useState('');
  const [supPin, setSupPin] = useState('');
  if (!line) return null;
  const list = line.listPriceFen ?? line.unitPriceFen;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const p = parseYuan(text, { allowZero: true });
    if (!p.ok) {
      useCounter
        .getState()
        .setNotice({ tone: 'warn', kind: 'text', ...both(text.trim() === '' ? 'empty' : 'badAmount') });
      return;
    }
    const auth = needsAuth ? { supervisorNo: supNo.trim(), supervisorPin: supPin } : undefined;
    if (auth && (auth.supervisorNo === '' || auth.supervisorPin === '')) {
      useCounter.getState().setNotice({ tone: 'warn', kind: 'text', ...both('auth.missing') });
      return;
    }
    const r = await overridePrice(lineNo, p.fen, auth);
    if (r === 'ok') useCounter.getState().openDialog(null);
    else if (r === 'needs-supervisor') setNeedsAuth(true);
    else setSupPin('');
  }

  return (
    <Modal title={D('price.title')} testid="price-dialog">
      <form onSubmit={onSubmit} className="dialog-form disc-form">
        <p className="dialog-text">{D('price.of', { n: line.lineNo, name: line.name, list: formatYuan(list) })}</p>
        <label className="field">
          <span className="entry-label">{D('price.label')}</span>
          <input
            className="entry-input"
            data-testid="price-value"
            data-autofocus
            inputMode="decimal"
            autoComplete="off"
            maxLength={12}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        {needsAuth && (
          <SupervisorFields why={D('auth.price')} no={supNo} pin={supPin} setNo={setSupNo} setPin={setSupPin} />
        )}
        <button type="submit" className="btn btn-primary btn-wide" data-testid="price-submit">
          {D(needsAuth ? 'auth.submit' : 'apply')} <kbd>Enter</kbd>
        </button>
        <NoticeLine />
      </form>
    </Modal>
  );
}
