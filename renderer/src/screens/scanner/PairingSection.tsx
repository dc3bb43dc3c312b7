import { useEffect, useState } from 'react';
import type { PairingView } from '../../../../app/contract/scanner.js';
import type { AppErrorData } from '../../../../app/result.js';
import { useNow } from '../../hooks.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { selectLocale, useCounter } from '../../store/index.js';
import { Code128Barcode } from './Barcode.js';
import { useScannerUi } from './store.js';
import { fmt, type ScannerTexts as Texts } from './texts.js';

/** Pairing a HID scanner by scanning the Code 128 barcode shown here (supervisor only). */

export function PairingSection({ t, isSupervisor }: { t: Texts; isSupervisor: boolean }) {
  const pairing = useScannerUi((s) => s.pairing);
  const locale = useCounter(selectLocale);
  const [error, setError] = useState<AppErrorData | null>(null);
  const waiting = pairing.state === 'waiting' && pairing.code !== null;
  const now = useNow(waiting, 500);
  const left = waiting && pairing.expiresAt !== null ? Math.max(0, Math.ceil((pairing.expiresAt - now) / 1000)) : 0;

  useEffect(() => {
    void invoke('scanner.pairing', {}).then((r) => r.ok && useScannerUi.getState().setPairing(r.value));
  }, []);

  const act = async (cmd: 'scanner.pairStart' | 'scanner.pairCancel') => {
    const r = await invoke(cmd, {});
    if (r.ok) {
      useScannerUi.getState().setPairing(r.value as PairingView);
      setError(null);
    } else setError(r.error);
  };

  return (
    <section className="scanner-section" aria-labelledby="sc-pairing">
      <div className="scanner-section-head">
        <h2 id="sc-pairing">{t.pairing}</h2>
      </div>
      <p className="hint">{t.pairHint}</p>
      <div className="scanner-pair" data-testid="pair-state" data-state={pairing.state}>
        {waiting && (
          <div className="scanner-pair-code">
            <Code128Barcode text={pairing.code!} moduleWidth={2} height={96} testId="pair-barcode" />
            <div className="mono scanner-pair-text" data-testid="pair-code">
              {pairing.code}
            </div>
            <div>{fmt(t.pairWaiting, { s: left })}</div>
          </div>
        )}
        {pairing.state === 'paired' && (
          <p className="scanner-ok">{fmt(t.pairPaired, { device: pairing.device ?? pairing.deviceId ?? '' })}</p>
        )}
        {pairing.state === 'keyboard' && <p className="scanner-ok">{t.pairKeyboard}</p>}
        {pairing.state === 'expired' && <p className="scanner-warn">{t.pairExpired}</p>}
        {pairing.state === 'cancelled' && <p className="scanner-muted">{t.pairCancelled}</p>}
      </div>
      <div className="scanner-actions">
        {waiting ? (
          <button
            type="button"
            className="btn"
            data-testid="pair-cancel"
            onClick={() => void act('scanner.pairCancel')}
          >
            {t.pairCancel}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="pair-start"
            disabled={!isSupervisor}
            onClick={() => void act('scanner.pairStart')}
          >
            {t.pairStart}
          </button>
        )}
        {!isSupervisor && <span className="hint">{t.needSupervisor}</span>}
      </div>
      {error && <p className="scanner-error">{errorText(locale, error)}</p>}
    </section>
  );
}
