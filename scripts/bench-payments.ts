/**
 * Payment confirmation benchmark:
 * `npm run bench:payments [-- --payments 200 --delay-ms 50 --counters 20 --seed 1 --reference]`.
 *
 * Payers who confirm on the phone at random times within the cashier's 60 s deadline (the
 * sandbox "password" scenario with a per-payment, millisecond-resolution wait), a fixed network
 * delay injected before every gateway answer (sandbox `networkDelayMs`), the real engine, real
 * HTTP to the sandbox on 127.0.0.1, real SQLite files. Measured per payment:
 *   - latency: from the instant the sandbox marks the payment paid to the instant the engine
 *     commits it as paid (attempt final_at);
 *   - queries per payment (what the gateway saw), and the peak queries in any 1 s window.
 * The same payers are run through several query schedules in the same run:
 *   - fast-confirm: the engine's default (main/payments/schedule.ts);
 *   - ladder: the engine's `schedule: 'ladder'` (app/payment/state.ts nextQueryDelayMs);
 *   - fixed-5s: a fixed 5-second poll, the baseline;
 *   - fixed-1s (with --reference): a fixed 1-second poll (what p95 ≤ 1 s costs in queries).
 * and two payer distributions: `uniform` over the deadline (as the target is stated) and
 * `realistic` (log-normal, median 8 s, 95 % within ~21 s; truncated to the deadline).
 *
 * The reconciler (issue 11 item 19), in `reconciler`: the cashier stops waiting 2–15 s into the
 * payment and the payer finishes a little later (log-normal after the stop, median 5 s, sigma
 * 0.8, at most 120 s). Measured: paid → recorded latency and the queries made after the stop,
 * for the engine's default reconciler (payer timing: 1.5 s … 120 s, then backing off) and the
 * previous one (5 s doubling to 5 min).
 *
 * Time: everything runs on ONE virtual clock (engine timers, store, sandbox delays) advanced
 * only when every request in flight is parked in the sandbox, so a 60 s payment costs only
 * its real work and the figures are exact schedule + network effects. Local processing time
 * (ms) is not counted in the latency; it is reported separately as real time per gateway call.
 * The stores use synchronous=NORMAL here (fsync does not move virtual time; it only slows
 * the run).
 *
 * ONE JSON document on stdout; logs on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AttemptView } from '../app/contract/schemas.js';
import { createBillService } from '../main/bills/bill-service.js';
import { createGatewayClient } from '../main/gateway/client.js';
import type { PaymentEngineOptions } from '../main/payments/engine-options.js';
import { createPaymentEngine } from '../main/payments/engine.js';
import { createVirtualClock, runUntil, trackGateway } from '../main/payments/testing.js';
import { seededRandom } from '../main/sandbox/clock.js';
import { sandboxCode } from '../main/sandbox/scenarios.js';
import { startSandboxGateway } from '../main/sandbox/server.js';
import { openStore } from '../main/store/db.js';
import {
  DEADLINE_MS,
  DISTRIBUTIONS,
  RECONCILER_SCHEDULES,
  SCHEDULES,
  normal,
  reconcilerResults,
  scheduleResults,
  type Counter,
  type Done,
  type ReconcileDone,
} from './bench-payments-models.js';

interface Options {
  /** Also run the fixed 1 s poll (what p95 ≤ 1 s costs); off by default to keep the run short. */
  reference: boolean;
  payments: number;
  networkDelayMs: number;
  counters: number;
  seed: number;
}

async function main(opts: Options) {
  const wallStart = Date.now();
  const clock = createVirtualClock(Date.UTC(2025, 0, 31, 4, 0, 0));
  const sandbox = await startSandboxGateway({ port: 0, clock });
  sandbox.setFaults({ networkDelayMs: opts.networkDelayMs });
  const client = createGatewayClient({ baseUrl: sandbox.url, timeoutMs: 600_000 });
  const tracked = trackGateway(client, sandbox, clock.now);
  const dir = mkdtempSync(path.join(tmpdir(), 'counterpay-bench-pay-'));
  const silent = {
    debug() {},
    info() {},
    warn() {},
    error: (e: string, f?: Record<string, unknown>) => process.stderr.write(`${e} ${JSON.stringify(f)}\n`),
  };

  // The same payers (wait times) for every schedule.
  const payers = new Map<string, number[]>();
  for (const d of DISTRIBUTIONS) {
    const r = seededRandom(opts.seed * 7919 + d.name.length);
    payers.set(
      d.name,
      Array.from({ length: opts.payments }, () => d.sample(r)),
    );
  }

  const waiters = new Map<string, (v: AttemptView) => void>();
  const bus = {
    emit(name: string, payload: unknown) {
      if (name !== 'payment.progress') return;
      const v = payload as AttemptView;
      if (v.state === 'paid' || v.state === 'declined' || v.state === 'cancelled') {
        const w = waiters.get(v.gatewayBillNum);
        if (w) {
          waiters.delete(v.gatewayBillNum);
          w(v);
        }
      }
    },
  };

  const done: Done[] = [];
  const allCounters: Counter[] = [];
  let groupNo = 0;
  let serial = 0;
  const loops: Promise<void>[] = [];
  let running = 0;

  /** One counter of group g: its store, bill service and started engine (the schedule's options on top). */
  function openCounter(g: number, c: number, schedule: Partial<PaymentEngineOptions>): Counter {
    const store = openStore({
      file: path.join(dir, `g${g}-c${c}.db`),
      now: clock.now,
      check: 'none',
      synchronous: 'NORMAL',
    });
    const bills = createBillService({
      store,
      now: clock.now,
      terminalNo: `G${g}C${c}`,
      random: seededRandom(g * 100 + c),
    });
    const engine = createPaymentEngine({
      store,
      bills,
      gateway: tracked.client,
      bus,
      now: clock.now,
      log: silent,
      deadlineMs: DEADLINE_MS,
      timers: clock,
      requestTimeoutMs: { barCode: 15_000, query: 5_000 },
      sweepEveryMs: 0,
      random: seededRandom(g * 1000 + c),
      ...schedule,
    });
    const counter: Counter = { store, bills, engine };
    allCounters.push(counter);
    engine.start();
    return counter;
  }

  // The reconciler groups: the same stop and payer times for each schedule.
  const stops: { stopMs: number; payerMs: number }[] = [];
  {
    const r = seededRandom(opts.seed * 104_729 + 19);
    for (let i = 0; i < opts.payments; i++) {
      const stopMs = 2_000 + Math.round(r() * 13_000);
      let after: number;
      do after = Math.round(5_000 * Math.exp(0.8 * normal(r)));
      while (after > 120_000);
      stops.push({ stopMs, payerMs: stopMs + after });
    }
  }
  const reconcileDone: ReconcileDone[] = [];
  for (const rs of RECONCILER_SCHEDULES) {
    const g = ++groupNo;
    for (let c = 0; c < opts.counters; c++) {
      const { bills, engine } = openCounter(g, c, { reconcileSchedule: { jitter: 0, ...rs.reconcileSchedule } });
      running += 1;
      loops.push(
        (async () => {
          for (let i = c; i < stops.length; i += opts.counters) {
            const { stopMs, payerMs } = stops[i]!;
            const bill = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: null });
            bills.addFreeAmount(bill.id, 1_000 + i);
            const v = engine.collect({ billId: bill.id, barCode: sandboxCode(0, 0, ++serial), operatorNo: '1001' });
            sandbox.setScenario({ kind: 'password', seconds: payerMs / 1000 }, { billNum: v.gatewayBillNum });
            const stopAt = v.createdAt + stopMs;
            clock.setTimeout(() => engine.stopWaiting(v.id), stopMs);
            const final = await new Promise<AttemptView>((resolve) => waiters.set(v.gatewayBillNum, resolve));
            reconcileDone.push({ group: rs.name, gatewayBillNum: v.gatewayBillNum, stopAt, final });
          }
        })().finally(() => {
          running -= 1;
        }),
      );
    }
  }

  const schedules = SCHEDULES.filter((s) => opts.reference || s.name !== 'fixed-1s');
  for (const sch of schedules) {
    for (const dist of DISTRIBUTIONS) {
      const g = ++groupNo;
      const group = `${sch.name}/${dist.name}`;
      const waits = payers.get(dist.name)!;
      for (let c = 0; c < opts.counters; c++) {
        const counter = openCounter(g, c, {
          ...(sch.schedule ? { schedule: sch.schedule } : {}),
          ...(sch.queryDelayMs ? { queryDelayMs: sch.queryDelayMs } : {}),
          lastLookLeadMs: sch.lastLook ? 600 : null,
        });
        const { bills, engine } = counter;
        running += 1;
        loops.push(
          (async () => {
            // Payments i ≡ c (mod counters) run one after another on this counter.
            for (let i = c; i < waits.length; i += opts.counters) {
              const payerMs = waits[i]!;
              const bill = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: null });
              bills.addFreeAmount(bill.id, 1_000 + i);
              // The gateway bill number is the engine's (main/payments/gateway-bill-num.ts): the
              // scenario is set right after collect, before the BarCode request reaches the sandbox.
              const v = engine.collect({ billId: bill.id, barCode: sandboxCode(0, 0, ++serial), operatorNo: '1001' });
              const billNum = v.gatewayBillNum;
              sandbox.setScenario({ kind: 'password', seconds: payerMs / 1000 }, { billNum });
              const final = await new Promise<AttemptView>((resolve) => waiters.set(billNum, resolve));
              done.push({ group, gatewayBillNum: billNum, payerMs, attemptId: final.id, counter, final });
            }
          })().finally(() => {
            running -= 1;
          }),
        );
      }
    }
  }
  process.stderr.write(`bench: ${groupNo} groups × ${opts.payments} payments on ${opts.counters} counters each\n`);

  const callsBefore = tracked.calls.length;
  await runUntil(clock, tracked, () => running === 0, { maxMs: 1_000_000_000, label: 'bench' });
  await Promise.all(loops);
  const wallMs = Date.now() - wallStart;

  // ── figures ────────────────────────────────────────────────────────────────────────
  const ledger = new Map(sandbox.ledger().payments.map((p) => [p.billNum, p]));
  const stats = sandbox.stats();
  const queryTimes = new Map<string, number[]>();
  for (const c of tracked.calls.slice(callsBefore)) {
    if (c.op !== 'query') continue;
    const arr = queryTimes.get(c.billNum) ?? [];
    arr.push(c.at);
    queryTimes.set(c.billNum, arr);
  }
  const results = scheduleResults(schedules, done, ledger, stats.perBill, queryTimes);
  const reconciler = reconcilerResults(reconcileDone, ledger, queryTimes);

  const gatewayCalls = tracked.calls.length - callsBefore;
  const out = {
    name: 'bench-payments',
    unit: {
      latency: 'ms (virtual clock: schedule + injected network delay)',
      queries: 'gateway Query requests per payment (cashier phase + reconciler)',
      peak: 'queries in any 1 s window, per payment',
      realMsPerGatewayCall:
        'real wall time of the run / gateway calls (HTTP + commit + driver): an upper bound of local work per call',
    },
    data: {
      paymentsPerGroup: opts.payments,
      groups: schedules.length * DISTRIBUTIONS.length,
      totalPayments: done.length,
      deadlineMs: DEADLINE_MS,
      networkDelayMs: opts.networkDelayMs,
      countersPerGroup: opts.counters,
      seed: opts.seed,
    },
    target: { p95LatencyMs: 1_000, maxQueriesPerPayment: 40, maxQueriesPerSecond: 2 },
    schedules: Object.fromEntries(schedules.map((s) => [s.name, s.note])),
    payers: Object.fromEntries(DISTRIBUTIONS.map((d) => [d.name, d.note])),
    results,
    reconciler: {
      note: 'cashier stops waiting 2–15 s in; payer finishes log-normal after the stop (median 5 s, sigma 0.8, ≤ 120 s); latency = paid → recorded',
      schedules: Object.fromEntries(RECONCILER_SCHEDULES.map((s) => [s.name, s.note])),
      results: reconciler,
      summary: Object.fromEntries(
        reconciler.map((r) => {
          const x = r as {
            schedule: string;
            latencyMs: { p50: number; p95: number };
            queriesAfterStop: { mean: number; max: number };
          };
          return [
            x.schedule,
            `p50 ${x.latencyMs.p50} ms, p95 ${x.latencyMs.p95} ms, ${x.queriesAfterStop.mean} queries after the stop (max ${x.queriesAfterStop.max})`,
          ];
        }),
      ),
    },
    summary: Object.fromEntries(
      results.map((r) => {
        const x = r as {
          schedule: string;
          payers: string;
          latencyMs: { p95: number };
          queriesPerPayment: { max: number };
          peakQueriesPerSecondPerPayment: number;
          target: { all: boolean };
        };
        return [
          `${x.schedule}/${x.payers}`,
          `p95 ${x.latencyMs.p95} ms, max ${x.queriesPerPayment.max} queries, peak ${x.peakQueriesPerSecondPerPayment}/s${x.target.all ? ' — target met' : ''}`,
        ];
      }),
    ),
    note: 'For payers uniform over a 60 s window, p95 ≤ 1 s with ≤ 40 queries is impossible for any polling schedule: latency exceeds 0.95 s for at least 60 − 0.95 × n seconds of the window (n queries), i.e. ≥ 22 s of 60 s (37 %) at n = 40. The fixed-1s reference (--reference) meets the latency only at ~1.0 s and needs up to ~58 queries.',
    run: {
      wallMs,
      gatewayCalls,
      realMsPerGatewayCall: Number((wallMs / Math.max(1, gatewayCalls)).toFixed(2)),
    },
  };
  for (const c of allCounters) {
    await c.engine.stop();
    c.store.close();
  }
  tracked.detach();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
  return out;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main({
    reference: process.argv.includes('--reference'),
    payments: arg('payments', 200),
    networkDelayMs: arg('delay-ms', 50),
    counters: arg('counters', 20),
    seed: arg('seed', 1),
  })
    .then((out) => {
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    })
    .catch((e: unknown) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    });
}
