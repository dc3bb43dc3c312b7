import type { LiveReport } from '../../../../app/contract/scanner.js';
import { useScannerUi, type LiveLine } from './store.js';
import type { ScannerTexts as Texts } from './texts.js';

/** The live test view: raw HID reports and decoded text from every source, newest first. */

function timeOf(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** The keyboard wedges' device ids (app/scan/types.ts): shown by name, never as the raw id. */
const WEDGE_IDS = new Set(['browser-wedge', 'electron-wedge']);

function LiveItem({ line, t }: { line: LiveLine; t: Texts }) {
  if (line.type === 'scan') {
    return (
      <li
        className={`scanner-live-scan${line.pairing ? ' scanner-live-pairing' : ''}`}
        data-testid="live-item"
        data-type="scan"
        data-source={line.source}
        data-kind={line.kind}
        data-text={line.text}
      >
        <span className="scanner-muted mono">{timeOf(line.at)}</span>
        <span className="scanner-tag">{t.source[line.source] ?? line.source}</span>
        <strong className="mono scanner-live-text">{line.text}</strong>
        <span className={`scanner-kind scanner-kind-${line.category}`}>
          {line.pairing ? t.pairCode : (t.kind[line.kind] ?? line.kind)}
        </span>
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

export function LiveSection({ t }: { t: Texts }) {
  const live = useScannerUi((s) => s.live);
  return (
    <section className="scanner-section scanner-live" aria-labelledby="sc-live">
      <div className="scanner-section-head">
        <h2 id="sc-live">{t.live}</h2>
        <button
          type="button"
          className="btn"
          data-testid="live-clear"
          onClick={() => useScannerUi.getState().clearLive()}
        >
          {t.clear}
        </button>
      </div>
      <p className="hint">{t.liveHint}</p>
      <ol
        className="scanner-live-list"
        data-testid="live-view"
        data-count={live.length}
        data-scans={live.filter((l: LiveReport) => l.type === 'scan').length}
      >
        {live.length === 0 && <li className="scanner-muted">{t.liveEmpty}</li>}
        {live.map((l) => (
          <LiveItem key={l.id} line={l} t={t} />
        ))}
      </ol>
    </section>
  );
}
