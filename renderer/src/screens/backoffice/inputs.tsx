import type { ReactNode } from 'react';

/** Small inputs of the back-office setup sections (the setup screen's field look). */

/**
 * A labelled field. `param` is the vendor's own parameter name (accessKeyId, payid…), shown
 * verbatim after the label so the installer can match it with the vendor's papers.
 */
export function Field(props: {
  label: string;
  param?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
}) {
  return (
    <label className={`setup-field${props.error ? ' setup-field-bad' : ''}`}>
      <span className="entry-label">
        {props.label}
        {props.param && (
          <span className="bo-param mono" data-verbatim="">
            {props.param}
          </span>
        )}
      </span>
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

export function TextInput(props: {
  label: string;
  param?: string;
  error: string | undefined;
  hint?: string | undefined;
  testid: string;
  value: string;
  onChange: (v: string) => void;
  readOnly?: boolean;
  mono?: boolean;
  placeholder?: string;
}) {
  return (
    <Field label={props.label} param={props.param} error={props.error} hint={props.hint}>
      <input
        className={`entry-input${props.mono ? ' mono' : ''}`}
        data-testid={props.testid}
        spellCheck={false}
        readOnly={props.readOnly}
        placeholder={props.placeholder}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export function Choice<V extends string>(props: {
  label: string;
  error?: string | undefined;
  testid: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (v: V) => void;
}) {
  return (
    <Field label={props.label} error={props.error}>
      <select
        className="entry-input"
        data-testid={props.testid}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as V)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function Grid({ children }: { children: ReactNode }) {
  return <div className="setup-grid">{children}</div>;
}
