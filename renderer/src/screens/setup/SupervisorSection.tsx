import { Field, Section, type SectionProps } from './fields.js';
import type { SupervisorDraft } from './form-state.js';

/** 主管账户: the first supervisor on a new counter, or one more later. */
export function SupervisorSection({
  t,
  err,
  status: s,
  dispatch,
  sup,
}: Omit<SectionProps, 'draft'> & { sup: SupervisorDraft }) {
  const set = (patch: Partial<SupervisorDraft>) => dispatch({ type: 'sup', patch });
  return (
    <Section title={t('secSupervisor')} testid="setup-sec-supervisor">
      <p className="hint">{s.supervisors > 0 ? t('supervisorExists', { n: s.supervisors }) : t('supervisorHint')}</p>
      <div className="setup-grid">
        <Field label={t('supNo')} error={err('supervisor.operatorNo')}>
          <input
            className="entry-input"
            data-testid="setup-sup-no"
            autoComplete="off"
            maxLength={32}
            value={sup.operatorNo}
            onChange={(e) => set({ operatorNo: e.target.value })}
          />
        </Field>
        <Field label={t('supName')} error={err('supervisor.name')}>
          <input
            className="entry-input"
            data-testid="setup-sup-name"
            autoComplete="off"
            maxLength={40}
            value={sup.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </Field>
        <Field label={t('supPin')} error={err('supervisor.pin')}>
          <PinInput testid="setup-sup-pin" value={sup.pin} onChange={(pin) => set({ pin })} />
        </Field>
        <Field label={t('supPin2')} error={err('supervisor.pin2')}>
          <PinInput testid="setup-sup-pin2" value={sup.pin2} onChange={(pin2) => set({ pin2 })} />
        </Field>
      </div>
    </Section>
  );
}

function PinInput(props: { testid: string; value: string; onChange: (v: string) => void }) {
  return (
    <input
      className="entry-input"
      data-testid={props.testid}
      type="password"
      inputMode="numeric"
      autoComplete="new-password"
      maxLength={12}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}
