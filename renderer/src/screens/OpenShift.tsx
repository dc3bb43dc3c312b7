import { useEffect, useRef, useState, type FormEvent } from 'react';
import { parseYuan } from '../../../app/money.js';
import { openShift, signOut } from '../actions.js';
import { NoticeLine } from '../components/Notice.js';
import { useT } from '../i18n/useT.js';
import { selectSession, useCounter } from '../store/index.js';

/** Open the terminal's shift with the cash float counted into the drawer. */
export function OpenShift() {
  const { t } = useT();
  const session = useCounter(selectSession);
  const [text, setText] = useState('');
  // A ¥0 float (an empty Enter included) is opened only with an explicit confirmation.
  const [askZero, setAskZero] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);

  const isZero = (t: string): boolean => {
    const p = parseYuan(t.trim() === '' ? '0' : t.trim(), { allowZero: true });
    return p.ok && p.fen === 0;
  };

  async function open(confirmedZero: boolean) {
    if (isZero(text) && !confirmedZero) {
      setAskZero(true);
      ref.current?.focus();
      return;
    }
    if (!(await openShift(text.trim()))) ref.current?.select();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void open(false);
  }

  return (
    <main className="gate" data-testid="open-shift-screen">
      <form className="gate-card" onSubmit={onSubmit}>
        <h1 className="gate-title">{t('shift.title')}</h1>
        {session?.operator && <p className="gate-sub">{`${session.operator.name} · ${session.operator.operatorNo}`}</p>}
        <label className="field">
          <span className="entry-label">{t('shift.float')}</span>
          <div className="entry-row">
            <span className="entry-prefix">¥</span>
            <input
              ref={ref}
              className="entry-input"
              data-testid="shift-float"
              inputMode="decimal"
              autoComplete="off"
              maxLength={16}
              value={text}
              placeholder="0.00"
              onChange={(e) => {
                setText(e.target.value);
                setAskZero(false);
              }}
            />
          </div>
        </label>
        <button type="submit" className="btn btn-primary btn-wide" data-testid="shift-open">
          {t('shift.submit')} <kbd>Enter</kbd>
        </button>
        {askZero && (
          <div className="notice notice-warn gate-confirm" role="alert" data-testid="shift-zero-confirm">
            <p>{t('shift.zeroAsk')}</p>
            <button type="button" className="btn btn-wide" data-testid="shift-zero-yes" onClick={() => void open(true)}>
              {t('shift.zeroYes')}
            </button>
          </div>
        )}
        <p className="hint">{t('shift.hint')}</p>
        <button type="button" className="btn btn-wide" data-testid="shift-signout" onClick={() => void signOut()}>
          {t('fn.signOut')}
        </button>
        <NoticeLine />
      </form>
    </main>
  );
}
