import { seededRandom } from '../../app/random.js';

/** A small seeded PRNG so fault injection can be replayed (re-exported for the sandbox's users). */
export { seededRandom };

/**
 * Time for the sandbox gateway: "now" and timers. The default is real time; tests inject a
 * manual clock and advance it instead of sleeping.
 */
export interface Timer {
  cancel(): void;
}

export interface SandboxClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): Timer;
}

export const realClock: SandboxClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

export interface ManualClock extends SandboxClock {
  /** Move time forward, running every timer that falls due, in order. */
  advance(ms: number): void;
  /** Move time to an absolute instant (never backwards). */
  set(now: number): void;
  /** Timers not yet run or cancelled. */
  pendingTimers(): number;
}

export function createManualClock(startMs = 0): ManualClock {
  let now = startMs;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void; seq: number }>();
  const runDue = (until: number) => {
    for (;;) {
      let next: { id: number; at: number; seq: number; fn: () => void } | undefined;
      for (const [id, t] of timers) {
        if (t.at <= until && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = { id, ...t };
      }
      if (!next) break;
      timers.delete(next.id);
      now = Math.max(now, next.at);
      next.fn();
    }
    now = Math.max(now, until);
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn, seq: id });
      return { cancel: () => void timers.delete(id) };
    },
    advance(ms) {
      runDue(now + Math.max(0, ms));
    },
    set(t) {
      runDue(Math.max(now, t));
    },
    pendingTimers: () => timers.size,
  };
}
