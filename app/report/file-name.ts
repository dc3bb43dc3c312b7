import { formatReportTime } from './format.js';
import type { ReportData } from './schema.js';

/**
 * File name of an exported report (ASCII only, so every file system, mail client and
 * download dialog keeps it): `counterpay-<kind>-<terminal>-<what>-<local time>.<ext>`, e.g.
 * `counterpay-z-T01-shift12-20250131-2215.xlsx`, `counterpay-range-T01-20250101-20250131-….csv`.
 */
export function reportFileName(data: ReportData, ext: string): string {
  const off = data.utcOffsetMinutes;
  const stamp = (ms: number) => formatReportTime(ms, off).replace(/[-:]/g, '').replace(' ', '-').slice(0, 13);
  const day = (ms: number) => formatReportTime(ms, off).slice(0, 10).replace(/-/g, '');
  const terminal = data.terminalNo.replace(/[^A-Za-z0-9]/g, '') || 'T';
  const what =
    data.kind === 'range' ? `${day(data.period.from)}-${day(data.period.to - 1)}` : `shift${data.shifts[0]?.id ?? 0}`;
  const safeExt = ext.replace(/[^a-z0-9]/gi, '').toLowerCase();
  return `counterpay-${data.kind}-${terminal}-${what}-${stamp(data.generatedAt)}.${safeExt}`;
}
