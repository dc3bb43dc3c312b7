import { formatYuan } from '../../../app/money.js';

/**
 * The top of a dialog that takes an amount against what is due (cash, the next split part): the
 * amount due, then a yuan field that shows the due as its placeholder (Enter alone = the due).
 */
export function DueAndAmount(props: {
  dueLabel: string;
  dueTestid: string;
  dueFen: number;
  amountLabel: string;
  amountTestid: string;
  value: string;
  onChange: (text: string) => void;
}) {
  return (
    <>
      <div className="cash-due">
        {props.dueLabel} <strong data-testid={props.dueTestid}>{formatYuan(props.dueFen)}</strong>
      </div>
      <label className="field">
        <span className="entry-label">{props.amountLabel}</span>
        <div className="entry-row">
          <span className="entry-prefix">¥</span>
          <input
            className="entry-input"
            data-testid={props.amountTestid}
            data-autofocus
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            placeholder={(props.dueFen / 100).toFixed(2)}
            value={props.value}
            onChange={(e) => props.onChange(e.target.value)}
          />
        </div>
      </label>
    </>
  );
}
