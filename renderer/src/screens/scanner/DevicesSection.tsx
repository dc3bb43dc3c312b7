import { useCallback, useEffect, useState } from 'react';
import type { AppErrorData } from '../../../../app/result.js';
import type { DeviceListing } from '../../../../app/scan/types.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { selectLocale, useCounter } from '../../store/index.js';
import { useScannerUi } from './store.js';
import { fmt, type ScannerTexts as Texts } from './texts.js';

/** The scanners the core sees: state, ids, role, pairing (a supervisor may unpair). */

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

export function DevicesSection({ t, isSupervisor }: { t: Texts; isSupervisor: boolean }) {
  const status = useScannerUi((s) => s.status);
  const config = useScannerUi((s) => s.config);
  const [devices, setDevices] = useState<DeviceListing[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const locale = useCounter(selectLocale);

  const load = useCallback(async (refresh: boolean) => {
    const r = await invoke('scanner.devices', { refresh });
    if (r.ok) {
      setDevices(r.value.devices);
      useScannerUi.getState().setStatus(r.value.status);
      setError(null);
    } else setError(r.error);
  }, []);

  // Re-read the list whenever a scanner comes or goes, or pairing changes.
  const connectedKey = status?.connected.map((c) => c.deviceId).join(',') ?? '';
  const pairedKey = config?.hid.pairedDeviceIds.join(',') ?? '';
  useEffect(() => {
    void load(false);
  }, [load, connectedKey, pairedKey, config?.hid.mode]);

  const unpair = async (deviceId: string) => {
    const r = await invoke('scanner.unpair', { deviceId });
    if (!r.ok) setError(r.error);
  };

  const hidLine =
    status === null
      ? ''
      : status.hid === 'ready'
        ? t.hidReady
        : status.hid === 'unavailable'
          ? fmt(t.hidUnavailable, { reason: status.hidError ?? '?' })
          : t.hidStopped;

  return (
    <section className="scanner-section" aria-labelledby="sc-devices">
      <div className="scanner-section-head">
        <h2 id="sc-devices">{t.devices}</h2>
        <button type="button" className="btn" data-testid="scanner-refresh" onClick={() => void load(true)}>
          {t.refresh}
        </button>
      </div>
      <p
        className={`scanner-hid scanner-hid-${status?.hid ?? 'unknown'}`}
        data-testid="scanner-hid-status"
        data-hid={status?.hid ?? ''}
        data-backend={status?.backend ?? ''}
      >
        {hidLine}
        {status && (
          <span className="scanner-muted"> · {fmt(t.backend, { backend: t[`backend.${status.backend}`] })}</span>
        )}
      </p>
      {error && (
        <p className="scanner-error" data-testid="scanner-error">
          {errorText(locale, error)}
        </p>
      )}
      {devices !== null && devices.length === 0 && <p className="hint">{t.noDevices}</p>}
      {devices !== null && devices.length > 0 && (
        <table className="scanner-table" data-testid="scanner-devices" data-count={devices.length}>
          <thead>
            <tr>
              <th>{t.colState}</th>
              <th>{t.colDevice}</th>
              <th>{t.colIds}</th>
              <th>{t.colUsage}</th>
              <th>{t.colRole}</th>
              <th>{t.colPaired}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr
                key={d.path}
                data-testid="scanner-device"
                data-device-id={d.deviceId}
                data-state={d.state}
                data-paired={d.paired ? 'yes' : 'no'}
              >
                <td>
                  <span className={`scanner-state scanner-state-${d.state}`}>{t[`state.${d.state}`]}</span>
                </td>
                <td>
                  <div className="scanner-device-name" data-verbatim="device">
                    {[d.vendorName ?? d.manufacturer, d.product].filter(Boolean).join(' · ') || d.path}
                  </div>
                  {/* The reader's note is English (native/hid); the 类型 column says the same in Chinese. */}
                  {locale === 'en' && (
                    <div className="scanner-muted scanner-small" title={d.note}>
                      {d.note}
                    </div>
                  )}
                </td>
                <td className="mono">
                  {hex4(d.vendorId)}:{hex4(d.productId)}
                  {d.serialNumber ? <div className="scanner-muted scanner-small">{d.serialNumber}</div> : null}
                </td>
                <td className="mono">
                  {d.usagePage === null ? '—' : `0x${d.usagePage.toString(16).toUpperCase().padStart(2, '0')}`}
                </td>
                <td>{t[`role.${d.role}`]}</td>
                <td>
                  {d.paired ? (
                    <span className="scanner-paired">
                      {t.paired}
                      {isSupervisor && (
                        <button
                          type="button"
                          className="btn scanner-btn-small"
                          data-testid="scanner-unpair"
                          onClick={() => void unpair(d.deviceId)}
                        >
                          {t.unpair}
                        </button>
                      )}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
