/** The payment benchmark's query schedules, payer models and figures (scripts/bench-payments.ts). */
import type { AttemptView } from '../app/contract/schemas.js';
import type { BillService } from '../main/bills/bill-service.js';
import type { PaymentEngineImpl } from '../main/payments/engine.js';
import type { Store } from '../main/store/db.js';

export const DEADLINE_MS = 60_000;

export type Schedule = {
  name: string;
  schedule?: 'fast-confirm' | 'ladder';
  queryDelayMs?: (elapsedMs: number, queriesSoFar: number) => number | null;
  lastLook?: boolean;
  note: string;
};

export const fixed = (every: number) => (elapsed: number) => (elapsed + every >= DEADLINE_MS ? null : every);

export const SCHEDULES: Schedule[] = [
  {
    name: 'fast-confirm',
    schedule: 'fast-confirm',
    lastLook: true,
    note: 'engine default (main/payments/schedule.ts): 0.4 s, every 0.5 s to 3 s, every 0.85 s to 25 s, then the rest of a 40-query budget spread to the deadline; a last look 0.6 s before the deadline',
  },
  {
    name: 'ladder',
    schedule: 'ladder',
    lastLook: true,
    note: 'engine option schedule "ladder" (app/payment/state.ts nextQueryDelayMs): 0.4 s, every 0.5 s to 3 s, 1 s to 10 s, 2 s to 30 s, 3 s after; ≤ 40 queries; the same last look',
  },
  { name: 'fixed-5s', queryDelayMs: fixed(5_000), note: 'baseline: a query every 5 s (nothing else)' },
  { name: 'fixed-1s', queryDelayMs: fixed(1_000), note: 'reference: a query every 1 s (nothing else)' },
];

export type Distribution = { name: string; sample: (r: () => number) => number; note: string };

export function normal(r: () => number): number {
  const u = Math.max(1e-12, r());
  const v = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export const DISTRIBUTIONS: Distribution[] = [
  {
    name: 'uniform',
    sample: (r) => Math.round(r() * DEADLINE_MS),
    note: 'payer confirms at a uniformly random time in [0, 60 s)',
  },
  {
    name: 'realistic',
    sample: (r) => {
      for (;;) {
        const t = Math.round(8_000 * Math.exp(0.6 * normal(r)));
        if (t < DEADLINE_MS) return t;
      }
    },
    note: 'log-normal, median 8 s, sigma 0.6 (95 % within ~21 s), truncated to the deadline (an assumption, not a measurement)',
  },
];

export type ReconcilerSchedule = {
  name: string;
  reconcileSchedule?: { offsetsMs?: readonly number[]; factor?: number };
  note: string;
};
export const RECONCILER_SCHEDULES: ReconcilerSchedule[] = [
  {
    name: 'payer-timing',
    note: 'engine default (main/payments/schedule.ts reconcileAfterStopDelayMs): 1.5, 3, 4.5, 6, 8, 10, 13, 16, 20, 25, 30, 40, 50, 60, 90, 120 s after the stop, then the next look at 2 × the time since, capped at 5 min',
  },
  {
    name: 'before-5s-doubling',
    reconcileSchedule: { offsetsMs: [5_000, 15_000, 35_000, 75_000, 155_000, 315_000] },
    note: 'the previous reconciler: 5 s, then doubling (5, 15, 35, 75, 155, 315 s after the stop), capped at 5 min',
  },
];

export interface Counter {
  store: Store;
  bills: BillService;
  engine: PaymentEngineImpl;
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function peakPerSecond(times: number[]): number {
  let peak = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1_000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

export interface Done {
  group: string;
  gatewayBillNum: string;
  payerMs: number;
  attemptId: number;
  counter: Counter;
  final: AttemptView;
}

export interface ReconcileDone {
  group: string;
  gatewayBillNum: string;
  stopAt: number;
  final: AttemptView;
}

/** What the figures read from the sandbox's ledger, per gateway bill number. */
export type LedgerByBill = Map<string, { chargedAt: number | null; chargeCount: number }>;

/** Latency, queries and peaks per schedule × payer distribution. */
export function scheduleResults(
  schedules: Schedule[],
  done: Done[],
  ledger: LedgerByBill,
  perBill: Record<string, { query: number } | undefined>,
  queryTimes: Map<string, number[]>,
): Record<string, unknown>[] {
  const results: Record<string, unknown>[] = [];
  for (const sch of schedules) {
    for (const dist of DISTRIBUTIONS) {
      const group = `${sch.name}/${dist.name}`;
      const rows = done.filter((d) => d.group === group);
      const lat: number[] = [];
      const queries: number[] = [];
      const peaks: number[] = [];
      let afterDeadline = 0;
      let notPaid = 0;
      for (const d of rows) {
        const p = ledger.get(d.gatewayBillNum);
        if (d.final.state !== 'paid' || !p || p.chargedAt === null || p.chargeCount !== 1) {
          notPaid += 1;
          continue;
        }
        lat.push(d.final.finalAt! - p.chargedAt);
        if (d.final.finalAt! > d.final.deadlineAt) afterDeadline += 1;
        queries.push(perBill[d.gatewayBillNum]?.query ?? 0);
        peaks.push(peakPerSecond(queryTimes.get(d.gatewayBillNum) ?? []));
      }
      lat.sort((a, b) => a - b);
      const meet = {
        p95LatencyAtMost1s: quantile(lat, 0.95) <= 1_000,
        queriesPerPaymentAtMost40: Math.max(...queries) <= 40,
        queriesPerSecondAtMost2: Math.max(...peaks) <= 2,
      };
      results.push({
        schedule: sch.name,
        payers: dist.name,
        payments: rows.length,
        notPaid,
        latencyMs: {
          p50: quantile(lat, 0.5),
          p95: quantile(lat, 0.95),
          p99: quantile(lat, 0.99),
          max: lat.at(-1) ?? null,
          mean: Math.round(lat.reduce((s, x) => s + x, 0) / Math.max(1, lat.length)),
        },
        queriesPerPayment: {
          mean: Number((queries.reduce((s, x) => s + x, 0) / Math.max(1, queries.length)).toFixed(1)),
          max: Math.max(...queries),
        },
        peakQueriesPerSecondPerPayment: Math.max(...peaks),
        confirmedAfterDeadline: afterDeadline,
        target: {
          ...meet,
          all: meet.p95LatencyAtMost1s && meet.queriesPerPaymentAtMost40 && meet.queriesPerSecondAtMost2,
        },
      });
    }
  }
  return results;
}

/** Paid → recorded latency and the queries after the stop, per reconciler schedule. */
export function reconcilerResults(
  reconcileDone: ReconcileDone[],
  ledger: LedgerByBill,
  queryTimes: Map<string, number[]>,
): Record<string, unknown>[] {
  const reconciler: Record<string, unknown>[] = [];
  for (const rs of RECONCILER_SCHEDULES) {
    const rows = reconcileDone.filter((d) => d.group === rs.name);
    const lat: number[] = [];
    const afterStop: number[] = [];
    let notPaid = 0;
    for (const d of rows) {
      const p = ledger.get(d.gatewayBillNum);
      if (d.final.state !== 'paid' || !p || p.chargedAt === null || p.chargeCount !== 1) {
        notPaid += 1;
        continue;
      }
      lat.push(d.final.finalAt! - p.chargedAt);
      afterStop.push((queryTimes.get(d.gatewayBillNum) ?? []).filter((t) => t > d.stopAt).length);
    }
    lat.sort((a, b) => a - b);
    reconciler.push({
      schedule: rs.name,
      payments: rows.length,
      notPaid,
      latencyMs: {
        p50: quantile(lat, 0.5),
        p95: quantile(lat, 0.95),
        p99: quantile(lat, 0.99),
        max: lat.at(-1) ?? null,
      },
      queriesAfterStop: {
        mean: Number((afterStop.reduce((s, x) => s + x, 0) / Math.max(1, afterStop.length)).toFixed(1)),
        max: Math.max(...afterStop),
      },
    });
  }
  return reconciler;
}
