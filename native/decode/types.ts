/** What every report decoder produces once a scan is complete. */
export interface DecodedScan {
  text: string;
  /** AIM id (`]E0`) or a vendor code id (`newland:d`, `honeywell:d`), when the device sent one. */
  symbology: string | null;
  /** The reports that carried the scan, oldest first (capped at MAX_RAW_REPORTS). */
  reports: Uint8Array[];
  /** Time of the report that completed the scan (the caller's clock). */
  at: number;
}

/** Why a report was not (fully) used — shown in the settings screen's live view. */
export type DecodeIssue =
  | 'short-report'
  | 'unexpected-report-id'
  | 'bad-length'
  | 'overflow'
  | 'stale-continuation'
  | 'rollover-error'
  | 'unknown-key';

export interface PushResult {
  /** Scans completed by this report (usually zero or one). */
  scans: DecodedScan[];
  issue: DecodeIssue | null;
}

export const MAX_RAW_REPORTS = 256;
/** Largest scan we assemble (a dense QR code is ~3 KB). */
export const MAX_SCAN_BYTES = 8192;
