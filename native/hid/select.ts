import type { HidConfig } from '../../app/scan/config.js';
import type { DeviceRole, ReportLayout } from '../../app/scan/types.js';
import type { HidDeviceInfo } from './types.js';

/**
 * Which HID devices are barcode scanners, how their reports are laid out, and which ones to
 * open. Pure.
 *
 *  - Usage page 0x8C (HID Point of Sale, "Bar Code Scanner") is a scanner in HID-POS mode,
 *    whatever the vendor.
 *  - A keyboard interface (usage page 0x01, usage 0x06) of a known scanner vendor is a scanner in
 *    keyboard mode. It is opened only when the config asks for it (`keyboardInterfaces`) and the
 *    device is paired: the OS already types its keys into the focused window, which the keyboard
 *    wedge handles, and on Windows/macOS node-hid cannot read keyboards at all.
 *  - Anything else (the cashier's keyboard, a mouse, a UPS) is never opened.
 *  - One owner per device: each path is opened once, and a scanner exposing both a HID-POS and
 *    a keyboard interface is read through the HID-POS one only.
 */

export const HID_POS_USAGE_PAGE = 0x8c;
export const GENERIC_DESKTOP_PAGE = 0x01;
export const KEYBOARD_USAGE = 0x06;

export interface ScannerVendor {
  vendorId: number;
  name: string;
  /** Report layout of the vendor's HID-POS mode; 'auto' where no vendor table was found. */
  layout: Exclude<ReportLayout, 'keyboard'>;
}

/**
 * USB vendor ids of barcode-scanner makers (USB-IF assignments as listed in usb.ids). Not listed
 * on purpose: 0x1A86 (QinHeng, a USB-serial/HID chip maker used by many unbranded scanners and
 * countless other gadgets) — add such a site's scanner with `extraVendorIds`.
 */
export const KNOWN_SCANNER_VENDORS: readonly ScannerVendor[] = [
  { vendorId: 0x0c2e, name: 'Honeywell (Metrologic)', layout: 'honeywell' },
  { vendorId: 0x0536, name: 'Honeywell (Hand Held Products)', layout: 'honeywell' },
  { vendorId: 0x067e, name: 'Intermec (Honeywell)', layout: 'auto' },
  { vendorId: 0x05e0, name: 'Zebra (Symbol)', layout: 'auto' },
  { vendorId: 0x1eab, name: 'Newland', layout: 'newland' },
  { vendorId: 0x05f9, name: 'Datalogic', layout: 'auto' },
  { vendorId: 0x065a, name: 'Opticon', layout: 'auto' },
];

const VENDORS = new Map(KNOWN_SCANNER_VENDORS.map((v) => [v.vendorId, v]));

export function knownVendor(vendorId: number): ScannerVendor | null {
  return VENDORS.get(vendorId) ?? null;
}

const hex4 = (n: number): string => (n & 0xffff).toString(16).padStart(4, '0');

/**
 * Stable id of a physical scanner: vendor:product[:serial]. Paths change when a device is
 * replugged into another port; this id does not (for devices that report a serial number). Two
 * identical scanners without serial numbers share an id.
 */
export function deviceIdOf(info: Pick<HidDeviceInfo, 'vendorId' | 'productId' | 'serialNumber'>): string {
  const serial = (info.serialNumber ?? '')
    .trim()
    .replace(/[^\x21-\x7e]/g, '')
    .slice(0, 64);
  return serial
    ? `${hex4(info.vendorId)}:${hex4(info.productId)}:${serial}`
    : `${hex4(info.vendorId)}:${hex4(info.productId)}`;
}

export interface DeviceAssessment {
  info: HidDeviceInfo;
  deviceId: string;
  vendor: ScannerVendor | null;
  role: DeviceRole;
  layout: ReportLayout | null;
  note: string;
}

export function assessDevice(info: HidDeviceInfo, config: Pick<HidConfig, 'extraVendorIds'>): DeviceAssessment {
  const deviceId = deviceIdOf(info);
  const vendor =
    knownVendor(info.vendorId) ??
    (config.extraVendorIds.includes(info.vendorId)
      ? { vendorId: info.vendorId, name: 'Configured vendor', layout: 'auto' as const }
      : null);
  if (info.usagePage === HID_POS_USAGE_PAGE) {
    return {
      info,
      deviceId,
      vendor,
      role: 'hid-pos',
      layout: vendor?.layout ?? 'auto',
      note: 'HID-POS scanner (usage page 0x8C)',
    };
  }
  if (vendor && info.usagePage === GENERIC_DESKTOP_PAGE && info.usage === KEYBOARD_USAGE) {
    return {
      info,
      deviceId,
      vendor,
      role: 'hid-keyboard',
      layout: 'keyboard',
      note: 'scanner in keyboard mode (read by the keyboard wedge)',
    };
  }
  if (vendor && info.usagePage === undefined) {
    return {
      info,
      deviceId,
      vendor,
      role: 'other',
      layout: null,
      note: 'scanner vendor, but the OS did not report a usage page',
    };
  }
  return {
    info,
    deviceId,
    vendor,
    role: 'other',
    layout: null,
    note: vendor ? 'scanner vendor, non-scanning interface' : 'not a scanner',
  };
}

export interface Selection {
  /** Every device, assessed, in display order. */
  all: DeviceAssessment[];
  /** Devices to open, one per path, in priority order. */
  open: DeviceAssessment[];
  /** Why each scanner-role device is not opened (by path). */
  skipped: Map<string, string>;
}

export function selectScanners(devices: readonly HidDeviceInfo[], config: HidConfig): Selection {
  const all = devices.map((d) => assessDevice(d, config));
  const paired = new Set(config.pairedDeviceIds);
  const skipped = new Map<string, string>();
  const groupsWithPos = new Set(all.filter((a) => a.role === 'hid-pos').map((a) => a.deviceId));
  const seenPaths = new Set<string>();
  const open: DeviceAssessment[] = [];

  for (const a of all) {
    if (a.role === 'other') continue;
    const path = a.info.path;
    if (!config.enabled) {
      skipped.set(path, 'HID scanning is off');
      continue;
    }
    if (seenPaths.has(path)) {
      skipped.set(path, 'duplicate path');
      continue;
    }
    if (config.mode === 'paired-only' && !paired.has(a.deviceId)) {
      skipped.set(path, 'not paired (paired-only mode)');
      continue;
    }
    if (a.role === 'hid-keyboard') {
      if (groupsWithPos.has(a.deviceId)) {
        skipped.set(path, 'read through its HID-POS interface');
        continue;
      }
      if (!config.keyboardInterfaces || !paired.has(a.deviceId)) {
        skipped.set(path, 'keyboard mode: read by the keyboard wedge');
        continue;
      }
    }
    seenPaths.add(path);
    open.push(a);
  }

  const rank = (a: DeviceAssessment): number => (paired.has(a.deviceId) ? 0 : 2) + (a.role === 'hid-pos' ? 0 : 1);
  open.sort((x, y) => rank(x) - rank(y) || x.info.path.localeCompare(y.info.path));
  all.sort((x, y) => Number(x.role === 'other') - Number(y.role === 'other') || x.info.path.localeCompare(y.info.path));
  return { all, open, skipped };
}
