/**
 * The payment engine (docs/ARCHITECTURE.md §6): turns a scanned payment code into money that is certainly
 * collected once, or certainly not collected.
 *
 * Rules it keeps, and where:
 *  1. Write-ahead. `collect` commits the attempt (state `created`) together with the bill lock
 *     in ONE transaction, then commits `request-sent` BEFORE the BarCode request leaves. Every
 *     reply and failure is committed as it arrives (a payment_events row + the state change in
 *     one short transaction); a paid attempt completes its bill (tender + outbox row) in the
 *     same transaction; a decline unlocks the bill; an unconfirmed attempt marks it unconfirmed.
 *  2. One live attempt per bill: refused here (`payment-in-progress` / `bill-locked`), and by
 *     the partial UNIQUE index as the last line of defence (SQLITE_CONSTRAINT is mapped).
 *  3. Unknown is not failed: the pure state machine (app/payment/state.ts) decides; timeouts,
 *     resets, 5xx and unreadable replies keep the attempt alive and queried.
 *  4. A cashier-facing deadline, then `unconfirmed` and a background reconciler with backoff
 *     (`next_query_at` is persisted, so the schedule survives a restart).
 *  5. `start()` resumes every non-final attempt. BarCode is sent AT MOST ONCE per attempt:
 *     after a restart or any doubt the engine QUERIES, it never resends BarCode.
 *
 * Time and timers are injected (`now`, `timers`) so tests run on a manual clock without sleeping.
 * Transactions are synchronous and never span an await: network first, then one short commit.
 */
import type { AttemptView, BillView } from '../../app/contract/schemas.js';
import { buildBarCodeBody, maskBarCode, type GatewayReply } from '../../app/payment/gateway-schema.js';
import { classifyReply } from '../../app/payment/classify.js';
import { describePaymentOutcome } from '../../app/payment/messages.js';
import { checkPaymentCode, compileCodePatterns } from '../../app/payment/payment-code.js';
import {
  isFinal,
  nextQueryDelayMs,
  transition,
  type AttemptEvent,
  type AttemptState,
  type QueryScheduleOptions,
  type ReconcileScheduleOptions,
  type SupervisorResolution,
  type TransitionResult,
} from '../../app/payment/state.js';
import { AppError } from '../../app/result.js';
import type { BillService } from '../bills/bill-service.js';
import type { EventBus } from '../events.js';
import { callResultToEvent, type GatewayCallResult, type GatewayClient } from '../gateway/client.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { createAttemptRepo, type AttemptEventKind, type AttemptRepo, type AttemptRow } from './attempt-repo.js';
import { createGatewayBillNums, installId, type GatewayBillNums } from './gateway-bill-num.js';
import { createLateOutcomes, type LateOutcomes } from './late-outcomes.js';
import { fastConfirmDelayMs, reconcileAfterStopDelayMs } from './schedule.js';
import type { PaymentEngine, ResolveInput } from './types.js';

export type { PaymentEngine, ResolveInput } from './types.js';

/** A cancellable one-shot timer. Compatible with the sandbox's SandboxClock / ManualClock. */
export interface EngineTimers {
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export interface EngineLog {
  debug?(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export interface PaymentEngineOptions {
  store: Store;
  bills: BillService;
  gateway: GatewayClient;
  bus: Pick<EventBus, 'emit'>;
  now: () => number;
  log: EngineLog;
  /** The cashier's waiting deadline (ms from the moment the attempt is committed). */
  deadlineMs: number;
  /** Timers on the same clock as `now`. Default: the real ones. */
  timers?: EngineTimers;
  /** When it says true, `collect` refuses with `gateway-offline` before committing anything. */
  isGatewayOffline?: () => boolean;
  /** Reconciler queries in flight at once (cashier-phase queries are never held back). Default 4. */
  maxConcurrentQueries?: number;
  /**
   * The cashier-phase query schedule: 'fast-confirm' (default, main/payments/schedule.ts: dense
   * to 25 s, then the rest of the budget) or 'ladder' (app/payment/state.ts nextQueryDelayMs).
   * See scripts/bench-payments.ts for the measured difference.
   */
  schedule?: 'fast-confirm' | 'ladder';
  /** Query budget within the deadline (default 40) and minimum gap between queries (default 500 ms = ≤ 2/s). */
  maxQueries?: number;
  minIntervalMs?: number;
  /**
   * Replace the cashier-phase schedule entirely: delay before the next query, or null for none
   * until the deadline. Used by the benchmark's fixed-poll baselines.
   */
  queryDelayMs?: (elapsedMs: number, queriesSoFar: number) => number | null;
  /**
   * One last query this long before the deadline when the schedule has none left there (so a
   * payer who confirms just before the deadline is not left to the reconciler). Within the query
   * budget and the minimum gap. Default 600 ms; null disables it.
   */
  lastLookLeadMs?: number | null;
  /**
   * Reconciler schedule (main/payments/schedule.ts reconcileAfterStopDelayMs): first the payer's
   * likely timing (1.5 s … 120 s after the attempt became unconfirmed, 16 queries), then the next
   * look at factor × the time since (default 2), capped at capMs (5 min), ±20 % jitter.
   */
  reconcileSchedule?: ReconcileScheduleOptions & { offsetsMs?: readonly number[]; minGapMs?: number };
  /**
   * Engine-side request timeouts on the injected clock (the gateway client has its own, real-time
   * ones from config). Optional; tests on a manual clock set them.
   */
  requestTimeoutMs?: { barCode?: number; query?: number };
  /** Safety sweep: resume any live attempt that has no timer and no request (default 30 s; 0 = off). */
  sweepEveryMs?: number;
  /** How long `stop()` waits for requests in flight before abandoning them (real ms, default 3000). */
  stopGraceMs?: number;
  random?: () => number;
  /**
   * Payment codes accepted besides the wallets' (app/scan/classify.ts WALLET_CODE_RULES): regular
   * expressions, full match, digits only (config `payment.extraCodePatterns`).
   */
  extraCodePatterns?: readonly string[];
  /** The longest gateway bill number (config gateway.maxBillNumLength, 12–32, default 20). */
  maxBillNumLength?: number;
  /** Local time offset for the date and time in gateway bill numbers (default +480, China). */
  utcOffsetMinutes?: number;
}

/** What a payment_events row looks like to a supervisor screen or a test. */
export interface AttemptHistoryEntry {
  at: number;
  kind: AttemptEventKind;
  state: AttemptState;
  detail: Record<string, unknown> | null;
}

export interface PaymentEngineImpl extends PaymentEngine {
  /** The attempt's journal (payment_events), oldest first. */
  history(attemptId: number): AttemptHistoryEntry[];
  /** Resolves when no gateway request of this engine is in flight (tests, benchmarks, shutdown). */
  whenIdle(): Promise<void>;
  /** Gateway requests in flight right now. */
  inFlight(): number;
}

const realTimers: EngineTimers = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};

type Phase = 'cashier' | 'reconcile' | 'manual';

interface Runtime {
  id: number;
  /** The next query (cashier ladder or reconciler backoff). */
  poll: { cancel(): void; phase: Phase; at: number } | null;
  deadline: { cancel(): void } | null;
  barCode: Promise<void> | null;
  query: Promise<void> | null;
  controllers: Set<AbortController>;
}

interface Meta {
  kind: AttemptEventKind;
  detail?: Record<string, unknown>;
  reply?: GatewayReply;
  /** A query result (counts toward query_count and the reconciler's backoff). */
  query?: boolean;
  phase?: Phase;
  resolution?: { by: string; note: string | null };
  /** Who asked for a manual query (supervisor 立即查询). */
  queriedBy?: string;
}

interface Applied {
  row: AttemptRow;
  prev: AttemptState;
  result: TransitionResult;
  /** The reconciler's next query time was (re)written. */
  rescheduled: boolean;
  billChanged: boolean;
  messageChanged: boolean;
  /** An unconfirmed attempt was settled: the late-outcome notice written in the same transaction. */
  lateNoticeId: number | null;
}

const LIMITS = { noteMax: 200, byMax: 32, barCodeMax: 40 } as const;

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

function replyMessage(reply: GatewayReply): string | null {
  const parts = [reply.errmsg, reply.tag.paystatusdesc].map((s) => s.trim()).filter((s) => s !== '');
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  return unique.length ? unique.join(' · ').slice(0, 500) : null;
}

function replyDetail(reply: GatewayReply): Record<string, unknown> {
  return {
    errcode: reply.errcode,
    errmsg: reply.errmsg.slice(0, 300),
    paystatus: reply.tag.paystatus,
    billstatus: reply.tag.billstatus,
    paystatusdesc: reply.tag.paystatusdesc.slice(0, 200),
    autoid: reply.tag.autoid,
  };
}

function resultDetail(res: GatewayCallResult, phase?: Phase): Record<string, unknown> {
  const base: Record<string, unknown> = phase ? { phase } : {};
  switch (res.kind) {
    case 'reply':
      return { ...base, status: res.status, durationMs: res.durationMs, ...replyDetail(res) };
    case 'transport-failure':
      return { ...base, failure: res.failure, status: res.status ?? null, message: res.message, durationMs: res.durationMs };
    case 'invalid':
      return { ...base, invalid: res.error.message, field: res.error.details.field };
  }
}

/** A tiny FIFO semaphore. */
function semaphore(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async acquire(): Promise<() => void> {
      if (active >= max) await new Promise<void>((r) => waiting.push(r));
      active += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        active -= 1;
        waiting.shift()?.();
      };
    },
  };
}

export function createPaymentEngine(options: PaymentEngineOptions): PaymentEngineImpl {
  const { store, bills, gateway, bus, now, log } = options;
  const timers = options.timers ?? realTimers;
  const deadlineMs = options.deadlineMs;
  if (!Number.isFinite(deadlineMs) || deadlineMs <= 0) throw new RangeError(`deadlineMs must be positive, got ${deadlineMs}`);
  const random = options.random ?? Math.random;
  const reconcileOpts = { jitter: 0.2, random, ...options.reconcileSchedule };
  const maxQueries = options.maxQueries ?? 40;
  const minIntervalMs = options.minIntervalMs ?? 500;
  const ladderOpts: QueryScheduleOptions = { deadlineMs, maxQueries, minIntervalMs };
  const queryDelay =
    options.queryDelayMs ??
    (options.schedule === 'ladder'
      ? (elapsed: number, n: number) => nextQueryDelayMs(elapsed, n, ladderOpts)
      : // Budget: the schedule, the last look, and the reconciler's first query fit in maxQueries,
        // so a payer who confirms within the deadline never costs more than maxQueries queries.
        (elapsed: number, n: number) => fastConfirmDelayMs(elapsed, n, { deadlineMs, maxQueries: Math.max(1, maxQueries - 2), minIntervalMs }));
  const lastLookLeadMs = options.lastLookLeadMs === undefined ? 600 : options.lastLookLeadMs;
  const reconcileSlots = semaphore(Math.max(1, options.maxConcurrentQueries ?? 4));
  const sweepEveryMs = options.sweepEveryMs ?? 30_000;
  const stopGraceMs = options.stopGraceMs ?? 3_000;
  const repo: AttemptRepo = createAttemptRepo(store);
  const codePatterns = compileCodePatterns(options.extraCodePatterns ?? []);
  /** Gateway bill numbers per terminal (the bill number's prefix), created at the first payment. */
  const billNums = new Map<string, GatewayBillNums>();
  function gatewayBillNumFor(bill: BillView): string {
    const terminalNo = bill.billNo.split('-')[0] ?? '';
    let gen = billNums.get(terminalNo);
    if (!gen) {
      gen = createGatewayBillNums({
        terminalNo,
        installId: installId(store),
        exists: (num) => repo.byGatewayBillNum(num) !== undefined,
        ...(options.maxBillNumLength !== undefined ? { maxLength: options.maxBillNumLength } : {}),
        ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
      });
      billNums.set(terminalNo, gen);
    }
    return gen.next(now());
  }
  const late: LateOutcomes = createLateOutcomes(store);

  const runtimes = new Map<number, Runtime>();
  const inflight = new Set<Promise<void>>();
  let started = false;
  /** stop() was called: no new timers, no new requests. */
  let stopping = false;
  /** stop() finished waiting: replies still arriving are not applied (the store may be closed). */
  let closed = false;
  let sweepTimer: { cancel(): void } | null = null;

  // ─────────────────────────────────────────────────────────────────────────────
  // Views and notifications
  // ─────────────────────────────────────────────────────────────────────────────

  function toView(row: AttemptRow): AttemptView {
    const outcome = describePaymentOutcome({
      state: row.state,
      reason: row.state_reason,
      errcode: row.last_errcode,
      errmsg: row.last_message,
      paystatus: row.last_paystatus,
      amountFen: row.amount_fen,
    });
    return {
      id: row.id,
      billId: row.bill_id,
      billNo: row.bill_no,
      attemptNo: row.attempt_no,
      gatewayBillNum: row.gateway_bill_num,
      state: row.state,
      stateReason: row.state_reason,
      amountFen: row.amount_fen,
      barCodeMasked: maskBarCode(row.bar_code),
      lastPaystatus: row.last_paystatus,
      lastMessage: row.last_message,
      queryCount: row.query_count,
      createdAt: row.created_at,
      deadlineAt: row.deadline_at,
      finalAt: row.final_at,
      now: now(),
      outcome,
    };
  }

  function emitProgress(row: AttemptRow): void {
    try {
      bus.emit('payment.progress', toView(row));
    } catch (e) {
      log.error('payments.emit-failed', { attemptId: row.id, error: String(e) });
    }
  }

  function emitBill(billId: number): void {
    try {
      const bill: BillView | null = bills.get(billId);
      if (bill) bus.emit('bill.changed', bill);
    } catch (e) {
      log.error('payments.emit-failed', { billId, error: String(e) });
    }
  }

  function emitLateOutcome(noticeId: number): void {
    try {
      const notice = late.get(noticeId);
      if (notice) bus.emit('payment.lateOutcome', notice);
      log.info('payments.late-outcome', notice ? { noticeId, attemptId: notice.attemptId, outcome: notice.outcome, via: notice.via } : { noticeId });
    } catch (e) {
      log.error('payments.emit-failed', { noticeId, error: String(e) });
    }
  }

  function load(attemptId: number): AttemptRow {
    if (!Number.isSafeInteger(attemptId) || attemptId < 1) {
      throw new AppError('invalid-input', 'attemptId: must be a positive integer', { field: 'attemptId' });
    }
    const row = repo.get(attemptId);
    if (!row) throw new AppError('payment-not-found', `payment attempt ${attemptId} not found`, { attemptId });
    return row;
  }

  // ─────────────────────────────────────────────────────────────────────────────
  // The write-ahead step: one event → one short transaction
  // ─────────────────────────────────────────────────────────────────────────────

  /** Settle the bill for a state change, inside the caller's transaction (a savepoint of its own). */
  function settleBill(row: AttemptRow, to: AttemptState, at: number): boolean {
    try {
      if (to === 'paid') {
        bills.completeByBarcode(row.bill_id, { attemptId: row.id, amountFen: row.amount_fen, reference: row.gateway_bill_num });
      } else if (to === 'declined' || to === 'cancelled') {
        bills.unlockAfterDecline(row.bill_id);
      } else if (to === 'unconfirmed') {
        bills.markUnconfirmed(row.bill_id);
      } else {
        return false;
      }
      return true;
    } catch (e) {
      // The payment fact stands (money taken or not); the bill could not follow. Journal it,
      // audit it, shout: a supervisor must look. Never roll back the payment record for this.
      const error = e instanceof AppError ? { code: e.code, message: e.message } : { message: String(e) };
      repo.addEvent(row.id, at, 'settle-failed', to, { to, ...error });
      audit(store, {
        action: 'payment.settle-failed',
        operatorNo: row.operator_no,
        subject: `bill:${row.bill_no}`,
        detail: { attemptId: row.id, gatewayBillNum: row.gateway_bill_num, to, ...error },
      });
      log.error('payments.settle-failed', { attemptId: row.id, billNo: row.bill_no, to, ...error });
      return false;
    }
  }

  function apply(attemptId: number, event: AttemptEvent, meta: Meta): Applied {
    return store.tx(() => {
      const at = now();
      const row = repo.get(attemptId);
      if (!row) throw new AppError('payment-not-found', `payment attempt ${attemptId} not found`, { attemptId });
      const result = transition({ state: row.state, reason: row.state_reason ?? undefined }, event, at);
      const wasFinal = isFinal(row.state);
      let messageChanged = false;

      if (meta.reply && !wasFinal) {
        const message = replyMessage(meta.reply);
        const paystatus = meta.reply.tag.paystatus || null;
        messageChanged = message !== row.last_message || paystatus !== row.last_paystatus;
        const autoid = meta.reply.tag.autoid && meta.reply.tag.autoid.length <= 64 ? meta.reply.tag.autoid : null;
        repo.recordReply(attemptId, { errcode: meta.reply.errcode, paystatus, message, autoid, at });
      }
      if (meta.query && !wasFinal) repo.incrementQueries(attemptId, at);
      if (result.changed) repo.setState(attemptId, result.state, result.reason ?? null, at, isFinal(result.state) ? at : null);
      if (meta.resolution && result.changed) repo.setResolution(attemptId, meta.resolution.by, meta.resolution.note);

      const detail: Record<string, unknown> = { ...meta.detail };
      if (result.classification) {
        detail['verdict'] = result.classification.verdict;
        detail['rule'] = result.classification.rule;
      }
      if (result.ignored) detail['ignored'] = true;
      if (result.state !== row.state) detail['from'] = row.state;
      repo.addEvent(attemptId, at, meta.kind, result.state, detail);

      let billChanged = false;
      if (result.state !== row.state) billChanged = settleBill(row, result.state, at);

      // Settled after the cashier stopped waiting: a notice the counter keeps until acknowledged.
      let lateNoticeId: number | null = null;
      if (row.state === 'unconfirmed' && (result.state === 'paid' || result.state === 'declined' || result.state === 'cancelled')) {
        const via = meta.resolution ? 'supervisor-resolve' : meta.phase === 'manual' ? 'supervisor-query' : 'reconciler';
        lateNoticeId = late.record({
          attemptId,
          outcome: result.state,
          via,
          queryNo: meta.query ? row.query_count + 1 : null,
          resolvedBy: meta.resolution?.by ?? meta.queriedBy ?? null,
          detail: meta.resolution ? meta.resolution.note : (meta.reply?.tag.paystatus || null),
          unconfirmedAt: repo.unconfirmedAt(attemptId),
          resolvedAt: at,
        });
        repo.addEvent(attemptId, at, 'late-outcome', result.state, { noticeId: lateNoticeId, via, queryNo: meta.query ? row.query_count + 1 : null });
      }

      if (result.effects.includes('conflict')) {
        const c = { attemptId, gatewayBillNum: row.gateway_bill_num, state: row.state, verdict: result.classification?.verdict, rule: result.classification?.rule };
        repo.addEvent(attemptId, at, 'conflict', row.state, c);
        audit(store, { action: 'payment.conflict', operatorNo: row.operator_no, subject: `bill:${row.bill_no}`, detail: c });
        log.error('payments.conflict', { ...c, billNo: row.bill_no });
      }

      // The reconciler's schedule is part of the record: a restart picks it up.
      let rescheduled = false;
      if (isFinal(result.state)) {
        if (row.next_query_at !== null) repo.setNextQueryAt(attemptId, null);
      } else if (result.state === 'unconfirmed' && (row.state !== 'unconfirmed' || (meta.query && meta.phase !== 'cashier'))) {
        const n = repo.reconcileQueries(attemptId);
        const since = row.state === 'unconfirmed' ? at - (repo.unconfirmedAt(attemptId) ?? at) : 0;
        repo.setNextQueryAt(attemptId, at + reconcileAfterStopDelayMs(since, n, reconcileOpts));
        rescheduled = true;
      }

      if (meta.resolution && result.changed) {
        audit(store, {
          action: 'payment.resolve',
          operatorNo: row.operator_no,
          authorisedBy: meta.resolution.by,
          subject: `bill:${row.bill_no}`,
          detail: { attemptId, gatewayBillNum: row.gateway_bill_num, from: row.state, to: result.state, note: meta.resolution.note },
        });
      }
      return { row: repo.get(attemptId)!, prev: row.state, result, rescheduled, billChanged, messageChanged, lateNoticeId };
    });
  }

  /** After the commit: timers, notifications. */
  function act(a: Applied): void {
    const { row, result } = a;
    const rt = runtimes.get(row.id);
    if (isFinal(row.state)) {
      if (rt) {
        clearTimers(rt);
        if (!rt.barCode && !rt.query) runtimes.delete(row.id);
      }
    } else if (rt && !stopping) {
      if (row.state === 'unconfirmed') {
        rt.deadline?.cancel();
        rt.deadline = null;
        if (a.rescheduled || !rt.poll || rt.poll.phase === 'cashier') scheduleReconcile(rt, row);
      } else if (result.effects.includes('schedule-query')) {
        ensureCashierPoll(rt, row);
      }
    }
    if (result.effects.includes('notify') || a.messageChanged) emitProgress(row);
    if (a.billChanged) emitBill(row.bill_id);
    if (a.lateNoticeId !== null) emitLateOutcome(a.lateNoticeId);
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

  // ─────────────────────────────────────────────────────────────────────────────
  // Runtime: timers and requests per attempt
  // ─────────────────────────────────────────────────────────────────────────────

  function runtimeFor(id: number): Runtime {
    let rt = runtimes.get(id);
    if (!rt) {
      rt = { id, poll: null, deadline: null, barCode: null, query: null, controllers: new Set() };
      runtimes.set(id, rt);
    }
    return rt;
  }

  /** Something will happen to this attempt without outside help (a timer or a request). */
  function busy(rt: Runtime): boolean {
    return rt.poll !== null || rt.deadline !== null || rt.query !== null || rt.barCode !== null;
  }

  function clearTimers(rt: Runtime): void {
    rt.poll?.cancel();
    rt.poll = null;
    rt.deadline?.cancel();
    rt.deadline = null;
  }

  function track(p: Promise<void>): Promise<void> {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  }

  function setPoll(rt: Runtime, phase: Phase, delayMs: number): void {
    rt.poll?.cancel();
    const at = now() + Math.max(0, delayMs);
    const t = timers.setTimeout(() => {
      if (rt.poll?.cancel === t.cancel) rt.poll = null;
      void runQuery(rt, phase);
    }, Math.max(0, delayMs));
    rt.poll = { cancel: t.cancel, phase, at };
  }

  /** Keep the cashier-phase ladder going unless a query is already scheduled or running. */
  function ensureCashierPoll(rt: Runtime, row: AttemptRow): void {
    if (stopping || rt.poll || rt.query) return;
    if (row.state === 'unconfirmed' || isFinal(row.state)) return;
    let delay = queryDelay(now() - row.created_at, row.query_count);
    if (delay === null) {
      // The schedule has nothing left before the deadline: one last look just before it.
      const gap = lastLookLeadMs === null ? -1 : row.deadline_at - lastLookLeadMs - now();
      if (row.query_count >= maxQueries - 1 || gap < minIntervalMs) return; // the deadline timer takes over
      delay = gap;
    }
    setPoll(rt, 'cashier', delay);
  }

  function scheduleReconcile(rt: Runtime, row: AttemptRow): void {
    if (stopping) return;
    const at = row.next_query_at ?? now();
    setPoll(rt, 'reconcile', Math.max(0, at - now()));
  }

  function armDeadline(rt: Runtime, row: AttemptRow): void {
    rt.deadline?.cancel();
    rt.deadline = null;
    if (stopping || row.state === 'unconfirmed' || isFinal(row.state)) return;
    const t = timers.setTimeout(() => {
      rt.deadline = null;
      if (stopping) return;
      try {
        const cur = repo.get(rt.id);
        if (!cur || cur.state === 'unconfirmed' || isFinal(cur.state)) return;
        act(apply(rt.id, { type: 'deadline-passed' }, { kind: 'deadline-passed', detail: { deadlineAt: cur.deadline_at } }));
      } catch (e) {
        log.error('payments.deadline-failed', { attemptId: rt.id, error: String(e) });
        retryLater(rt);
      }
    }, Math.max(0, row.deadline_at - now()));
    rt.deadline = t;
  }

  /** A commit failed (e.g. the disk is busy): look again a little later, by query. */
  function retryLater(rt: Runtime): void {
    if (stopping || rt.poll) return;
    setPoll(rt, 'reconcile', 1_000);
  }

  function abortable(rt: Runtime, timeoutMs: number | undefined): { signal: AbortSignal; done(): void } {
    const ac = new AbortController();
    rt.controllers.add(ac);
    const t = timeoutMs !== undefined ? timers.setTimeout(() => ac.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs) : null;
    return {
      signal: ac.signal,
      done() {
        t?.cancel();
        rt.controllers.delete(ac);
      },
    };
  }

  /** Send the BarCode request: ONLY from collect, exactly once per attempt. */
  function sendBarCode(rt: Runtime): void {
    let sent: Applied;
    try {
      // Write-ahead: the request is recorded as sent BEFORE it leaves.
      sent = apply(rt.id, { type: 'request-sent' }, { kind: 'request-sent' });
    } catch (e) {
      // Nothing was sent and the attempt is still `created`: the sweep / a restart will query it.
      log.error('payments.request-sent-failed', { attemptId: rt.id, error: String(e) });
      retryLater(rt);
      return;
    }
    if (sent.row.state !== 'sent' || sent.prev !== 'created') {
      act(sent);
      return;
    }
    const row = sent.row;
    armDeadline(rt, row);
    act(sent);
    const call = abortable(rt, options.requestTimeoutMs?.barCode);
    const req = {
      businessType: row.business_type,
      operatorNo: row.operator_no,
      billNum: row.gateway_bill_num,
      amountFen: row.amount_fen,
      barCode: row.bar_code,
      ...(row.card_no ? { cardNo: row.card_no } : {}),
    };
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    rt.barCode = track(p);
    const finish = () => {
      call.done();
      if (rt.barCode === p) rt.barCode = null;
    };
    void (async () => {
      try {
        const res = await gateway.barCode(req, { signal: call.signal });
        finish();
        if (!closed) handleResult(rt, res, 'barcode', undefined);
      } catch (e) {
        log.error('payments.barcode-crashed', { attemptId: rt.id, error: String(e) });
      } finally {
        finish();
        done();
      }
    })();
  }

  function runQuery(rt: Runtime, phase: Phase, queriedBy?: string): Promise<void> {
    if (rt.query) return rt.query;
    if (stopping) return Promise.resolve();
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    rt.query = track(p);
    const finish = () => {
      if (rt.query === p) rt.query = null;
    };
    void (async () => {
      let release = () => {};
      try {
        if (phase === 'reconcile') release = await reconcileSlots.acquire();
        if (stopping) return;
        const row = repo.get(rt.id);
        if (!row || isFinal(row.state)) return;
        const call = abortable(rt, options.requestTimeoutMs?.query);
        let res: GatewayCallResult;
        try {
          const autoid = row.gateway_autoid && row.gateway_autoid.length <= 64 ? row.gateway_autoid : undefined;
          res = await gateway.query({ billNum: row.gateway_bill_num, ...(autoid ? { autoid } : {}) }, { signal: call.signal });
        } finally {
          call.done();
          release();
        }
        // Clear the in-flight mark first so the state machine's effects can schedule the next query.
        finish();
        if (!closed) handleResult(rt, res, 'query', phase, queriedBy);
      } catch (e) {
        log.error('payments.query-crashed', { attemptId: rt.id, error: String(e) });
      } finally {
        release();
        finish();
        done();
      }
    })();
    return p;
  }

  function handleResult(rt: Runtime, res: GatewayCallResult, request: 'barcode' | 'query', phase: Phase | undefined, queriedBy?: string): void {
    let event = callResultToEvent(res, request);
    const meta: Meta = {
      kind: res.kind === 'reply' ? (request === 'barcode' ? 'barcode-reply' : 'query-reply') : request === 'barcode' ? 'barcode-failure' : 'query-failure',
      detail: resultDetail(res, phase),
      query: request === 'query',
      ...(phase ? { phase } : {}),
      ...(queriedBy ? { queriedBy } : {}),
    };
    if (res.kind === 'reply') meta.reply = res;
    if (event === null) {
      // The client refused to send (invalid request): nothing left this process.
      event = { type: 'transport-failure', request, failure: 'refused', message: res.kind === 'invalid' ? res.error.message : 'not sent' };
    }
    try {
      const cur = repo.get(rt.id);
      // An attempt still `created` after a restart was provably never sent (request-sent is
      // committed before the request leaves). If the gateway has no record of it either, it is
      // definitively not delivered: decline it (nothing charged) so the bill unlocks.
      if (
        cur &&
        cur.state === 'created' &&
        request === 'query' &&
        res.kind === 'reply' &&
        !repo.wasSent(rt.id) &&
        classifyReply(res).rule === 'errmsg:order-not-found'
      ) {
        event = { type: 'transport-failure', request: 'barcode', failure: 'refused', message: 'BarCode never sent (no request-sent record) and the gateway has no such order' };
        meta.detail = { ...meta.detail, neverSent: true };
      }
      act(apply(rt.id, event, meta));
    } catch (e) {
      log.error('payments.apply-failed', { attemptId: rt.id, request, error: String(e) });
      retryLater(rt);
    }
  }

  // ─────────────────────────────────────────────────────────────────────────────
  // Resume and sweep
  // ─────────────────────────────────────────────────────────────────────────────

  function resume(row: AttemptRow): void {
    const rt = runtimeFor(row.id);
    if (busy(rt)) return;
    try {
      store.tx(() => repo.addEvent(row.id, now(), 'resumed', row.state, { deadlineAt: row.deadline_at, nextQueryAt: row.next_query_at }));
    } catch (e) {
      log.warn('payments.resume-journal-failed', { attemptId: row.id, error: String(e) });
    }
    log.info('payments.resume', { attemptId: row.id, gatewayBillNum: row.gateway_bill_num, state: row.state });
    if (row.state === 'unconfirmed') {
      scheduleReconcile(rt, row);
      return;
    }
    // created / sent / awaiting-payer. Never resend BarCode: query.
    if (now() >= row.deadline_at) {
      try {
        const a = apply(row.id, { type: 'deadline-passed' }, { kind: 'deadline-passed', detail: { deadlineAt: row.deadline_at, onResume: true } });
        act(a);
        // Look now rather than after the first backoff step (the result reschedules the reconciler).
        if (!isFinal(a.row.state)) void runQuery(rt, 'reconcile');
      } catch (e) {
        log.error('payments.resume-failed', { attemptId: row.id, error: String(e) });
        retryLater(rt);
      }
      return;
    }
    armDeadline(rt, row);
    void runQuery(rt, 'cashier');
  }

  function sweep(): void {
    sweepTimer = null;
    if (stopping) return;
    try {
      for (const row of repo.listLive()) {
        const rt = runtimes.get(row.id);
        if (!rt || !busy(rt)) resume(row);
      }
    } catch (e) {
      log.error('payments.sweep-failed', { error: String(e) });
    }
    armSweep();
  }

  function armSweep(): void {
    if (stopping || sweepEveryMs <= 0) return;
    sweepTimer = timers.setTimeout(sweep, sweepEveryMs);
  }

  // ─────────────────────────────────────────────────────────────────────────────
  // The public API
  // ─────────────────────────────────────────────────────────────────────────────

  function refuseByBill(bill: BillView): never {
    const details = { billId: bill.id, billNo: bill.billNo, status: bill.status };
    switch (bill.status) {
      case 'locked':
      case 'unconfirmed':
        throw new AppError('bill-locked', `bill ${bill.billNo} has a payment that is not final (${bill.status})`, details);
      case 'paid':
        throw new AppError('bill-already-paid', `bill ${bill.billNo} is already paid`, details);
      default:
        throw new AppError('bill-not-open', `bill ${bill.billNo} is ${bill.status}: it cannot take a payment`, details);
    }
  }

  const engine: PaymentEngineImpl = {
    collect(input) {
      if (stopping) throw new AppError('internal-error', 'the payment engine is stopping');
      const billId = input.billId;
      if (!Number.isSafeInteger(billId) || billId < 1) throw new AppError('invalid-input', 'billId: must be a positive integer', { field: 'billId' });
      if (typeof input.barCode !== 'string') {
        throw new AppError('barcode-invalid', 'barCode: required, at most 40 characters', { field: 'barCode', limit: LIMITS.barCodeMax });
      }
      const bill = bills.get(billId);
      if (!bill) throw new AppError('bill-not-found', `bill ${billId} does not exist`, { billId });

      // One live attempt per bill.
      const live = repo.liveForBill(billId);
      if (live) {
        const code = live.state === 'unconfirmed' ? 'bill-locked' : 'payment-in-progress';
        throw new AppError(code, `bill ${bill.billNo} already has a live payment (attempt ${live.attempt_no}, ${live.state})`, {
          billId,
          billNo: bill.billNo,
          attemptId: live.id,
          state: live.state,
        });
      }
      if (bill.status !== 'open') refuseByBill(bill);
      if (bill.dueFen <= 0 || bill.lines.every((l) => l.voided)) {
        throw new AppError('bill-empty', `bill ${bill.billNo} has nothing to pay`, { billId, billNo: bill.billNo, dueFen: bill.dueFen });
      }
      // Only a code a wallet issues goes to the gateway: nothing written, nothing sent otherwise.
      if (input.barCode.trim() === '') {
        throw new AppError('barcode-invalid', 'barCode: required, at most 40 characters', { field: 'barCode', limit: LIMITS.barCodeMax });
      }
      if (input.barCode.trim().length > LIMITS.barCodeMax) {
        throw new AppError('barcode-too-long', `barCode: at most ${LIMITS.barCodeMax} characters (got ${input.barCode.trim().length})`, {
          field: 'barCode',
          limit: LIMITS.barCodeMax,
          actual: input.barCode.trim().length,
        });
      }
      const checked = checkPaymentCode(input.barCode, codePatterns);
      if (!checked.ok) {
        log.info('payments.code-refused', { billId, length: input.barCode.trim().length });
        throw new AppError(checked.error.code, checked.error.message, checked.error.details);
      }
      const barCode = checked.code;

      // Validate the request exactly as it will be sent, BEFORE any write.
      const attemptNo = repo.nextAttemptNo(billId);
      // The gateway's own short number (main/payments/gateway-bill-num.ts); people keep billNo.
      const gatewayBillNum = gatewayBillNumFor(bill);
      const cardNo = (input.cardNo ?? bill.cardNo ?? '').trim();
      const built = buildBarCodeBody({
        businessType: bill.businessType,
        operatorNo: input.operatorNo,
        billNum: gatewayBillNum,
        amountFen: bill.dueFen,
        barCode,
        ...(cardNo ? { cardNo } : {}),
      });
      if (!built.ok) throw new AppError(built.error.code, built.error.message, built.error.details);

      if (options.isGatewayOffline?.()) {
        throw new AppError('gateway-offline', 'the payment gateway is offline: take cash or another tender', { billId });
      }

      let id: number;
      try {
        id = store.tx(() => {
          const at = now();
          const locked = bills.lockForPayment(billId);
          if (locked.dueFen !== bill.dueFen) {
            throw new AppError('bill-not-open', `bill ${bill.billNo} changed while starting the payment`, { billId });
          }
          const newId = repo.insert({
            billId,
            attemptNo,
            gatewayBillNum,
            businessType: bill.businessType,
            operatorNo: built.value.operatorNo,
            amountFen: bill.dueFen,
            barCode,
            cardNo: cardNo || null,
            deadlineAt: at + deadlineMs,
            now: at,
          });
          repo.addEvent(newId, at, 'created', 'created', {
            gatewayBillNum,
            amountFen: bill.dueFen,
            barCode: maskBarCode(barCode),
            operatorNo: built.value.operatorNo,
            businessType: bill.businessType,
          });
          return newId;
        });
      } catch (e) {
        if (isUniqueViolation(e)) {
          // The last line of defence: the partial UNIQUE index refused a second live attempt.
          throw new AppError('payment-in-progress', `bill ${bill.billNo} already has a live payment`, { billId, billNo: bill.billNo });
        }
        throw e;
      }
      log.info('payments.collect', { attemptId: id, gatewayBillNum, amountFen: bill.dueFen, barCode: maskBarCode(barCode) });
      emitBill(billId);
      const rt = runtimeFor(id);
      // Commits request-sent synchronously, then the request runs in the background.
      sendBarCode(rt);
      return toView(load(id));
    },

    stopWaiting(attemptId) {
      const row = load(attemptId);
      if (isFinal(row.state) || row.state === 'unconfirmed') return toView(row);
      const a = apply(attemptId, { type: 'stop-waiting' }, { kind: 'stop-waiting' });
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
      const rt = runtimeFor(attemptId);
      if (rt.query) {
        await rt.query;
      } else {
        rt.poll?.cancel();
        rt.poll = null;
        await runQuery(rt, row.state === 'unconfirmed' ? 'manual' : 'cashier', by);
      }
      // Make sure the attempt keeps being looked after.
      const cur = load(attemptId);
      if (!isFinal(cur.state) && !rt.poll && !rt.query && !stopping) {
        if (cur.state === 'unconfirmed') scheduleReconcile(rt, cur);
        else ensureCashierPoll(rt, cur);
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
        throw new AppError('invalid-input', `by: required, at most ${LIMITS.byMax} characters`, { field: 'by', limit: LIMITS.byMax });
      }
      const note = typeof input.note === 'string' ? input.note.trim() : '';
      if (note.length < 1 || note.length > LIMITS.noteMax) {
        throw new AppError('invalid-input', `note: required, at most ${LIMITS.noteMax} characters`, { field: 'note', limit: LIMITS.noteMax });
      }
      const row = load(attemptId);
      if (isFinal(row.state)) {
        throw new AppError('invalid-input', `attempt ${attemptId} is already final (${row.state})`, { field: 'attemptId', state: row.state });
      }
      const a = apply(
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
      for (const row of live) resume(row);
      armSweep();
    },

    async stop() {
      if (stopping && closed) return;
      stopping = true;
      sweepTimer?.cancel();
      sweepTimer = null;
      for (const rt of runtimes.values()) clearTimers(rt);
      if (inflight.size > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = new Promise<'timeout'>((r) => {
          timer = setTimeout(() => r('timeout'), stopGraceMs);
          timer.unref?.();
        });
        const outcome = await Promise.race([engine.whenIdle().then(() => 'idle' as const), grace]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          log.warn('payments.stop-abandoned', { inFlight: inflight.size });
        }
      }
      // Whatever is still out is abandoned: the attempts stay non-final in the store and are
      // resumed (by query) at the next start.
      closed = true;
      for (const rt of runtimes.values()) for (const ac of rt.controllers) ac.abort(new Error('engine stopped'));
      runtimes.clear();
      started = false;
    },

    async whenIdle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },

    inFlight: () => inflight.size,
  };
  return engine;
}
