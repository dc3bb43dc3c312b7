import { useEffect, useState } from 'react';
import type { UdevInfo } from '../../../../app/contract/scanner.js';
import { invoke } from '../../invoke.js';
import { fmt, type ScannerTexts as Texts } from './texts.js';

/** The Linux udev rule that lets the app read HID scanners, with the command that installs it. */

export function UdevSection({ t }: { t: Texts }) {
  const [info, setInfo] = useState<UdevInfo | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    void invoke('scanner.udev', {}).then((r) => r.ok && setInfo(r.value));
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
    <section
      className="scanner-section"
      aria-labelledby="sc-udev"
      data-testid="udev-section"
      data-platform={info.platform}
    >
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
