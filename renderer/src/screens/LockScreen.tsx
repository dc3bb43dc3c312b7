import { useEffect, useRef, useState, type FormEvent } from 'react';
import { signOut, unlock } from '../actions.js';
import { OperatorNoField, PinField } from '../components/GateFields.js';
import { NoticeLine } from '../components/Notice.js';
import { useT } from '../i18n/useT.js';
import { selectSession, useCounter } from '../store/index.js';

/** The locked screen: the operator's PIN unlocks; a supervisor may sign the operator out. */
export function LockScreen() {
  const { t } = useT();
  const session = useCounter(selectSession);
  const [pin, setPin] = useState('');
  const [supervisor, setSupervisor] = useState(false);
  const [supNo, setSupNo] = useState('');
  const [supPin, setSupPin] = useState('');
  const pinRef = useRef<HTMLInputElement>(null);
  const supRef = useRef<HTMLInputElement>(null);
  const supPinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (supervisor) supRef.current?.focus();
    else pinRef.current?.focus();
  }, [supervisor]);

  async function onUnlock(e: FormEvent) {
    e.preventDefault();
    if (pin === '') return;
    if (!(await unlock(pin))) {
      setPin('');
      pinRef.current?.focus();
    }
  }

  async function onSupervisor(e: FormEvent) {
    e.preventDefault();
    if (supNo.trim() === '' || supPin === '') return;
    if (!(await signOut({ operatorNo: supNo.trim(), pin: supPin }))) setSupPin('');
  }

  const op = session?.operator;
  return (
    <main className="gate gate-locked" data-testid="lock-screen">
      <div className="gate-card">
        <h1 className="gate-title">
          <span className="lock-icon lock-icon-big" aria-hidden="true" /> {t('lock.title')}
        </h1>
        {op && <p className="gate-sub">{t('lock.who', { name: op.name, no: op.operatorNo })}</p>}
        {!supervisor ? (
          <form onSubmit={onUnlock} className="gate-form">
            <PinField
              ref={pinRef}
              label={t('lock.pin')}
              testid="unlock-pin"
              value={pin}
              onChange={setPin}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setPin('');
              }}
            />
            <button type="submit" className="btn btn-primary btn-wide" data-testid="unlock-submit">
              {t('lock.submit')} <kbd>Enter</kbd>
            </button>
            <button
              type="button"
              className="btn btn-wide"
              data-testid="lock-supervisor"
              onClick={() => setSupervisor(true)}
            >
              {t('lock.supervisor')}
            </button>
          </form>
        ) : (
          <form
            onSubmit={onSupervisor}
            className="gate-form"
            onKeyDown={(e) => e.key === 'Escape' && setSupervisor(false)}
          >
            <p className="hint">{t('lock.supervisorHint')}</p>
            <OperatorNoField
              ref={supRef}
              next={supPinRef}
              label={t('lock.supervisorNo')}
              testid="supervisor-no"
              value={supNo}
              onChange={setSupNo}
            />
            <PinField
              ref={supPinRef}
              label={t('lock.supervisorPin')}
              testid="supervisor-pin"
              value={supPin}
              onChange={setSupPin}
            />
            <button type="submit" className="btn btn-danger btn-wide" data-testid="supervisor-signout">
              {t('lock.signOutSubmit')} <kbd>Enter</kbd>
            </button>
            <button type="button" className="btn btn-wide" onClick={() => setSupervisor(false)}>
              {t('fn.back')} <kbd>Esc</kbd>
            </button>
          </form>
        )}
        <NoticeLine />
      </div>
    </main>
  );
}
