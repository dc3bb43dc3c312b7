import { isAimId } from '../../app/scan/aim.js';
import { ByteAccumulator, decodeText } from './bytes.js';
import { MAX_RAW_REPORTS, MAX_SCAN_BYTES, type DecodeIssue, type DecodedScan, type PushResult } from './types.js';

/**
 * HID-POS (usage page 0x8C) scanned-data reports. Two vendor layouts, both 64-byte input reports
 * with report id 0x02, a length byte and a "decode data continued" flag in bit 0 of the last
 * byte; long codes (QR) arrive as several reports that must be joined.
 *
 * Honeywell (also Access-IS and other Honeywell-engine devices), per Honeywell/Access-IS manuals:
 *
 *   byte 0       report id = 0x02
 *   byte 1       length L of the decoded data in THIS report (0–56), not counting the AIM id
 *   bytes 2–4    AIM symbology identifier: ']' + code char + modifier (e.g. "]E0" EAN-13)
 *   bytes 5–60   decoded data, L bytes used, rest 0x00
 *   byte 61      Honeywell code id (e.g. 'd' EAN-13, 'j' Code 128, 's' QR)
 *   byte 62      reserved (0x00)
 *   byte 63      bit 0 = more data follows in the next report
 *
 * Newland (NLS-FM420 / EM20xx / HR-series integration guides, "HID-POS"):
 *
 *   byte 0       report id = 0x02
 *   byte 1       length L of the decoded data in this report (1–56)
 *   bytes 2–57   decoded data (no AIM id unless AIM transmission is enabled in the scanner)
 *   bytes 58–61  reserved
 *   byte 62      Newland symbology identifier, or 0x00
 *   byte 63      bit 0 = decode data continued
 *
 * 'auto' (unknown vendors with usage page 0x8C): decide per report. With an AIM id at bytes 2–4
 * the two layouts differ by where the data starts; in the Newland layout the three bytes just
 * past 2+L are padding (0x00), in the Honeywell layout they are the tail of the data.
 */

export type HidPosLayout = 'honeywell' | 'newland' | 'auto';

export interface HidPosDecoderOptions {
  layout: HidPosLayout;
  /** Input report id carrying scanned data (0x02 for both layouts). */
  reportId?: number;
  /** A continued scan whose next part does not arrive within this many ms is dropped. */
  continuationTimeoutMs?: number;
}

export interface HidPosDecoder {
  push(report: Uint8Array, at: number): PushResult;
  /** A continued scan is waiting for its next report. */
  pending(): boolean;
  reset(): void;
}

const HONEYWELL_DATA_START = 5;
const HONEYWELL_DATA_MAX = 56; // bytes 5..60
const HONEYWELL_CODE_ID = 61;
const NEWLAND_DATA_START = 2;
const NEWLAND_DATA_MAX = 56; // bytes 2..57
const NEWLAND_CODE_ID = 62;
const FLAGS = 63;

interface Slice {
  start: number;
  end: number;
  aim: string | null;
  codeId: string | null;
  continued: boolean;
  issue: DecodeIssue | null;
}

function printable(b: number | undefined): string | null {
  return b !== undefined && b >= 0x21 && b <= 0x7e ? String.fromCharCode(b) : null;
}

function aimAt(r: Uint8Array, i: number): string | null {
  if (r.length < i + 3 || r[i] !== 0x5d) return null;
  const id = String.fromCharCode(r[i]!, r[i + 1]!, r[i + 2]!);
  return isAimId(id) ? id : null;
}

function sliceHoneywell(r: Uint8Array): Slice {
  const declared = r[1]!;
  let issue: DecodeIssue | null = null;
  let len = declared;
  if (len > HONEYWELL_DATA_MAX) {
    len = HONEYWELL_DATA_MAX;
    issue = 'bad-length';
  }
  const end = Math.min(HONEYWELL_DATA_START + len, r.length);
  if (end < HONEYWELL_DATA_START + len) issue = 'short-report';
  const codeId = printable(r[HONEYWELL_CODE_ID]);
  return {
    start: Math.min(HONEYWELL_DATA_START, r.length),
    end: Math.max(end, Math.min(HONEYWELL_DATA_START, r.length)),
    aim: aimAt(r, 2),
    codeId: codeId ? `honeywell:${codeId}` : null,
    continued: r.length > FLAGS && (r[FLAGS]! & 0x01) === 1,
    issue,
  };
}

function sliceNewland(r: Uint8Array): Slice {
  const declared = r[1]!;
  let issue: DecodeIssue | null = null;
  let len = declared;
  if (len > NEWLAND_DATA_MAX) {
    len = NEWLAND_DATA_MAX;
    issue = 'bad-length';
  }
  const end = Math.min(NEWLAND_DATA_START + len, r.length);
  if (end < NEWLAND_DATA_START + len) issue = 'short-report';
  const codeId = printable(r[NEWLAND_CODE_ID]);
  return {
    start: NEWLAND_DATA_START,
    end,
    aim: null,
    codeId: codeId ? `newland:${codeId}` : null,
    continued: r.length > FLAGS && (r[FLAGS]! & 0x01) === 1,
    issue,
  };
}

function sliceAuto(r: Uint8Array): Slice {
  const aim = aimAt(r, 2);
  if (aim === null) return sliceNewland(r);
  const len = Math.min(r[1]!, 56);
  // Newland with AIM-in-data: the three bytes after the data are padding.
  let tailZero = true;
  for (let i = 2 + len; i < 5 + len; i++) {
    if (i < r.length && r[i] !== 0) {
      tailZero = false;
      break;
    }
  }
  if (tailZero && 2 + len + 3 <= 58) return sliceNewland(r);
  return sliceHoneywell(r);
}

export function createHidPosDecoder(options: HidPosDecoderOptions): HidPosDecoder {
  const reportId = options.reportId ?? 0x02;
  const timeout = options.continuationTimeoutMs ?? 1000;
  const slicer =
    options.layout === 'honeywell' ? sliceHoneywell : options.layout === 'newland' ? sliceNewland : sliceAuto;

  const data = new ByteAccumulator(MAX_SCAN_BYTES);
  let reports: Uint8Array[] = [];
  let symbology: string | null = null;
  let lastAt = 0;
  let inProgress = false;

  function clear(): void {
    data.clear();
    reports = [];
    symbology = null;
    inProgress = false;
  }

  function push(report: Uint8Array, at: number): PushResult {
    let issue: DecodeIssue | null = null;
    if (inProgress && at - lastAt > timeout) {
      clear();
      issue = 'stale-continuation';
    }
    if (report.length < 2) return { scans: [], issue: 'short-report' };
    if (report[0] !== reportId) return { scans: [], issue: issue ?? 'unexpected-report-id' };

    const s = slicer(report);
    issue = issue ?? s.issue;
    if (!inProgress) symbology = s.aim ?? s.codeId;
    if (!data.append(report, s.start, s.end)) {
      clear();
      return { scans: [], issue: 'overflow' };
    }
    if (reports.length < MAX_RAW_REPORTS) reports.push(report.slice());
    lastAt = at;

    if (s.continued) {
      inProgress = true;
      return { scans: [], issue };
    }
    const text = decodeText(data.take());
    const scans: DecodedScan[] = text.length > 0 ? [{ text, symbology, reports, at }] : [];
    clear();
    return { scans, issue };
  }

  return { push, pending: () => inProgress, reset: clear };
}
