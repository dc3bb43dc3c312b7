import { describe, expect, it } from 'vitest';
import { createManualClock, seededRandom } from './clock.js';

describe('manual clock', () => {
  it('runs due timers in time order, skips cancelled ones, never goes backwards', () => {
    const c = createManualClock(100);
    const seen: string[] = [];
    c.setTimeout(() => seen.push(`b@${c.now()}`), 20);
    const cancelled = c.setTimeout(() => seen.push('x'), 5);
    c.setTimeout(() => {
      seen.push(`a@${c.now()}`);
      c.setTimeout(() => seen.push(`nested@${c.now()}`), 5);
    }, 10);
    cancelled.cancel();
    expect(c.pendingTimers()).toBe(2);
    c.advance(14);
    expect(seen).toEqual(['a@110']);
    expect(c.now()).toBe(114);
    c.advance(100);
    expect(seen).toEqual(['a@110', 'nested@115', 'b@120']);
    expect(c.now()).toBe(214);
    c.set(50);
    expect(c.now()).toBe(214);
    expect(c.pendingTimers()).toBe(0);
  });
  it('seeded random replays', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(5);
  });
});
