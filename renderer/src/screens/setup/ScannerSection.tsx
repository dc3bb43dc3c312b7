import type { SetupStatus } from '../../../../app/contract/setup.js';
import { Section, type SetupT } from './fields.js';

/** 扫码枪: how many are connected, and the way to the scanner settings (pairing). */
export function ScannerSection({
  t,
  status: s,
  onOpenScanners,
}: {
  t: SetupT;
  status: SetupStatus;
  onOpenScanners: (() => void) | undefined;
}) {
  return (
    <Section title={t('secScanner')} testid="setup-sec-scanner">
      <p data-testid="setup-scanner-count" data-count={s.scanners ?? ''}>
        {s.scanners === null ? t('scannerUnknown') : t('scannerCount', { n: s.scanners })}
      </p>
      <p className="hint">{t('scannerHint')}</p>
      {onOpenScanners && (
        <button type="button" className="btn" data-testid="setup-open-scanners" onClick={onOpenScanners}>
          {t('openScanners')}
        </button>
      )}
    </Section>
  );
}
