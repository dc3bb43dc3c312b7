import { useCallback, useEffect, useRef } from 'react';
import { selectLocale, selectSession, useCounter } from '../../store/index.js';
import { DevicesSection } from './DevicesSection.js';
import { LiveSection } from './LiveSection.js';
import { PairingSection } from './PairingSection.js';
import { useKeyIsolation, usePageWedge, useTestModeLease } from './screen-hooks.js';
import { SettingsSection } from './SettingsSection.js';
import { SimulatorSection } from './SimulatorSection.js';
import { useScannerUi } from './store.js';
import { scannerTexts } from './texts.js';
import { UdevSection } from './UdevSection.js';
import './scanner.css';

/**
 * The scanner settings screen: devices, pairing by scanning a shown Code 128 barcode, a live test
 * view (raw HID reports and decoded text from every source), the keyboard-wedge thresholds and
 * card pattern, the Linux udev rule, and — with the simulated backend — a developer menu.
 *
 * While it is shown the core is held in test mode (lease renewed every ttl/3): scans are only
 * shown here and never act on a bill. In the browser shell this screen runs its own page wedge
 * listener (the counter's is off while it is open); in Electron the main process catches them.
 */

export function ScannerScreen() {
  const locale = useCounter(selectLocale);
  const session = useCounter(selectSession);
  const t = scannerTexts(locale);
  const status = useScannerUi((s) => s.status);
  const isSupervisor = session?.operator?.role === 'supervisor' && !session.locked;
  const close = useCallback(() => useScannerUi.getState().setOpen(false), []);
  const rootRef = useRef<HTMLElement>(null);

  useTestModeLease();
  usePageWedge();
  useKeyIsolation(close);
  useEffect(() => {
    rootRef.current?.focus();
  }, []);

  return (
    <main className="scanner" data-testid="scanner-screen" ref={rootRef} tabIndex={-1} aria-labelledby="scanner-title">
      <div className="scanner-page">
        <header className="scanner-head">
          <h1 id="scanner-title" className="scanner-title">
            {t.title}
          </h1>
          <button type="button" className="btn" data-testid="scanner-close" onClick={close} title={t.closeHint}>
            {t.close} <kbd>Esc</kbd>
          </button>
        </header>
        <p className="scanner-banner" data-testid="scanner-test-banner" data-testing={status?.testing ? 'yes' : 'no'}>
          {t.testBanner}
        </p>
        <div className="scanner-columns">
          <div className="scanner-col">
            <DevicesSection t={t} isSupervisor={isSupervisor} />
            <PairingSection t={t} isSupervisor={isSupervisor} />
            <SettingsSection t={t} isSupervisor={isSupervisor} locale={locale} />
          </div>
          <div className="scanner-col">
            <LiveSection t={t} />
            {status?.backend === 'simulated' && <SimulatorSection t={t} locale={locale} />}
            <UdevSection t={t} />
          </div>
        </div>
      </div>
    </main>
  );
}
