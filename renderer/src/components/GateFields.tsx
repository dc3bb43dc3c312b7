import type { KeyboardEvent, Ref } from 'react';

/**
 * The two fields of every "who are you" form (sign-in, unlock, supervisor on the spot, 系统设置):
 * an operator number and a PIN, with the same limits as the contract (operatorNo ≤ 32, PIN ≤ 12)
 * and the same keyboard behaviour everywhere.
 */
interface FieldProps {
  label: string;
  testid: string;
  value: string;
  onChange: (value: string) => void;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  ref?: Ref<HTMLInputElement>;
}

export function OperatorNoField({ label, testid, value, onChange, onKeyDown, ref }: FieldProps) {
  return (
    <label className="field">
      <span className="entry-label">{label}</span>
      <input
        ref={ref}
        className="entry-input"
        data-testid={testid}
        autoComplete="username"
        inputMode="numeric"
        spellCheck={false}
        maxLength={32}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
    </label>
  );
}

export function PinField({ label, testid, value, onChange, onKeyDown, ref }: FieldProps) {
  return (
    <label className="field">
      <span className="entry-label">{label}</span>
      <input
        ref={ref}
        className="entry-input"
        data-testid={testid}
        type="password"
        inputMode="numeric"
        autoComplete="current-password"
        maxLength={12}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
    </label>
  );
}
