import { useLayoutEffect, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { submitEntry } from '../actions.js';
import type { MessageKey } from '../i18n/index.js';
import { useT } from '../i18n/useT.js';
import { selectPhase, useCounter, type Phase } from '../store/index.js';

interface EntryLook {
  testid: string;
  label: MessageKey;
  placeholder: MessageKey;
  inputMode: 'decimal' | 'text';
  submit: MessageKey;
}

function look(phase: Phase): EntryLook {
  switch (phase) {
    case 'recharge-card':
      return {
        testid: 'card-input',
        label: 'entry.labelCard',
        placeholder: 'entry.placeholderCard',
        inputMode: 'text',
        submit: 'common.confirm',
      };
    case 'recharge-amount':
      return {
        testid: 'recharge-amount-input',
        label: 'entry.labelRecharge',
        placeholder: 'entry.placeholderRecharge',
        inputMode: 'decimal',
        submit: 'common.confirm',
      };
    case 'building':
      return {
        testid: 'amount-input',
        label: 'entry.label',
        placeholder: 'entry.placeholder',
        inputMode: 'decimal',
        submit: 'key.enter',
      };
    default:
      return {
        testid: 'amount-input',
        label: 'amount.label',
        placeholder: 'entry.placeholderIdle',
        inputMode: 'decimal',
        submit: 'amount.submit',
      };
  }
}

/**
 * The counter's one entry field: amounts, hand-typed codes, the card number and the recharge
 * amount, depending on the phase. Enter submits (see actions.submitEntry); Esc clears the text
 * first, and only an empty field lets Esc back out (handled by the global key map).
 */
export function Entry() {
  const { t } = useT();
  const phase = useCounter(selectPhase);
  const dialogOpen = useCounter((s) => s.dialog !== null);
  const text = useCounter((s) => s.entry);
  const setText = useCounter((s) => s.setEntry);
  const ref = useRef<HTMLInputElement>(null);
  const l = look(phase);

  useLayoutEffect(() => {
    setText('');
  }, [phase, setText]);
  useLayoutEffect(() => {
    if (!dialogOpen) ref.current?.focus();
  }, [phase, dialogOpen]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (await submitEntry(text)) setText('');
    else ref.current?.select();
    ref.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape' && text !== '') {
      e.preventDefault();
      e.stopPropagation();
      e.nativeEvent.stopImmediatePropagation();
      setText('');
      useCounter.getState().setNotice(null);
    }
  }

  return (
    <form className="entry" onSubmit={onSubmit} data-testid="entry-form">
      <label className="entry-label" htmlFor="entry-input">
        {t(l.label)}
      </label>
      <div className="entry-row">
        {l.inputMode === 'decimal' && <span className="entry-prefix">¥</span>}
        <input
          id="entry-input"
          ref={ref}
          data-entry="main"
          className="entry-input entry-amount"
          data-testid={l.testid}
          inputMode={l.inputMode}
          autoComplete="off"
          spellCheck={false}
          placeholder={t(l.placeholder)}
          value={text}
          maxLength={64}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="btn btn-primary" data-testid="entry-submit">
          {t(l.submit)} <kbd>Enter</kbd>
        </button>
      </div>
    </form>
  );
}
