/**
 * What the engine holds in memory per live attempt: its pending timers, the request in flight and
 * the abort controllers of those requests; plus every request promise of the engine (so `stop()`
 * and tests can wait for idleness). Nothing here is durable: after a restart the store is the
 * truth and `resume` rebuilds it (docs/ARCHITECTURE.md §6, rule 5).
 */
import type { Phase } from './journal.js';
import type { EngineTimers } from './engine-options.js';

export interface Runtime {
  id: number;
  /** The next query (cashier ladder or reconciler backoff). */
  poll: { cancel(): void; phase: Phase; at: number } | null;
  deadline: { cancel(): void } | null;
  barCode: Promise<void> | null;
  query: Promise<void> | null;
  controllers: Set<AbortController>;
}

export interface Runtimes {
  get(id: number): Runtime | undefined;
  /** The attempt's runtime, created on first use. */
  for(id: number): Runtime;
  delete(id: number): void;
  all(): Iterable<Runtime>;
  clear(): void;
  /** Something will happen to this attempt without outside help (a timer or a request). */
  busy(rt: Runtime): boolean;
  clearTimers(rt: Runtime): void;
  /** Count a request promise as in flight until it settles. */
  track(p: Promise<void>): Promise<void>;
  /** An abort signal for one request, aborted after `timeoutMs` on the engine's clock (if given). */
  abortable(rt: Runtime, timeoutMs: number | undefined): { signal: AbortSignal; done(): void };
  /** Abort every request still out (the engine stopped). */
  abortAll(reason: Error): void;
  inFlight(): number;
  whenIdle(): Promise<void>;
}

export function createRuntimes(timers: EngineTimers): Runtimes {
  const runtimes = new Map<number, Runtime>();
  const inflight = new Set<Promise<void>>();
  return {
    get: (id) => runtimes.get(id),
    for(id) {
      let rt = runtimes.get(id);
      if (!rt) {
        rt = { id, poll: null, deadline: null, barCode: null, query: null, controllers: new Set() };
        runtimes.set(id, rt);
      }
      return rt;
    },
    delete: (id) => void runtimes.delete(id),
    all: () => runtimes.values(),
    clear: () => runtimes.clear(),
    busy: (rt) => rt.poll !== null || rt.deadline !== null || rt.query !== null || rt.barCode !== null,
    clearTimers(rt) {
      rt.poll?.cancel();
      rt.poll = null;
      rt.deadline?.cancel();
      rt.deadline = null;
    },
    track(p) {
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      return p;
    },
    abortable(rt, timeoutMs) {
      const ac = new AbortController();
      rt.controllers.add(ac);
      const t =
        timeoutMs !== undefined
          ? timers.setTimeout(() => ac.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
          : null;
      return {
        signal: ac.signal,
        done() {
          t?.cancel();
          rt.controllers.delete(ac);
        },
      };
    },
    abortAll(reason) {
      for (const rt of runtimes.values()) for (const ac of rt.controllers) ac.abort(reason);
    },
    inFlight: () => inflight.size,
    async whenIdle() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
