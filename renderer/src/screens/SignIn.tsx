import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PIN } from '../../../app/limits.js';
import { setNewPin, signIn } from '../actions.js';
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
  // A supervisor reset this operator's PIN: the temporary one was right; ask for a new one.
  const [newPinFor, setNewPinFor] = useState<{ operatorNo: string; pin: string } | null>(null);
  const opRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!newPinFor) opRef.current?.focus();
  }, [newPinFor]);

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
    if (ok === 'pin-change') {
      setNewPinFor({ operatorNo: operatorNo.trim(), pin });
      setPin('');
      return;
    }
    if (!ok) {
      setPin('');
      pinRef.current?.focus();
    }
  }

  if (newPinFor)
    return (
      <NewPin
        {...newPinFor}
        onBack={() => {
          setNewPinFor(null);
          useCounter.getState().setNotice(null);
        }}
      />
    );

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

/** The new PIN, typed twice, before the sign-in completes (Enter moves on, Esc goes back). */
function NewPin({ operatorNo, pin, onBack }: { operatorNo: string; pin: string; onBack: () => void }) {
  const { t } = useT();
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const firstRef = useRef<HTMLInputElement>(null);
  const secondRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    firstRef.current?.focus();
    useCounter.getState().setNotice({ tone: 'info', kind: 'error-code', code: 'pin-change-required' });
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const setNotice = useCounter.getState().setNotice;
    if (document.activeElement === firstRef.current && second === '') {
      secondRef.current?.focus();
      return;
    }
    if (!PIN.pattern.test(first)) {
      setNotice({
        tone: 'warn',
        kind: 'key',
        key: 'signin.newPinRule',
        params: { min: PIN.minLength, max: PIN.maxLength },
      });
      firstRef.current?.focus();
      return;
    }
    if (first !== second) {
      setNotice({ tone: 'warn', kind: 'key', key: 'signin.newPinMismatch' });
      setSecond('');
      secondRef.current?.focus();
      return;
    }
    const ok = await setNewPin(operatorNo, pin, first, second);
    if (!ok) {
      setFirst('');
      setSecond('');
      firstRef.current?.focus();
    }
  }

  return (
    <main className="gate" data-testid="signin-newpin">
      <form
        className="gate-card"
        onSubmit={onSubmit}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onBack();
          }
        }}
      >
        <h1 className="gate-title">{t('signin.newPinTitle')}</h1>
        <p className="hint">{t('signin.newPinSub', { no: operatorNo, min: PIN.minLength, max: PIN.maxLength })}</p>
        <PinField
          ref={firstRef}
          label={t('signin.newPin')}
          testid="signin-newpin-1"
          value={first}
          onChange={setFirst}
        />
        <PinField
          ref={secondRef}
          label={t('signin.newPinRepeat')}
          testid="signin-newpin-2"
          value={second}
          onChange={setSecond}
        />
        <button type="submit" className="btn btn-primary btn-wide" data-testid="signin-newpin-submit">
          {t('signin.newPinSubmit')} <kbd>Enter</kbd>
        </button>
        <NoticeLine />
        <button type="button" className="btn btn-wide" data-testid="signin-newpin-back" onClick={onBack}>
          {t('signin.newPinBack')} <kbd>Esc</kbd>
        </button>
      </form>
    </main>
  );
}
