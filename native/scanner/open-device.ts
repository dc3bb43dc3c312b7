import type { ScanEvent } from '../../app/scan/types.js';
import { toHex } from '../decode/bytes.js';
import { createHidPosDecoder, type HidPosDecoder } from '../decode/hid-pos.js';
import { createKeyboardDecoder, type KeyboardDecoder } from '../decode/keyboard.js';
import type { DecodedScan } from '../decode/types.js';
import type { DeviceAssessment } from '../hid/select.js';
import type { HidConnection, Unsubscribe } from '../hid/types.js';

/** One opened scanner as the scanner manager holds it (native/scanner-manager.ts). */
export type Decoder = { kind: 'pos'; dec: HidPosDecoder } | { kind: 'kbd'; dec: KeyboardDecoder };

export interface OpenDevice {
  assessment: DeviceAssessment;
  conn: HidConnection;
  decoder: Decoder;
  since: number;
  unsubs: Unsubscribe[];
  flushTimer: unknown;
}

/** The decoder for a device's role: keyboard-mode interfaces or HID-POS (layout from the vendor table). */
export function makeDecoder(a: DeviceAssessment, keyboardEndGapMs: number): Decoder {
  if (a.role === 'hid-keyboard') return { kind: 'kbd', dec: createKeyboardDecoder({ endGapMs: keyboardEndGapMs }) };
  const layout = a.layout === 'honeywell' || a.layout === 'newland' ? a.layout : 'auto';
  return { kind: 'pos', dec: createHidPosDecoder({ layout }) };
}

/** The ScanEvent for a decoded scan, or null when the scan holds only blanks and terminators. */
export function scanEventOf(dev: OpenDevice, scan: DecodedScan, at: number): ScanEvent | null {
  if (scan.text.replace(/[\r\n\t\u0000 ]/g, '').length === 0) return null;
  return {
    text: scan.text,
    source: dev.assessment.role === 'hid-keyboard' ? 'hid-keyboard' : 'hid-pos',
    deviceId: dev.assessment.deviceId,
    raw: scan.reports.slice(0, 64).map(toHex),
    at,
    ...(scan.symbology ? { symbology: scan.symbology.slice(0, 32) } : {}),
  };
}
