import { HidConfigSchema, type HidConfig } from '../app/scan/config.js';
import type { DeviceListing, RawReport, ScanEvent, ScannerStatus } from '../app/scan/types.js';
import { systemClock, silentLogger, type Clock, type ScanLogger } from './clock.js';
import { toHex } from './decode/bytes.js';
import type { DecodeIssue, DecodedScan } from './decode/types.js';
import { selectScanners, type DeviceAssessment, type Selection } from './hid/select.js';
import {
  toError,
  type HidBackend,
  type HidBackendLoad,
  type HidConnection,
  type HidDeviceInfo,
  type Unsubscribe,
} from './hid/types.js';
import { deviceListing, scannerStatus, type ManagerState } from './scanner/listing.js';
import { makeDecoder, scanEventOf, type OpenDevice } from './scanner/open-device.js';
import { createReopenBackoff } from './scanner/reopen-backoff.js';

/**
 * Owns the HID scanners: enumerate, pick (native/hid/select.ts), open, read reports into the
 * right decoder, and emit one ScanEvent per scan. Nothing here imports node-hid: the backend is
 * injected (node-hid on a counter, the simulated bus in tests and the developer menu).
 *
 * Hot-plug, since node-hid has no plug/unplug events:
 *  - a read error means the device is gone or broken: close it, mark it disconnected, and
 *    re-enumerate at once (a transient error reopens immediately; a device that keeps failing
 *    is retried with backoff 0, 1, 2, 4 … 30 s);
 *  - a slow poll (config.pollIntervalMs, never under 1 s) re-enumerates to find new devices.
 *
 * Listeners never break the read loop: their exceptions are logged and swallowed.
 */

export interface ScannerManagerOptions {
  /** A backend, or a loader that may report "HID unavailable" (see loadNodeHidBackend). */
  backend: HidBackend | (() => Promise<HidBackendLoad>);
  config?: Partial<HidConfig>;
  clock?: Clock;
  log?: ScanLogger;
  /** Silence that completes a terminator-less scan from a keyboard-mode interface. */
  keyboardEndGapMs?: number;
  /** Upper bound of the reopen backoff. */
  maxReopenBackoffMs?: number;
}

export interface ScannerManager {
  /** Load the backend, enumerate, open scanners, start polling. Never rejects. */
  start(): Promise<void>;
  /** Stop polling and close every device. */
  stop(): Promise<void>;
  /** Re-enumerate now (e.g. a "Refresh" button). */
  rescan(): Promise<void>;
  /** Every HID device with its role and state, for the settings screen. */
  listDevices(options?: { refresh?: boolean }): Promise<DeviceListing[]>;
  status(): ScannerStatus;
  config(): HidConfig;
  /** Change the config (pairing, mode, poll interval) and apply it at once. */
  setConfig(partial: Partial<HidConfig>): Promise<void>;
  onScan(listener: (scan: ScanEvent) => void): Unsubscribe;
  onStatus(listener: (status: ScannerStatus) => void): Unsubscribe;
  /** Every raw report, for a live view (hex is only computed while someone listens). */
  onReport(listener: (report: RawReport & { issue: DecodeIssue | null }) => void): Unsubscribe;
  /** Resolves when no enumeration, open or close is in flight (tests, orderly shutdown). */
  whenIdle(): Promise<void>;
}

export function createScannerManager(options: ScannerManagerOptions): ScannerManager {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const keyboardEndGapMs = options.keyboardEndGapMs ?? 100;
  const maxBackoff = options.maxReopenBackoffMs ?? 30_000;
  let config: HidConfig = HidConfigSchema.parse(options.config ?? {});

  let state: ManagerState = 'stopped';
  let hidError: string | null = null;
  let backend: HidBackend | null = typeof options.backend === 'function' ? null : options.backend;
  let lastDevices: HidDeviceInfo[] = [];
  let lastSelection: Selection | null = null;
  let lastEnumeratedAt: number | null = null;
  let pollTimer: unknown = null;
  let enumerating: Promise<void> | null = null;
  let enumerateAgain = false;
  let lastStatusJson = '';

  const open = new Map<string, OpenDevice>();
  const connecting = new Set<string>();
  const { retry, backoffFor, noteFailure } = createReopenBackoff(clock, maxBackoff);
  const inflight = new Set<Promise<unknown>>();

  const scanListeners = new Set<(s: ScanEvent) => void>();
  const statusListeners = new Set<(s: ScannerStatus) => void>();
  const reportListeners = new Set<(r: RawReport & { issue: DecodeIssue | null }) => void>();

  function track<T>(p: Promise<T>): Promise<T> {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => undefined);
    return p;
  }

  function safeCall<A>(listeners: Set<(a: A) => void>, arg: A, what: string): void {
    for (const l of [...listeners]) {
      try {
        l(arg);
      } catch (e) {
        log.error(`scanner ${what} listener threw`, { error: toError(e).message });
      }
    }
  }

  function status(): ScannerStatus {
    return scannerStatus(state, hidError, { open, connecting, retry }, lastEnumeratedAt);
  }

  function emitStatus(): void {
    const s = status();
    // lastEnumeratedAt changes on every poll: do not push a status event for that alone.
    const key = JSON.stringify({ ...s, lastEnumeratedAt: null });
    if (key === lastStatusJson) return;
    lastStatusJson = key;
    safeCall(statusListeners, s, 'status');
  }

  function emitScan(dev: OpenDevice, scan: DecodedScan): void {
    const event = scanEventOf(dev, scan, clock.now());
    if (!event) return;
    // A good scan proves the connection healthy.
    retry.delete(dev.assessment.info.path);
    safeCall(scanListeners, event, 'scan');
  }

  function scheduleKeyboardFlush(dev: OpenDevice): void {
    if (dev.decoder.kind !== 'kbd') return;
    if (dev.flushTimer !== null) clock.clearTimeout(dev.flushTimer);
    dev.flushTimer = null;
    const deadline = dev.decoder.dec.nextDeadline();
    if (deadline === null) return;
    dev.flushTimer = clock.setTimeout(
      () => {
        dev.flushTimer = null;
        if (open.get(dev.assessment.info.path) !== dev || dev.decoder.kind !== 'kbd') return;
        const scan = dev.decoder.dec.flush(clock.now());
        if (scan) emitScan(dev, scan);
        scheduleKeyboardFlush(dev);
      },
      Math.max(0, deadline - clock.now()),
    );
  }

  function onReport(dev: OpenDevice, report: Uint8Array): void {
    if (open.get(dev.assessment.info.path) !== dev) return; // closed meanwhile
    const at = clock.now();
    let scans: DecodedScan[] = [];
    let issue: DecodeIssue | null = null;
    try {
      const res = dev.decoder.dec.push(report, at);
      scans = res.scans;
      issue = res.issue;
    } catch (e) {
      // Decoders are fuzzed not to throw; if one ever does, drop its state, keep the device.
      log.error('scanner decoder threw', { deviceId: dev.assessment.deviceId, error: toError(e).message });
      dev.decoder.dec.reset();
    }
    for (const s of scans) emitScan(dev, s);
    scheduleKeyboardFlush(dev);
    if (reportListeners.size > 0) {
      safeCall(
        reportListeners,
        {
          deviceId: dev.assessment.deviceId,
          hex: toHex(report),
          at,
          decoded: scans.length > 0 ? scans.map((s) => s.text).join('\n') : null,
          issue,
        },
        'report',
      );
    }
  }

  async function closeDevice(path: string, reason: string): Promise<void> {
    const dev = open.get(path);
    if (!dev) return;
    open.delete(path);
    for (const u of dev.unsubs) u();
    if (dev.flushTimer !== null) clock.clearTimeout(dev.flushTimer);
    // A terminator-less keyboard scan in progress is complete now: do not lose it.
    if (dev.decoder.kind === 'kbd') {
      const scan = dev.decoder.dec.flush(Number.POSITIVE_INFINITY);
      if (scan) emitScan(dev, scan);
    }
    log.info('scanner closed', { deviceId: dev.assessment.deviceId, reason });
    emitStatus();
    await dev.conn.close();
  }

  function onDeviceError(dev: OpenDevice, error: Error): void {
    const path = dev.assessment.info.path;
    if (open.get(path) !== dev) return;
    log.warn('scanner read error: treating as unplugged', { deviceId: dev.assessment.deviceId, error: error.message });
    noteFailure(path, clock.now() - dev.since);
    void track(closeDevice(path, 'read error').then(() => enumerate()));
  }

  async function openDevice(a: DeviceAssessment): Promise<void> {
    const path = a.info.path;
    if (!backend || open.has(path) || connecting.has(path)) return;
    connecting.add(path);
    emitStatus();
    let conn: HidConnection;
    try {
      conn = await backend.open(path);
    } catch (e) {
      connecting.delete(path);
      noteFailure(path, 0);
      log.warn('scanner open failed', {
        deviceId: a.deviceId,
        error: toError(e).message,
        retryInMs: backoffFor(retry.get(path)!.failures),
      });
      emitStatus();
      return;
    }
    connecting.delete(path);
    const stillWanted = state === 'running' && lastSelection?.open.some((x) => x.info.path === path);
    if (!stillWanted) {
      await conn.close();
      emitStatus();
      return;
    }
    const dev: OpenDevice = {
      assessment: a,
      conn,
      decoder: makeDecoder(a, keyboardEndGapMs),
      since: clock.now(),
      unsubs: [],
      flushTimer: null,
    };
    open.set(path, dev);
    dev.unsubs.push(conn.onError((e) => onDeviceError(dev, e)));
    dev.unsubs.push(conn.onData((r) => onReport(dev, r)));
    log.info('scanner connected', {
      deviceId: a.deviceId,
      role: a.role,
      layout: a.layout,
      product: a.info.product ?? null,
    });
    emitStatus();
  }

  async function apply(selection: Selection): Promise<void> {
    lastSelection = selection;
    const wanted = new Set(selection.open.map((a) => a.info.path));
    const closing: Promise<void>[] = [];
    for (const path of [...open.keys()]) {
      if (!wanted.has(path)) {
        const present = selection.all.some((a) => a.info.path === path);
        closing.push(closeDevice(path, present ? 'deselected' : 'unplugged'));
      }
    }
    await Promise.all(closing);
    for (const path of [...retry.keys()]) if (!selection.all.some((a) => a.info.path === path)) retry.delete(path);
    const now = clock.now();
    const opening: Promise<void>[] = [];
    for (const a of selection.open) {
      const r = retry.get(a.info.path);
      if (r && r.notBefore > now) continue;
      opening.push(openDevice(a));
    }
    await Promise.all(opening);
    emitStatus();
  }

  function enumerate(): Promise<void> {
    if (state !== 'running' || !backend) return Promise.resolve();
    if (enumerating) {
      enumerateAgain = true;
      return enumerating;
    }
    const b = backend;
    enumerating = track(
      (async () => {
        do {
          enumerateAgain = false;
          let devices: HidDeviceInfo[];
          try {
            devices = await b.devices();
          } catch (e) {
            log.warn('HID enumeration failed', { error: toError(e).message });
            continue;
          }
          if (state !== 'running') return;
          lastDevices = devices;
          lastEnumeratedAt = clock.now();
          await apply(selectScanners(devices, config));
        } while (enumerateAgain && state === 'running');
      })().finally(() => {
        enumerating = null;
      }),
    );
    return enumerating;
  }

  function schedulePoll(): void {
    if (pollTimer !== null) clock.clearTimeout(pollTimer);
    pollTimer = null;
    if (state !== 'running') return;
    pollTimer = clock.setTimeout(() => {
      pollTimer = null;
      if (!config.enabled) return schedulePoll();
      void enumerate().finally(schedulePoll);
    }, config.pollIntervalMs);
  }

  async function whenIdle(): Promise<void> {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  }

  function listing(): DeviceListing[] {
    return deviceListing(lastSelection, config, { open, connecting, retry });
  }

  return {
    async start() {
      if (state === 'running') return;
      if (!backend && typeof options.backend === 'function') {
        let loaded: HidBackendLoad;
        try {
          loaded = await options.backend();
        } catch (e) {
          loaded = { ok: false, reason: toError(e).message };
        }
        if (!loaded.ok) {
          state = 'unavailable';
          hidError = loaded.reason;
          log.warn('HID unavailable: keyboard-wedge scanning only', { reason: loaded.reason });
          emitStatus();
          return;
        }
        backend = loaded.backend;
      }
      state = 'running';
      hidError = null;
      emitStatus();
      if (config.enabled) await enumerate();
      schedulePoll();
    },
    async stop() {
      if (state !== 'running') {
        state = state === 'unavailable' ? 'unavailable' : 'stopped';
        return;
      }
      state = 'stopped';
      if (pollTimer !== null) clock.clearTimeout(pollTimer);
      pollTimer = null;
      await whenIdle();
      await Promise.all([...open.keys()].map((p) => closeDevice(p, 'stopped')));
      retry.clear();
      emitStatus();
    },
    async rescan() {
      await enumerate();
    },
    async listDevices(opts = {}) {
      if (opts.refresh) await enumerate();
      return listing();
    },
    status,
    config: () => ({
      ...config,
      pairedDeviceIds: [...config.pairedDeviceIds],
      extraVendorIds: [...config.extraVendorIds],
    }),
    async setConfig(partial) {
      const next = HidConfigSchema.parse({ ...config, ...partial });
      const pollChanged = next.pollIntervalMs !== config.pollIntervalMs;
      const enabling = next.enabled && !config.enabled;
      config = next;
      if (state !== 'running') return;
      if (enabling) await enumerate();
      else await track(apply(selectScanners(lastDevices, config)));
      if (pollChanged) schedulePoll();
    },
    onScan(l) {
      scanListeners.add(l);
      return () => scanListeners.delete(l);
    },
    onStatus(l) {
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    onReport(l) {
      reportListeners.add(l);
      return () => reportListeners.delete(l);
    },
    whenIdle,
  };
}
