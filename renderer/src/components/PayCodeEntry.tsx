import { useEffect, useRef, useState, type FormEvent } from 'react';
import { submitPaymentCode } from '../actions.js';
import { useT } from '../i18n/useT.js';
import { useCounter } from '../store/index.js';

/** Manual payment-code field (the scanner works anywhere; this is for typing or a focused scan). */
export function PayCodeEntry() {
  const { t } = useT();
  const [text, setText] = useState('');
  const busy = useCounter((s) => s.busy);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const value = text;
    if (await submitPaymentCode(value)) setText('');
    else ref.current?.select();
  }

  return (
    <form className="entry" onSubmit={onSubmit} data-testid="paycode-form">
      <label className="entry-label" htmlFor="paycode-input">
        {t('pay.codeLabel')}
      </label>
      <div className="entry-row">
        <input
          id="paycode-input"
          ref={ref}
          className="entry-input entry-code"
          data-testid="paycode-input"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('pay.codePlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" data-testid="paycode-submit" disabled={busy}>
          {t('pay.submit')} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}
