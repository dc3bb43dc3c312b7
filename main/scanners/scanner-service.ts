import { ScannerConfigSchema, type ScannerConfig } from '../../app/scan/config.js';
import type { CounterMode } from '../../app/scan/route.js';
import type { DeviceListing, RawReport, RoutedScan, ScannerStatus } from '../../app/scan/types.js';
import type { WedgeOptions } from '../../app/scan/wedge.js';
import { silentLogger, type Clock, type ScanLogger } from '../../native/clock.js';
import type { DecodeIssue } from '../../native/decode/types.js';
import { loadNodeHidBackend } from '../../native/hid/node-hid-backend.js';
import {
  createSimulatedBackend,
  SIMULATED_SCANNERS,
  type SimulatedBackend,
} from '../../native/hid/simulated-backend.js';
import type { HidBackend, HidBackendLoad, Unsubscribe } from '../../native/hid/types.js';
import { createScannerManager, type ScannerManager } from '../../native/scanner-manager.js';
import { createElectronWedge, type ElectronWedge, type ElectronWedgeHost } from './electron-wedge.js';
import { createScanPipeline, type ScanPipeline, type SubmitOutcome } from './scan-pipeline.js';

/**
 * The scanner domain assembled for the core: HID manager → pipeline, plus the two keyboard
 * wedges (Electron main-process hook, browser-shell command), with one config. No electron.
 *
 *   const scanners = createScannerService({
 *     getCounterMode: () => counter.mode,          // read for every scan
 *     onRouted: (r) => counter.onScan(r),          // switch to 'payment-live' synchronously on 'pay'
 *     config: settings.scanners,                   // ScannerConfigSchema (all fields optional)
 *     log,
 *   });
 *   await scanners.start();                        // never rejects; HID may be 'unavailable'
 *   // browser shell: the renderer's wedge listener sends its scans through a contract command:
 *   //   handlers['scan.submit'] = (input) => scanners.submitWedgeScan(input)
 *   // Electron shell: scanners.createElectronWedge(host) and feed before-input-event to it.
 */

export interface ScannerServiceOptions {
  getCounterMode: () => CounterMode;
  onRouted: (routed: RoutedScan) => void;
  config?: unknown;
  log?: ScanLogger;
  /** Default: node-hid, loaded lazily (reports "unavailable" instead of throwing). */
  backend?: HidBackend | (() => Promise<HidBackendLoad>) | 'simulated';
  clock?: Clock;
}

export interface ScannerService {
  readonly pipeline: ScanPipeline;
  readonly manager: ScannerManager;
  /** The simulated bus when `backend: 'simulated'` (developer menu, e2e), else null. */
  readonly simulator: SimulatedBackend | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A scan from the browser-shell wedge (validated; source forced to keyboard-wedge). */
  submitWedgeScan(input: unknown): SubmitOutcome;
  /** An Electron before-input-event wedge feeding this pipeline (one per window). */
  createElectronWedge(host: ElectronWedgeHost, opts?: { enabled?: () => boolean }): ElectronWedge;
  config(): ScannerConfig;
  /** Validate and apply a whole or partial config (settings screen "save"). */
  applyConfig(partial: unknown): Promise<ScannerConfig>;
  /** Record a scanner as paired (after a 'pair' route with its deviceId) and apply. */
  pair(deviceId: string): Promise<ScannerConfig>;
  unpair(deviceId: string): Promise<ScannerConfig>;
  listDevices(options?: { refresh?: boolean }): Promise<DeviceListing[]>;
  status(): ScannerStatus;
  onStatus(listener: (s: ScannerStatus) => void): Unsubscribe;
  onReport(listener: (r: RawReport & { issue: DecodeIssue | null }) => void): Unsubscribe;
}

export function createScannerService(options: ScannerServiceOptions): ScannerService {
  const log = options.log ?? silentLogger;
  let config = ScannerConfigSchema.parse(options.config ?? {});
  const simulator =
    options.backend === 'simulated'
      ? createSimulatedBackend([SIMULATED_SCANNERS.honeywellPos, SIMULATED_SCANNERS.newlandPos])
      : null;
  const backend =
    simulator ??
    (options.backend === undefined || options.backend === 'simulated' ? () => loadNodeHidBackend() : options.backend);

  const pipeline = createScanPipeline({
    getCounterMode: options.getCounterMode,
    classifyOptions: () => ({ cardPattern: config.cardPattern }),
    onRouted: options.onRouted,
    log,
  });
  const manager = createScannerManager({
    backend,
    config: config.hid,
    log,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  manager.onScan((scan) => pipeline.submit(scan));
  const wedges = new Set<ElectronWedge>();

  async function apply(next: ScannerConfig): Promise<ScannerConfig> {
    config = next;
    await manager.setConfig(config.hid);
    for (const w of wedges) w.setOptions(config.wedge as Partial<WedgeOptions>);
    return config;
  }

  return {
    pipeline,
    manager,
    simulator,
    start: () => manager.start(),
    async stop() {
      for (const w of wedges) w.dispose();
      wedges.clear();
      await manager.stop();
    },
    submitWedgeScan(input) {
      const obj = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
      return pipeline.submit({
        ...obj,
        source: 'keyboard-wedge',
        deviceId: typeof obj['deviceId'] === 'string' ? obj['deviceId'] : 'browser-wedge',
      });
    },
    createElectronWedge(host, opts = {}) {
      const wedge = createElectronWedge({
        host,
        onScan: (e) => pipeline.submit(e),
        wedge: config.wedge,
        log,
        ...(opts.enabled ? { enabled: opts.enabled } : {}),
      });
      wedges.add(wedge);
      return wedge;
    },
    config: () => structuredClone(config),
    async applyConfig(partial) {
      const obj = typeof partial === 'object' && partial !== null ? (partial as Record<string, unknown>) : {};
      const merged = {
        ...config,
        ...obj,
        hid: { ...config.hid, ...((obj['hid'] as object | undefined) ?? {}) },
        wedge: { ...config.wedge, ...((obj['wedge'] as object | undefined) ?? {}) },
      };
      return apply(ScannerConfigSchema.parse(merged));
    },
    async pair(deviceId) {
      if (config.hid.pairedDeviceIds.includes(deviceId)) return structuredClone(config);
      return apply(
        ScannerConfigSchema.parse({
          ...config,
          hid: { ...config.hid, pairedDeviceIds: [...config.hid.pairedDeviceIds, deviceId] },
        }),
      );
    },
    async unpair(deviceId) {
      return apply(
        ScannerConfigSchema.parse({
          ...config,
          hid: { ...config.hid, pairedDeviceIds: config.hid.pairedDeviceIds.filter((d) => d !== deviceId) },
        }),
      );
    },
    listDevices: (o) => manager.listDevices(o),
    status: () => manager.status(),
    onStatus: (l) => manager.onStatus(l),
    onReport: (l) => manager.onReport(l),
  };
}
