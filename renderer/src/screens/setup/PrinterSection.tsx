import { Field, Section, type SectionProps } from './fields.js';

/** 小票打印机: which printer (a list when the shell knows them, else a name) and the paper width. */
export function PrinterSection({ t, err, draft: d, status: s, dispatch }: Omit<SectionProps, 'locale'>) {
  const setPrinter = (patch: Partial<typeof d.printer>) =>
    dispatch({ type: 'field', key: 'printer', value: { ...d.printer, ...patch } });
  return (
    <Section title={t('secPrinter')} testid="setup-sec-printer">
      <div className="setup-grid">
        {s.printers ? (
          <Field label={t('printer')}>
            <select
              className="entry-input"
              data-testid="setup-printer"
              value={d.printer.name ?? ''}
              onChange={(e) => setPrinter({ name: e.target.value === '' ? null : e.target.value })}
            >
              <option value="">{t('printerDefault')}</option>
              {s.printers.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.displayName}
                  {p.isDefault ? ' ✓' : ''}
                </option>
              ))}
              {d.printer.name && !s.printers.some((p) => p.name === d.printer.name) && (
                <option value={d.printer.name}>{d.printer.name}</option>
              )}
            </select>
          </Field>
        ) : (
          <Field label={t('printerName')} error={err('printer.name')}>
            <input
              className="entry-input"
              data-testid="setup-printer"
              value={d.printer.name ?? ''}
              onChange={(e) => setPrinter({ name: e.target.value.trim() === '' ? null : e.target.value })}
            />
          </Field>
        )}
        <div className="setup-field">
          <span className="entry-label">{t('paper')}</span>
          <span className="setup-radios">
            {([58, 80] as const).map((w) => (
              <label key={w} className="setup-inline">
                <input
                  type="radio"
                  name="paper"
                  data-testid={`setup-paper-${w}`}
                  checked={d.printer.paperWidthMm === w}
                  onChange={() => setPrinter({ paperWidthMm: w })}
                />
                {w} mm
              </label>
            ))}
          </span>
        </div>
      </div>
    </Section>
  );
}
