import type { HidBackend, HidBackendLoad, HidConnection, HidDeviceInfo } from './types.js';
import { toError } from './types.js';

/**
 * HidBackend on node-hid 3's async API (`devicesAsync`, `HIDAsync.open`, 'data'/'error' events).
 *
 * node-hid is imported dynamically and its native binding is forced to load here, inside a
 * try: on a machine without libusb-1.0 (or with a broken prebuild) this resolves to
 * `{ ok: false, reason }` — "HID unavailable" — and the app starts with keyboard-wedge scanning
 * only, instead of crashing at startup.
 */

/** The part of the node-hid module we use (structural, so tests can inject a fake). */
export interface NodeHidModule {
  devicesAsync(): Promise<NodeHidDevice[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<NodeHidAsyncDevice> };
  getHidapiVersion(): string;
  setDriverType?(type: 'hidraw' | 'libusb'): void;
}
export interface NodeHidDevice {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  release?: number;
  interface?: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
}
export interface NodeHidAsyncDevice {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): Promise<void>;
}

export interface LoadNodeHidOptions {
  /** How to import node-hid (tests inject failures). */
  importer?: () => Promise<unknown>;
  /** Linux only: 'hidraw' (default, needs /dev/hidraw* access) or 'libusb'. */
  driverType?: 'hidraw' | 'libusb';
}

function describe(e: unknown): string {
  const err = toError(e);
  return err.message.split('\n')[0]!.slice(0, 300);
}

export async function loadNodeHidBackend(options: LoadNodeHidOptions = {}): Promise<HidBackendLoad> {
  let hid: NodeHidModule;
  try {
    const mod = (await (options.importer ?? (() => import('node-hid')))()) as { default?: unknown };
    hid = (mod.default ?? mod) as NodeHidModule;
    if (typeof hid.devicesAsync !== 'function' || typeof hid.HIDAsync?.open !== 'function') {
      return { ok: false, reason: 'node-hid: unexpected module shape (need node-hid ≥ 3)' };
    }
    if (options.driverType && hid.setDriverType) hid.setDriverType(options.driverType);
    // node-hid loads its native binding lazily; force it now so a missing libusb shows here.
    hid.getHidapiVersion();
  } catch (e) {
    return { ok: false, reason: `HID unavailable: ${describe(e)}` };
  }
  return { ok: true, backend: createNodeHidBackend(hid) };
}

export function createNodeHidBackend(hid: NodeHidModule): HidBackend {
  return {
    name: 'node-hid',
    async devices(): Promise<HidDeviceInfo[]> {
      const list = await hid.devicesAsync();
      const out: HidDeviceInfo[] = [];
      for (const d of list) {
        if (!d.path) continue; // cannot be opened by path
        out.push({
          path: d.path,
          vendorId: d.vendorId,
          productId: d.productId,
          usagePage: d.usagePage,
          usage: d.usage,
          interface: d.interface,
          serialNumber: d.serialNumber || undefined,
          manufacturer: d.manufacturer || undefined,
          product: d.product || undefined,
          release: d.release,
        });
      }
      return out;
    },
    async open(path: string): Promise<HidConnection> {
      const device = await hid.HIDAsync.open(path);
      return wrapAsyncDevice(path, device);
    },
  };
}

export function wrapAsyncDevice(path: string, device: NodeHidAsyncDevice): HidConnection {
  const dataListeners = new Set<(r: Uint8Array) => void>();
  const errorListeners = new Set<(e: Error) => void>();
  let closed = false;
  let reading = false;
  let closing: Promise<void> | null = null;

  // Always listen for 'error': an EventEmitter 'error' without a listener throws.
  device.on('error', (e) => {
    if (closed) return;
    const err = toError(e);
    for (const l of [...errorListeners]) l(err);
  });

  return {
    path,
    onData(listener) {
      dataListeners.add(listener);
      if (!reading && !closed) {
        reading = true;
        // node-hid starts its read thread when the first 'data' listener is added.
        device.on('data', (buf: Buffer) => {
          if (closed) return;
          const report = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength).slice();
          for (const l of [...dataListeners]) l(report);
        });
      }
      return () => dataListeners.delete(listener);
    },
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    close() {
      if (!closing) {
        closed = true;
        closing = device.close().catch(() => undefined);
      }
      return closing;
    },
  };
}
