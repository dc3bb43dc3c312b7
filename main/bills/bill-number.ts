/**
 * Bill numbers.
 *
 * Format: `<terminalNo>-<YYMMDD>-<HHmmss>-<NNNN>`, local time, e.g. `T01-250131-143005-2817`.
 *  - terminalNo: 1–8 of [A-Za-z0-9], unique per site (set at first-run setup).
 *  - YYMMDD-HHmmss: the local time the bill was opened — readable, and the numbers of one
 *    terminal sort by time.
 *  - NNNN: a sequence within that second. The first bill of a second starts at a random
 *    value in 0001–4999, the next ones in the same second count up (so they still sort);
 *    after 9999 the number moves on to the next second.
 * Length ≤ 8 + 1 + 6 + 1 + 6 + 1 + 4 = 27 ≤ 29 (the bills.bill_no limit).
 *
 * Why it is unique:
 *  - across terminals: the terminal number prefix;
 *  - across restarts: the next number is computed from the ledger inside the same
 *    transaction that inserts the bill (bills.bill_no is UNIQUE, too);
 *  - across reinstalls (empty ledger): the time part moves on; the random start makes a
 *    collision unlikely even when the clock is reset to the same second (a dead CMOS
 *    battery resets a kiosk's clock to one fixed value at each boot).
 *
 * The gateway sees its own shorter number per payment attempt (main/payments/gateway-bill-num.ts).
 */
import { BILL_NO_PATTERN } from '../../app/contract/history.js';
import { TERMINAL_NO } from '../../app/limits.js';
import { AppError } from '../../app/result.js';

export const BILL_NO = BILL_NO_PATTERN;

export function assertTerminalNo(terminalNo: string): void {
  if (!TERMINAL_NO.pattern.test(terminalNo)) {
    throw new AppError('config-invalid', `terminalNo must be ${TERMINAL_NO.rule}, got ${JSON.stringify(terminalNo)}`, {
      field: 'terminalNo',
    });
  }
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** `<terminalNo>-<YYMMDD>-<HHmmss>-` for the local time of `ms`. */
export function billNoPrefix(terminalNo: string, ms: number): string {
  const d = new Date(ms);
  return `${terminalNo}-${p2(d.getFullYear() % 100)}${p2(d.getMonth() + 1)}${p2(d.getDate())}-${p2(d.getHours())}${p2(d.getMinutes())}${p2(d.getSeconds())}-`;
}

/**
 * The next bill number at time `ms`, given a lookup of the highest number already issued
 * with a given prefix (null when none).
 */
export function nextBillNo(
  terminalNo: string,
  ms: number,
  highestWithPrefix: (prefix: string) => string | null,
  random: () => number,
): string {
  let t = ms;
  for (let i = 0; i < 3600; i++) {
    const prefix = billNoPrefix(terminalNo, t);
    const last = highestWithPrefix(prefix);
    if (last === null) return `${prefix}${String(1 + Math.floor(random() * 4999)).padStart(4, '0')}`;
    const seq = Number(last.slice(prefix.length)) + 1;
    if (Number.isInteger(seq) && seq <= 9999) return `${prefix}${String(seq).padStart(4, '0')}`;
    t += 1000;
  }
  throw new AppError('internal-error', 'no free bill number within an hour of the current time');
}
