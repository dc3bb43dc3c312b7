import { useState } from 'react';
import { parseYuan } from '../../../../app/money.js';
import { formatMoney, formatReportTime } from '../../../../app/report/format.js';
import { Loading, useS, useShowError } from './common.js';
import { useXReport } from './ShiftPanels.js';
import { supCall, useSup } from './sup-store.js';

/** Cash into or out of the drawer with a reason; the supervisor who authorised it is recorded. */
export function CashPanel() {
  const { S } = useS();
  const showError = useShowError();
  const { data, noShift, loading, reload } = useXReport();
  const [direction, setDirection] = useState<'in' | 'out'>('out');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [working, setWorking] = useState(false);

  if (loading && !data) return <Loading />;
  if (noShift || !data) {
    return (
      <div className="sup-empty" data-testid="sup-no-shift">
        <h2>{S('noShift.title')}</h2>
      </div>
    );
  }

  async function submit() {
    const p = parseYuan(amount);
    if (!p.ok) {
      useSup.getState().setNotice({ tone: 'error', text: S('amount.bad'), code: 'invalid-input' });
      return;
    }
    if (!reason.trim() || working) return;
    setWorking(true);
    try {
      const m = await supCall('cash.move', { direction, amountFen: p.fen, reason: reason.trim() });
      useSup.getState().setNotice({
        tone: 'ok',
        text: S('cash.done', {
          direction: S(direction === 'in' ? 'cash.in' : 'cash.out'),
          amount: formatMoney(m.amountFen),
        }),
      });
      setAmount('');
      setReason('');
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setWorking(false);
    }
  }

  const off = data.utcOffsetMinutes;
  return (
    <div className="sup-panel" data-testid="sup-cash">
      <h2>{S('cash.title')}</h2>
      <p>
        {S('cash.expected')}:{' '}
        <strong data-testid="cash-expected" data-fen={data.cash.expectedFen}>
          {formatMoney(data.cash.expectedFen)}
        </strong>
      </p>
      <form
        className="sup-refund-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="sup-radios">
          {(['out', 'in'] as const).map((d) => (
            <label key={d}>
              <input
                type="radio"
                name="cash-direction"
                data-testid={`cash-${d}`}
                checked={direction === d}
                onChange={() => setDirection(d)}
              />
              {S(d === 'in' ? 'cash.in' : 'cash.out')}
            </label>
          ))}
        </fieldset>
        <label className="sup-field">
          <span>{S('cash.amount')}</span>
          <input
            className="sup-input"
            data-testid="cash-amount"
            inputMode="decimal"
            autoFocus
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <label className="sup-field">
          <span>{S('cash.reason')}</span>
          <input
            className="sup-input"
            data-testid="cash-reason"
            required
            maxLength={100}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="cash-submit"
          disabled={working || !amount.trim() || !reason.trim()}
        >
          {S('cash.submit')}
        </button>
      </form>
      {data.cash.movements.length > 0 && (
        <ul className="sup-list sup-list-quiet" data-testid="cash-movements">
          {data.cash.movements.map((m) => (
            <li key={m.id}>
              {formatReportTime(m.createdAt, off)} · {S(m.direction === 'in' ? 'cash.in' : 'cash.out')}{' '}
              {formatMoney(m.amountFen)} · {m.reason} · {m.operatorNo}
              {m.authorisedBy ? ` / ${m.authorisedBy}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
