import type { SetupStatus } from '../../../../app/contract/setup.js';
import type { SetupT } from './fields.js';
import type { Busy, Message } from './form-state.js';
import { fieldLabel, type SetupLocale } from './texts.js';

/** The end of the form: secret storage, 需要重启, the message, and 保存 / 完成设置 / 继续 / 关闭. */
export function SetupFooter(props: {
  locale: SetupLocale;
  t: SetupT;
  status: SetupStatus;
  busy: Busy;
  message: Message;
  firstRun: boolean;
  onRestart: () => void;
  onDone: (() => void) | undefined;
  onClose: (() => void) | undefined;
}) {
  const { locale, t, status: s, busy, message, firstRun, onDone, onClose } = props;
  return (
    <footer className="setup-foot">
      <p
        className={`setup-message ${s.secretStorage.encrypted ? 'setup-ok' : 'setup-warn'}`}
        data-testid="setup-secret-storage"
        data-encrypted={s.secretStorage.encrypted ? 'yes' : 'no'}
      >
        {locale === 'en' ? s.secretStorage.en : s.secretStorage.zh}
      </p>
      {s.restart.required && (
        <div className="setup-message setup-warn" data-testid="setup-restart" data-fields={s.restart.fields.join(',')}>
          {t('restartNeeded', { fields: s.restart.fields.map((f) => fieldLabel(locale, f)).join('、') })}{' '}
          {s.canRestart ? (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="setup-restart-now"
              onClick={props.onRestart}
              disabled={busy !== null}
            >
              {busy === 'restart' ? t('restarting') : t('restartNow')}
            </button>
          ) : (
            <strong>{t('restartManual')}</strong>
          )}
        </div>
      )}
      {message && (
        <p
          className={`setup-message setup-${message.tone}`}
          data-testid="setup-message"
          data-tone={message.tone}
          role="status"
        >
          {message.text}
        </p>
      )}
      <div className="setup-actions">
        <button type="submit" className="btn btn-primary" data-testid="setup-save" disabled={busy !== null}>
          {busy === 'save' ? t('saving') : firstRun ? t('finish') : t('save')}
        </button>
        {!firstRun && onDone && (
          <button type="button" className="btn" data-testid="setup-continue" onClick={onDone}>
            {t('continue')}
          </button>
        )}
        {onClose && (
          <button type="button" className="btn" data-testid="setup-close" onClick={onClose}>
            {t('close')}
          </button>
        )}
      </div>
    </footer>
  );
}
