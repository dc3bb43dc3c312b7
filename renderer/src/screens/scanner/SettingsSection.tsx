import { useEffect, useMemo, useState } from 'react';
import {
  checkScannerConfig,
  checkScannerNumber,
  mergeScannerConfig,
  SCANNER_NUMBER_LIMITS,
  type ConfigIssue,
  type ScannerNumberField,
} from '../../../../app/scan/config-check.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { useScannerUi } from './store.js';
import { fmt, type ScannerTexts as Texts } from './texts.js';

/** The keyboard-wedge thresholds, the card pattern and the HID mode, checked as typed (app/scan/config-check.ts). */

const WEDGE_FIELDS: ScannerNumberField[] = ['wedge.maxGapMs', 'wedge.minLength', 'wedge.endGapMs', 'wedge.maxLength'];

export function SettingsSection({
  t,
  isSupervisor,
  locale,
}: {
  t: Texts;
  isSupervisor: boolean;
  locale: 'zh-CN' | 'en';
}) {
  const config = useScannerUi((s) => s.config);
  const [form, setForm] = useState<Record<string, string> | null>(null);
  const [serverIssue, setServerIssue] = useState<{ field: string | null; text: string } | null>(null);
  const [saved, setSaved] = useState(false);

  // Fill the form from the config in force (and again after someone saves it).
  useEffect(() => {
    if (!config) return;
    setForm({
      'wedge.maxGapMs': String(config.wedge.maxGapMs),
      'wedge.minLength': String(config.wedge.minLength),
      'wedge.endGapMs': String(config.wedge.endGapMs),
      'wedge.maxLength': String(config.wedge.maxLength),
      cardPattern: config.cardPattern ?? '',
      'hid.mode': config.hid.mode,
    });
  }, [config]);

  const issues: ConfigIssue[] = useMemo(() => {
    if (!form || !config) return [];
    const own = WEDGE_FIELDS.map((f) => checkScannerNumber(f, form[f])).filter((i): i is ConfigIssue => i !== null);
    if (own.length > 0) return own;
    return checkScannerConfig(mergeScannerConfig(config, editOf(form)));
  }, [form, config]);

  if (!config || !form) return null;
  const issueFor = (field: string) =>
    issues.find((i) => i.field === field) ??
    (serverIssue?.field === field ? { zh: serverIssue.text, en: serverIssue.text } : null);
  const say = (i: { zh: string; en: string }) => (locale === 'en' ? i.en : i.zh);
  const set = (k: string, v: string) => {
    setForm({ ...form, [k]: v });
    setSaved(false);
    setServerIssue(null);
  };

  const save = async () => {
    if (issues.length > 0) return;
    const r = await invoke('scanner.config.set', editOf(form));
    if (r.ok) {
      setSaved(true);
      useScannerUi.getState().setConfig(r.value);
    } else {
      const d = r.error.details as { field?: string; zh?: string } | undefined;
      setServerIssue({
        field: d?.field ?? null,
        text: locale === 'en' ? (r.error.message ?? r.error.code) : (d?.zh ?? errorText(locale, r.error)),
      });
    }
  };

  return (
    <section className="scanner-section" aria-labelledby="sc-settings">
      <div className="scanner-section-head">
        <h2 id="sc-settings">{t.settings}</h2>
      </div>
      <p className="hint">{t.settingsHint}</p>
      <form
        className="scanner-form"
        data-testid="wedge-form"
        data-valid={issues.length === 0 ? 'yes' : 'no'}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="scanner-grid">
          {WEDGE_FIELDS.map((f) => {
            const lim = SCANNER_NUMBER_LIMITS[f];
            const issue = issueFor(f);
            const label = { 'wedge.maxGapMs': 0, 'wedge.minLength': 1, 'wedge.endGapMs': 2, 'wedge.maxLength': 3 }[
              f as string
            ];
            const names =
              locale === 'en'
                ? ['Max gap between keys', 'Minimum scan length', 'End-of-scan silence', 'Maximum scan length']
                : ['按键最大间隔', '扫码最短长度', '扫码结束静默时间', '扫码最大长度'];
            return (
              <label key={f} className={`scanner-field${issue ? ' scanner-field-bad' : ''}`}>
                <span className="entry-label">
                  {names[label ?? 0]}
                  {locale === 'en' && <span className="scanner-muted mono scanner-small"> {f}</span>}
                </span>
                <input
                  className="scanner-input"
                  inputMode="numeric"
                  data-testid={`scanner-field-${f}`}
                  value={form[f] ?? ''}
                  disabled={!isSupervisor}
                  aria-invalid={issue ? true : undefined}
                  onChange={(e) => set(f, e.target.value)}
                />
                <span className="scanner-muted scanner-small">
                  {fmt(t.limit, { min: lim.min, max: lim.max, unit: lim.unit === 'ms' ? t.unitMs : t.unitChars })}
                </span>
                {issue && (
                  <span className="scanner-field-error" data-testid="scanner-field-error" data-field={f}>
                    {say(issue)}
                  </span>
                )}
              </label>
            );
          })}
        </div>
        <label className={`scanner-field${issueFor('cardPattern') ? ' scanner-field-bad' : ''}`}>
          <span className="entry-label">{t.cardPattern}</span>
          <input
            className="scanner-input mono"
            data-testid="scanner-field-cardPattern"
            value={form['cardPattern'] ?? ''}
            disabled={!isSupervisor}
            onChange={(e) => set('cardPattern', e.target.value)}
          />
          {issueFor('cardPattern') && (
            <span className="scanner-field-error" data-testid="scanner-field-error" data-field="cardPattern">
              {say(issueFor('cardPattern')!)}
            </span>
          )}
        </label>
        <fieldset className="scanner-radios">
          <legend className="entry-label">{t.hidMode}</legend>
          {(['auto', 'paired-only'] as const).map((m) => (
            <label key={m} className="scanner-inline">
              <input
                type="radio"
                name="hid-mode"
                value={m}
                data-testid={`scanner-mode-${m}`}
                checked={form['hid.mode'] === m}
                disabled={!isSupervisor}
                onChange={() => set('hid.mode', m)}
              />
              {t[`mode.${m}`]}
            </label>
          ))}
        </fieldset>
        <div className="scanner-actions">
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="scanner-save"
            disabled={!isSupervisor || issues.length > 0}
          >
            {t.save}
          </button>
          {saved && (
            <span className="scanner-ok" data-testid="scanner-saved">
              {t.saved}
            </span>
          )}
          {serverIssue && serverIssue.field === null && <span className="scanner-error">{serverIssue.text}</span>}
          {!isSupervisor && <span className="hint">{t.needSupervisor}</span>}
        </div>
      </form>
    </section>
  );
}

function editOf(form: Record<string, string>) {
  const n = (k: string) => Number((form[k] ?? '').trim());
  return {
    wedge: {
      maxGapMs: n('wedge.maxGapMs'),
      minLength: n('wedge.minLength'),
      endGapMs: n('wedge.endGapMs'),
      maxLength: n('wedge.maxLength'),
    },
    cardPattern: (form['cardPattern'] ?? '').trim() === '' ? null : (form['cardPattern'] ?? '').trim(),
    hid: { mode: form['hid.mode'] === 'paired-only' ? ('paired-only' as const) : ('auto' as const) },
  };
}
