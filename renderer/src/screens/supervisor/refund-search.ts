/**
 * What the refund list asks main for, from what the supervisor typed (pure, local time):
 *  - "14:05" (or "14：05", "1405" is not a time): bills closed in that minute today;
 *  - anything else: today's window (or the shift's) narrowed by the text — the end of the bill
 *    number or an amount, which main matches (main/bills/bill-search.ts).
 */
export interface RefundSearchRequest {
  from: number;
  to: number;
  text?: string;
}

const MINUTE = 60_000;

/** Local midnight of the day of `now`, and of the next day. */
export function localDay(now: Date): { from: number; to: number } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { from: start.getTime(), to: end.getTime() };
}

export function refundSearchRequest(typed: string, now: Date): RefundSearchRequest {
  const day = localDay(now);
  const text = typed.trim().replace(/：/g, ':').replace(/．/g, '.');
  const time = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (time) {
    const at = new Date(now.getFullYear(), now.getMonth(), now.getDate(), Number(time[1]), Number(time[2])).getTime();
    return { from: at, to: at + MINUTE };
  }
  return text === '' ? day : { ...day, text: text.replace(/^¥/, '') };
}
