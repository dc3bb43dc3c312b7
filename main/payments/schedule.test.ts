import { describe, expect, it } from 'vitest';
import { fastConfirmDelayMs, PAYER_TIMING_OFFSETS_MS, reconcileAfterStopDelayMs } from './schedule.js';

/** Simulate the schedule: query times (ms since the request) with a fixed round trip. */
function simulate(
  deadlineMs: number,
  rttMs = 50,
  opts: Partial<Parameters<typeof fastConfirmDelayMs>[2]> = {},
): number[] {
  const times: number[] = [];
  let t = 0;
  for (;;) {
    const d = fastConfirmDelayMs(t, times.length, { deadlineMs, ...opts });
    if (d === null) return times;
    t += d;
    times.push(t);
    t += rttMs;
  }
}

describe('fast-confirm query schedule', () => {
  it('60 s deadline: first at 400 ms, ≤ 40 queries, never more than 2 in any second', () => {
    const q = simulate(60_000);
    expect(q[0]).toBe(400);
    expect(q.length).toBeLessThanOrEqual(40);
    expect(q.length).toBeGreaterThanOrEqual(36);
    for (let i = 2; i < q.length; i++) expect(q[i]! - q[i - 2]!).toBeGreaterThanOrEqual(1_000);
    expect(q.at(-1)!).toBeLessThan(60_000);
  });

  it('gaps are ≤ 1 s (query to query, incl. a 50 ms round trip) from the start up to 25 s', () => {
    const q = simulate(60_000);
    const dense = q.filter((t) => t <= 25_000);
    expect(dense.length).toBeGreaterThanOrEqual(28);
    for (let i = 1; i < dense.length; i++) expect(dense[i]! - dense[i - 1]!).toBeLessThanOrEqual(950);
    // After 25 s the rest of the budget is spread out, never below the minimum interval.
    const tail = q.filter((t) => t > 25_000);
    for (let i = 1; i < tail.length; i++) expect(tail[i]! - tail[i - 1]!).toBeGreaterThan(3_000);
  });

  it('stays within the budget for long deadlines and small budgets', () => {
    for (const [deadline, max] of [
      [600_000, 40],
      [60_000, 10],
      [10_000, 40],
      [120_000, 20],
    ] as const) {
      const q = simulate(deadline, 50, { maxQueries: max });
      expect(q.length).toBeLessThanOrEqual(max);
      expect(q.at(-1)!).toBeLessThan(deadline);
      for (let i = 1; i < q.length; i++) expect(q[i]! - q[i - 1]!).toBeGreaterThanOrEqual(500);
    }
  });

  it('null after the deadline or with the budget spent', () => {
    expect(fastConfirmDelayMs(60_000, 3, { deadlineMs: 60_000 })).toBeNull();
    expect(fastConfirmDelayMs(1_000, 40, { deadlineMs: 60_000 })).toBeNull();
    expect(fastConfirmDelayMs(59_800, 30, { deadlineMs: 60_000 })).toBeNull();
  });
});

describe('reconcileAfterStopDelayMs (the reconciler after stop-waiting or the deadline)', () => {
  it('follows the payer first: 1.5 s, 3 s, 4.5 s, 6 s … 120 s after unconfirmed, then factor × the time since, capped', () => {
    const at: number[] = [];
    let t = 0;
    for (let n = 0; n < 22; n++) {
      t += reconcileAfterStopDelayMs(t, n, { jitter: 0 });
      at.push(t);
    }
    expect(at.slice(0, 16)).toEqual([...PAYER_TIMING_OFFSETS_MS]);
    expect(at.slice(16, 19)).toEqual([240_000, 480_000, 780_000]);
    for (let i = 19; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBe(300_000);
  });

  it('keeps a 1 s gap, spends at most the 16 early queries (after a restart too), and never exceeds a short cap', () => {
    // A query that came late (e.g. after a restart at +5.5 s): the next early offset at least 1 s on.
    expect(reconcileAfterStopDelayMs(5_500, 3, { jitter: 0 })).toBe(8_000 - 5_500);
    // The early budget is spent: back off even though offsets remain.
    expect(reconcileAfterStopDelayMs(10_000, 16, { jitter: 0 })).toBe(10_000);
    expect(reconcileAfterStopDelayMs(1_000, 16, { jitter: 0 })).toBe(5_000);
    // A short cap (the chaos rig) bounds the early part as well.
    expect(reconcileAfterStopDelayMs(40_000, 11, { capMs: 2_000, jitter: 0 })).toBe(2_000);
    // Jitter stays inside the cap.
    for (const r of [0, 0.5, 0.999])
      expect(reconcileAfterStopDelayMs(1_000_000, 30, { jitter: 0.5, random: () => r })).toBeLessThanOrEqual(300_000);
  });
});
