import type { Clock } from '../clock.js';

export interface RetryState {
  failures: number;
  notBefore: number;
}

/**
 * Devices that failed (open or read error) and when each may be reopened: a transient error
 * reopens at once; a device that keeps failing waits 0, 1, 2, 4 … up to `maxBackoffMs`.
 */
export interface ReopenBackoff {
  readonly retry: Map<string, RetryState>;
  backoffFor(failures: number): number;
  /** Record a failure of `path`; a connection that lived ≥ 30 s before failing starts afresh. */
  noteFailure(path: string, healthyFor: number): void;
}

export function createReopenBackoff(clock: Clock, maxBackoffMs: number): ReopenBackoff {
  const retry = new Map<string, RetryState>();
  function backoffFor(failures: number): number {
    if (failures <= 1) return 0;
    return Math.min(maxBackoffMs, 1000 * 2 ** (failures - 2));
  }
  return {
    retry,
    backoffFor,
    noteFailure(path, healthyFor) {
      const prev = retry.get(path);
      // A connection that lived a while before failing starts the backoff afresh.
      const failures = (prev && healthyFor < 30_000 ? prev.failures : 0) + 1;
      retry.set(path, { failures, notBefore: clock.now() + backoffFor(failures) });
    },
  };
}
