/**
 * Resume and sweep (docs/ARCHITECTURE.md §6, rule 5): at start every live attempt is picked up
 * again (before its deadline → cashier-phase polling at once; past it → unconfirmed and one query
 * at once; unconfirmed → at `next_query_at`), and a periodic safety sweep resumes any live attempt
 * that has no timer and no request. BarCode is never resent: a resumed attempt is queried.
 */
import { isFinal } from '../../app/payment/state.js';
import type { Store } from '../store/db.js';
import type { AttemptRepo, AttemptRow } from './attempt-repo.js';
import type { Runtimes } from './attempt-runtime.js';
import type { AttemptTimers } from './attempt-timers.js';
import type { EngineLog, EngineTimers } from './engine-options.js';
import type { GatewaySteps } from './gateway-step.js';
import type { Applied, Journal } from './journal.js';

export interface Resumer {
  resume(row: AttemptRow): void;
  /** Arm the periodic sweep (no-op when stopping or when `sweepEveryMs` is 0). */
  startSweep(): void;
  stopSweep(): void;
}

export interface ResumerDeps {
  store: Store;
  repo: AttemptRepo;
  runtimes: Runtimes;
  attemptTimers: AttemptTimers;
  journal: Journal;
  act: (a: Applied) => void;
  steps: Pick<GatewaySteps, 'runQuery'>;
  timers: EngineTimers;
  now: () => number;
  log: EngineLog;
  sweepEveryMs: number;
  isStopping: () => boolean;
}

export function createResumer(deps: ResumerDeps): Resumer {
  const { store, repo, runtimes, attemptTimers, journal, act, steps, timers, now, log, sweepEveryMs, isStopping } =
    deps;
  let sweepTimer: { cancel(): void } | null = null;

  function resume(row: AttemptRow): void {
    const rt = runtimes.for(row.id);
    if (runtimes.busy(rt)) return;
    try {
      store.tx(() =>
        repo.addEvent(row.id, now(), 'resumed', row.state, {
          deadlineAt: row.deadline_at,
          nextQueryAt: row.next_query_at,
        }),
      );
    } catch (e) {
      log.warn('payments.resume-journal-failed', { attemptId: row.id, error: String(e) });
    }
    log.info('payments.resume', { attemptId: row.id, gatewayBillNum: row.gateway_bill_num, state: row.state });
    if (row.state === 'unconfirmed') {
      attemptTimers.scheduleReconcile(rt, row);
      return;
    }
    // created / sent / awaiting-payer. Never resend BarCode: query.
    if (now() >= row.deadline_at) {
      try {
        const a = journal.apply(
          row.id,
          { type: 'deadline-passed' },
          { kind: 'deadline-passed', detail: { deadlineAt: row.deadline_at, onResume: true } },
        );
        act(a);
        // Look now rather than after the first backoff step (the result reschedules the reconciler).
        if (!isFinal(a.row.state)) void steps.runQuery(rt, 'reconcile');
      } catch (e) {
        log.error('payments.resume-failed', { attemptId: row.id, error: String(e) });
        attemptTimers.retryLater(rt);
      }
      return;
    }
    attemptTimers.armDeadline(rt, row);
    void steps.runQuery(rt, 'cashier');
  }

  function sweep(): void {
    sweepTimer = null;
    if (isStopping()) return;
    try {
      for (const row of repo.listLive()) {
        const rt = runtimes.get(row.id);
        if (!rt || !runtimes.busy(rt)) resume(row);
      }
    } catch (e) {
      log.error('payments.sweep-failed', { error: String(e) });
    }
    startSweep();
  }

  function startSweep(): void {
    if (isStopping() || sweepEveryMs <= 0) return;
    sweepTimer = timers.setTimeout(sweep, sweepEveryMs);
  }

  return {
    resume,
    startSweep,
    stopSweep() {
      sweepTimer?.cancel();
      sweepTimer = null;
    },
  };
}
