import type { Dispatch, FormEvent, RefObject } from 'react';
import { OperatorNoField, PinField } from '../../components/GateFields.js';
import type { SetupT } from './fields.js';
import type { AuthDraft, Busy, Message, SetupAction } from './form-state.js';

/** The supervisor PIN asked before the settings open (not on a new counter). */
export function AuthGate(props: {
  t: SetupT;
  auth: AuthDraft;
  busy: Busy;
  message: Message;
  dispatch: Dispatch<SetupAction>;
  onSubmit: (e: FormEvent) => void;
  onClose: (() => void) | undefined;
  firstInput: RefObject<HTMLInputElement | null>;
  authPin: RefObject<HTMLInputElement | null>;
}) {
  const { t, auth, message, dispatch, onClose } = props;
  return (
    <main className="gate" data-testid="setup-screen" data-phase="auth">
      <form className="gate-card" onSubmit={props.onSubmit}>
        <h1 className="gate-title">{t('authTitle')}</h1>
        <p className="hint">{t('authHint')}</p>
        <OperatorNoField
          ref={props.firstInput}
          next={props.authPin}
          label={t('authOperator')}
          testid="setup-auth-operator"
          value={auth.operatorNo}
          onChange={(v) => dispatch({ type: 'auth', patch: { operatorNo: v } })}
        />
        <PinField
          ref={props.authPin}
          label={t('authPin')}
          testid="setup-auth-pin"
          value={auth.pin}
          onChange={(v) => dispatch({ type: 'auth', patch: { pin: v } })}
        />
        <button
          type="submit"
          className="btn btn-primary btn-wide"
          data-testid="setup-auth-submit"
          disabled={props.busy !== null}
        >
          {t('authSubmit')}
        </button>
        {onClose && (
          <button type="button" className="btn btn-wide" onClick={onClose}>
            {t('close')}
          </button>
        )}
        {message && (
          <p className={`setup-message setup-${message.tone}`} data-testid="setup-message" data-tone={message.tone}>
            {message.text}
          </p>
        )}
      </form>
    </main>
  );
}
