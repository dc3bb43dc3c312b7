/**
 * The bill number the gateway sees (`billNum` in BarCode, `billnum` in Query) — issue 11 item 30.
 *
 * The bill number people read (`T01-261204-224015-1772`, 22 characters, and `-N` per attempt)
 * stays on the bill, the receipt and the screens. The gateway gets its own number, at most
 * `maxLength` characters (config `gateway.maxBillNumLength`, 12–32, default 20: the Query
 * endpoints of the KouDaiLQ family allow 20 in `billnum`). It is stored on the attempt row
 * (`payment_attempts.gateway_bill_num`, UNIQUE), so every query — after a restart too — uses the
 * same one. Layout, the most readable that fits (upper-case, no separators):
 *
 *   readable  TERM yymmdd hhmmss R… Q     T01 261204 224015 K3 0   → T01261204224015K30 (18)
 *   compact   TERM yymmdd ssss   R… Q     seconds of the day in base 36 (4)
 *   tight     TERM ddd    ssss   R… Q     days since 2000-01-01 in base 36 (3)
 *
 *   TERM  the terminal number (unique per merchant)        → unique across terminals
 *   date and time (local, UTC+8 by default) of issue       → unique across days and restarts
 *   R     the first characters of this ledger's install id → unique across reinstalls
 *         (random base 36, table payment_identity; 2–6 characters, 1 only in the tight layout
 *         of a 12-character maximum)
 *   Q     a sequence within the second, base 36 (0–Z)
 *
 * Within one ledger a number is never issued twice: the time only moves forward within a
 * process (36 numbers a second, then the next second is borrowed), and a candidate already in
 * the ledger (a restart within the same second, a clock set back) is skipped. Across
 * reinstalls a clash needs the same install-id prefix (1 in 36^k) AND the same second
 * and sequence on the same terminal — i.e. a clock set back over a reinstall as well.
 */
import { randomInt } from 'node:crypto';
import { TERMINAL_NO } from '../../app/limits.js';
import { AppError } from '../../app/result.js';
import type { Store } from '../store/db.js';
import { stmt } from '../store/stmt.js';

export const BILL_NUM_MAX_DEFAULT = 20;
export const BILL_NUM_MAX_RANGE = { min: 12, max: 32 } as const;
const B36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const INSTALL_ID_LENGTH = 12;
const DAY_MS = 86_400_000;
const EPOCH_2000 = Date.UTC(2000, 0, 1);

export type BillNumLayout = 'readable' | 'compact' | 'tight';

export interface GatewayBillNumOptions {
  terminalNo: string;
  /** 12–32 (config gateway.maxBillNumLength). */
  maxLength?: number;
  /** This ledger's install id (upper-case base 36, ≥ 8 characters). */
  installId: string;
  /** Local time offset for the date and time parts (minutes east of UTC; default +480, China). */
  utcOffsetMinutes?: number;
  /** Is this number already in the ledger? */
  exists: (billNum: string) => boolean;
}

export interface GatewayBillNums {
  readonly layout: BillNumLayout;
  readonly maxLength: number;
  /** Characters of the install id used. */
  readonly installChars: number;
  /** The next number for a payment started at `nowMs`. */
  next(nowMs: number): string;
}

function base36(n: number, width: number): string {
  let s = '';
  let v = Math.max(0, Math.floor(n));
  for (let i = 0; i < width; i++) {
    s = B36[v % 36]! + s;
    v = Math.floor(v / 36);
  }
  return s;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Choose the layout for a terminal number and a maximum; throws config-invalid when none fits. */
export function billNumLayout(terminalNo: string, maxLength: number): { layout: BillNumLayout; installChars: number } {
  const term = terminalNo.length;
  const fixed: [BillNumLayout, number][] = [
    ['readable', 12],
    ['compact', 10],
    ['tight', 7],
  ];
  for (const [layout, timeChars] of fixed) {
    const room = maxLength - term - timeChars - 1; // 1 for Q
    // At least 2 install-id characters; the tightest layout makes do with 1 (a 12-character maximum).
    if (room >= (layout === 'tight' ? 1 : 2)) return { layout, installChars: Math.min(room, 6) };
  }
  throw new AppError(
    'config-invalid',
    `gateway.maxBillNumLength: ${maxLength} leaves no room for a unique gateway bill number after terminal number "${terminalNo}" (needs at least ${term + 9})`,
    { field: 'gateway.maxBillNumLength', limit: term + 9 },
  );
}

export function createGatewayBillNums(opts: GatewayBillNumOptions): GatewayBillNums {
  const maxLength = opts.maxLength ?? BILL_NUM_MAX_DEFAULT;
  if (!Number.isInteger(maxLength) || maxLength < BILL_NUM_MAX_RANGE.min || maxLength > BILL_NUM_MAX_RANGE.max) {
    throw new AppError(
      'config-invalid',
      `gateway.maxBillNumLength: an integer ${BILL_NUM_MAX_RANGE.min}–${BILL_NUM_MAX_RANGE.max} (got ${maxLength})`,
      {
        field: 'gateway.maxBillNumLength',
        limit: `${BILL_NUM_MAX_RANGE.min}–${BILL_NUM_MAX_RANGE.max}`,
      },
    );
  }
  const term = opts.terminalNo.toUpperCase();
  if (!TERMINAL_NO.pattern.test(term)) {
    throw new AppError('config-invalid', `terminalNo: ${TERMINAL_NO.rule}`, {
      field: 'terminalNo',
      limit: TERMINAL_NO.maxLength,
    });
  }
  if (!/^[0-9A-Z]{8,32}$/.test(opts.installId)) throw new RangeError('installId: 8–32 upper-case base-36 characters');
  const { layout, installChars } = billNumLayout(term, maxLength);
  const install = opts.installId.slice(0, installChars);
  const offsetMs = (opts.utcOffsetMinutes ?? 480) * 60_000;

  /** The last second issued in this process, and the sequence within it. */
  let lastSec = -Infinity;
  let seq = -1;

  function format(sec: number, q: number): string {
    const local = sec * 1000 + offsetMs;
    const d = new Date(local);
    const secOfDay = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
    let time: string;
    if (layout === 'readable') {
      time = `${pad2(d.getUTCFullYear() % 100)}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`;
    } else if (layout === 'compact') {
      time = `${pad2(d.getUTCFullYear() % 100)}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}${base36(secOfDay, 4)}`;
    } else {
      time = `${base36(Math.floor((local - EPOCH_2000) / DAY_MS), 3)}${base36(secOfDay, 4)}`;
    }
    return `${term}${time}${install}${B36[q]}`;
  }

  return {
    layout,
    maxLength,
    installChars,
    next(nowMs) {
      let sec = Math.floor(nowMs / 1000);
      if (sec <= lastSec) {
        sec = lastSec;
      } else {
        seq = -1;
      }
      // At most a few thousand tries: 36 a second, skipping what the ledger already has.
      for (let tries = 0; tries < 36 * 120; tries++) {
        seq += 1;
        if (seq >= 36) {
          sec += 1;
          seq = 0;
        }
        lastSec = sec;
        const candidate = format(sec, seq);
        if (!opts.exists(candidate)) return candidate;
      }
      throw new AppError('internal-error', 'no free gateway bill number (two hours of numbers already used)');
    },
  };
}

/** This ledger's install id: created (random) at the first call, the same ever after. */
export function installId(store: Store, random: (max: number) => number = (max) => randomInt(max)): string {
  const get = () =>
    stmt(store.db, 'SELECT install_id FROM payment_identity WHERE id = 1').pluck().get() as string | undefined;
  const existing = get();
  if (existing) return existing;
  let id = '';
  for (let i = 0; i < INSTALL_ID_LENGTH; i++) id += B36[random(36)];
  stmt(store.db, 'INSERT OR IGNORE INTO payment_identity (id, install_id, created_at) VALUES (1, ?, ?)').run(
    id,
    store.now(),
  );
  return get()!;
}
