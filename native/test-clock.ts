import type { Clock } from './clock.js';

/**
 * A manual clock for tests: timers fire only when `advance` passes their time. `settle` is
 * awaited after each fired timer so async work it started (enumeration, open) completes in order.
 */
export interface ManualClock extends Clock {
  advance(ms: number, settle?: () => Promise<void>): Promise<void>;
  pendingTimers(): number;
}

export function createManualClock(start = 1_763_700_000_000): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void; seq: number }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn, seq: id });
      return id;
    },
    clearTimeout(h) {
      timers.delete(h as number);
    },
    async advance(ms, settle) {
      const target = now + ms;
      for (;;) {
        let next: [number, { at: number; fn: () => void; seq: number }] | null = null;
        for (const e of timers)
          if (
            e[1].at <= target &&
            (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[1].seq < next[1].seq))
          )
            next = e;
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
        if (settle) await settle();
      }
      now = target;
      if (settle) await settle();
    },
    pendingTimers: () => timers.size,
  };
}
