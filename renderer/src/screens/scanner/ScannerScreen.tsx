import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LiveReport, PairingView, UdevInfo } from '../../../../app/contract/scanner.js';
import type { AppErrorData } from '../../../../app/result.js';
import { checkScannerConfig, checkScannerNumber, mergeScannerConfig, SCANNER_NUMBER_LIMITS, type ConfigIssue, type ScannerNumberField } from '../../../../app/scan/config-check.js';
import type { DeviceListing } from '../../../../app/scan/types.js';
import { installWedgeListener } from '../../../scan/wedge-listener.js';
import { connectApi } from '../../api.js';
import { useNow } from '../../hooks.js';
import { errorText } from '../../i18n/index.js';
import { selectLocale, selectSession, useCounter } from '../../store/index.js';
import { Code128Barcode } from './Barcode.js';
import { wedgeOptionsNow } from './feed.js';
import { useScannerUi, type LiveLine } from './store.js';
import { fmt, scannerTexts } from './texts.js';
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

const api = () => connectApi().api;

type Texts = ReturnType<typeof scannerTexts>;

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function timeOf(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

function useTestModeLease(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const renew = async (): Promise<void> => {
      const r = await api().invoke('scanner.testMode', { on: true });
      if (stopped) return;
      const ttl = r.ok ? r.value.ttlMs : 30_000;
      timer = setTimeout(() => void renew(), Math.max(1000, Math.floor(ttl / 3)));
    };
    void renew();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      void api().invoke('scanner.testMode', { on: false });
      if (useScannerUi.getState().pairing.state === 'waiting') void api().invoke('scanner.pairCancel', {});
    };
  }, []);
}

/** Keyboard-mode scanners in the page (browser shell), sent through the core's one pipeline. */
function usePageWedge(): void {
  useEffect(() => {
    if (api().shell === 'electron') return;
    const opts = wedgeOptionsNow();
    const handle = installWedgeListener(window, { ...(opts ?? {}), enabled: () => useScannerUi.getState().open }, (scan) => {
      void api().invoke('scan.submit', { text: scan.text.slice(0, 4096), source: 'keyboard-wedge' });
    });
    const off = useScannerUi.subscribe((s, prev) => {
      if (s.config && s.config !== prev.config) {
        try {
          handle.setOptions(s.config.wedge);
        } catch {
          // keep the previous thresholds
        }
      }
    });
    return () => {
      off();
      handle();
    };
  }, []);
}

/** While the screen is shown, the counter's keys (F-keys, Enter, digits) must not act behind it. */
function useKeyIsolation(close: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (/^F([1-9]|1[0-2])$/.test(e.key)) e.preventDefault();
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        close();
      }
      e.stopPropagation();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [close]);
}

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

// ---- devices -----------------------------------------------------------------------------------

function DevicesSection({ t, isSupervisor }: { t: Texts; isSupervisor: boolean }) {
  const status = useScannerUi((s) => s.status);
  const config = useScannerUi((s) => s.config);
  const [devices, setDevices] = useState<DeviceListing[] | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const locale = useCounter(selectLocale);

  const load = useCallback(async (refresh: boolean) => {
    const r = await api().invoke('scanner.devices', { refresh });
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
    const r = await api().invoke('scanner.unpair', { deviceId });
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
      <p className={`scanner-hid scanner-hid-${status?.hid ?? 'unknown'}`} data-testid="scanner-hid-status" data-hid={status?.hid ?? ''} data-backend={status?.backend ?? ''}>
        {hidLine}
        {status && <span className="scanner-muted"> · {fmt(t.backend, { backend: t[`backend.${status.backend}`] })}</span>}
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
              <tr key={d.path} data-testid="scanner-device" data-device-id={d.deviceId} data-state={d.state} data-paired={d.paired ? 'yes' : 'no'}>
                <td>
                  <span className={`scanner-state scanner-state-${d.state}`}>{t[`state.${d.state}`]}</span>
                </td>
                <td>
                  <div className="scanner-device-name" data-verbatim="device">{[d.vendorName ?? d.manufacturer, d.product].filter(Boolean).join(' · ') || d.path}</div>
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
                <td className="mono">{d.usagePage === null ? '—' : `0x${d.usagePage.toString(16).toUpperCase().padStart(2, '0')}`}</td>
                <td>{t[`role.${d.role}`]}</td>
                <td>
                  {d.paired ? (
                    <span className="scanner-paired">
                      {t.paired}
                      {isSupervisor && (
                        <button type="button" className="btn scanner-btn-small" data-testid="scanner-unpair" onClick={() => void unpair(d.deviceId)}>
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

// ---- pairing -----------------------------------------------------------------------------------

function PairingSection({ t, isSupervisor }: { t: Texts; isSupervisor: boolean }) {
  const pairing = useScannerUi((s) => s.pairing);
  const locale = useCounter(selectLocale);
  const [error, setError] = useState<AppErrorData | null>(null);
  const waiting = pairing.state === 'waiting' && pairing.code !== null;
  const now = useNow(waiting, 500);
  const left = waiting && pairing.expiresAt !== null ? Math.max(0, Math.ceil((pairing.expiresAt - now) / 1000)) : 0;

  useEffect(() => {
    void api()
      .invoke('scanner.pairing', {})
      .then((r) => r.ok && useScannerUi.getState().setPairing(r.value));
  }, []);

  const act = async (cmd: 'scanner.pairStart' | 'scanner.pairCancel') => {
    const r = await api().invoke(cmd, {});
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
        {pairing.state === 'paired' && <p className="scanner-ok">{fmt(t.pairPaired, { device: pairing.device ?? pairing.deviceId ?? '' })}</p>}
        {pairing.state === 'keyboard' && <p className="scanner-ok">{t.pairKeyboard}</p>}
        {pairing.state === 'expired' && <p className="scanner-warn">{t.pairExpired}</p>}
        {pairing.state === 'cancelled' && <p className="scanner-muted">{t.pairCancelled}</p>}
      </div>
      <div className="scanner-actions">
        {waiting ? (
          <button type="button" className="btn" data-testid="pair-cancel" onClick={() => void act('scanner.pairCancel')}>
            {t.pairCancel}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" data-testid="pair-start" disabled={!isSupervisor} onClick={() => void act('scanner.pairStart')}>
            {t.pairStart}
          </button>
        )}
        {!isSupervisor && <span className="hint">{t.needSupervisor}</span>}
      </div>
      {error && <p className="scanner-error">{errorText(locale, error)}</p>}
    </section>
  );
}

// ---- live test view ----------------------------------------------------------------------------

/** The keyboard wedges' device ids (app/scan/types.ts): shown by name, never as the raw id. */
const WEDGE_IDS = new Set(['browser-wedge', 'electron-wedge']);

function LiveItem({ line, t }: { line: LiveLine; t: Texts }) {
  if (line.type === 'scan') {
    return (
      <li className={`scanner-live-scan${line.pairing ? ' scanner-live-pairing' : ''}`} data-testid="live-item" data-type="scan" data-source={line.source} data-kind={line.kind} data-text={line.text}>
        <span className="scanner-muted mono">{timeOf(line.at)}</span>
        <span className="scanner-tag">{t.source[line.source] ?? line.source}</span>
        <strong className="mono scanner-live-text">{line.text}</strong>
        <span className={`scanner-kind scanner-kind-${line.category}`}>{line.pairing ? t.pairCode : (t.kind[line.kind] ?? line.kind)}</span>
        {line.symbology && <span className="scanner-muted mono">{line.symbology}</span>}
        {line.deviceId &&
          (WEDGE_IDS.has(line.deviceId) ? (
            <span className="scanner-muted scanner-small">{t.source['keyboard-wedge']}</span>
          ) : (
            <span className="scanner-muted scanner-small mono" data-verbatim="device">
              {line.deviceId}
            </span>
          ))}
      </li>
    );
  }
  return (
    <li className="scanner-live-raw" data-testid="live-item" data-type="report" data-device-id={line.deviceId}>
      <span className="scanner-muted mono">{timeOf(line.at)}</span>
      <span className="scanner-tag scanner-tag-raw">{t.raw}</span>
      <code className="mono scanner-hex">{line.hex.replace(/(..)/g, '$1 ').trim()}</code>
      {line.decoded !== null && (
        <span className="scanner-small">
          {t.decoded}: <span className="mono">{line.decoded}</span>
        </span>
      )}
      {line.issue && <span className="scanner-warn scanner-small">{line.issue}</span>}
    </li>
  );
}

function LiveSection({ t }: { t: Texts }) {
  const live = useScannerUi((s) => s.live);
  return (
    <section className="scanner-section scanner-live" aria-labelledby="sc-live">
      <div className="scanner-section-head">
        <h2 id="sc-live">{t.live}</h2>
        <button type="button" className="btn" data-testid="live-clear" onClick={() => useScannerUi.getState().clearLive()}>
          {t.clear}
        </button>
      </div>
      <p className="hint">{t.liveHint}</p>
      <ol className="scanner-live-list" data-testid="live-view" data-count={live.length} data-scans={live.filter((l: LiveReport) => l.type === 'scan').length}>
        {live.length === 0 && <li className="scanner-muted">{t.liveEmpty}</li>}
        {live.map((l) => (
          <LiveItem key={l.id} line={l} t={t} />
        ))}
      </ol>
    </section>
  );
}

// ---- thresholds and card pattern ---------------------------------------------------------------

const WEDGE_FIELDS: ScannerNumberField[] = ['wedge.maxGapMs', 'wedge.minLength', 'wedge.endGapMs', 'wedge.maxLength'];

function SettingsSection({ t, isSupervisor, locale }: { t: Texts; isSupervisor: boolean; locale: 'zh-CN' | 'en' }) {
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
  const issueFor = (field: string) => issues.find((i) => i.field === field) ?? (serverIssue?.field === field ? { zh: serverIssue.text, en: serverIssue.text } : null);
  const say = (i: { zh: string; en: string }) => (locale === 'en' ? i.en : i.zh);
  const set = (k: string, v: string) => {
    setForm({ ...form, [k]: v });
    setSaved(false);
    setServerIssue(null);
  };

  const save = async () => {
    if (issues.length > 0) return;
    const r = await api().invoke('scanner.config.set', editOf(form));
    if (r.ok) {
      setSaved(true);
      useScannerUi.getState().setConfig(r.value);
    } else {
      const d = r.error.details as { field?: string; zh?: string } | undefined;
      setServerIssue({ field: d?.field ?? null, text: locale === 'en' ? (r.error.message ?? r.error.code) : (d?.zh ?? errorText(locale, r.error)) });
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
            const label = { 'wedge.maxGapMs': 0, 'wedge.minLength': 1, 'wedge.endGapMs': 2, 'wedge.maxLength': 3 }[f as string];
            const names = locale === 'en' ? ['Max gap between keys', 'Minimum scan length', 'End-of-scan silence', 'Maximum scan length'] : ['按键最大间隔', '扫码最短长度', '扫码结束静默时间', '扫码最大长度'];
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
                <span className="scanner-muted scanner-small">{fmt(t.limit, { min: lim.min, max: lim.max, unit: lim.unit === 'ms' ? t.unitMs : t.unitChars })}</span>
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
          <input className="scanner-input mono" data-testid="scanner-field-cardPattern" value={form['cardPattern'] ?? ''} disabled={!isSupervisor} onChange={(e) => set('cardPattern', e.target.value)} />
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
              <input type="radio" name="hid-mode" value={m} data-testid={`scanner-mode-${m}`} checked={form['hid.mode'] === m} disabled={!isSupervisor} onChange={() => set('hid.mode', m)} />
              {t[`mode.${m}`]}
            </label>
          ))}
        </fieldset>
        <div className="scanner-actions">
          <button type="submit" className="btn btn-primary" data-testid="scanner-save" disabled={!isSupervisor || issues.length > 0}>
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
    wedge: { maxGapMs: n('wedge.maxGapMs'), minLength: n('wedge.minLength'), endGapMs: n('wedge.endGapMs'), maxLength: n('wedge.maxLength') },
    cardPattern: (form['cardPattern'] ?? '').trim() === '' ? null : (form['cardPattern'] ?? '').trim(),
    hid: { mode: form['hid.mode'] === 'paired-only' ? ('paired-only' as const) : ('auto' as const) },
  };
}

// ---- udev --------------------------------------------------------------------------------------

function UdevSection({ t }: { t: Texts }) {
  const [info, setInfo] = useState<UdevInfo | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    void api()
      .invoke('scanner.udev', {})
      .then((r) => r.ok && setInfo(r.value));
  }, []);
  if (!info) return null;
  const linux = info.platform === 'linux';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(info.installCommand);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className="scanner-section" aria-labelledby="sc-udev" data-testid="udev-section" data-platform={info.platform}>
      <details open={linux}>
        <summary>
          <h2 id="sc-udev" className="scanner-inline-h">
            {t.udev}
          </h2>
        </summary>
        <p className="hint">{linux ? t.udevHint : t.udevNotLinux}</p>
        <div className="entry-label">{t.udevCommand}</div>
        <pre className="scanner-pre mono" data-testid="udev-command" data-verbatim="commands">
          {info.installCommand}
        </pre>
        <div className="scanner-actions">
          <button type="button" className="btn" data-testid="udev-copy" onClick={() => void copy()}>
            {copied ? t.copied : t.copy}
          </button>
        </div>
        <details data-testid="udev-rules-details">
          <summary className="entry-label">{fmt(t.udevFile, { file: info.shippedPath ?? info.fileName })}</summary>
          {/* The file as shipped (its comments are in English); closed unless asked for. */}
          <pre className="scanner-pre scanner-pre-small mono" data-testid="udev-rules" data-verbatim="file">
            {info.rules}
          </pre>
        </details>
      </details>
    </section>
  );
}

// ---- developer: simulated scanner --------------------------------------------------------------

const SAMPLES: { label: { zh: string; en: string }; text: string }[] = [
  { label: { zh: '微信付款码', en: 'WeChat code' }, text: '134567890123456789' },
  { label: { zh: '支付宝付款码', en: 'Alipay code' }, text: '281234567890123456' },
  { label: { zh: '商品 EAN-13', en: 'EAN-13 product' }, text: '6901234567892' },
  { label: { zh: '无法识别', en: 'Unrecognised' }, text: 'HELLO-123' },
];

function SimulatorSection({ t, locale }: { t: Texts; locale: 'zh-CN' | 'en' }) {
  const [devices, setDevices] = useState<{ path: string; label: string; plugged: boolean }[]>([]);
  const [path, setPath] = useState('');
  const [text, setText] = useState(SAMPLES[0]!.text);
  const [error, setError] = useState<AppErrorData | null>(null);
  const status = useScannerUi((s) => s.status);
  const connectedKey = status?.connected.map((c) => c.deviceId).join(',') ?? '';

  const load = useCallback(async () => {
    const r = await api().invoke('scanner.simulated', {});
    if (r.ok) {
      setDevices(r.value.devices);
      setPath((p) => p || r.value.devices.find((d) => d.plugged)?.path || '');
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load, connectedKey]);

  const run = async (action: 'scan' | 'plug' | 'unplug') => {
    const r = await api().invoke('scanner.simulate', action === 'scan' ? { action, path, text } : { action, path });
    setError(r.ok ? null : r.error);
    void load();
  };
  const current = devices.find((d) => d.path === path);

  return (
    // Developer menu: only with COUNTERPAY_SCANNER=simulated, never on a counter's real scanners.
    <section className="scanner-section scanner-sim" aria-labelledby="sc-sim" data-testid="sim-section" data-verbatim="developer">
      <div className="scanner-section-head">
        <h2 id="sc-sim">{t.sim}</h2>
      </div>
      <p className="hint">{t.simHint}</p>
      <label className="scanner-field">
        <span className="entry-label">{t.simDevice}</span>
        <select className="scanner-input" data-testid="sim-device" value={path} onChange={(e) => setPath(e.target.value)}>
          {devices.map((d) => (
            <option key={d.path} value={d.path}>
              {d.label} ({d.path}){d.plugged ? '' : ' ✕'}
            </option>
          ))}
        </select>
      </label>
      <label className="scanner-field">
        <span className="entry-label">{t.simText}</span>
        <input className="scanner-input mono" data-testid="sim-text" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="scanner-actions">
        <span className="entry-label">{t.samples}:</span>
        {SAMPLES.map((s) => (
          <button key={s.text} type="button" className="btn scanner-btn-small" data-testid="sim-sample" data-text={s.text} onClick={() => setText(s.text)}>
            {locale === 'en' ? s.label.en : s.label.zh}
          </button>
        ))}
      </div>
      <div className="scanner-actions">
        <button type="button" className="btn btn-primary" data-testid="sim-scan" disabled={!current?.plugged || text === ''} onClick={() => void run('scan')}>
          {t.simScan}
        </button>
        {current?.plugged ? (
          <button type="button" className="btn" data-testid="sim-unplug" onClick={() => void run('unplug')}>
            {t.simUnplug}
          </button>
        ) : (
          <button type="button" className="btn" data-testid="sim-plug" disabled={!current} onClick={() => void run('plug')}>
            {t.simPlug}
          </button>
        )}
      </div>
      {error && <p className="scanner-error">{errorText(locale, error)}</p>}
    </section>
  );
}
