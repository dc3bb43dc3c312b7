import { useEffect, useRef, useState, type FormEvent } from 'react';
import { signIn } from '../actions.js';
import { NoticeLine } from '../components/Notice.js';
import { openSettings } from './setup/settings-gate.js';
import { useT } from '../i18n/useT.js';
import { useCounter } from '../store/index.js';

/** Operator number + PIN. A wrong PIN clears the PIN field; repeated failures lock the operator out (core). */
export function SignIn() {
  const { t } = useT();
  const [operatorNo, setOperatorNo] = useState('');
  const [pin, setPin] = useState('');
  const opRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    opRef.current?.focus();
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const setNotice = useCounter.getState().setNotice;
    if (operatorNo.trim() === '') {
      setNotice({ tone: 'warn', kind: 'key', key: 'signin.operatorEmpty' });
      opRef.current?.focus();
      return;
    }
    if (document.activeElement === opRef.current && pin === '') {
      pinRef.current?.focus();
      return;
    }
    if (pin === '') {
      setNotice({ tone: 'warn', kind: 'key', key: 'signin.pinEmpty' });
      pinRef.current?.focus();
      return;
    }
    const ok = await signIn(operatorNo, pin);
    if (!ok) {
      setPin('');
      pinRef.current?.focus();
    }
  }

  return (
    <main className="gate" data-testid="signin-screen">
      <form className="gate-card" onSubmit={onSubmit}>
        <h1 className="gate-title">{t('signin.title')}</h1>
        <label className="field">
          <span className="entry-label">{t('signin.operator')}</span>
          <input
            ref={opRef}
            className="entry-input"
            data-testid="signin-operator"
            autoComplete="username"
            inputMode="numeric"
            spellCheck={false}
            maxLength={32}
            value={operatorNo}
            onChange={(e) => setOperatorNo(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="entry-label">{t('signin.pin')}</span>
          <input
            ref={pinRef}
            className="entry-input"
            data-testid="signin-pin"
            type="password"
            autoComplete="current-password"
            inputMode="numeric"
            maxLength={12}
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary btn-wide" data-testid="signin-submit">
          {t('signin.submit')} <kbd>Enter</kbd>
        </button>
        <p className="hint">{t('signin.hint')}</p>
        <NoticeLine />
        <button type="button" className="btn btn-wide" data-testid="signin-settings" onClick={openSettings}>
          {t('signin.settings')}
        </button>
      </form>
    </main>
  );
}
