/**
 * The payment engine's options and its public surface beyond main/payments/types.ts (history,
 * idleness), and the timer and log shapes it is given (docs/ARCHITECTURE.md §6).
 */
import type { ReconcileScheduleOptions, AttemptState } from '../../app/payment/state.js';
import type { BillService } from '../bills/bill-service.js';
import type { EventBus } from '../events.js';
import type { GatewayClient } from '../gateway/client.js';
import type { Store } from '../store/db.js';
import type { AttemptEventKind } from './attempt-repo.js';
import type { PaymentEngine } from './types.js';

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
  /**
   * Called first by `collect`; throws to refuse a new payment before anything is checked or
   * written (main/core.ts passes the ledger-health guard: a ledger that failed its integrity
   * check takes no more money).
   */
  assertCanCollect?: () => void;
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

export const realTimers: EngineTimers = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};
