import { useCallback, useEffect, useState } from 'react';
import type { AppErrorData } from '../../../../app/result.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { useScannerUi } from './store.js';
import type { ScannerTexts as Texts } from './texts.js';

/** Developer menu of the simulated scanner backend: plug, unplug and scan sample codes. */

const SAMPLES: { label: { zh: string; en: string }; text: string }[] = [
  { label: { zh: '微信付款码', en: 'WeChat code' }, text: '134567890123456789' },
  { label: { zh: '支付宝付款码', en: 'Alipay code' }, text: '281234567890123456' },
  { label: { zh: '商品 EAN-13', en: 'EAN-13 product' }, text: '6901234567892' },
  { label: { zh: '无法识别', en: 'Unrecognised' }, text: 'HELLO-123' },
];

export function SimulatorSection({ t, locale }: { t: Texts; locale: 'zh-CN' | 'en' }) {
  const [devices, setDevices] = useState<{ path: string; label: string; plugged: boolean }[]>([]);
  const [path, setPath] = useState('');
  const [text, setText] = useState(SAMPLES[0]!.text);
  const [error, setError] = useState<AppErrorData | null>(null);
  const status = useScannerUi((s) => s.status);
  const connectedKey = status?.connected.map((c) => c.deviceId).join(',') ?? '';

  const load = useCallback(async () => {
    const r = await invoke('scanner.simulated', {});
    if (r.ok) {
      setDevices(r.value.devices);
      setPath((p) => p || r.value.devices.find((d) => d.plugged)?.path || '');
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load, connectedKey]);

  const run = async (action: 'scan' | 'plug' | 'unplug') => {
    const r = await invoke('scanner.simulate', action === 'scan' ? { action, path, text } : { action, path });
    setError(r.ok ? null : r.error);
    void load();
  };
  const current = devices.find((d) => d.path === path);

  return (
    // Developer menu: only with COUNTERPAY_SCANNER=simulated, never on a counter's real scanners.
    <section
      className="scanner-section scanner-sim"
      aria-labelledby="sc-sim"
      data-testid="sim-section"
      data-verbatim="developer"
    >
      <div className="scanner-section-head">
        <h2 id="sc-sim">{t.sim}</h2>
      </div>
      <p className="hint">{t.simHint}</p>
      <label className="scanner-field">
        <span className="entry-label">{t.simDevice}</span>
        <select
          className="scanner-input"
          data-testid="sim-device"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        >
          {devices.map((d) => (
            <option key={d.path} value={d.path}>
              {d.label} ({d.path}){d.plugged ? '' : ' ✕'}
            </option>
          ))}
        </select>
      </label>
      <label className="scanner-field">
        <span className="entry-label">{t.simText}</span>
        <input
          className="scanner-input mono"
          data-testid="sim-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div className="scanner-actions">
        <span className="entry-label">{t.samples}:</span>
        {SAMPLES.map((s) => (
          <button
            key={s.text}
            type="button"
            className="btn scanner-btn-small"
            data-testid="sim-sample"
            data-text={s.text}
            onClick={() => setText(s.text)}
          >
            {locale === 'en' ? s.label.en : s.label.zh}
          </button>
        ))}
      </div>
      <div className="scanner-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="sim-scan"
          disabled={!current?.plugged || text === ''}
          onClick={() => void run('scan')}
        >
          {t.simScan}
        </button>
        {current?.plugged ? (
          <button type="button" className="btn" data-testid="sim-unplug" onClick={() => void run('unplug')}>
            {t.simUnplug}
          </button>
        ) : (
          <button
            type="button"
            className="btn"
            data-testid="sim-plug"
            disabled={!current}
            onClick={() => void run('plug')}
          >
            {t.simPlug}
          </button>
        )}
      </div>
      {error && <p className="scanner-error">{errorText(locale, error)}</p>}
    </section>
  );
}
