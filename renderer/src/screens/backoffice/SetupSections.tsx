import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type {
  BackOfficeSetupStatus,
  BackOfficeSystemName,
  BackOfficeTestResult,
} from '../../../../app/contract/backoffice.js';
import type { CounterpayApi } from '../../../../app/contract/index.js';
import { Section, SecretField } from '../setup/fields.js';
import './backoffice.css';
import { setupText, type SetupTextKey } from '../setup/texts.js';
import { CampusFields, KesionFields, XiaobaoFields, type SystemFieldsProps } from './SystemFields.js';
import {
  draftsOf,
  fieldErrorsOf,
  NO_SECRET,
  secretChanges,
  SECRETS_OF,
  settingsOf,
  type Drafts,
  type FieldErrors,
  type SecretDraft,
} from './setup-model.js';
import { boText, type BoKey, type BoLocale } from './texts.js';

const SYSTEMS: readonly BackOfficeSystemName[] = ['xiaobao', 'kesion', 'campus'];
const SECRET_LABEL: Record<string, BoKey> = {
  'xiaobao.accessKeySecret': 'accessKeySecret',
  'kesion.apptoken': 'apptoken',
  'kesion.apikey': 'apikey',
};

type Outcome = { tone: 'ok' | 'bad'; text: string } | null;

/**
 * The back offices' sections of the setup screen (首次设置 / 系统设置): one per system, each with
 * its own 保存 and 测试连接 (backoffice.save / backoffice.test). Secrets are typed, never shown.
 */
export function BackOfficeSetupSections({ api, locale }: { api: CounterpayApi; locale: BoLocale }) {
  const B = useCallback((k: BoKey, p?: Record<string, string | number>) => boText(locale, k, p), [locale]);
  const [status, setStatus] = useState<BackOfficeSetupStatus | null>(null);
  const [drafts, setDrafts] = useState<Drafts | null>(null);
  const [secrets, setSecrets] = useState<Record<string, SecretDraft>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<{ system: BackOfficeSystemName; what: 'save' | 'test' } | null>(null);
  const [outcome, setOutcome] = useState<Partial<Record<BackOfficeSystemName, Outcome>>>({});
  const [tests, setTests] = useState<Partial<Record<BackOfficeSystemName, BackOfficeTestResult>>>({});
  const [loadFailed, setLoadFailed] = useState(false);

  useEffect(() => {
    let live = true;
    void api.invoke('backoffice.settings', {}).then((r) => {
      if (!live) return;
      if (r.ok) {
        setStatus(r.value);
        setDrafts(draftsOf(r.value.settings));
      } else setLoadFailed(true);
    });
    return () => {
      live = false;
    };
  }, [api]);

  if (loadFailed) {
    return (
      <Section title={B('systemLong.xiaobao')} testid="setup-sec-bo-failed">
        <p className="setup-message setup-error">{B('loadFailed')}</p>
      </Section>
    );
  }
  if (!status || !drafts) return null;

  const input = (system: BackOfficeSystemName) => {
    const local = settingsOf(drafts, locale);
    const mine = Object.fromEntries(Object.entries(local.errors).filter(([f]) => f.startsWith(`${system}.`)));
    // The other systems go as saved: only this section's values are applied.
    const settings = { ...status.settings, [system]: local.settings[system] };
    return { mine, payload: { system, settings, secrets: secretChanges(system, secrets) } };
  };
  const clearErrors = (system: BackOfficeSystemName) =>
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([f]) => !f.startsWith(`${system}.`))));
  const issuesOf = (error: { details?: Record<string, unknown> | undefined }) =>
    ((error.details as { issues?: { field: string; message: string }[] } | undefined)?.issues ?? []).map((i) => ({
      field: i.field.replace(/^secrets\./, ''),
      message: i.message.split(' / ').at(-1) ?? i.message,
    }));

  const save = async (system: BackOfficeSystemName) => {
    const { mine, payload } = input(system);
    clearErrors(system);
    setTests((t) => ({ ...t, [system]: undefined }));
    if (Object.keys(mine).length > 0) {
      setErrors((e) => ({ ...e, ...mine }));
      setOutcome((o) => ({ ...o, [system]: { tone: 'bad', text: B('saveFailed') } }));
      return;
    }
    setBusy({ system, what: 'save' });
    const r = await api.invoke('backoffice.save', payload);
    setBusy(null);
    if (r.ok) {
      setStatus(r.value.status);
      setDrafts((d) => (d ? { ...d, [system]: draftsOf(r.value.status.settings)[system] } : d));
      setSecrets((s) => ({ ...s, ...Object.fromEntries(SECRETS_OF[system].map((n) => [n, NO_SECRET])) }));
      setOutcome((o) => ({
        ...o,
        [system]: { tone: 'ok', text: r.value.changed.length > 0 ? B('saved') : B('savedNothing') },
      }));
    } else {
      setErrors((e) => ({ ...e, ...fieldErrorsOf(issuesOf(r.error), locale) }));
      setOutcome((o) => ({ ...o, [system]: { tone: 'bad', text: B('saveFailed') } }));
    }
  };

  const test = async (system: BackOfficeSystemName) => {
    const { mine, payload } = input(system);
    clearErrors(system);
    setOutcome((o) => ({ ...o, [system]: null }));
    if (Object.keys(mine).length > 0) {
      setErrors((e) => ({ ...e, ...mine }));
      return;
    }
    setBusy({ system, what: 'test' });
    const r = await api.invoke('backoffice.test', payload);
    setBusy(null);
    if (r.ok) setTests((t) => ({ ...t, [system]: r.value }));
    else {
      setErrors((e) => ({ ...e, ...fieldErrorsOf(issuesOf(r.error), locale) }));
      setTests((t) => ({ ...t, [system]: undefined }));
    }
  };

  const st = (k: SetupTextKey) => setupText(locale, k);
  // Enter in a field of these sections never submits the setup screen's own form (its 保存 /
  // 完成设置): each section has its own buttons.
  const keepEnter = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
  };
  return (
    <div className="setup-bo" onKeyDown={keepEnter}>
      {SYSTEMS.map((system) => {
        const source = status.sources.find((s) => s.system === system)?.source ?? 'not-configured';
        const env = (field: string) => status.envOverrides.find((o) => o.field === field)?.variable;
        const props: SystemFieldsProps = {
          B,
          drafts,
          setDrafts: (d) => setDrafts(d),
          err: (f) => errors[f],
          env,
        };
        const result = tests[system];
        const out = outcome[system];
        return (
          <Section key={system} title={B(`systemLong.${system}`)} testid={`setup-sec-bo-${system}`}>
            <p className="hint" data-testid={`setup-bo-source-${system}`} data-source={source}>
              {B('sourceLabel')}：{B(`source.${source}`)}
            </p>
            {system === 'xiaobao' && <XiaobaoFields {...props} />}
            {system === 'kesion' && <KesionFields {...props} />}
            {system === 'campus' && <CampusFields {...props} />}
            {SECRETS_OF[system].map((name) => {
              const variable = env(name);
              const isSet = status.secrets.find((s) => s.name === name)?.set ?? false;
              return variable ? (
                <p key={name} className="hint" data-testid={`setup-bo-env-${name}`}>
                  {B(SECRET_LABEL[name]!)}：{B('envOverride', { variable })}
                </p>
              ) : (
                <SecretField
                  key={name}
                  label={B(SECRET_LABEL[name]!)}
                  error={errors[name]}
                  testid={`setup-bo-secret-${name.replace('.', '-')}`}
                  isSet={isSet}
                  value={secrets[name] ?? NO_SECRET}
                  onChange={(v) => setSecrets((s) => ({ ...s, [name]: v }))}
                  t={st}
                />
              );
            })}
            <div className="setup-actions">
              <button
                type="button"
                className="btn"
                data-testid={`setup-bo-test-${system}`}
                disabled={busy !== null}
                onClick={() => void test(system)}
              >
                {busy?.system === system && busy.what === 'test' ? B('testing') : B('test')}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                data-testid={`setup-bo-save-${system}`}
                disabled={busy !== null}
                onClick={() => void save(system)}
              >
                {busy?.system === system && busy.what === 'save'
                  ? B('saving')
                  : B('save', { system: B(`system.${system}`) })}
              </button>
            </div>
            {result && (
              <div
                className={`setup-test ${result.ok ? 'setup-test-ok' : 'setup-test-bad'}`}
                data-testid={`setup-bo-test-result-${system}`}
                data-ok={result.ok ? 'yes' : 'no'}
                role="status"
              >
                <strong>{result.ok ? B('testOk') : B('testFail')}</strong>
                <span>{locale === 'en' ? result.en : result.zh}</span>
              </div>
            )}
            {out && (
              <p
                className={`setup-message setup-${out.tone === 'ok' ? 'ok' : 'error'}`}
                data-testid={`setup-bo-message-${system}`}
                data-tone={out.tone}
              >
                {out.text}
              </p>
            )}
          </Section>
        );
      })}
    </div>
  );
}
