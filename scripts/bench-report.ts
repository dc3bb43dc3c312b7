#!/usr/bin/env tsx
/**
 * Benchmark: the X report of a shift of 100,000 bills, computed (main/reports on
 * main/store/shift-summary.ts) and formatted to the screen model (app/report buildReportView),
 * in a ledger that also holds an older shift (so the cost is the shift's, not the ledger's).
 * Target: ≤ 1 s. Also measured: the XLSX and CSV exports of the same report.
 *
 *   npm run bench:report [-- --bills 100000 --older 200000 --runs 5]
 *
 * Prints ONE JSON document on stdout; progress goes to stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReportView } from '../app/report/view.js';
import { reportCsv } from '../main/files/csv.js';
import { reportXlsx } from '../main/files/xlsx.js';
import { createReportService } from '../main/reports/report-service.js';
import { openStore, type Store } from '../main/store/db.js';
import { seededRandom } from '../app/random.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const BILLS = arg('bills', 100_000);
const OLDER = arg('older', 200_000);
const RUNS = arg('runs', 5);
const LIMIT_MS = 1000;
const log = (m: string) => process.stderr.write(`bench-report: ${m}\n`);

const p2 = (n: number) => String(n).padStart(2, '0');

/** A shift of `n` bills spread over 12 hours: barcode, cash with change, recharges, voids, declines, refunds, unconfirmed. */
function fillShift(store: Store, shiftId: number, n: number, start: number, seed: number): void {
  const { db } = store;
  const random = seededRandom(seed);
  const insBill = db.prepare(
    `INSERT INTO bills (bill_no, kind, business_type, status, total_fen, card_no, refund_of, shift_id, operator_no, created_at, updated_at, closed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insTender = db.prepare(
    'INSERT INTO tenders (bill_id, shift_id, kind, amount_fen, tendered_fen, change_fen, attempt_id, reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insAttempt = db.prepare(
    `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, deadline_at, created_at, updated_at, final_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const span = 12 * 3_600_000;
  const paidIds: { id: number; no: string; total: number; kind: 'barcode' | 'cash'; bt: number }[] = [];
  store.tx(() => {
    for (let i = 0; i < n; i++) {
      const at = start + Math.floor((i / n) * span);
      const d = new Date(at);
      const no = `B${seed % 100}-${p2(d.getMonth() + 1)}${p2(d.getDate())}${p2(d.getHours())}-${String(i).padStart(7, '0')}`;
      const op = `C0${1 + Math.floor(random() * 5)}`;
      const r = random();
      const bt = 1 + Math.floor(random() * 6);
      const total = 100 * (1 + Math.floor(random() * 300)) + (random() < 0.3 ? 50 : 0);
      if (r < 0.5) {
        // Barcode, paid (some after a decline).
        const id = Number(
          insBill.run(no, 'sale', bt, 'paid', total, null, null, shiftId, op, at, at, at).lastInsertRowid,
        );
        let attemptNo = 1;
        if (random() < 0.04) {
          insAttempt.run(
            id,
            attemptNo,
            `${no}-${attemptNo}`,
            bt,
            op,
            total,
            '130000000000000000',
            'declined',
            at + 60_000,
            at,
            at,
            at,
          );
          attemptNo++;
        }
        const a = Number(
          insAttempt.run(
            id,
            attemptNo,
            `${no}-${attemptNo}`,
            bt,
            op,
            total,
            '130000000000000001',
            'paid',
            at + 60_000,
            at,
            at,
            at,
          ).lastInsertRowid,
        );
        insTender.run(id, shiftId, 'barcode', total, null, null, a, `AUTO${a}`, at);
        paidIds.push({ id, no, total, kind: 'barcode', bt });
      } else if (r < 0.88) {
        const tendered = Math.ceil(total / 5000) * 5000;
        const id = Number(
          insBill.run(no, 'sale', bt, 'paid', total, null, null, shiftId, op, at, at, at).lastInsertRowid,
        );
        insTender.run(id, shiftId, 'cash', total, tendered, tendered - total, null, null, at);
        paidIds.push({ id, no, total, kind: 'cash', bt });
      } else if (r < 0.95) {
        const id = Number(
          insBill.run(no, 'recharge', 7, 'paid', total * 5, `CARD${i}`, null, shiftId, op, at, at, at).lastInsertRowid,
        );
        const a = Number(
          insAttempt.run(id, 1, `${no}-1`, 7, op, total * 5, '130000000000000002', 'paid', at + 60_000, at, at, at)
            .lastInsertRowid,
        );
        insTender.run(id, shiftId, 'barcode', total * 5, null, null, a, `AUTO${a}`, at);
      } else if (r < 0.98) {
        insBill.run(no, 'sale', bt, 'voided', total, null, null, shiftId, op, at, at, at);
      } else if (r < 0.99 && paidIds.length > 0) {
        const orig = paidIds[Math.floor(random() * paidIds.length)]!;
        const id = Number(
          insBill.run(no, 'refund', orig.bt, 'paid', orig.total, null, orig.id, shiftId, op, at, at, at)
            .lastInsertRowid,
        );
        insTender.run(id, shiftId, orig.kind, -orig.total, null, null, null, null, at);
      } else if (r < 0.992) {
        const id = Number(
          insBill.run(no, 'sale', bt, 'unconfirmed', total, null, null, shiftId, op, at, at, null).lastInsertRowid,
        );
        insAttempt.run(id, 1, `${no}-1`, bt, op, total, '130000000000000003', 'unconfirmed', at + 60_000, at, at, null);
      } else {
        insBill.run(no, 'sale', bt, 'suspended', total, null, null, shiftId, op, at, at, null);
      }
    }
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'counterpay-bench-report-'));
  try {
    const t0 = Date.UTC(2025, 0, 31, 0, 0, 0);
    let clock = t0;
    const now = () => clock;
    const store = openStore({ file: join(dir, 'counterpay.db'), now, check: 'none' });
    store.db.prepare("INSERT INTO terminal (id, terminal_no, created_at) VALUES (1, 'T01', ?)").run(t0);
    const genStart = performance.now();
    // An older, closed shift: the ledger is bigger than the shift we report on.
    const older = Number(
      store.db
        .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('C01', 'open', ?, 50000)")
        .run(t0).lastInsertRowid,
    );
    fillShift(store, older, OLDER, t0, 11);
    store.db
      .prepare("UPDATE shifts SET status = 'closed', closed_at = ?, closed_by = 'S01' WHERE id = ?")
      .run(t0 + 13 * 3_600_000, older);
    const start = t0 + 24 * 3_600_000;
    const shiftId = Number(
      store.db
        .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('C01', 'open', ?, 50000)")
        .run(start).lastInsertRowid,
    );
    fillShift(store, shiftId, BILLS, start, 22);
    store.db
      .prepare(
        "INSERT INTO cash_movements (shift_id, direction, amount_fen, reason, operator_no, authorised_by, created_at) VALUES (?, 'out', 100000, '存银行', 'C01', 'S01', ?)",
      )
      .run(shiftId, start + 3_600_000);
    store.db.pragma('optimize');
    const ledgerBills = store.db.prepare('SELECT count(*) FROM bills').pluck().get() as number;
    log(
      `ledger: ${ledgerBills} bills (${BILLS} in the reported shift), generated in ${Math.round(performance.now() - genStart)} ms`,
    );
    clock = start + 13 * 3_600_000;

    const reports = createReportService({ store, terminalNo: 'T01', now, utcOffsetMinutes: () => 480 });
    const runs: { computeMs: number; formatMs: number; totalMs: number }[] = [];
    let rows = 0;
    let shiftBills = 0;
    let lastView = null as ReturnType<typeof buildReportView> | null;
    for (let i = 0; i < RUNS; i++) {
      const a = performance.now();
      const data = reports.x('S01');
      const b = performance.now();
      const view = buildReportView(data, { locale: 'zh-CN' });
      const c = performance.now();
      runs.push({ computeMs: b - a, formatMs: c - b, totalMs: c - a });
      rows = view.sections.reduce((s, sec) => s + sec.rows.length, 0);
      shiftBills = data.bills.count;
      lastView = view;
      log(`run ${i + 1}: compute ${(b - a).toFixed(1)} ms + format ${(c - b).toFixed(1)} ms`);
    }
    const x0 = performance.now();
    const xlsx = reportXlsx(lastView!);
    const x1 = performance.now();
    const csv = reportCsv(lastView!);
    const x2 = performance.now();
    store.close();

    const totals = runs.map((r) => r.totalMs);
    const p50 = median(totals);
    const result = {
      name: 'report: X report of one shift, computed and formatted to the screen model',
      figure: Math.round(p50 * 10) / 10,
      unit: 'ms',
      statistic: `median of ${RUNS} runs`,
      limitMs: LIMIT_MS,
      pass: p50 <= LIMIT_MS && Math.max(...totals) <= LIMIT_MS,
      coldMs: Math.round(totals[0]! * 10) / 10,
      maxMs: Math.round(Math.max(...totals) * 10) / 10,
      computeMsMedian: Math.round(median(runs.map((r) => r.computeMs)) * 10) / 10,
      formatMsMedian: Math.round(median(runs.map((r) => r.formatMs)) * 10) / 10,
      data: { shiftBills, ledgerBills, screenRows: rows },
      exports: {
        xlsxMs: Math.round((x1 - x0) * 10) / 10,
        xlsxBytes: xlsx.length,
        csvMs: Math.round((x2 - x1) * 10) / 10,
        csvBytes: csv.length,
      },
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
    else log(dir);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-report failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
