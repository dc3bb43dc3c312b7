import { useEffect } from 'react';
import { installWedgeListener } from '../../../scan/wedge-listener.js';
import { invoke, shellKind } from '../../invoke.js';
import { wedgeOptionsNow } from './feed.js';
import { useScannerUi } from './store.js';

/**
 * What the scanner screen holds while it is shown: the core's test mode (lease renewed every
 * ttl/3), its own page wedge listener in the browser shell, and the counter's keys kept off.
 */

export function useTestModeLease(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const renew = async (): Promise<void> => {
      const r = await invoke('scanner.testMode', { on: true });
      if (stopped) return;
      const ttl = r.ok ? r.value.ttlMs : 30_000;
      timer = setTimeout(() => void renew(), Math.max(1000, Math.floor(ttl / 3)));
    };
    void renew();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      void invoke('scanner.testMode', { on: false });
      if (useScannerUi.getState().pairing.state === 'waiting') void invoke('scanner.pairCancel', {});
    };
  }, []);
}

/** Keyboard-mode scanners in the page (browser shell), sent through the core's one pipeline. */
export function usePageWedge(): void {
  useEffect(() => {
    if (shellKind() === 'electron') return;
    const opts = wedgeOptionsNow();
    const handle = installWedgeListener(
      window,
      { ...(opts ?? {}), enabled: () => useScannerUi.getState().open },
      (scan) => {
        void invoke('scan.submit', { text: scan.text.slice(0, 4096), source: 'keyboard-wedge' });
      },
    );
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
export function useKeyIsolation(close: () => void): void {
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
