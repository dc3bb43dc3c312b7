/**
 * The engine's cashier-phase query schedule ("fast confirm").
 *
 * Goal (issue 3): confirm a payer's success within 1 s at p95, with at most 40 queries per
 * payment and never more than 2 queries per second. With polling, latency is bounded by the
 * gap between queries, so the budget must be spent where payers actually finish: most people
 * confirm a password within ~20 s. So:
 *
 *   first query 400 ms after the request; every 500 ms up to 3 s (instant payments, payers
 *   who confirm with a fingerprint); then every 850 ms (+ the round trip ≈ 0.9–1 s between
 *   queries) up to 25 s; then what is left of the budget spread evenly up to the deadline.
 *
 * About 31 queries by 25 s, 40 by 60 s. The budget guard spreads the remaining queries evenly
 * whenever the dense part would overspend (short budgets, long deadlines), so the total never
 * exceeds `maxQueries` within the deadline, and no two queries are closer than `minIntervalMs`.
 *
 * Compared (scripts/bench-payments.ts) with app/payment/state.ts nextQueryDelayMs (0.5 s to
 * 3 s, 1 s to 10 s, 2 s to 30 s, 3 s after), which stays available as `ladder`.
 */
export interface FastConfirmOptions {
  deadlineMs: number;
  maxQueries?: number;
  minIntervalMs?: number;
  firstDelayMs?: number;
  /** Fast start: every `startEveryMs` until `startUntilMs`. */
  startEveryMs?: number;
  startUntilMs?: number;
  /** Dense phase: every `denseEveryMs` until `denseUntilMs`. */
  denseEveryMs?: number;
  denseUntilMs?: number;
}

export const FAST_CONFIRM_DEFAULTS = {
  maxQueries: 40,
  minIntervalMs: 500,
  firstDelayMs: 400,
  startEveryMs: 500,
  startUntilMs: 3_000,
  denseEveryMs: 850,
  denseUntilMs: 25_000,
} as const;

/** Delay before the next cashier-phase query, or null: no more before the deadline. */
export function fastConfirmDelayMs(elapsedMs: number, queriesSoFar: number, opts: FastConfirmOptions): number | null {
  const o = { ...FAST_CONFIRM_DEFAULTS, ...opts };
  const elapsed = Math.max(0, elapsedMs);
  if (elapsed >= o.deadlineMs || queriesSoFar >= o.maxQueries) return null;
  if (queriesSoFar === 0) return elapsed + o.firstDelayMs >= o.deadlineMs ? null : Math.max(0, o.firstDelayMs);
  const remaining = o.deadlineMs - elapsed;
  const budgetLeft = o.maxQueries - queriesSoFar;
  const denseEnd = Math.min(o.denseUntilMs, o.deadlineMs);
  let delay: number;
  if (elapsed < denseEnd) {
    delay = elapsed < o.startUntilMs ? o.startEveryMs : o.denseEveryMs;
    // What the fast phases alone would still spend, plus at least one query per 5 s after them.
    const startLeft =
      Math.max(0, Math.min(o.startUntilMs, denseEnd) - elapsed) / Math.max(o.startEveryMs, o.minIntervalMs);
    const denseLeft =
      Math.max(0, denseEnd - Math.max(elapsed, o.startUntilMs)) / Math.max(o.denseEveryMs, o.minIntervalMs);
    const tail = Math.ceil((o.deadlineMs - denseEnd) / 5_000);
    if (Math.ceil(startLeft + denseLeft) + tail > budgetLeft)
      delay = Math.max(delay, Math.ceil(remaining / budgetLeft));
  } else {
    delay = Math.ceil(remaining / budgetLeft);
  }
  delay = Math.max(delay, o.minIntervalMs);
  if (elapsed + delay >= o.deadlineMs) return null;
  return delay;
}

/**
 * The reconciler's schedule after a payment becomes unconfirmed (issue 11 item 19).
 *
 * A cashier who presses Esc, or a deadline that passes, says nothing about the payer: most
 * payers who are still typing a password finish within seconds. So the first reconciler
 * queries follow the payer's likely timing, measured from the moment the attempt became
 * unconfirmed: 1.5 s, 3 s, 4.5 s, 6 s, 8 s, 10 s, 13 s, 16 s, 20 s, 25 s, 30 s, 40 s, 50 s, 60 s,
 * 90 s, 120 s (16 queries: the reconciler's early budget, never closer than `minGapMs`). After
 * that it backs off geometrically in the time since unconfirmed (next look at `factor` × that
 * time: 240 s, 480 s …), capped at `capMs` (5 min by default), with jitter. A payer who finishes
 * 5 s after the cashier stopped waiting is recorded at the 6 s query.
 *
 * `capMs` also bounds the early part, so a test rig with a short cap (the chaos test's 2 s) is
 * never slower than its cap.
 */
export const PAYER_TIMING_OFFSETS_MS: readonly number[] = [
  1_500, 3_000, 4_500, 6_000, 8_000, 10_000, 13_000, 16_000, 20_000, 25_000, 30_000, 40_000, 50_000, 60_000, 90_000,
  120_000,
];

export interface ReconcileAfterStopOptions {
  /** Offsets from the unconfirmed moment for the early queries (ascending). */
  offsetsMs?: readonly number[];
  /** No two early queries closer than this (default 1 s). */
  minGapMs?: number;
  /** After the early queries: the next look at factor × (time since unconfirmed), at least baseMs, at most capMs. */
  baseMs?: number;
  factor?: number;
  capMs?: number;
  jitter?: number;
  random?: () => number;
}

/**
 * Delay before the reconciler's next query of an unconfirmed attempt: `sinceUnconfirmedMs` since
 * it became unconfirmed, `reconcileQueriesSoFar` queries made by the reconciler already.
 */
export function reconcileAfterStopDelayMs(
  sinceUnconfirmedMs: number,
  reconcileQueriesSoFar: number,
  opts: ReconcileAfterStopOptions = {},
): number {
  const offsets = opts.offsetsMs ?? PAYER_TIMING_OFFSETS_MS;
  const minGap = Math.max(0, opts.minGapMs ?? 1_000);
  const base = Math.max(1, opts.baseMs ?? 5_000);
  const factor = Math.max(1, opts.factor ?? 2);
  const cap = Math.max(1, opts.capMs ?? 300_000);
  const since = Math.max(0, sinceUnconfirmedMs);
  const n = Math.max(0, Math.floor(reconcileQueriesSoFar));
  if (n < offsets.length) {
    const next = offsets.find((o) => o >= since + minGap);
    if (next !== undefined) return Math.min(cap, next - since);
  }
  let delay = Math.max(base, since * (factor - 1));
  if (opts.jitter && opts.random) {
    const j = Math.min(1, Math.max(0, opts.jitter));
    delay = delay * (1 - j / 2 + j * opts.random());
  }
  return Math.round(Math.min(cap, Math.max(1, delay)));
}
