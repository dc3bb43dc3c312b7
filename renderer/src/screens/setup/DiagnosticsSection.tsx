import type { DiagnosticsExport } from '../../../../app/contract/setup.js';
import { Section, type SetupT } from './fields.js';
import type { Busy } from './form-state.js';

/** 诊断: export the diagnostics bundle for support. */
export function DiagnosticsSection({
  t,
  busy,
  exported,
  onExport,
}: {
  t: SetupT;
  busy: Busy;
  exported: DiagnosticsExport | null;
  onExport: () => void;
}) {
  return (
    <Section title={t('secDiagnostics')} testid="setup-sec-diagnostics">
      <p className="hint">{t('diagnosticsHint')}</p>
      <button type="button" className="btn" data-testid="setup-export" onClick={onExport} disabled={busy !== null}>
        {busy === 'export' ? t('exporting') : t('exportDiagnostics')}
      </button>
      {exported && (
        <p className="setup-message setup-ok mono" data-testid="setup-export-result" data-file={exported.file}>
          {t('exported', { file: exported.file, kb: Math.max(1, Math.round(exported.bytes / 1024)) })}
        </p>
      )}
    </Section>
  );
}
