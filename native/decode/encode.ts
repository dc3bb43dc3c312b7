import { codeForChar } from '../../app/scan/keymap.js';
import { codeToUsage } from './keyboard.js';

/**
 * Encoders: text → the reports a device would send. Used by the simulated backend (developer
 * menu, e2e), the benchmark and round-trip tests. The hand-laid byte fixtures in
 * native/decode/fixtures are the independent reference these are checked against.
 */

const REPORT_SIZE = 64;

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Honeywell HID-POS reports (see hid-pos.ts for the layout). */
export function encodeHoneywellReports(text: string, opts: { aim?: string; codeId?: string } = {}): Uint8Array[] {
  const aim = opts.aim ?? ']X0';
  const codeId = (opts.codeId ?? '?').charCodeAt(0);
  const data = utf8(text);
  const out: Uint8Array[] = [];
  for (let off = 0; off < data.length || out.length === 0; off += 56) {
    const chunk = data.subarray(off, off + 56);
    const r = new Uint8Array(REPORT_SIZE);
    r[0] = 0x02;
    r[1] = chunk.length;
    r[2] = aim.charCodeAt(0);
    r[3] = aim.charCodeAt(1);
    r[4] = aim.charCodeAt(2);
    r.set(chunk, 5);
    r[61] = codeId;
    r[63] = off + 56 < data.length ? 0x01 : 0x00;
    out.push(r);
  }
  return out;
}

/** Newland HID-POS reports (see hid-pos.ts for the layout). */
export function encodeNewlandReports(text: string, opts: { codeId?: string | null } = {}): Uint8Array[] {
  const codeId = opts.codeId === null ? 0 : (opts.codeId ?? 'd').charCodeAt(0);
  const data = utf8(text);
  const out: Uint8Array[] = [];
  for (let off = 0; off < data.length || out.length === 0; off += 56) {
    const chunk = data.subarray(off, off + 56);
    const r = new Uint8Array(REPORT_SIZE);
    r[0] = 0x02;
    r[1] = chunk.length;
    r.set(chunk, 2);
    r[62] = codeId;
    r[63] = off + 56 < data.length ? 0x01 : 0x00;
    out.push(r);
  }
  return out;
}

/**
 * Boot-keyboard reports typing `text` (US layout): for each character a press report (with
 * Shift in the modifier byte when needed) and a release report, then the terminator.
 */
export function encodeKeyboardReports(
  text: string,
  opts: { terminator?: 'Enter' | 'Tab' | null; reportId?: number | null } = {},
): Uint8Array[] {
  const terminator = opts.terminator === undefined ? 'Enter' : opts.terminator;
  const prefix = opts.reportId === undefined || opts.reportId === null ? [] : [opts.reportId];
  const out: Uint8Array[] = [];
  const report = (mod: number, usage: number) => Uint8Array.from([...prefix, mod, 0, usage, 0, 0, 0, 0, 0]);
  for (const ch of text) {
    const k = codeForChar(ch);
    if (!k) throw new Error(`cannot type ${JSON.stringify(ch)} on a US keyboard`);
    const usage = codeToUsage(k.code);
    if (usage === null) throw new Error(`no usage for ${k.code}`);
    out.push(report(k.shift ? 0x02 : 0x00, usage));
    out.push(report(0, 0));
  }
  if (terminator) {
    out.push(report(0, terminator === 'Enter' ? 0x28 : 0x2b));
    out.push(report(0, 0));
  }
  return out;
}
