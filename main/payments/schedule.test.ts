import { describe, expect, it } from 'vitest';
import { fastConfirmDelayMs } from './schedule.js';

/** Simulate the schedule: query times (ms since the request) with a fixed round trip. */
function simulate(deadlineMs: number, rttMs = 50, opts: Partial<Parameters<typeof fastConfirmDelayMs>[2]> = {}): number[] {
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
