import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { submitPaymentCode } from '../actions.js';
import { useT } from '../i18n/useT.js';
import { useCounter } from '../store/index.js';

/** Manual payment-code field (the scanner works anywhere; this is for typing or a focused scan). */
export function PayCodeEntry() {
  const { t } = useT();
  const [text, setText] = useState('');
  const dialogOpen = useCounter((s) => s.dialog !== null);
  const ref = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    if (!dialogOpen) ref.current?.focus();
  }, [dialogOpen]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (await submitPaymentCode(text)) setText('');
    else ref.current?.select();
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape' && text !== '') {
      e.preventDefault();
      e.nativeEvent.stopImmediatePropagation();
      setText('');
    }
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
          data-entry="main"
          className="entry-input entry-code"
          data-testid="paycode-input"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('pay.codePlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="btn btn-primary" data-testid="paycode-submit">
          {t('pay.submit')} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}
