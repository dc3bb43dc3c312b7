import type { ReactNode } from 'react';
import { Field } from '../setup/fields.js';

/** Small inputs of the back-office setup sections (built on the setup screen's Field). */

export function TextInput(props: {
  label: string;
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
    <Field label={props.label} error={props.error} hint={props.hint}>
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
