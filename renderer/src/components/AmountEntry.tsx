import { useEffect, useRef, useState, type FormEvent } from 'react';
import { nextSale, submitAmount } from '../actions.js';
import { useT } from '../i18n/useT.js';
import { selectPhase, useCounter } from '../store/index.js';

/**
 * The quick sale: type an amount in yuan, Enter. After a finished sale an empty Enter starts
 * the next sale; a typed amount starts it directly.
 */
export function AmountEntry({ autoFocus = true }: { autoFocus?: boolean }) {
  const { t } = useT();
  const [text, setText] = useState('');
  const busy = useCounter((s) => s.busy);
  const phase = useCounter(selectPhase);
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus, phase]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (text.trim() === '' && (phase === 'paid' || phase === 'unconfirmed')) {
      await nextSale();
      return;
    }
    if (await submitAmount(text)) setText('');
    ref.current?.focus();
  }

  return (
    <form className="entry" onSubmit={onSubmit} data-testid="amount-form">
      <label className="entry-label" htmlFor="amount-input">
        {t('amount.label')}
      </label>
      <div className="entry-row">
        <span className="entry-prefix">¥</span>
        <input
          id="amount-input"
          ref={ref}
          className="entry-input entry-amount"
          data-testid="amount-input"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('amount.placeholder')}
          value={text}
          maxLength={20}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" data-testid="amount-submit" disabled={busy}>
          {t('amount.submit')} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}
