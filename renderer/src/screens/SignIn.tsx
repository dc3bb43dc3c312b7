import { useEffect, useRef, useState, type FormEvent } from 'react';
import { signIn } from '../actions.js';
import { OperatorNoField, PinField } from '../components/GateFields.js';
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
        <OperatorNoField
          ref={opRef}
          next={pinRef}
          label={t('signin.operator')}
          testid="signin-operator"
          value={operatorNo}
          onChange={setOperatorNo}
        />
        <PinField ref={pinRef} label={t('signin.pin')} testid="signin-pin" value={pin} onChange={setPin} />
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
