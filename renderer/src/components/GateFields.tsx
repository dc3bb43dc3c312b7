import type { KeyboardEvent, Ref, RefObject } from 'react';

/**
 * The two fields of every "who are you" form (sign-in, unlock, supervisor on the spot, 系统设置):
 * an operator number and a PIN, with the same limits as the contract (operatorNo ≤ 32, PIN ≤ 12)
 * and the same keyboard behaviour everywhere: Enter in the operator number moves to the PIN
 * (never submits with an empty PIN, so nobody types a PIN into the visible number field), and a
 * PIN is always masked.
 */
interface FieldProps {
  label: string;
  testid: string;
  value: string;
  onChange: (value: string) => void;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void;
  ref?: Ref<HTMLInputElement>;
}

interface OperatorNoProps extends FieldProps {
  /** The PIN field: Enter here moves to it while it is empty (instead of submitting the form). */
  next?: RefObject<HTMLInputElement | null>;
}

/** Enter in an operator-number field: on to the (empty) PIN field instead of submitting. */
export function enterMovesToPin(
  e: KeyboardEvent<HTMLInputElement>,
  next: RefObject<HTMLInputElement | null> | undefined,
): boolean {
  if (e.key !== 'Enter' || e.nativeEvent.isComposing || !next?.current) return false;
  if (e.currentTarget.value.trim() === '' || next.current.value !== '') return false;
  e.preventDefault();
  next.current.focus();
  return true;
}

export function OperatorNoField({ label, testid, value, onChange, onKeyDown, ref, next }: OperatorNoProps) {
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
        onKeyDown={(e) => {
          if (enterMovesToPin(e, next)) return;
          onKeyDown?.(e);
        }}
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
