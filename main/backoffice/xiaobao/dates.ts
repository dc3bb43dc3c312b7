/**
 * Xiaobao datetimes are China local time without an offset ("2020-01-01T00:00:00"). Counterpay
 * keeps epoch milliseconds; these helpers format and parse at UTC+8 (China has no DST).
 */

export const CHINA_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
/** GetChangedOrders: "时间范围不能超过7天". */
export const CHANGED_ORDERS_MAX_SPAN_MS = 7 * DAY_MS;

export const XbDateTimeRegex = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,7})?)?$/;

/** epoch ms → "YYYY-MM-DDTHH:mm:ss" in China time (seconds resolution, truncated). */
export function formatXbDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000 + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}

/** "YYYY-MM-DD" or "YYYY-MM-DDTHH:mm:ss[.fff]" China time → epoch ms. */
export function parseXbDateTime(text: string, field = 'datetime'): number {
  if (!XbDateTimeRegex.test(text)) throw new Error(`${field}: not a Xiaobao datetime (got ${JSON.stringify(text)})`);
  const full = text.length === 10 ? `${text}T00:00:00` : text;
  const ms = Date.parse(`${full.slice(0, 23)}Z`);
  if (Number.isNaN(ms)) throw new Error(`${field}: not a valid date (got ${JSON.stringify(text)})`);
  return ms - CHINA_OFFSET_MS;
}

/**
 * The same wall-clock time one calendar month later in China time, clamped to the month's end
 * (01-31 → 02-28/29). GetTranOrderList: "区间跨度最大为一个月".
 */
export function addOneMonth(ms: number): number {
  const d = new Date(ms + CHINA_OFFSET_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const lastDay = new Date(Date.UTC(y, m + 2, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const next = Date.UTC(y, m + 1, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return next - CHINA_OFFSET_MS;
}

/** Split [from, to] into consecutive windows, each ending at most at `step(start)`. */
export function splitWindows(
  from: number,
  to: number,
  step: (start: number) => number,
  maxWindows = 1000,
): [number, number][] {
  if (!(to >= from))
    throw new Error(`date range: end (${formatXbDateTime(to)}) is before start (${formatXbDateTime(from)})`);
  const out: [number, number][] = [];
  let start = from;
  for (;;) {
    const end = Math.min(to, step(start));
    out.push([start, end]);
    if (end >= to) return out;
    if (out.length >= maxWindows) throw new Error(`date range: more than ${maxWindows} windows`);
    start = end;
  }
}
