import type { SetupSettings, UpdateStatus } from '../../../../app/contract/setup.js';
import { Field, Section, UrlField, type SectionProps, type SetupT } from './fields.js';
import type { Busy } from './form-state.js';
import type { SetupTextKey } from './texts.js';

type LogLevel = SetupSettings['log']['level'];
const LOG_LEVELS: Record<LogLevel, SetupTextKey> = {
  debug: 'logLevelDebug',
  info: 'logLevelInfo',
  warn: 'logLevelWarn',
  error: 'logLevelError',
};

/** 高级: log level and automatic updates. */
export function AdvancedSection(
  props: Omit<SectionProps, 'locale'> & {
    update: UpdateStatus | null;
    busy: Busy;
    onUpdate: (command: 'updates.check' | 'updates.install') => void;
  },
) {
  const { t, err, draft: d, status: s, dispatch } = props;
  return (
    <Section title={t('secAdvanced')} testid="setup-sec-advanced">
      <div className="setup-grid">
        <Field label={t('logLevel')}>
          <select
            className="entry-input"
            data-testid="setup-log-level"
            value={d.log.level}
            onChange={(e) => dispatch({ type: 'field', key: 'log', value: { level: e.target.value as LogLevel } })}
          >
            {(Object.keys(LOG_LEVELS) as LogLevel[]).map((l) => (
              <option key={l} value={l}>
                {t(LOG_LEVELS[l])}
              </option>
            ))}
          </select>
        </Field>
        <div className="setup-field">
          <label className="setup-inline">
            <input
              type="checkbox"
              data-testid="setup-updates-enabled"
              checked={d.updates.enabled}
              onChange={(e) =>
                dispatch({ type: 'field', key: 'updates', value: { ...d.updates, enabled: e.target.checked } })
              }
            />
            {t('updatesEnabled')}
          </label>
          {!s.updatesSupported && <span className="hint">{t('updatesUnsupported')}</span>}
          {props.update && props.update.supported && (
            <UpdateLine update={props.update} busy={props.busy} onUpdate={props.onUpdate} t={t} />
          )}
        </div>
        <UrlField
          label={t('updatesUrl')}
          error={err('updates.url')}
          testid="setup-updates-url"
          value={d.updates.url}
          onChange={(url) => dispatch({ type: 'field', key: 'updates', value: { ...d.updates, url } })}
        />
      </div>
    </Section>
  );
}

function UpdateLine({
  update,
  busy,
  onUpdate,
  t,
}: {
  update: UpdateStatus;
  busy: Busy;
  onUpdate: (command: 'updates.check' | 'updates.install') => void;
  t: SetupT;
}) {
  return (
    <span className="setup-update" data-testid="setup-update" data-state={update.state}>
      <span className="hint">
        {t('updateState', {
          state: update.state,
          current: update.currentVersion,
          next: update.availableVersion ?? '—',
        })}
        {update.percent !== null && update.state === 'downloading' ? ` ${update.percent}%` : ''}
        {update.message ? ` — ${update.message}` : ''}
      </span>
      {update.enabled && update.state !== 'downloaded' && (
        <button type="button" className="btn" onClick={() => onUpdate('updates.check')} disabled={busy !== null}>
          {t('updateCheck')}
        </button>
      )}
      {update.state === 'downloaded' && (
        <button
          type="button"
          className="btn btn-primary"
          data-testid="setup-update-install"
          onClick={() => onUpdate('updates.install')}
          disabled={busy !== null}
        >
          {t('updateInstall')}
        </button>
      )}
    </span>
  );
}
