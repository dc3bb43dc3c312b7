import type { GatewayReply } from './gateway-schema.js';
import { classifyReply, meetsPaidRule, type ReplyClassification } from './classify.js';

/**
 * The payment-attempt state machine. Pure: no clock, no I/O. The engine persists the result of
 * every transition (write-ahead) and performs the effects.
 *
 *   created ──request-sent──▶ sent ──reply paid──────────▶ paid
 *      │                       │  ──reply in progress────▶ awaiting-payer ──▶ paid | declined
 *      │                       │  ──reply declined───────▶ declined
 *      └── deadline / stop ────┴── deadline / stop (from awaiting-payer too) ──▶ unconfirmed
 *   unconfirmed ──reply paid / declined──▶ paid | declined   (the reconciler keeps querying)
 *   any live state ──supervisor-resolve──▶ cancelled | paid | declined
 *
 * Unknown is not failed: timeouts, resets, 5xx, 4xx, unparseable bodies and unclassified business
 * errors never end an attempt. "Stop waiting" is never a decline.
 */

/**
 * The one list of payment-attempt states. The contract (app/contract/schemas.ts), the report
 * schema (app/report/schema.ts) and the engine's SQL derive from it; migration 001's CHECK
 * constraint and partial indexes are asserted equal to these lists (main/payments/attempt-states-sql.test.ts).
 */
export const ATTEMPT_STATES = [
  'created',
  'sent',
  'awaiting-payer',
  'paid',
  'declined',
  'unconfirmed',
  'cancelled',
] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

export const FINAL_STATES = ['paid', 'declined', 'cancelled'] as const satisfies readonly AttemptState[];
/** Not final: the bill stays locked (the partial UNIQUE index "one live attempt per bill"). */
export const LIVE_STATES = [
  'created',
  'sent',
  'awaiting-payer',
  'unconfirmed',
] as const satisfies readonly AttemptState[];
export type LiveAttemptState = (typeof LIVE_STATES)[number];
/**
 * Live and still in front of the cashier: the counter waits on these (a spinner, no cash tender,
 * the shell will not quit). `unconfirmed` is live too, but the counter has moved on and the
 * reconciler keeps asking.
 */
export const WAITING_STATES = ['created', 'sent', 'awaiting-payer'] as const satisfies readonly LiveAttemptState[];

/** Final: nothing will change it any more (except a supervisor looking at a conflict). */
export function isFinal(state: AttemptState): boolean {
  return state === 'paid' || state === 'declined' || state === 'cancelled';
}

/** Live: the bill stays locked (no second scan, no edit, no cash tender). */
export function isLive(state: AttemptState): boolean {
  return !isFinal(state);
}

/** The counter is waiting on it (see WAITING_STATES). Takes any string so screens can pass a view's state. */
export function isWaiting(state: string): boolean {
  return (WAITING_STATES as readonly string[]).includes(state);
}

export const TRANSPORT_FAILURES = ['timeout', 'reset', 'http-5xx', 'http-4xx', 'unparseable', 'refused'] as const;
export type TransportFailureKind = (typeof TRANSPORT_FAILURES)[number];

/** Which request an event is about. */
export type RequestKind = 'barcode' | 'query';

export type SupervisorResolution = 'cancelled' | 'paid' | 'declined';

export type AttemptEvent =
  /** The BarCode request is about to leave (commit this before calling fetch). */
  | { type: 'request-sent' }
  | { type: 'gateway-reply'; request: RequestKind; reply: GatewayReply }
  | { type: 'transport-failure'; request: RequestKind; failure: TransportFailureKind; message: string; status?: number }
  /** The cashier's waiting deadline passed. */
  | { type: 'deadline-passed' }
  /** The cashier pressed "stop waiting". Never a decline. */
  | { type: 'stop-waiting' }
  | { type: 'supervisor-resolve'; resolution: SupervisorResolution; note?: string; by?: string }
  /** ScanCode answered with a QR (stored with the attempt): the payer may scan it now. Not paid. */
  | { type: 'qr-issued' }
  /** ScanCode answered success but without QR content: nobody can pay it, nothing was charged. */
  | { type: 'qr-missing' };

export type AttemptEventType = AttemptEvent['type'];
export const ATTEMPT_EVENT_TYPES: readonly AttemptEventType[] = [
  'request-sent',
  'gateway-reply',
  'transport-failure',
  'deadline-passed',
  'stop-waiting',
  'supervisor-resolve',
  'qr-issued',
  'qr-missing',
];

/** Why an attempt is in its state. Stored with the attempt; messages.ts turns it into text. */
export type AttemptReason =
  | 'committed'
  | 'request-sent'
  | 'paid'
  | 'payer-confirming'
  | 'unclear-reply'
  | 'declined-by-gateway'
  | 'not-delivered'
  | `transport-${TransportFailureKind}`
  | 'deadline'
  | 'stopped-by-cashier'
  | 'supervisor-paid'
  | 'supervisor-declined'
  | 'supervisor-cancelled'
  | 'qr-shown'
  | 'qr-missing';

export type Effect =
  /** Keep the fast cashier-facing polling going (see nextQueryDelayMs). */
  | 'schedule-query'
  /** Hand the attempt to the background reconciler (see reconcileDelayMs). */
  | 'schedule-reconcile'
  /** Stop every timer and query for this attempt. */
  | 'stop-queries'
  /** The attempt reached a final state: settle the bill (paid → tender; otherwise unlock). */
  | 'final'
  /** Push the new view to the screen. */
  | 'notify'
  /**
   * A definitive answer contradicts a final state (e.g. declined, then the gateway says SUCCESS).
   * The state is NOT changed; a supervisor must look at it.
   */
  | 'conflict';

export interface AttemptSnapshot {
  state: AttemptState;
  reason?: AttemptReason | undefined;
}

export interface TransitionResult {
  state: AttemptState;
  reason?: AttemptReason | undefined;
  effects: Effect[];
  /** State or reason changed: persist it. */
  changed: boolean;
  /** The event does not apply in this state (nothing changes, no effects except possibly 'conflict'). */
  ignored: boolean;
  /** How the reply was read, for gateway-reply events. */
  classification?: ReplyClassification;
  /** When the transition happened (the `now` passed in), for the write-ahead record. */
  at: number;
}

function result(
  at: number,
  prev: AttemptSnapshot,
  state: AttemptState,
  reason: AttemptReason | undefined,
  effects: Effect[],
  classification?: ReplyClassification,
): TransitionResult {
  const changed = state !== prev.state || reason !== prev.reason;
  const out: TransitionResult = { state, reason, effects, changed, ignored: false, at };
  if (classification) out.classification = classification;
  return out;
}

function ignored(
  at: number,
  prev: AttemptSnapshot,
  effects: Effect[] = [],
  classification?: ReplyClassification,
): TransitionResult {
  const out: TransitionResult = { state: prev.state, reason: prev.reason, effects, changed: false, ignored: true, at };
  if (classification) out.classification = classification;
  return out;
}

/** Effects for a live attempt that keeps being queried. */
function keepQuerying(state: AttemptState): Effect[] {
  return state === 'unconfirmed' ? ['schedule-reconcile'] : ['schedule-query'];
}

/**
 * Apply one event. Pure and total: every (state, event) pair has a defined answer.
 * `now` is only recorded (`at`); time-based decisions come in as events (deadline-passed).
 */
export function transition(attempt: AttemptSnapshot, event: AttemptEvent, now: number): TransitionResult {
  const s = attempt.state;

  if (isFinal(s)) {
    // A final attempt never changes. A definitive reply that contradicts it is a conflict.
    if (event.type === 'gateway-reply') {
      const c = classifyReply(event.reply);
      const contradicts = (c.verdict === 'paid' && s !== 'paid') || (c.verdict === 'declined' && s === 'paid');
      return ignored(now, attempt, contradicts ? ['conflict', 'notify'] : [], c);
    }
    return ignored(now, attempt);
  }

  switch (event.type) {
    case 'request-sent':
      if (s === 'created') return result(now, attempt, 'sent', 'request-sent', ['schedule-query', 'notify']);
      return ignored(now, attempt);

    case 'gateway-reply': {
      const c = classifyReply(event.reply);
      switch (c.verdict) {
        case 'paid':
          // Money only on the one rule (app/payment/classify.ts meetsPaidRule), checked again here.
          if (!meetsPaidRule(event.reply)) {
            const unknown = { ...c, verdict: 'unknown' as const, rule: 'paid-rule-not-met' };
            if (s === 'unconfirmed')
              return result(now, attempt, 'unconfirmed', attempt.reason, ['schedule-reconcile'], unknown);
            const held = result(now, attempt, 'awaiting-payer', 'unclear-reply', ['schedule-query'], unknown);
            if (held.changed) held.effects.push('notify');
            return held;
          }
          return result(now, attempt, 'paid', 'paid', ['stop-queries', 'final', 'notify'], c);
        case 'declined':
          return result(now, attempt, 'declined', 'declined-by-gateway', ['stop-queries', 'final', 'notify'], c);
        case 'in-progress':
        case 'unknown': {
          const reason: AttemptReason = c.verdict === 'in-progress' ? 'payer-confirming' : 'unclear-reply';
          // An unconfirmed attempt stays unconfirmed (the counter already moved on) and keeps
          // its reason (deadline / stopped-by-cashier) so the report can tell why.
          if (s === 'unconfirmed')
            return result(now, attempt, 'unconfirmed', attempt.reason, ['schedule-reconcile'], c);
          const next = result(now, attempt, 'awaiting-payer', reason, ['schedule-query'], c);
          if (next.changed) next.effects.push('notify');
          return next;
        }
      }
      // exhaustive above
      return ignored(now, attempt);
    }

    case 'transport-failure': {
      // A BarCode request whose connection was never established cannot have reached the
      // gateway. Engine contract: an attempt sends BarCode at most once, so this is definitive.
      if (event.request === 'barcode' && event.failure === 'refused' && (s === 'created' || s === 'sent')) {
        return result(now, attempt, 'declined', 'not-delivered', ['stop-queries', 'final', 'notify']);
      }
      if (s === 'unconfirmed') return result(now, attempt, 'unconfirmed', attempt.reason, ['schedule-reconcile']);
      // The request may have left: keep the attempt alive and query it.
      // A failed BarCode call shows the request may have left; a failed query from `created`
      // (after a restart) proves nothing about the BarCode request.
      const state: AttemptState = s === 'created' && event.request === 'barcode' ? 'sent' : s;
      const next = result(now, attempt, state, `transport-${event.failure}`, keepQuerying(state));
      if (next.changed) next.effects.push('notify');
      return next;
    }

    case 'deadline-passed':
    case 'stop-waiting':
      if (s === 'unconfirmed') return ignored(now, attempt);
      return result(now, attempt, 'unconfirmed', event.type === 'deadline-passed' ? 'deadline' : 'stopped-by-cashier', [
        'schedule-reconcile',
        'notify',
      ]);

    case 'qr-issued': {
      // A QR only lets the payer pay; the Query loop confirms. Late (already unconfirmed): no QR shown.
      if (s === 'unconfirmed') return ignored(now, attempt);
      const next = result(now, attempt, 'awaiting-payer', 'qr-shown', ['schedule-query']);
      if (next.changed) next.effects.push('notify');
      return next;
    }

    case 'qr-missing':
      if (s === 'unconfirmed') return ignored(now, attempt);
      return result(now, attempt, 'declined', 'qr-missing', ['stop-queries', 'final', 'notify']);

    case 'supervisor-resolve': {
      const reason: AttemptReason =
        event.resolution === 'paid'
          ? 'supervisor-paid'
          : event.resolution === 'declined'
            ? 'supervisor-declined'
            : 'supervisor-cancelled';
      return result(now, attempt, event.resolution, reason, ['stop-queries', 'final', 'notify']);
    }
  }
}

// ---------------------------------------------------------------------------
// Query schedules
// ---------------------------------------------------------------------------

export interface QueryScheduleOptions {
  /** Delay before the first query after the BarCode reply (or after the request was sent). */
  firstDelayMs?: number;
  /** Never query faster than this: 500 ms = at most 2 queries per second. */
  minIntervalMs?: number;
  /** The cashier's waiting deadline, measured from the same origin as elapsedMs. */
  deadlineMs?: number;
  /** Query budget within the deadline. */
  maxQueries?: number;
}

export const DEFAULT_QUERY_SCHEDULE: Required<QueryScheduleOptions> = {
  firstDelayMs: 400,
  minIntervalMs: 500,
  deadlineMs: 60_000,
  maxQueries: 40,
};

/** Step ladder: elapsed below `untilMs` → query every `everyMs`. */
const LADDER: ReadonlyArray<{ untilMs: number; everyMs: number }> = [
  { untilMs: 3_000, everyMs: 500 },
  { untilMs: 10_000, everyMs: 1_000 },
  { untilMs: 30_000, everyMs: 2_000 },
  { untilMs: Number.POSITIVE_INFINITY, everyMs: 3_000 },
];

/** How many queries the ladder alone would make between `fromMs` and `toMs`. */
function ladderCount(fromMs: number, toMs: number, minIntervalMs: number): number {
  let n = 0;
  let start = 0;
  for (const r of LADDER) {
    const a = Math.max(fromMs, start);
    const b = Math.min(toMs, r.untilMs);
    if (b > a) n += (b - a) / Math.max(r.everyMs, minIntervalMs);
    start = r.untilMs;
  }
  return Math.ceil(n);
}

/**
 * Adaptive cashier-facing query schedule. `elapsedMs` is the time since the attempt was sent,
 * `queriesSoFar` how many queries have been issued. Returns the delay before the next query, or
 * null when the deadline has passed or the budget is spent (then the engine fires deadline-passed
 * at the deadline and the reconciler takes over).
 *
 * Query soon (400 ms), then every 0.5 s up to 3 s, 1 s up to 10 s, 2 s up to 30 s, then 3 s
 * (about 33 queries in 60 s) —
 * and never faster than the remaining budget allows, so ≤ maxQueries fit in the deadline and
 * never more than 1000/minIntervalMs per second.
 */
export function nextQueryDelayMs(
  elapsedMs: number,
  queriesSoFar: number,
  opts: QueryScheduleOptions = {},
): number | null {
  const o = { ...DEFAULT_QUERY_SCHEDULE, ...opts };
  const elapsed = Math.max(0, elapsedMs);
  if (elapsed >= o.deadlineMs || queriesSoFar >= o.maxQueries) return null;
  if (queriesSoFar === 0) {
    const first = Math.max(0, o.firstDelayMs);
    return elapsed + first >= o.deadlineMs ? null : first;
  }
  const step = (LADDER.find((r) => elapsed < r.untilMs) ?? LADDER[LADDER.length - 1]!).everyMs;
  const remaining = o.deadlineMs - elapsed;
  const budgetLeft = o.maxQueries - queriesSoFar;
  let delay = Math.max(step, o.minIntervalMs);
  // When the ladder would overspend the budget (long deadlines, small budgets), spread what is
  // left of the budget evenly over what is left of the window instead.
  if (ladderCount(elapsed, o.deadlineMs, o.minIntervalMs) > budgetLeft) {
    delay = Math.max(delay, Math.ceil(remaining / budgetLeft));
  }
  if (elapsed + delay >= o.deadlineMs) return null;
  return delay;
}

export interface ReconcileScheduleOptions {
  baseMs?: number;
  factor?: number;
  capMs?: number;
  /** Fraction of the delay to spread randomly (0 = none). Needs `random`. */
  jitter?: number;
  /** A number in [0, 1); injected so the function stays deterministic in tests. */
  random?: () => number;
}

export const DEFAULT_RECONCILE_SCHEDULE = { baseMs: 5_000, factor: 2, capMs: 300_000 } as const;

/**
 * Background reconciler backoff for unconfirmed attempts: 5 s, 10 s, 20 s … capped at 5 min.
 * `attemptsSoFar` is how many reconcile queries have already been made (0 → first delay).
 */
export function reconcileDelayMs(attemptsSoFar: number, opts: ReconcileScheduleOptions = {}): number {
  const base = opts.baseMs ?? DEFAULT_RECONCILE_SCHEDULE.baseMs;
  const factor = opts.factor ?? DEFAULT_RECONCILE_SCHEDULE.factor;
  const cap = opts.capMs ?? DEFAULT_RECONCILE_SCHEDULE.capMs;
  const n = Math.max(0, Math.floor(attemptsSoFar));
  // Avoid overflow for huge n.
  const raw = n > 60 ? cap : base * Math.pow(factor, n);
  let delay = Math.min(cap, raw);
  if (opts.jitter && opts.random) {
    const j = Math.min(1, Math.max(0, opts.jitter));
    delay = Math.round(delay * (1 - j / 2 + j * opts.random()));
    delay = Math.min(cap, Math.max(1, delay));
  }
  return delay;
}
