import type { ReportTenderKind } from '../../../../app/report/schema.js';
import { formatMoney } from '../../../../app/report/format.js';
import { reportLabel } from '../../../../app/report/labels.js';
import { useS } from './common.js';

/**
 * The forms of the bills tab: void an unpaid bill, refund a paid one (amount, where the money
 * goes, reason), and the confirmation that says the amount and where it goes. The panel keeps
 * the state and runs the commands; these only show it.
 */

export type RefundMethod = 'cash' | 'original';

interface Field {
  value: string;
  set(v: string): void;
}

export function VoidForm({
  reason,
  setReason,
  working,
  onVoid,
}: {
  reason: string;
  setReason(v: string): void;
  working: boolean;
  onVoid(): void;
}) {
  const { S } = useS();
  return (
    <form
      className="sup-inline-form"
      data-testid="bills-void-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return;
        onVoid();
      }}
    >
      <p>{S('bills.notPaid')}</p>
      <input
        className="sup-input"
        data-testid="bills-reason"
        required
        maxLength={200}
        placeholder={S('bills.voidReason')}
        aria-label={S('bills.voidReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="btn btn-danger" data-testid="bills-void" disabled={working || !reason.trim()}>
        {S('bills.void')}
      </button>
    </form>
  );
}

export interface RefundFormProps {
  remaining: number;
  /** The one tender kind the bill was paid with (null when mixed). */
  onlyKind: ReportTenderKind | null;
  /** Whether a back office can carry the refund to the original tender. */
  originalPossible: boolean;
  method: RefundMethod;
  setMethod(m: RefundMethod): void;
  amount: Field;
  reason: Field;
  working: boolean;
  onAsk(): void;
}

export function RefundForm({
  remaining,
  onlyKind,
  originalPossible,
  method,
  setMethod,
  amount: amountField,
  reason: reasonField,
  working,
  onAsk,
}: RefundFormProps) {
  const { S, locale } = useS();
  const amount = amountField.value;
  const setAmount = amountField.set;
  const reason = reasonField.value;
  const setReason = reasonField.set;
  return (
    <form
      className="sup-refund-form"
      data-testid="bills-refund-form"
      data-method={onlyKind === 'cash' ? 'original' : method}
      onSubmit={(e) => {
        e.preventDefault();
        onAsk();
      }}
    >
      <label className="sup-field">
        <span>{S('bills.refundAmount', { max: formatMoney(remaining) })}</span>
        <input
          className="sup-input"
          data-testid="bills-amount"
          inputMode="decimal"
          autoFocus
          placeholder={formatMoney(remaining)}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <fieldset className="sup-radios">
        <legend>{S('bills.method')}</legend>
        {onlyKind === 'cash' ? (
          <label>
            <input type="radio" name="refund-method" data-testid="bills-method-original" checked readOnly />
            {S('bills.method.cashBill')}
          </label>
        ) : (
          <>
            {originalPossible && (
              <label>
                <input
                  type="radio"
                  name="refund-method"
                  data-testid="bills-method-original"
                  checked={method === 'original'}
                  onChange={() => setMethod('original')}
                />
                {S('bills.method.original', { tender: reportLabel(locale, `tender.${onlyKind!}`) })}
              </label>
            )}
            <label>
              <input
                type="radio"
                name="refund-method"
                data-testid="bills-method-cash"
                checked={method === 'cash'}
                onChange={() => setMethod('cash')}
              />
              {S('bills.method.cash')}
            </label>
          </>
        )}
      </fieldset>
      {onlyKind !== 'cash' && !originalPossible && (
        <p className="sup-hint" data-testid="bills-no-original">
          {onlyKind !== null
            ? S('bills.noOriginalRoute', { tender: reportLabel(locale, `tender.${onlyKind}`) })
            : S('bills.mixedTender')}
        </p>
      )}
      <label className="sup-field">
        <span>{S('bills.refundReason')}</span>
        <input
          className="sup-input"
          data-testid="bills-reason"
          required
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <button type="submit" className="btn btn-danger" data-testid="bills-refund" disabled={working || !reason.trim()}>
        {S('bills.refund')} <kbd>Enter</kbd>
      </button>
    </form>
  );
}

export function RefundConfirm({
  confirming,
  billNo,
  where,
  working,
  onYes,
  onBack,
}: {
  confirming: { amountFen: number; method: RefundMethod };
  billNo: string;
  where: string;
  working: boolean;
  onYes(): void;
  onBack(): void;
}) {
  const { S } = useS();
  return (
    <div
      className="sup-confirm"
      data-testid="bills-refund-confirm"
      data-method={confirming.method}
      data-fen={confirming.amountFen}
      role="alertdialog"
      onKeyDown={(e) => {
        // Esc steps back to the form (not out of the supervisor screen).
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onBack();
        }
      }}
    >
      <p className="sup-confirm-title">
        {S('bills.confirmTitle', { amount: formatMoney(confirming.amountFen), billNo })}
      </p>
      <p data-testid="bills-refund-where">{where}</p>
      <div className="sup-actions">
        <button
          type="button"
          className="btn btn-danger"
          data-testid="bills-refund-yes"
          autoFocus
          disabled={working}
          onClick={onYes}
        >
          {S('bills.confirmYes')}
        </button>
        <button type="button" className="btn" data-testid="bills-refund-no" onClick={() => onBack()}>
          {S('bills.confirmNo')} <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
