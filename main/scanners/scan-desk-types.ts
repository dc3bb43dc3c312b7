/**
 * The scanner desk's interface (main/scanners/scan-desk.ts builds it) and how the core picks
 * the scanner backend.
 */
import type { ScanOutcome } from '../../app/contract/core.js';
import type { PairingView, ScannerBackend, ScannerConfigEdit, ScannerStatusView } from '../../app/contract/scanner.js';
import type { ScannerConfig } from '../../app/scan/config.js';
import type { CounterMode } from '../../app/scan/route.js';
import type { DeviceListing, RoutedScan } from '../../app/scan/types.js';
import type { Clock } from '../../native/clock.js';
import type { HidBackend, HidBackendLoad } from '../../native/hid/types.js';
import { ConfigError } from '../config.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../log.js';
import type { ElectronWedge, ElectronWedgeHost } from './electron-wedge.js';
import type { ScannerService } from './scanner-service.js';

/** What the counter does with a routed scan (main/counter/scan-actor.ts createScanActor). */
export interface CounterScanActor {
  mode(context?: ScanContext): CounterMode;
  act(routed: Pick<RoutedScan, 'classified' | 'route'>, context?: ScanContext): ScanOutcome;
}

/** What came with a scan besides its text. */
export interface ScanContext {
  /**
   * An amount the cashier typed (and had not entered) before scanning a payment code, in fen
   * (`scan.submit { amountFen }`): the scan collects it (issue 11 item 16). Null otherwise.
   */
  typedAmountFen: number | null;
}

/** The persisted config, as the ledger settings store it. */
export interface ScannerConfigStore {
  load(): unknown;
  save(config: ScannerConfig, by: string | null): void;
}

export interface ScanDeskOptions {
  backend: ScannerBackend;
  bus: EventBus;
  log: Logger;
  store: ScannerConfigStore;
  /** Wall clock and timers (lease and pairing expiry). */
  clock?: Clock;
  randomBytes?: (n: number) => Uint8Array;
  /** How long a payment code scanned at an empty counter waits for a typed amount (default SCAN_HOLD_MS). */
  holdMs?: number;
  /** Test-mode lease; the screen renews every ttl/3. */
  testTtlMs?: number;
  /** How long a pairing code is accepted. */
  pairingTtlMs?: number;
  /** Tests: a HID backend to use instead of node-hid when `backend` is 'node-hid'. */
  hidBackend?: HidBackend | (() => Promise<HidBackendLoad>);
}

export interface ScanDesk {
  readonly backend: ScannerBackend;
  readonly service: ScannerService;
  /** Bind the counter's scan actor (until then every scan is rejected as 'locked'). */
  attach(actor: CounterScanActor): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The browser-shell wedge (`scan.submit`): through the same pipeline; the outcome of this scan. */
  submitWedge(input: { text: string; amountFen?: number }): ScanOutcome;
  /**
   * `scan.collectHeld`: the payment code held after a scan at an empty counter (ScanOutcome.held)
   * collects the amount typed on a screen — the amount and the payment in one synchronous step.
   * A token is good once, for `holdMs`; otherwise `scan-misplaced` and nothing happens.
   */
  collectHeld(input: { token: string; amountFen: number }): ScanOutcome;
  /** An Electron before-input-event wedge feeding the same pipeline (one per window). */
  createElectronWedge(host: ElectronWedgeHost): ElectronWedge;
  status(): ScannerStatusView;
  devices(refresh?: boolean): Promise<DeviceListing[]>;
  config(): ScannerConfig;
  setConfig(edit: ScannerConfigEdit, by: string | null): Promise<ScannerConfig>;
  testMode(on: boolean): { testing: boolean; until: number | null; ttlMs: number };
  pairStart(): PairingView;
  pairCancel(): PairingView;
  pairing(): PairingView;
  unpair(deviceId: string, by: string | null): Promise<ScannerConfig>;
  simulatedDevices(): Promise<{ path: string; label: string; plugged: boolean }[]>;
  simulate(input: { action: 'scan' | 'plug' | 'unplug'; path: string; text?: string }): Promise<{ delivered: number }>;
}

/** COUNTERPAY_SCANNER: 'hid' / 'node-hid' (default in the shells), 'simulated', 'off' (default in tests). */
export function resolveScannerBackend(
  value: string | undefined,
  shell: 'electron' | 'browser' | 'memory',
): ScannerBackend {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return shell === 'memory' ? 'off' : 'node-hid';
  if (v === 'hid' || v === 'node-hid') return 'node-hid';
  if (v === 'simulated' || v === 'off') return v;
  throw new ConfigError('environment', [{ field: 'COUNTERPAY_SCANNER', message: 'must be hid, simulated or off' }]);
}
