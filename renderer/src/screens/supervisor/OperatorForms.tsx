import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Role } from '../../../../app/contract/session.js';
import { PIN } from '../../../../app/limits.js';
import { useS } from './common.js';
import { useSup } from './sup-store.js';

/** A PIN typed twice, checked here before anything is sent (main checks again). */
export function pinProblem(pin: string, repeat: string, S: ReturnType<typeof useS>['S']): string | null {
  if (!PIN.pattern.test(pin)) return S('ops.form.pinRule', { min: PIN.minLength, max: PIN.maxLength });
  if (pin !== repeat) return S('ops.form.pinMismatch');
  return null;
}

/** Local date and time, `YYYY-MM-DD HH:mm`. */
export function formatWhen(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * A small form where Enter moves to the next field (the last one submits) and Esc cancels
 * (kept from the supervisor screen, which would close on Esc).
 */
function KeyForm({
  testid,
  title,
  sub,
  onSubmit,
  onCancel,
  working,
  children,
}: {
  testid: string;
  title: string;
  sub?: string;
  onSubmit: () => void;
  onCancel: () => void;
  working: boolean;
  children: ReactNode;
}) {
  const { S } = useS();
  const ref = useRef<HTMLFormElement>(null);
  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)) return;
    const fields = [...(ref.current?.querySelectorAll<HTMLElement>('input, select') ?? [])];
    const i = fields.indexOf(e.target);
    if (i >= 0 && i < fields.length - 1) {
      e.preventDefault();
      fields[i + 1]!.focus();
    }
  }
  return (
    <form
      ref={ref}
      className="sup-section ops-form"
      data-testid={testid}
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        if (!working) onSubmit();
      }}
    >
      <h3>{title}</h3>
      {sub && <p className="sup-muted">{sub}</p>}
      <div className="ops-fields">{children}</div>
      <div className="sup-actions">
        <button type="submit" className="btn btn-primary" data-testid="ops-form-save" disabled={working}>
          {S('ops.form.save')} <kbd>Enter</kbd>
        </button>
        <button type="button" className="btn" data-testid="ops-form-cancel" onClick={onCancel}>
          {S('ops.form.cancel')} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}

function Field({
  label,
  testid,
  value,
  onChange,
  pin,
  autoFocus,
  maxLength,
}: {
  label: string;
  testid: string;
  value: string;
  onChange: (v: string) => void;
  pin?: boolean;
  autoFocus?: boolean;
  maxLength: number;
}) {
  return (
    <label className="sup-field">
      <span>{label}</span>
      <input
        className="sup-input"
        data-testid={testid}
        autoComplete="off"
        autoFocus={autoFocus}
        maxLength={maxLength}
        {...(pin ? { type: 'password', inputMode: 'numeric' as const } : {})}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

export interface NewOperator {
  operatorNo: string;
  name: string;
  role: Role;
  newPin: string;
  newPinRepeat: string;
}

export function AddOperatorForm({
  onSave,
  onCancel,
  working,
}: {
  onSave: (o: NewOperator) => void;
  onCancel: () => void;
  working: boolean;
}) {
  const { S } = useS();
  const [o, setO] = useState<NewOperator>({ operatorNo: '', name: '', role: 'cashier', newPin: '', newPinRepeat: '' });
  const set = (patch: Partial<NewOperator>) => setO((x) => ({ ...x, ...patch }));
  function submit() {
    if (!o.operatorNo.trim() || !o.name.trim()) {
      useSup.getState().setNotice({ tone: 'error', text: S('ops.form.required'), code: 'invalid-input' });
      return;
    }
    const problem = pinProblem(o.newPin, o.newPinRepeat, S);
    if (problem) {
      useSup.getState().setNotice({ tone: 'error', text: problem, code: 'invalid-input' });
      return;
    }
    onSave({ ...o, operatorNo: o.operatorNo.trim(), name: o.name.trim() });
  }
  const range = { min: PIN.minLength, max: PIN.maxLength };
  return (
    <KeyForm
      testid="ops-add-form"
      title={S('ops.form.addTitle')}
      onSubmit={submit}
      onCancel={onCancel}
      working={working}
    >
      <Field
        label={S('ops.form.no')}
        testid="ops-add-no"
        autoFocus
        maxLength={32}
        value={o.operatorNo}
        onChange={(v) => set({ operatorNo: v })}
      />
      <Field
        label={S('ops.form.name')}
        testid="ops-add-name"
        maxLength={40}
        value={o.name}
        onChange={(v) => set({ name: v })}
      />
      <label className="sup-field">
        <span>{S('ops.form.role')}</span>
        <select
          className="sup-input"
          data-testid="ops-add-role"
          value={o.role}
          onChange={(e) => set({ role: e.target.value as Role })}
        >
          <option value="cashier">{S('ops.role.cashier')}</option>
          <option value="supervisor">{S('ops.role.supervisor')}</option>
        </select>
      </label>
      <Field
        label={S('ops.form.pin', range)}
        testid="ops-add-pin"
        pin
        maxLength={PIN.maxLength}
        value={o.newPin}
        onChange={(v) => set({ newPin: v })}
      />
      <Field
        label={S('ops.form.pinRepeat')}
        testid="ops-add-pin2"
        pin
        maxLength={PIN.maxLength}
        value={o.newPinRepeat}
        onChange={(v) => set({ newPinRepeat: v })}
      />
    </KeyForm>
  );
}

export function ResetPinForm({
  who,
  onSave,
  onCancel,
  working,
}: {
  who: { operatorNo: string; name: string };
  onSave: (pin: string, repeat: string) => void;
  onCancel: () => void;
  working: boolean;
}) {
  const { S } = useS();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  function submit() {
    const problem = pinProblem(pin, repeat, S);
    if (problem) {
      useSup.getState().setNotice({ tone: 'error', text: problem, code: 'invalid-input' });
      return;
    }
    onSave(pin, repeat);
  }
  return (
    <KeyForm
      testid="ops-reset-form"
      title={S('ops.form.resetTitle', { name: who.name, no: who.operatorNo })}
      sub={S('ops.form.resetSub')}
      onSubmit={submit}
      onCancel={onCancel}
      working={working}
    >
      <Field
        label={S('ops.form.tempPin', { min: PIN.minLength, max: PIN.maxLength })}
        testid="ops-reset-pin"
        pin
        autoFocus
        maxLength={PIN.maxLength}
        value={pin}
        onChange={setPin}
      />
      <Field
        label={S('ops.form.pinRepeat')}
        testid="ops-reset-pin2"
        pin
        maxLength={PIN.maxLength}
        value={repeat}
        onChange={setRepeat}
      />
    </KeyForm>
  );
}
