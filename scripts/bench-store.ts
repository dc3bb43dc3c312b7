/**
 * `npm run bench:store` — store benchmarks. ONE JSON document on stdout; progress on stderr.
 *
 *  1. Durable bill commit latency (the cash payment transaction: tender + bill + outbox +
 *     audit), p50/p99, with synchronous=FULL and =NORMAL (WAL), and the whole sale
 *     (create + 2 lines + pay = 4 transactions).
 *  2. Outbox drain rate to the local receiver on loopback (batch and single mode).
 *  3. Shift summary (totals and counts by tender kind and by business type) over a ledger
 *     of 1,000,000 bills, for a typical shift and for an oversized one; plus the cost of the
 *     open-time checks (quick_check vs integrity_check) and of an online backup on it.
 *
 *   npx tsx scripts/bench-store.ts [--dir /path/on/the/real/disk] [--bills 1000000] [--commits 2000] [--drain 20000]
 */
import { closeSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBillService } from '../main/bills/bill-service.js';
import { openStore, type Store, type SynchronousMode } from '../main/store/db.js';
import { ledgerBytes } from '../main/store/integrity.js';
import { shiftSummary } from '../main/store/shift-summary.js';
import { createFeedClient } from '../main/sync/feed-client.js';
import { startFeedReceiver } from '../main/sync/feed-receiver.js';
import { createSyncWorker } from '../main/sync/sync-worker.js';

function arg(name: string, fallback: number): number;
function arg(name: string, fallback: string | null): string | null;
function arg(name: string, fallback: number | string | null): number | string | null {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1]!;
  return typeof fallback === 'number' ? Number(v) : v;
}

const BILLS = arg('bills', 1_000_000);
const COMMITS = arg('commits', 2_000);
const DRAIN = arg('drain', 20_000);
const baseDir = arg('dir', null);
const log = (m: string) => process.stderr.write(`${m}\n`);

/** Run as a script (npm run bench:store), not imported for its ledger generator (bench-history.ts). */
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

const root = !isMain
  ? ''
  : baseDir
    ? (mkdirSync(baseDir, { recursive: true }), mkdtempSync(join(baseDir, 'bench-store-')))
    : mkdtempSync(join(tmpdir(), 'bench-store-'));

function pct(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 1000) / 1000;
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    p50: pct(s, 50),
    p90: pct(s, 90),
    p99: pct(s, 99),
    max: Math.round(s[s.length - 1]! * 1000) / 1000,
    samples: s.length,
  };
}

function openShift(store: Store): number {
  return Number(
    store.db
      .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 0)")
      .run(Date.now()).lastInsertRowid,
  );
}

// ───────────── 0. the device's floor: one 4 KiB write + fdatasync ─────────────
function fsyncFloor() {
  const f = join(root, 'fsync-floor.bin');
  const fd = openSync(f, 'w');
  const page = Buffer.alloc(4096, 7);
  const t: number[] = [];
  for (let i = 0; i < COMMITS; i++) {
    const a = performance.now();
    writeSync(fd, page);
    fdatasyncSync(fd);
    t.push(performance.now() - a);
  }
  closeSync(fd);
  rmSync(f);
  return stats(t);
}

// ───────────── 1. commit latency ─────────────
async function commitLatency(mode: SynchronousMode) {
  const dir = join(root, `commit-${mode}`);
  const file = join(dir, 'counterpay.db');
  const store = openStore({ file, synchronous: mode, check: 'none' });
  const bills = createBillService({ store, now: Date.now, terminalNo: 'BENCH' });
  const shiftId = openShift(store);
  const pay: number[] = [];
  const sale: number[] = [];
  // warm-up
  for (let i = 0; i < 50; i++) {
    const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
    bills.addFreeAmount(b.id, 100);
    bills.payCash(b.id, { tenderedFen: 100, operatorNo: '1001' });
  }
  for (let i = 0; i < COMMITS; i++) {
    // Yield between sales as the app does (sales are seconds apart): the store's idle
    // checkpointer runs here, not inside a COMMIT.
    await new Promise<void>((r) => setImmediate(r));
    const t0 = performance.now();
    const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
    bills.addLine(b.id, { itemCode: 'T-ADULT', name: '成人票', unitPriceFen: 8000, quantity: 2 });
    bills.addLine(b.id, { itemCode: 'T-CHILD', name: '儿童票', unitPriceFen: 4000, quantity: 1 });
    const t1 = performance.now();
    bills.payCash(b.id, { tenderedFen: 20_000, operatorNo: '1001' });
    const t2 = performance.now();
    pay.push(t2 - t1);
    sale.push(t2 - t0);
  }
  const bytes = ledgerBytes(file);
  store.close();
  return {
    synchronous: mode,
    payCommitMs: stats(pay),
    wholeSaleMs: stats(sale),
    dataSize: { bills: COMMITS + 50, bytes },
  };
}

// ───────────── 2. drain rate ─────────────
async function drainRate(mode: 'batch' | 'single', count: number) {
  const dir = join(root, `drain-${mode}`);
  const store = openStore({ file: join(dir, 'counterpay.db'), check: 'none' });
  const bills = createBillService({ store, now: Date.now, terminalNo: 'BENCH' });
  const shiftId = openShift(store);
  store.tx(() => {
    for (let i = 0; i < count; i++) {
      const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
      bills.addLine(b.id, { itemCode: 'T-ADULT', name: '成人票', unitPriceFen: 8000, quantity: 2 });
      bills.payCash(b.id, { tenderedFen: 20_000, operatorNo: '1001' });
    }
  });
  const payloadBytes = store.db.prepare('SELECT sum(length(payload)) FROM outbox').pluck().get() as number;
  const receiver = await startFeedReceiver();
  const worker = createSyncWorker({
    store,
    now: Date.now,
    client: createFeedClient({ feedUrl: receiver.url, mode }),
    batchSize: 200,
  });
  const t0 = performance.now();
  let requests = 0;
  while (store.db.prepare('SELECT count(*) FROM outbox').pluck().get() !== 0) {
    const r = await worker.drainOnce();
    requests++;
    if (r.transportError) throw new Error(r.transportError);
  }
  const ms = performance.now() - t0;
  const received = receiver.bills.size;
  await receiver.close();
  store.close();
  if (received !== count) throw new Error(`receiver got ${received} of ${count}`);
  return {
    mode,
    bills: count,
    ms: Math.round(ms),
    billsPerSecond: Math.round((count / ms) * 1000),
    drainPasses: requests,
    dataSize: { bills: count, payloadBytes },
  };
}

// ───────────── 3. shift summary on a big ledger ─────────────
export interface SeedOptions {
  bills: number;
  /** Operators the bills are spread over (operator_no 1001, 1002, …); default 1. */
  operators?: number;
  /** Also write a payment attempt (with a payment code) for every barcode tender. */
  attempts?: boolean;
  /** Terminal-style bill numbers (T01-yymmdd-hhmmss-nnnn) instead of B<shift>-<n>. */
  realBillNos?: boolean;
  log?: (m: string) => void;
}

/**
 * The big-ledger generator (deterministic): shifts of 1,000 bills, one oversized shift of
 * min(50,000, bills/10) at the end, ~97 % paid (60 % barcode, 40 % cash), one line each.
 * Exported for scripts/bench-history.ts.
 */
export function seedLedger(store: Store, opts: SeedOptions) {
  const BILLS = opts.bills;
  const log = opts.log ?? (() => undefined);
  const operators = Math.max(1, opts.operators ?? 1);
  const { db } = store;
  const PER_SHIFT = 1_000;
  const BIG_SHIFT = Math.min(50_000, Math.floor(BILLS / 10));
  const normalBills = BILLS - BIG_SHIFT;
  const insAttempt = db.prepare(
    `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state,
       last_paystatus, last_message, deadline_at, created_at, updated_at, final_at)
     VALUES (?, 1, ?, ?, ?, ?, ?, 'paid', 'SUCCESS', '支付成功', ?, ?, ?, ?)`,
  );
  const p2 = (n: number) => String(n).padStart(2, '0');
  const realNo = (ms: number, n: number) => {
    const d = new Date(ms);
    return `T01-${p2(d.getUTCFullYear() % 100)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}-${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}-${String(n % 10_000).padStart(4, '0')}`;
  };
  const insShift = db.prepare(
    "INSERT INTO shifts (operator_no, status, opened_at, float_fen, closed_at) VALUES (?, 'closed', ?, 50000, ?)",
  );
  const insBill = db.prepare(
    `INSERT INTO bills (bill_no, kind, business_type, status, total_fen, shift_id, operator_no, created_at, updated_at, closed_at)
     VALUES (?, 'sale', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLine = db.prepare(
    'INSERT INTO bill_lines (bill_id, line_no, item_code, name, unit_price_fen, quantity, amount_fen) VALUES (?, 1, ?, ?, ?, ?, ?)',
  );
  const insTender = db.prepare(
    'INSERT INTO tenders (bill_id, shift_id, kind, amount_fen, tendered_fen, change_fen, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  let seed = 7;
  const rnd = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const t0 = performance.now();
  let billNo = 0;
  let at = Date.UTC(2024, 0, 1);
  const shiftIds: number[] = [];
  const seedShift = (size: number): number => {
    const shiftId = Number(insShift.run(`op${shiftIds.length % 20}`, at, at + 8 * 3600_000).lastInsertRowid);
    shiftIds.push(shiftId);
    for (let i = 0; i < size; i++) {
      billNo++;
      at += 1000 + Math.floor(rnd() * 20_000);
      const bt = 1 + Math.floor(rnd() * 3);
      const status = rnd() < 0.97 ? 'paid' : 'voided';
      const qty = 1 + Math.floor(rnd() * 3);
      const price = 500 + Math.floor(rnd() * 20_000);
      const total = price * qty;
      const operatorNo = String(1001 + (billNo % operators));
      const id = Number(
        insBill.run(
          opts.realBillNos
            ? realNo(at, billNo)
            : `B${String(shiftIds.length).padStart(4, '0')}-${String(billNo).padStart(10, '0')}`,
          bt,
          status,
          total,
          shiftId,
          operatorNo,
          at,
          at,
          at,
        ).lastInsertRowid,
      );
      insLine.run(id, `ITEM${price % 500}`, '门票', price, qty, total);
      if (status === 'paid') {
        if (rnd() < 0.6) {
          if (opts.attempts) {
            const code = `13${String(Math.floor(rnd() * 1e16)).padStart(16, '0')}`;
            insAttempt.run(id, `GW${id}`, bt, operatorNo, total, code, at + 60_000, at, at, at);
          }
          insTender.run(id, shiftId, 'barcode', total, null, null, `AUTO${id}`, at);
        } else {
          const tendered = Math.ceil(total / 10_000) * 10_000;
          insTender.run(id, shiftId, 'cash', total, tendered, tendered - total, null, at);
        }
      }
    }
    return shiftId;
  };
  let bigShiftId = 0;
  while (billNo < normalBills) {
    store.tx(() => {
      for (let s = 0; s < 50 && billNo < normalBills; s++) seedShift(Math.min(PER_SHIFT, normalBills - billNo));
    });
    if (billNo % 100_000 < PER_SHIFT * 50) log(`seeded ${billNo} bills`);
  }
  store.tx(() => {
    bigShiftId = seedShift(BIG_SHIFT);
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  return { billNo, shiftIds, bigShiftId, seedMs: performance.now() - t0, PER_SHIFT, BIG_SHIFT, rnd };
}

async function bigLedger() {
  const dir = join(root, 'big');
  const file = join(dir, 'counterpay.db');
  const store = openStore({ file, check: 'none', synchronous: 'NORMAL' });
  const { billNo, shiftIds, bigShiftId, seedMs, PER_SHIFT, BIG_SHIFT, rnd } = seedLedger(store, { bills: BILLS, log });
  const bytes = ledgerBytes(file);
  log(`seeded ${billNo} bills in ${Math.round(seedMs)} ms, ${bytes} bytes`);

  const time = (fn: () => unknown, n: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = performance.now();
      fn();
      out.push(performance.now() - a);
    }
    return out;
  };
  // Typical shifts: a spread of them, cold-ish (different shift each time).
  const typical = time(() => shiftSummary(store, shiftIds[Math.floor(rnd() * (shiftIds.length - 1))]!), 200);
  const big = time(() => shiftSummary(store, bigShiftId), 20);
  const sample = shiftSummary(store, shiftIds[10]!)!;
  const bigSample = shiftSummary(store, bigShiftId)!;
  store.close();

  // Open-time checks on this ledger (a fresh connection each, as at start-up).
  const checks: Record<string, number | string> = {};
  for (const check of ['quick', 'integrity'] as const) {
    const a = performance.now();
    openStore({ file, check }).close();
    checks[`${check}CheckOpenMs`] = Math.round(performance.now() - a);
  }
  {
    const a = performance.now();
    const auto = openStore({ file });
    checks.autoOpenMs = Math.round(performance.now() - a);
    checks.autoOpenCheck = auto.openReport.check;
    const v = await auto.verify('integrity');
    checks.integrityInWorkerMs = Math.round(v.ms);
    auto.close();
  }
  const s2 = openStore({ file, check: 'none' });
  const b0 = performance.now();
  const backup = await s2.backupNow({ kind: 'manual' });
  const backupMs = Math.round(performance.now() - b0);
  s2.close();

  return {
    shiftSummary: {
      typicalShift: { ms: stats(typical), billsInShift: PER_SHIFT, paidBills: sample.paidBillCount },
      oversizedShift: { ms: stats(big), billsInShift: BIG_SHIFT, paidBills: bigSample.paidBillCount },
      dataSize: { bills: billNo, shifts: shiftIds.length, lines: billNo, tenders: 'one per paid bill', bytes },
    },
    openChecks: { ...checks, dataSize: { bills: billNo, bytes } },
    onlineBackup: { ms: backupMs, bytes: backup.bytes },
    seedMs: Math.round(seedMs),
  };
}

if (isMain) await main();

async function main() {
  try {
    log(`bench dir: ${root}`);
    const loadBefore = loadavg();
    log('fsync floor');
    const floor = fsyncFloor();
    log('commit latency: FULL');
    const full = await commitLatency('FULL');
    log('commit latency: NORMAL');
    const normal = await commitLatency('NORMAL');
    log('drain rate: batch');
    const batch = await drainRate('batch', DRAIN);
    log('drain rate: single');
    const single = await drainRate('single', Math.min(DRAIN, 3_000));
    log(`big ledger: ${BILLS} bills`);
    const big = await bigLedger();
    const doc = {
      benchmark: 'store',
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverage1m: { before: Math.round(loadBefore[0]! * 100) / 100, after: Math.round(loadavg()[0]! * 100) / 100 },
      dir: root,
      results: {
        billCommit: {
          unit: 'ms',
          target: { p99: 5 },
          deviceFsyncFloorMs: floor,
          full,
          normal,
          chosen: 'FULL',
          meetsTarget: full.payCommitMs.p99 <= 5,
        },
        outboxDrain: { unit: 'bills/s', target: 1000, batch, single, meetsTarget: batch.billsPerSecond >= 1000 },
        shiftSummary: {
          unit: 'ms',
          target: 100,
          ...big.shiftSummary,
          meetsTarget: big.shiftSummary.typicalShift.ms.p99 <= 100,
        },
        openChecks: { unit: 'ms', ...big.openChecks },
        onlineBackup: { unit: 'ms', ...big.onlineBackup },
      },
    };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
