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
    const startLeft = Math.max(0, Math.min(o.startUntilMs, denseEnd) - elapsed) / Math.max(o.startEveryMs, o.minIntervalMs);
    const denseLeft = Math.max(0, denseEnd - Math.max(elapsed, o.startUntilMs)) / Math.max(o.denseEveryMs, o.minIntervalMs);
    const tail = Math.ceil((o.deadlineMs - denseEnd) / 5_000);
    if (Math.ceil(startLeft + denseLeft) + tail > budgetLeft) delay = Math.max(delay, Math.ceil(remaining / budgetLeft));
  } else {
    delay = Math.ceil(remaining / budgetLeft);
  }
  delay = Math.max(delay, o.minIntervalMs);
  if (elapsed + delay >= o.deadlineMs) return null;
  return delay;
}
