import type { Dispatch, ReactNode } from 'react';
import type { SetupSettings, SetupStatus } from '../../../../app/contract/setup.js';
import type { SecretDraft, SetupAction } from './form-state.js';
import type { SetupLocale, SetupTextKey } from './texts.js';

/** The building blocks every section of the setup screen uses. */

export type SetupT = (k: SetupTextKey, p?: Record<string, string | number>) => string;

/** What every form section gets: the language, the texts, the field errors and the form state. */
export interface SectionProps {
  locale: SetupLocale;
  t: SetupT;
  err: (field: string) => string | undefined;
  draft: SetupSettings;
  status: SetupStatus;
  dispatch: Dispatch<SetupAction>;
}

export function Section(props: { title: string; children: ReactNode; testid: string }) {
  return (
    <fieldset className="setup-section" data-testid={props.testid}>
      <legend>{props.title}</legend>
      {props.children}
    </fieldset>
  );
}

export function Field(props: {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
}) {
  return (
    <label className={`setup-field${props.error ? ' setup-field-bad' : ''}`}>
      <span className="entry-label">{props.label}</span>
      {props.children}
      {props.error ? (
        <span className="setup-error-text" role="alert">
          {props.error}
        </span>
      ) : props.hint ? (
        <span className="hint">{props.hint}</span>
      ) : null}
    </label>
  );
}

/** A secret (never shown again once saved): type a new one, or tick 清除 to remove the saved one. */
export function SecretField(props: {
  label: string;
  error: string | undefined;
  hint?: string | undefined;
  testid: string;
  isSet: boolean;
  value: SecretDraft;
  onChange: (v: SecretDraft) => void;
  t: SetupT;
}) {
  const { value, onChange, t } = props;
  return (
    <Field
      label={`${props.label} — ${props.isSet ? t('secretSet') : t('secretNotSet')}`}
      error={props.error}
      hint={props.hint}
    >
      <span className="setup-secret">
        <input
          className="entry-input"
          data-testid={props.testid}
          type="password"
          autoComplete="off"
          value={value.value}
          disabled={value.clear}
          onChange={(e) => onChange({ value: e.target.value, clear: false })}
        />
        {props.isSet && (
          <label className="setup-inline">
            <input
              type="checkbox"
              checked={value.clear}
              onChange={(e) => onChange({ value: '', clear: e.target.checked })}
            />
            {t('secretClear')}
          </label>
        )}
      </span>
    </Field>
  );
}

/** Empty text means "not set" (null) for the optional URL fields. */
const urlOrNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());

/** An optional URL: trimmed, and empty means not set (null). */
export function UrlField(props: {
  label: string;
  error: string | undefined;
  hint?: string | undefined;
  testid: string;
  placeholder?: string;
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      <input
        className="entry-input"
        data-testid={props.testid}
        inputMode="url"
        spellCheck={false}
        placeholder={props.placeholder}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(urlOrNull(e.target.value))}
      />
    </Field>
  );
}

export function secretIsSet(status: SetupStatus, name: string): boolean {
  return status.secrets.find((x) => x.name === name)?.set ?? false;
}
