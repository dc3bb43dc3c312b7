import { formatYuan } from '../money.js';

/**
 * Formatting shared by every report output. Times are shown in the report's own local time
 * (`utcOffsetMinutes` carried by the report), never in the viewer's time zone, so a report
 * reads the same on the counter PC, in the export and on paper.
 */

const p2 = (n: number): string => String(n).padStart(2, '0');

function shifted(ms: number, utcOffsetMinutes: number): Date {
  return new Date(ms + utcOffsetMinutes * 60_000);
}

/** `YYYY-MM-DD HH:mm:ss` in the report's local time. */
export function formatReportTime(ms: number, utcOffsetMinutes: number): string {
  const d = shifted(ms, utcOffsetMinutes);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** `YYYY-MM-DD` in the report's local time. */
export function formatReportDate(ms: number, utcOffsetMinutes: number): string {
  return formatReportTime(ms, utcOffsetMinutes).slice(0, 10);
}

/** `HH:00` (or `MM-DD HH:00` when `withDate`) of a local hour start. */
export function formatHour(hourStart: number, utcOffsetMinutes: number, withDate = false): string {
  const d = shifted(hourStart, utcOffsetMinutes);
  const hour = `${p2(d.getUTCHours())}:00`;
  return withDate ? `${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${hour}` : hour;
}

/** The local hour of day (0–23) of an instant. */
export function localHourOfDay(ms: number, utcOffsetMinutes: number): number {
  return shifted(ms, utcOffsetMinutes).getUTCHours();
}

/** Local day number (days since 1970-01-01 local) of an instant. */
export function localDay(ms: number, utcOffsetMinutes: number): number {
  return Math.floor((ms + utcOffsetMinutes * 60_000) / 86_400_000);
}

/** Money as people read it: `¥1,234.56`, `-¥12.00`. */
export function formatMoney(fen: number): string {
  return formatYuan(fen);
}

/** Counts with thousands separators. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A denomination in fen as people name it: 10000 → `¥100`, 50 → `¥0.5`. */
export function formatDenomination(fen: number): string {
  return fen % 100 === 0 ? `¥${fen / 100}` : `¥${(fen / 100).toFixed(fen % 10 === 0 ? 1 : 2)}`;
}
