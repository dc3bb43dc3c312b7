/**
 * `npm run bench:history` — the bill history (单据查询) over a 1,000,000-bill ledger. ONE JSON
 * document on stdout (p50/p99 per search in ms, the data size); progress on stderr.
 *
 * The ledger comes from scripts/bench-store.ts's generator (terminal-style bill numbers, 8
 * operators, a payment attempt with a payment code for every barcode tender), migrated to the
 * latest schema (migration 010's indexes). Each search runs as the `history.search` handler
 * runs it (main/bills/bill-history.ts, main/payments/attempt-queries.ts), first page of 20,
 * over a window of one day, of 30 days, and of the whole ledger. Target: p99 ≤ 50 ms.
 *
 *   npx tsx scripts/bench-history.ts [--bills 1000000] [--runs 200] [--dir /path]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBillHistory, type HistorySearchInput } from '../main/bills/bill-history.js';
import { createAttemptQueries } from '../main/payments/attempt-queries.js';
import { openStore } from '../main/store/db.js';
import { ledgerBytes } from '../main/store/integrity.js';
import { seedLedger } from './bench-store.js';

function arg(name: string, fallback: number): number;
function arg(name: string, fallback: string | null): string | null;
function arg(name: string, fallback: number | string | null): number | string | null {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1]!;
  return typeof fallback === 'number' ? Number(v) : v;
}

const BILLS = arg('bills', 1_000_000);
const RUNS = arg('runs', 200);
const baseDir = arg('dir', null);
const TARGET_P99_MS = 50;
const log = (m: string) => process.stderr.write(`${m}\n`);

const root = baseDir
  ? (mkdirSync(baseDir, { recursive: true }), mkdtempSync(join(baseDir, 'bench-history-')))
  : mkdtempSync(join(tmpdir(), 'bench-history-'));

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const pct = (p: number) => Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 1000) / 1000;
  return { p50: pct(50), p99: pct(99), max: Math.round(s[s.length - 1]! * 1000) / 1000, samples: s.length };
}

try {
  const file = join(root, 'counterpay.db');
  const store = openStore({ file, check: 'none', synchronous: 'NORMAL' });
  log(`seeding ${BILLS} bills in ${root}`);
  const seeded = seedLedger(store, { bills: BILLS, operators: 8, attempts: true, realBillNos: true, log });
  log(`seeded in ${Math.round(seeded.seedMs)} ms`);
  const { db } = store;
  const bounds = db.prepare('SELECT min(closed_at) AS lo, max(closed_at) AS hi FROM bills').get() as {
    lo: number;
    hi: number;
  };
  const sample = db
    .prepare(
      "SELECT id, bill_no AS billNo, total_fen AS totalFen, closed_at AS closedAt FROM bills WHERE status = 'paid' AND id % 997 = 0",
    )
    .all() as { id: number; billNo: string; totalFen: number; closedAt: number }[];
  const codes = db.prepare('SELECT bar_code FROM payment_attempts WHERE id % 991 = 0').pluck().all() as string[];
  const history = createBillHistory(store);
  const attempts = createAttemptQueries(store);
  const DAY = 86_400_000;
  let seed = 11;
  const rnd = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const windows = {
    day: (at: number) => ({ from: at - (at % DAY), to: at - (at % DAY) + DAY }),
    month: (at: number) => ({ from: at - 30 * DAY, to: at + 1 }),
    all: () => ({ from: bounds.lo, to: bounds.hi + 1 }),
  };
  type Win = keyof typeof windows;
  const searches: Record<string, (w: Win) => HistorySearchInput> = {
    window: (w) => ({ ...windows[w](pick(sample).closedAt), page: 0, pageSize: 20 }),
    deepPage: (w) => ({ ...windows[w](pick(sample).closedAt), page: 10, pageSize: 20 }),
    billNoEnd4: (w) => {
      const b = pick(sample);
      return { ...windows[w](b.closedAt), billNoEnd: b.billNo.slice(-4), page: 0, pageSize: 20 };
    },
    billNoEnd11: (w) => {
      const b = pick(sample);
      return { ...windows[w](b.closedAt), billNoEnd: b.billNo.slice(-11), page: 0, pageSize: 20 };
    },
    amount: (w) => {
      const b = pick(sample);
      return { ...windows[w](b.closedAt), amountFen: b.totalFen, page: 0, pageSize: 20 };
    },
    timeMinute: () => {
      const b = pick(sample);
      const from = b.closedAt - (b.closedAt % 60_000);
      return { from, to: from + 60_000, page: 0, pageSize: 20 };
    },
    operator: (w) => ({
      ...windows[w](pick(sample).closedAt),
      operatorNo: String(1001 + Math.floor(rnd() * 8)),
      page: 0,
      pageSize: 20,
    }),
    tender: (w) => ({
      ...windows[w](pick(sample).closedAt),
      tender: rnd() < 0.5 ? 'cash' : 'barcode',
      page: 0,
      pageSize: 20,
    }),
    payCodeEnd6: (w) => ({
      ...windows[w](pick(sample).closedAt),
      billIds: attempts.billsByCodeTail(pick(codes).slice(-6), 2000),
      page: 0,
      pageSize: 20,
    }),
  };
  const results: Record<string, Record<string, ReturnType<typeof stats> & { rowsFirst: number }>> = {};
  let worst = 0;
  for (const [name, make] of Object.entries(searches)) {
    results[name] = {};
    for (const w of Object.keys(windows) as Win[]) {
      if (name === 'timeMinute' && w !== 'day') continue;
      const times: number[] = [];
      let rowsFirst = -1;
      // Warm-up, then measured runs; payCodeEnd's time includes the payment_attempts look-up.
      for (let i = 0; i < 5; i++) history.search(make(w));
      for (let i = 0; i < RUNS; i++) {
        const a = performance.now();
        const page = history.search(make(w));
        times.push(performance.now() - a);
        if (rowsFirst < 0) rowsFirst = page.rows.length;
      }
      const s = { ...stats(times), rowsFirst };
      results[name]![w === 'day' && name === 'timeMinute' ? 'minute' : w] = s;
      worst = Math.max(worst, s.p99);
      log(`${name} / ${w}: p50 ${s.p50} ms, p99 ${s.p99} ms`);
    }
  }
  const counts = {
    bills: db.prepare('SELECT count(*) FROM bills').pluck().get() as number,
    paymentAttempts: db.prepare('SELECT count(*) FROM payment_attempts').pluck().get() as number,
    tenders: db.prepare('SELECT count(*) FROM tenders').pluck().get() as number,
    days: Math.round((bounds.hi - bounds.lo) / DAY),
  };
  store.close();
  const doc = {
    benchmark: 'history',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    unit: 'ms',
    target: { p99: TARGET_P99_MS },
    runsPerSearch: RUNS,
    pageSize: 20,
    dataSize: { ...counts, bytes: ledgerBytes(file) },
    seedMs: Math.round(seeded.seedMs),
    searches: results,
    worstP99: worst,
    meetsTarget: worst <= TARGET_P99_MS,
  };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
