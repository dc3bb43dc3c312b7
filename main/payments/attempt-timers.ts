/**
 * Per-attempt timers (docs/ARCHITECTURE.md §6, rule 4): the cashier-phase query ladder with its
 * last look before the deadline, the deadline itself, the reconciler's next query (at the
 * persisted `next_query_at`) and the retry after a failed commit. Timers run on the injected
 * clock; what fires is handed back to the engine (`onPoll`, `onDeadline`).
 */
import { isFinal, nextQueryDelayMs, type QueryScheduleOptions } from '../../app/payment/state.js';
import type { AttemptRow } from './attempt-repo.js';
import type { Runtime } from './attempt-runtime.js';
import type { EngineTimers, PaymentEngineOptions } from './engine-options.js';
import type { Phase } from './journal.js';
import { fastConfirmDelayMs } from './schedule.js';

export interface AttemptTimers {
  setPoll(rt: Runtime, phase: Phase, delayMs: number): void;
  /** Keep the cashier-phase ladder going unless a query is already scheduled or running. */
  ensureCashierPoll(rt: Runtime, row: AttemptRow): void;
  /** The reconciler's next query at the attempt's `next_query_at` (or now). */
  scheduleReconcile(rt: Runtime, row: AttemptRow): void;
  armDeadline(rt: Runtime, row: AttemptRow): void;
  /** A commit failed (e.g. the disk is busy): look again a little later, by query. */
  retryLater(rt: Runtime): void;
}

export interface AttemptTimersDeps {
  timers: EngineTimers;
  now: () => number;
  options: Pick<
    PaymentEngineOptions,
    'deadlineMs' | 'schedule' | 'maxQueries' | 'minIntervalMs' | 'queryDelayMs' | 'lastLookLeadMs'
  >;
  isStopping: () => boolean;
  onPoll: (rt: Runtime, phase: Phase) => void;
  onDeadline: (rt: Runtime) => void;
}

export function createAttemptTimers(deps: AttemptTimersDeps): AttemptTimers {
  const { timers, now, options, isStopping } = deps;
  const deadlineMs = options.deadlineMs;
  const maxQueries = options.maxQueries ?? 40;
  const minIntervalMs = options.minIntervalMs ?? 500;
  const ladderOpts: QueryScheduleOptions = { deadlineMs, maxQueries, minIntervalMs };
  const queryDelay =
    options.queryDelayMs ??
    (options.schedule === 'ladder'
      ? (elapsed: number, n: number) => nextQueryDelayMs(elapsed, n, ladderOpts)
      : // Budget: the schedule, the last look, and the reconciler's first query fit in maxQueries,
        // so a payer who confirms within the deadline never costs more than maxQueries queries.
        (elapsed: number, n: number) =>
          fastConfirmDelayMs(elapsed, n, { deadlineMs, maxQueries: Math.max(1, maxQueries - 2), minIntervalMs }));
  const lastLookLeadMs = options.lastLookLeadMs === undefined ? 600 : options.lastLookLeadMs;

  function setPoll(rt: Runtime, phase: Phase, delayMs: number): void {
    rt.poll?.cancel();
    const at = now() + Math.max(0, delayMs);
    const t = timers.setTimeout(
      () => {
        if (rt.poll?.cancel === t.cancel) rt.poll = null;
        deps.onPoll(rt, phase);
      },
      Math.max(0, delayMs),
    );
    rt.poll = { cancel: t.cancel, phase, at };
  }

  return {
    setPoll,
    ensureCashierPoll(rt, row) {
      if (isStopping() || rt.poll || rt.query) return;
      if (row.state === 'unconfirmed' || isFinal(row.state)) return;
      let delay = queryDelay(now() - row.created_at, row.query_count);
      if (delay === null) {
        // The schedule has nothing left before the deadline: one last look just before it.
        const gap = lastLookLeadMs === null ? -1 : row.deadline_at - lastLookLeadMs - now();
        if (row.query_count >= maxQueries - 1 || gap < minIntervalMs) return; // the deadline timer takes over
        delay = gap;
      }
      setPoll(rt, 'cashier', delay);
    },
    scheduleReconcile(rt, row) {
      if (isStopping()) return;
      const at = row.next_query_at ?? now();
      setPoll(rt, 'reconcile', Math.max(0, at - now()));
    },
    armDeadline(rt, row) {
      rt.deadline?.cancel();
      rt.deadline = null;
      if (isStopping() || row.state === 'unconfirmed' || isFinal(row.state)) return;
      const t = timers.setTimeout(
        () => {
          rt.deadline = null;
          if (isStopping()) return;
          deps.onDeadline(rt);
        },
        Math.max(0, row.deadline_at - now()),
      );
      rt.deadline = t;
    },
    retryLater(rt) {
      if (isStopping() || rt.poll) return;
      setPoll(rt, 'reconcile', 1_000);
    },
  };
}
