import type { ReportLayout } from '../../app/scan/types.js';
import { encodeHoneywellReports, encodeKeyboardReports, encodeNewlandReports } from '../decode/encode.js';
import type { HidBackend, HidConnection, HidDeviceInfo } from './types.js';

/**
 * A simulated HID bus behind the same HidBackend interface as node-hid: plug and unplug devices,
 * feed them recorded (or encoded) reports, make opens and enumerations fail. Used by the scanner
 * manager's tests, the benchmark, e2e and a developer menu ("simulate a scan") on machines with
 * no scanner attached.
 *
 * Behaviour mirrors node-hid: reports are delivered only to open connections that listen for
 * data (no buffering); unplugging a device makes its open connections emit an error and stops
 * their data; enumeration lists plugged devices only.
 */

export interface SimulatedDeviceSpec extends HidDeviceInfo {
  /** How `scan(path, text)` encodes text for this device. */
  simLayout?: ReportLayout;
}

export interface SimulatedBackend extends HidBackend {
  plug(device: SimulatedDeviceSpec): void;
  /** Remove the device; open connections get an error like node-hid's read failure. */
  unplug(path: string): void;
  /** Deliver one report to every open connection of `path`. Returns how many received it. */
  send(path: string, report: Uint8Array): number;
  /** Encode `text` per the device's simLayout and send the reports. Returns reports sent. */
  scan(path: string, text: string, opts?: { aim?: string; codeId?: string }): number;
  /** Make the next `times` open() calls for `path` reject. */
  failOpen(path: string, times?: number, message?: string): void;
  /** Make the next `times` enumerations reject. */
  failEnumeration(times?: number, message?: string): void;
  /** Emit a read error on the open connections of `path` while the device stays plugged. */
  injectReadError(path: string, message?: string): void;
  isOpen(path: string): boolean;
  openCount(path: string): number;
  readonly stats: { enumerations: number; opens: number; closes: number };
}

interface SimConnection {
  path: string;
  data: Set<(r: Uint8Array) => void>;
  errors: Set<(e: Error) => void>;
  closed: boolean;
}

export function createSimulatedBackend(initial: SimulatedDeviceSpec[] = []): SimulatedBackend {
  const devices = new Map<string, SimulatedDeviceSpec>();
  const connections = new Map<string, Set<SimConnection>>();
  const openFailures = new Map<string, { times: number; message: string }>();
  let enumFailures = { times: 0, message: '' };
  const stats = { enumerations: 0, opens: 0, closes: 0 };

  for (const d of initial) devices.set(d.path, { ...d });

  function emitError(path: string, message: string): void {
    for (const c of [...(connections.get(path) ?? [])]) {
      if (c.closed) continue;
      const err = new Error(message);
      for (const l of [...c.errors]) l(err);
    }
  }

  const backend: SimulatedBackend = {
    name: 'simulated',
    stats,
    async devices() {
      stats.enumerations++;
      if (enumFailures.times > 0) {
        enumFailures.times--;
        throw new Error(enumFailures.message);
      }
      return [...devices.values()].map(({ simLayout: _layout, ...info }) => ({ ...info }));
    },
    async open(path): Promise<HidConnection> {
      const fail = openFailures.get(path);
      if (fail && fail.times > 0) {
        fail.times--;
        throw new Error(fail.message);
      }
      if (!devices.has(path)) throw new Error(`cannot open device with path ${path}`);
      stats.opens++;
      const conn: SimConnection = { path, data: new Set(), errors: new Set(), closed: false };
      if (!connections.has(path)) connections.set(path, new Set());
      connections.get(path)!.add(conn);
      return {
        path,
        onData(l) {
          conn.data.add(l);
          return () => conn.data.delete(l);
        },
        onError(l) {
          conn.errors.add(l);
          return () => conn.errors.delete(l);
        },
        async close() {
          if (conn.closed) return;
          conn.closed = true;
          stats.closes++;
          connections.get(path)?.delete(conn);
        },
      };
    },
    plug(device) {
      devices.set(device.path, { ...device });
    },
    unplug(path) {
      devices.delete(path);
      emitError(path, 'could not read from HID device');
    },
    send(path, report) {
      if (!devices.has(path)) return 0;
      let n = 0;
      for (const c of [...(connections.get(path) ?? [])]) {
        if (c.closed || c.data.size === 0) continue;
        n++;
        for (const l of [...c.data]) l(report.slice());
      }
      return n;
    },
    scan(path, text, opts = {}) {
      const d = devices.get(path);
      if (!d) return 0;
      const layout = d.simLayout ?? 'honeywell';
      const reports =
        layout === 'newland'
          ? encodeNewlandReports(text, { codeId: opts.codeId ?? 'd' })
          : layout === 'keyboard'
            ? encodeKeyboardReports(text)
            : encodeHoneywellReports(text, { aim: opts.aim ?? ']X0', codeId: opts.codeId ?? '?' });
      for (const r of reports) backend.send(path, r);
      return reports.length;
    },
    failOpen(path, times = 1, message = 'cannot open device') {
      openFailures.set(path, { times, message });
    },
    failEnumeration(times = 1, message = 'enumeration failed') {
      enumFailures = { times, message };
    },
    injectReadError(path, message = 'could not read from HID device') {
      emitError(path, message);
    },
    isOpen: (path) => [...(connections.get(path) ?? [])].some((c) => !c.closed),
    openCount: (path) => [...(connections.get(path) ?? [])].filter((c) => !c.closed).length,
  };
  return backend;
}

/** Ready-made simulated scanners for the developer menu and tests (ids are not real products). */
export const SIMULATED_SCANNERS = {
  honeywellPos: {
    path: 'sim://honeywell-pos',
    vendorId: 0x0c2e,
    productId: 0x0f01,
    usagePage: 0x8c,
    usage: 0x02,
    interface: 0,
    serialNumber: 'SIM-HW-0001',
    manufacturer: 'Honeywell',
    product: 'Simulated HID-POS scanner',
    simLayout: 'honeywell',
  },
  newlandPos: {
    path: 'sim://newland-pos',
    vendorId: 0x1eab,
    productId: 0x0f10,
    usagePage: 0x8c,
    usage: 0x02,
    interface: 0,
    serialNumber: 'SIM-NL-0001',
    manufacturer: 'Newland',
    product: 'Simulated HID-POS scanner',
    simLayout: 'newland',
  },
  newlandKeyboard: {
    path: 'sim://newland-kbd',
    vendorId: 0x1eab,
    productId: 0x0f11,
    usagePage: 0x01,
    usage: 0x06,
    interface: 0,
    serialNumber: 'SIM-NL-0002',
    manufacturer: 'Newland',
    product: 'Simulated keyboard-mode scanner',
    simLayout: 'keyboard',
  },
  cashierKeyboard: {
    path: 'sim://keyboard',
    vendorId: 0x046d,
    productId: 0xc31c,
    usagePage: 0x01,
    usage: 0x06,
    interface: 0,
    manufacturer: 'Logitech',
    product: 'USB Keyboard',
  },
} as const satisfies Record<string, SimulatedDeviceSpec>;
