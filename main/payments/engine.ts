/**
 * The payment engine (docs/ARCHITECTURE.md §6): turns a scanned payment code into money that is
 * certainly collected once, or certainly not collected. This module wires the parts and holds the
 * public API (main/payments/types.ts); each rule lives in one module:
 *
 *  - collect.ts        checks and the write-ahead start: attempt `created` + bill lock in one transaction;
 *  - journal.ts        one event → one short transaction (state machine, bill settlement, late
 *                      outcomes, audit, the reconciler's persisted next query time);
 *  - gateway-step.ts   BarCode at most once (request-sent committed before it leaves), then queries;
 *  - attempt-timers.ts the cashier ladder, the deadline, the reconciler's next query, retries;
 *  - attempt-runtime.ts per-attempt timers, requests in flight and their aborts;
 *  - resume.ts         start-up resume and the safety sweep (never resends BarCode: queries);
 *  - attempt-view.ts / notify.ts  the screen's progress view and the events pushed after a commit;
 *  - semaphore.ts      the cap on reconciler queries in flight.
 *
 * Time and timers are injected (`now`, `timers`) so tests run on a manual clock without sleeping.
 * Transactions are synchronous and never span an await: network first, then one short commit.
 */
import { isFinal, type SupervisorResolution } from '../../app/payment/state.js';
import { AppError } from '../../app/result.js';
import { createAttemptRepo, type AttemptRow } from './attempt-repo.js';
import { createRuntimes, type Runtime } from './attempt-runtime.js';
import { createAttemptTimers } from './attempt-timers.js';
import { toAttemptView } from './attempt-view.js';
import { createCollect } from './collect.js';
import { realTimers, type PaymentEngineImpl, type PaymentEngineOptions } from './engine-options.js';
import { createGatewaySteps } from './gateway-step.js';
import { createJournal, type Applied } from './journal.js';
import { createLateOutcomes } from './late-outcomes.js';
import { createNotifier } from './notify.js';
import { createResumer } from './resume.js';
import { createSemaphore } from './semaphore.js';
import type { ResolveInput } from './types.js';

export type { PaymentEngine, ResolveInput } from './types.js';
export type {
  AttemptHistoryEntry,
  EngineLog,
  EngineTimers,
  PaymentEngineImpl,
  PaymentEngineOptions,
} from './engine-options.js';

const LIMITS = { noteMax: 200, byMax: 32 } as const;

export function createPaymentEngine(options: PaymentEngineOptions): PaymentEngineImpl {
  const { store, bills, gateway, bus, now, log } = options;
  const timers = options.timers ?? realTimers;
  const deadlineMs = options.deadlineMs;
  if (!Number.isFinite(deadlineMs) || deadlineMs <= 0)
    throw new RangeError(`deadlineMs must be positive, got ${deadlineMs}`);
  const random = options.random ?? Math.random;
  const stopGraceMs = options.stopGraceMs ?? 3_000;
  const repo = createAttemptRepo(store);
  const late = createLateOutcomes(store);
  const notify = createNotifier({ bus, late, now, log });
  const journal = createJournal({
    store,
    repo,
    bills,
    late,
    now,
    log,
    reconcileOpts: { jitter: 0.2, random, ...options.reconcileSchedule },
  });
  const collectAttempt = createCollect({ store, bills, repo, now, log, options });
  const runtimes = createRuntimes(timers);

  let started = false;
  /** stop() was called: no new timers, no new requests. */
  let stopping = false;
  /** stop() finished waiting: replies still arriving are not applied (the store may be closed). */
  let closed = false;
  const isStopping = () => stopping;

  const attemptTimers = createAttemptTimers({
    timers,
    now,
    options,
    isStopping,
    onPoll: (rt, phase) => void steps.runQuery(rt, phase),
    onDeadline: deadlinePassed,
  });
  const steps = createGatewaySteps({
    store,
    now,
    gateway,
    repo,
    runtimes,
    attemptTimers,
    journal,
    act,
    log,
    requestTimeoutMs: options.requestTimeoutMs,
    reconcileSlots: createSemaphore(Math.max(1, options.maxConcurrentQueries ?? 4)),
    isStopping,
    isClosed: () => closed,
  });
  const resumer = createResumer({
    store,
    repo,
    runtimes,
    attemptTimers,
    journal,
    act,
    steps,
    timers,
    now,
    log,
    sweepEveryMs: options.sweepEveryMs ?? 30_000,
    isStopping,
  });

  const toView = (row: AttemptRow) => toAttemptView(row, now());

  function load(attemptId: number): AttemptRow {
    if (!Number.isSafeInteger(attemptId) || attemptId < 1) {
      throw new AppError('invalid-input', 'attemptId: must be a positive integer', { field: 'attemptId' });
    }
    const row = repo.get(attemptId);
    if (!row) throw new AppError('payment-not-found', `payment attempt ${attemptId} not found`, { attemptId });
    return row;
  }

  /** After the commit: timers, notifications. */
  function act(a: Applied): void {
    const { row, result } = a;
    const rt = runtimes.get(row.id);
    if (isFinal(row.state)) {
      if (rt) {
        runtimes.clearTimers(rt);
        if (!rt.barCode && !rt.query) runtimes.delete(row.id);
      }
    } else if (rt && !stopping) {
      if (row.state === 'unconfirmed') {
        rt.deadline?.cancel();
        rt.deadline = null;
        if (a.rescheduled || !rt.poll || rt.poll.phase === 'cashier') attemptTimers.scheduleReconcile(rt, row);
      } else if (result.effects.includes('schedule-query')) {
        attemptTimers.ensureCashierPoll(rt, row);
      }
    }
    if (result.effects.includes('notify') || a.messageChanged) notify.progress(row);
    if (a.bill) notify.bill(a.bill);
    if (a.lateNoticeId !== null) notify.lateOutcome(a.lateNoticeId);
    if (result.changed) {
      log.info('payments.state', {
        attemptId: row.id,
        gatewayBillNum: row.gateway_bill_num,
        from: a.prev,
        to: row.state,
        reason: row.state_reason,
        queries: row.query_count,
      });
    }
  }

  function deadlinePassed(rt: Runtime): void {
    try {
      const cur = repo.get(rt.id);
      if (!cur || cur.state === 'unconfirmed' || isFinal(cur.state)) return;
      act(
        journal.apply(
          rt.id,
          { type: 'deadline-passed' },
          { kind: 'deadline-passed', detail: { deadlineAt: cur.deadline_at } },
        ),
      );
    } catch (e) {
      log.error('payments.deadline-failed', { attemptId: rt.id, error: String(e) });
      attemptTimers.retryLater(rt);
    }
  }

  const engine: PaymentEngineImpl = {
    collect(input) {
      options.assertCanCollect?.();
      if (stopping) throw new AppError('internal-error', 'the payment engine is stopping');
      const { attemptId, bill } = collectAttempt.collect(input);
      notify.bill(bill);
      // Commits request-sent synchronously, then the request runs in the background.
      const sent = steps.sendBarCode(runtimes.for(attemptId));
      return toView(sent ?? load(attemptId));
    },

    collectQr(input) {
      options.assertCanCollect?.();
      if (stopping) throw new AppError('internal-error', 'the payment engine is stopping');
      const { attemptId, bill } = collectAttempt.collectQr(input);
      notify.bill(bill);
      // Same write-ahead as BarCode: request-sent is committed, then ScanCode runs in the background.
      const sent = steps.sendBarCode(runtimes.for(attemptId));
      return toView(sent ?? load(attemptId));
    },

    stopWaiting(attemptId) {
      const row = load(attemptId);
      if (isFinal(row.state) || row.state === 'unconfirmed') return toView(row);
      const a = journal.apply(attemptId, { type: 'stop-waiting' }, { kind: 'stop-waiting' });
      act(a);
      return toView(a.row);
    },

    get(attemptId) {
      const row = repo.get(attemptId);
      return row ? toView(row) : null;
    },

    latestForBill(billId) {
      const row = repo.latestForBill(billId);
      return row ? toView(row) : null;
    },

    listOpen() {
      return repo.listLive().map(toView);
    },

    async queryNow(attemptId, by) {
      const row = load(attemptId);
      if (isFinal(row.state)) return toView(row);
      if (stopping) throw new AppError('internal-error', 'the payment engine is stopping');
      const rt = runtimes.for(attemptId);
      if (rt.query) {
        await rt.query;
      } else {
        rt.poll?.cancel();
        rt.poll = null;
        await steps.runQuery(rt, row.state === 'unconfirmed' ? 'manual' : 'cashier', by);
      }
      // Make sure the attempt keeps being looked after.
      const cur = load(attemptId);
      if (!isFinal(cur.state) && !rt.poll && !rt.query && !stopping) {
        if (cur.state === 'unconfirmed') attemptTimers.scheduleReconcile(rt, cur);
        else attemptTimers.ensureCashierPoll(rt, cur);
      }
      return toView(cur);
    },

    resolve(attemptId, input: ResolveInput) {
      const resolutions: SupervisorResolution[] = ['cancelled', 'paid', 'declined'];
      if (!resolutions.includes(input.resolution)) {
        throw new AppError('invalid-input', 'resolution: must be cancelled, paid or declined', { field: 'resolution' });
      }
      const by = typeof input.by === 'string' ? input.by.trim() : '';
      if (by.length < 1 || by.length > LIMITS.byMax) {
        throw new AppError('invalid-input', `by: required, at most ${LIMITS.byMax} characters`, {
          field: 'by',
          limit: LIMITS.byMax,
        });
      }
      const note = typeof input.note === 'string' ? input.note.trim() : '';
      if (note.length < 1 || note.length > LIMITS.noteMax) {
        throw new AppError('invalid-input', `note: required, at most ${LIMITS.noteMax} characters`, {
          field: 'note',
          limit: LIMITS.noteMax,
        });
      }
      const row = load(attemptId);
      if (isFinal(row.state)) {
        throw new AppError('invalid-input', `attempt ${attemptId} is already final (${row.state})`, {
          field: 'attemptId',
          state: row.state,
        });
      }
      const a = journal.apply(
        attemptId,
        { type: 'supervisor-resolve', resolution: input.resolution, note, by },
        { kind: 'supervisor-resolve', detail: { resolution: input.resolution, note, by }, resolution: { by, note } },
      );
      act(a);
      return toView(a.row);
    },

    history(attemptId) {
      load(attemptId);
      return repo.events(attemptId).map((e) => ({ at: e.at, kind: e.kind, state: e.state, detail: e.detail }));
    },

    start() {
      if (started) return;
      started = true;
      stopping = false;
      closed = false;
      const live = repo.listLive();
      if (live.length) log.info('payments.resuming', { count: live.length });
      for (const row of live) resumer.resume(row);
      resumer.startSweep();
    },

    async stop() {
      if (stopping && closed) return;
      stopping = true;
      resumer.stopSweep();
      for (const rt of runtimes.all()) runtimes.clearTimers(rt);
      if (runtimes.inFlight() > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = new Promise<'timeout'>((r) => {
          timer = setTimeout(() => r('timeout'), stopGraceMs);
          timer.unref?.();
        });
        const outcome = await Promise.race([runtimes.whenIdle().then(() => 'idle' as const), grace]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          log.warn('payments.stop-abandoned', { inFlight: runtimes.inFlight() });
        }
      }
      // Whatever is still out is abandoned: the attempts stay non-final in the store and are
      // resumed (by query) at the next start.
      closed = true;
      runtimes.abortAll(new Error('engine stopped'));
      runtimes.clear();
      started = false;
    },

    whenIdle: () => runtimes.whenIdle(),

    inFlight: () => runtimes.inFlight(),
  };
  return engine;
}
