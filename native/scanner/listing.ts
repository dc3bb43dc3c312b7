import type { HidConfig } from '../../app/scan/config.js';
import type { DeviceListing, ScannerStatus } from '../../app/scan/types.js';
import type { Selection } from '../hid/select.js';
import type { OpenDevice } from './open-device.js';
import type { RetryState } from './reopen-backoff.js';

/** What the scanner manager knows about its devices, for the status and the settings listing. */
export interface DeviceBook {
  open: ReadonlyMap<string, OpenDevice>;
  connecting: ReadonlySet<string>;
  retry: ReadonlyMap<string, RetryState>;
}

export type ManagerState = 'stopped' | 'running' | 'unavailable';

export function scannerStatus(
  state: ManagerState,
  hidError: string | null,
  book: DeviceBook,
  lastEnumeratedAt: number | null,
): ScannerStatus {
  return {
    hid: state === 'running' ? 'ready' : state === 'unavailable' ? 'unavailable' : 'stopped',
    hidError,
    connected: [...book.open.values()].map((d) => ({
      deviceId: d.assessment.deviceId,
      vendorName: d.assessment.vendor?.name ?? null,
      product: d.assessment.info.product ?? null,
      role: d.assessment.role,
      since: d.since,
    })),
    lastEnumeratedAt,
  };
}

/** Every HID device of the last enumeration with its role and state, for the settings screen. */
export function deviceListing(selection: Selection | null, config: HidConfig, book: DeviceBook): DeviceListing[] {
  if (!selection) return [];
  const { open, connecting, retry } = book;
  const paired = new Set(config.pairedDeviceIds);
  return selection.all.map((a) => {
    const path = a.info.path;
    const skipped = selection.skipped.get(path);
    const st: DeviceListing['state'] = open.has(path)
      ? 'connected'
      : connecting.has(path)
        ? 'connecting'
        : a.role === 'other'
          ? 'ignored'
          : retry.has(path)
            ? 'disconnected'
            : 'available';
    return {
      deviceId: a.deviceId,
      path,
      vendorId: a.info.vendorId,
      productId: a.info.productId,
      vendorName: a.vendor?.name ?? null,
      manufacturer: a.info.manufacturer ?? null,
      product: a.info.product ?? null,
      serialNumber: a.info.serialNumber ?? null,
      usagePage: a.info.usagePage ?? null,
      usage: a.info.usage ?? null,
      interface: a.info.interface ?? null,
      role: a.role,
      layout: a.layout,
      note: skipped ?? (retry.has(path) && !open.has(path) ? 'failed; retrying' : a.note),
      state: st,
      paired: paired.has(a.deviceId),
    };
  });
}
