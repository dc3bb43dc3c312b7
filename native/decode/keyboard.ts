import { charForCode } from '../../app/scan/keymap.js';
import { MAX_RAW_REPORTS, MAX_SCAN_BYTES, type DecodeIssue, type DecodedScan, type PushResult } from './types.js';

/**
 * USB HID boot-protocol keyboard reports, as a keyboard-mode scanner sends them (HID 1.11,
 * Appendix B.1):
 *
 *   byte 0     modifier bits: 0x01 LCtrl, 0x02 LShift, 0x04 LAlt, 0x08 LGUI,
 *                             0x10 RCtrl, 0x20 RShift, 0x40 RAlt, 0x80 RGUI
 *   byte 1     reserved (OEM)
 *   bytes 2–7  up to six keys currently down (usage ids, page 0x07), 0x00 = none,
 *              all 0x01 = ErrorRollOver (too many keys: state unknown)
 *
 * Composite scanners may prefix a report id (then the report is 9 bytes). A report describes the
 * keys DOWN now, so a key press is a usage present now and absent in the previous report; two
 * identical characters in a row need a release report in between ("00" = [27] [] [27] []).
 * A scan ends with Enter/Tab or, for scanners set without a terminator, after `endGapMs` of
 * silence (call `flush(now)` at `nextDeadline()`).
 */

export interface KeyboardDecoderOptions {
  /** Report id byte in front of the 8 boot bytes, or null when the device sends none. */
  reportId?: number | null;
  /** Silence that completes a scan without terminator. */
  endGapMs?: number;
  terminators?: string[];
}

export interface KeyboardDecoder {
  push(report: Uint8Array, at: number): PushResult;
  flush(now: number): DecodedScan | null;
  nextDeadline(): number | null;
  reset(): void;
}

/** HID keyboard usage id → KeyboardEvent.code (the subset scanners use). */
const USAGE_TO_CODE = new Map<number, string>();
for (let u = 0x04; u <= 0x1d; u++) USAGE_TO_CODE.set(u, `Key${String.fromCharCode(0x41 + u - 0x04)}`);
for (let u = 0x1e; u <= 0x26; u++) USAGE_TO_CODE.set(u, `Digit${u - 0x1d}`);
USAGE_TO_CODE.set(0x27, 'Digit0');
for (let u = 0x59; u <= 0x61; u++) USAGE_TO_CODE.set(u, `Numpad${u - 0x58}`);
USAGE_TO_CODE.set(0x62, 'Numpad0');
for (const [u, code] of [
  [0x28, 'Enter'],
  [0x29, 'Escape'],
  [0x2a, 'Backspace'],
  [0x2b, 'Tab'],
  [0x2c, 'Space'],
  [0x2d, 'Minus'],
  [0x2e, 'Equal'],
  [0x2f, 'BracketLeft'],
  [0x30, 'BracketRight'],
  [0x31, 'Backslash'],
  [0x32, 'IntlBackslash'], // Non-US # and ~ ; treated like Backslash for text
  [0x33, 'Semicolon'],
  [0x34, 'Quote'],
  [0x35, 'Backquote'],
  [0x36, 'Comma'],
  [0x37, 'Period'],
  [0x38, 'Slash'],
  [0x39, 'CapsLock'],
  [0x54, 'NumpadDivide'],
  [0x55, 'NumpadMultiply'],
  [0x56, 'NumpadSubtract'],
  [0x57, 'NumpadAdd'],
  [0x58, 'NumpadEnter'],
  [0x63, 'NumpadDecimal'],
  [0x64, 'IntlBackslash'],
] as const) {
  USAGE_TO_CODE.set(u, code);
}

export function usageToCode(usage: number): string | null {
  return USAGE_TO_CODE.get(usage) ?? null;
}

/** Inverse, for encoders and tests. */
export function codeToUsage(code: string): number | null {
  for (const [u, c] of USAGE_TO_CODE) if (c === code && !(u === 0x64 && code === 'IntlBackslash')) return u;
  return null;
}

const SHIFT_BITS = 0x02 | 0x20;
const CTRL_ALT_GUI_BITS = 0x01 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80;

export function createKeyboardDecoder(options: KeyboardDecoderOptions = {}): KeyboardDecoder {
  const reportId = options.reportId ?? null;
  const offset = reportId === null ? 0 : 1;
  const endGapMs = options.endGapMs ?? 100;
  const terminators = new Set(options.terminators ?? ['Enter', 'NumpadEnter', 'Tab']);

  let down: number[] = [];
  let text = '';
  let reports: Uint8Array[] = [];
  let lastAt = 0;

  function complete(at: number): DecodedScan | null {
    const scan = text.length > 0 ? { text, symbology: null, reports, at } : null;
    text = '';
    reports = [];
    return scan;
  }

  function push(report: Uint8Array, at: number): PushResult {
    if (report.length < offset + 8) return { scans: [], issue: 'short-report' };
    if (reportId !== null && report[0] !== reportId) return { scans: [], issue: 'unexpected-report-id' };

    const scans: DecodedScan[] = [];
    // A terminator-less scan followed, after a pause, by more keys: the first scan is complete.
    if (text.length > 0 && at >= lastAt + endGapMs) {
      const s = complete(lastAt);
      if (s) scans.push(s);
    }

    const mod = report[offset]!;
    const keys: number[] = [];
    let rollover = true;
    for (let i = offset + 2; i < offset + 8; i++) {
      const u = report[i]!;
      if (u !== 0x01) rollover = false;
      if (u > 0x03) keys.push(u); // 0 none, 1 ErrorRollOver, 2 POSTFail, 3 ErrorUndefined
    }
    // Phantom state: the keyboard cannot tell which keys are down. Keep the previous state.
    if (rollover) return { scans, issue: 'rollover-error' };

    if ((keys.length > 0 || text.length > 0) && reports.length < MAX_RAW_REPORTS) reports.push(report.slice());
    lastAt = at;

    const shift = (mod & SHIFT_BITS) !== 0;
    const chord = (mod & CTRL_ALT_GUI_BITS) !== 0;
    let issue: DecodeIssue | null = null;
    for (const u of keys) {
      if (down.includes(u)) continue; // still held since the previous report: not a new press
      const code = usageToCode(u);
      if (code === null) {
        issue = 'unknown-key';
        continue;
      }
      if (terminators.has(code)) {
        const s = complete(at);
        if (s) scans.push(s);
        continue;
      }
      const ch = chord ? null : charForCode(code, shift);
      if (ch === null) continue; // Escape, Backspace, CapsLock, Ctrl/Alt chords: not scan data
      if (text.length < MAX_SCAN_BYTES) text += ch;
      else issue = 'overflow';
    }
    down = keys;
    return { scans, issue };
  }

  return {
    push,
    flush(now) {
      if (text.length === 0 || now < lastAt + endGapMs) return null;
      return complete(lastAt);
    },
    nextDeadline: () => (text.length > 0 ? lastAt + endGapMs : null),
    reset() {
      down = [];
      text = '';
      reports = [];
    },
  };
}
