import type { CounterpayApi } from '../../../../app/contract/index.js';
import type { WedgeListenerHandle } from '../../../scan/wedge-listener.js';
import { playBeep, preloadBeeps } from '../../sound.js';
import { useScannerUi } from './store.js';

/**
 * Keeps the page's scanner state in step with the core: status (status bar), config (the page
 * wedge's thresholds follow the settings), pairing, the live view, and the scan beeps — one beep
 * per `scan.routed`, whatever the source was (HID, Electron wedge, the page's wedge).
 */
export function startScannerFeed(
  api: CounterpayApi,
  conn: { status(): string; onStatus(l: (s: string) => void): () => void },
  wedges: () => (WedgeListenerHandle | null)[],
): () => void {
  const ui = () => useScannerUi.getState();
  const applyWedge = (): void => {
    const cfg = ui().config;
    if (!cfg) return;
    for (const w of wedges()) {
      try {
        w?.setOptions(cfg.wedge);
      } catch {
        // the core checked the config; an older page keeps its defaults
      }
    }
  };
  const load = async (): Promise<void> => {
    const [status, config] = await Promise.all([
      api.invoke('scanner.status', {}),
      api.invoke('scanner.config.get', {}),
    ]);
    if (status.ok) ui().setStatus(status.value);
    if (config.ok) {
      ui().setConfig(config.value);
      applyWedge();
    }
  };
  preloadBeeps();
  const offs = [
    api.on('scanner.status', (s) => ui().setStatus(s)),
    api.on('scanner.config', (c) => {
      ui().setConfig(c);
      applyWedge();
    }),
    api.on('scanner.pairing', (p) => ui().setPairing(p)),
    api.on('scanner.report', (r) => {
      if (ui().open) ui().addLive(r);
    }),
    api.on('scan.routed', (o) => {
      if (o.beep) playBeep(o.beep);
    }),
    conn.onStatus((s) => {
      if (s === 'open') void load();
    }),
  ];
  if (conn.status() === 'open') void load();
  return () => {
    for (const off of offs) off();
  };
}

/** Re-apply the config's thresholds to a wedge listener installed later (the settings screen's). */
export function wedgeOptionsNow(): Parameters<WedgeListenerHandle['setOptions']>[0] | null {
  return useScannerUi.getState().config?.wedge ?? null;
}
