/**
 * Connectivity monitor: is the KouDaiLQ gateway reachable, is the back office?
 *
 * Evidence comes from two places:
 *  - periodic health checks (an injected `check()` per target — e.g. `httpReachabilityCheck`),
 *    every `intervalMs` while online and every `retryIntervalMs` while degraded/offline,
 *    skipped when a real request reported recently;
 *  - real request outcomes reported by the payment engine and the sync worker:
 *    `report(target, ok, { latencyMs?, error? })`.
 *
 * State per target: 'unknown' (no evidence yet) · 'online' · 'degraded' (some failures, or
 * slow answers) · 'offline' (`offlineAfter` failures in a row). After failures it takes
 * `recoverAfter` successes in a row to be 'online' again (the first gives 'degraded'), so a
 * flapping link does not flicker. Emits 'change' { target, state, previous, at, reason }.
 *
 * Barcode pay must be refused while the gateway is offline: `assertGatewayUsable()` throws
 * AppError 'gateway-offline' then (a payment code lives about a minute; cash still works).
 */
import { EventEmitter } from 'node:events';
import type { LinkState } from '../../app/contract/schemas.js';
import { AppError } from '../../app/result.js';

export type { LinkState };
export type Target = 'gateway' | 'backOffice';
export const TARGETS: readonly Target[] = ['gateway', 'backOffice'];

export interface CheckResult {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

export interface TargetOptions {
  /** Health check. Resolve with the result; a rejection counts as a failure. */
  check?: () => Promise<CheckResult>;
  /** Between checks while online. Default 30 s. */
  intervalMs?: number;
  /** Between checks while degraded, offline or unknown. Default 5 s. */
  retryIntervalMs?: number;
}

export interface MonitorOptions {
  now: () => number;
  gateway?: TargetOptions;
  backOffice?: TargetOptions;
  /** Failures in a row before 'offline'. Default 3. */
  offlineAfter?: number;
  /** Successes in a row to go from degraded/offline back to 'online'. Default 2. */
  recoverAfter?: number;
  /** A success slower than this counts as 'degraded'. Default 3000 ms. */
  slowMs?: number;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void };
}

export interface TargetStatus {
  state: LinkState;
  since: number;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  lastOkAt: number | null;
  lastFailAt: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
}

export interface StateChange {
  target: Target;
  state: LinkState;
  previous: LinkState;
  at: number;
  reason: string;
}

export interface ConnectivityMonitor extends EventEmitter {
  state(target: Target): LinkState;
  status(target: Target): TargetStatus;
  snapshot(): Record<Target, LinkState>;
  /** A real request's outcome. */
  report(target: Target, ok: boolean, detail?: { latencyMs?: number; error?: string }): void;
  /** Run the health check of `target` now (also used by "test connection"). */
  checkNow(target: Target): Promise<LinkState>;
  /** Throws AppError 'gateway-offline' when the gateway is offline. */
  assertGatewayUsable(): void;
  start(): void;
  stop(): void;
}

export function createConnectivityMonitor(opts: MonitorOptions): ConnectivityMonitor {
  const { now } = opts;
  const offlineAfter = Math.max(1, opts.offlineAfter ?? 3);
  const recoverAfter = Math.max(1, opts.recoverAfter ?? 2);
  const slowMs = opts.slowMs ?? 3_000;
  const timers = opts.timers ?? {
    setTimeout: (fn: () => void, ms: number) => {
      const h = setTimeout(fn, ms);
      h.unref?.();
      return h;
    },
    clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const emitter = new EventEmitter() as ConnectivityMonitor;
  const targetOpts: Record<Target, TargetOptions> = { gateway: opts.gateway ?? {}, backOffice: opts.backOffice ?? {} };
  const at0 = now();
  const st: Record<Target, TargetStatus> = {
    gateway: fresh(at0),
    backOffice: fresh(at0),
  };
  const lastEvidenceAt: Record<Target, number> = { gateway: 0, backOffice: 0 };
  const timer: Record<Target, unknown> = { gateway: null, backOffice: null };
  const checking: Record<Target, Promise<LinkState> | null> = { gateway: null, backOffice: null };
  let running = false;

  function fresh(at: number): TargetStatus {
    return {
      state: 'unknown',
      since: at,
      consecutiveFailures: 0,
      consecutiveSuccesses: 0,
      lastOkAt: null,
      lastFailAt: null,
      lastError: null,
      lastLatencyMs: null,
    };
  }

  function setState(target: Target, next: LinkState, reason: string): void {
    const s = st[target];
    if (s.state === next) return;
    const previous = s.state;
    s.state = next;
    s.since = now();
    const change: StateChange = { target, state: next, previous, at: s.since, reason };
    emitter.emit('change', change);
    // Re-arm the check at the cadence of the new state.
    if (running) arm(target);
  }

  function apply(
    target: Target,
    ok: boolean,
    detail: { latencyMs?: number; error?: string },
    source: 'check' | 'request',
  ): void {
    const s = st[target];
    const at = now();
    lastEvidenceAt[target] = at;
    if (detail.latencyMs !== undefined) s.lastLatencyMs = detail.latencyMs;
    if (ok) {
      s.consecutiveFailures = 0;
      s.consecutiveSuccesses++;
      s.lastOkAt = at;
      const slow = detail.latencyMs !== undefined && detail.latencyMs > slowMs;
      let next: LinkState;
      if (slow) next = 'degraded';
      else if (s.state === 'unknown' || s.state === 'online') next = 'online';
      else next = s.consecutiveSuccesses >= recoverAfter ? 'online' : 'degraded';
      setState(target, next, slow ? `slow answer (${detail.latencyMs} ms, ${source})` : `${source} succeeded`);
    } else {
      s.consecutiveSuccesses = 0;
      s.consecutiveFailures++;
      s.lastFailAt = at;
      s.lastError = detail.error ?? `${source} failed`;
      const next: LinkState = s.consecutiveFailures >= offlineAfter ? 'offline' : 'degraded';
      setState(
        target,
        next,
        `${source} failed${detail.error ? `: ${detail.error}` : ''} (${s.consecutiveFailures} in a row)`,
      );
    }
  }

  async function runCheck(target: Target): Promise<LinkState> {
    const check = targetOpts[target].check;
    if (!check) return st[target].state;
    if (checking[target]) return checking[target];
    const p = (async () => {
      try {
        const r = await check();
        apply(
          target,
          r.ok,
          { ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}), ...(r.error ? { error: r.error } : {}) },
          'check',
        );
      } catch (e) {
        apply(target, false, { error: e instanceof Error ? e.message : String(e) }, 'check');
      }
      return st[target].state;
    })();
    checking[target] = p;
    try {
      return await p;
    } finally {
      checking[target] = null;
    }
  }

  function interval(target: Target): number {
    const o = targetOpts[target];
    return st[target].state === 'online' ? (o.intervalMs ?? 30_000) : (o.retryIntervalMs ?? 5_000);
  }

  function arm(target: Target): void {
    if (timer[target] !== null) timers.clearTimeout(timer[target]);
    timer[target] = null;
    if (!running || !targetOpts[target].check) return;
    const every = interval(target);
    // A real request reported recently is as good as a check: wait from then.
    const wait = Math.max(0, lastEvidenceAt[target] + every - now());
    timer[target] = timers.setTimeout(() => {
      timer[target] = null;
      const since = now() - lastEvidenceAt[target];
      if (since < interval(target) && lastEvidenceAt[target] !== 0) {
        arm(target);
        return;
      }
      void runCheck(target).finally(() => arm(target));
    }, wait);
  }

  Object.assign(emitter, {
    state: (target: Target) => st[target].state,
    status: (target: Target) => ({ ...st[target] }),
    snapshot: () => ({ gateway: st.gateway.state, backOffice: st.backOffice.state }),
    report(target: Target, ok: boolean, detail: { latencyMs?: number; error?: string } = {}) {
      apply(target, ok, detail, 'request');
    },
    checkNow: (target: Target) => runCheck(target),
    assertGatewayUsable() {
      if (st.gateway.state === 'offline') {
        throw new AppError(
          'gateway-offline',
          'the payment gateway is offline: take cash or try again when it is back',
          {
            since: st.gateway.since,
            lastError: st.gateway.lastError,
          },
        );
      }
    },
    start() {
      if (running) return;
      running = true;
      for (const t of TARGETS) {
        if (targetOpts[t].check) {
          // First check right away.
          timer[t] = timers.setTimeout(() => {
            timer[t] = null;
            void runCheck(t).finally(() => arm(t));
          }, 0);
        }
      }
    },
    stop() {
      running = false;
      for (const t of TARGETS) {
        if (timer[t] !== null) timers.clearTimeout(timer[t]);
        timer[t] = null;
      }
    },
  });
  return emitter;
}

/**
 * A reachability check by HTTP: any answer below 500 means the server is there (the gateway
 * answers 404/405 to a plain GET of its base URL). 5xx, timeouts and network errors fail.
 */
export function httpReachabilityCheck(
  url: string,
  opts: {
    timeoutMs?: number;
    now?: () => number;
    fetch?: (
      url: string,
      init: { method: string; signal: AbortSignal },
    ) => Promise<{ status: number; body?: { cancel(): Promise<void> } | null }>;
  } = {},
): () => Promise<CheckResult> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const clock = opts.now ?? (() => performance.now());
  const doFetch = opts.fetch ?? ((u: string, init: { method: string; signal: AbortSignal }) => fetch(u, init));
  return async () => {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), timeoutMs);
    const started = clock();
    try {
      const res = await doFetch(url, { method: 'GET', signal: ctl.signal });
      const latencyMs = Math.round(clock() - started);
      await res.body?.cancel().catch(() => undefined);
      return res.status < 500 ? { ok: true, latencyMs } : { ok: false, latencyMs, error: `HTTP ${res.status}` };
    } catch (e) {
      if (ctl.signal.aborted) return { ok: false, error: `no answer within ${timeoutMs} ms` };
      const cause =
        e instanceof Error ? ((e as Error & { cause?: { code?: string } }).cause?.code ?? e.message) : String(e);
      return { ok: false, error: cause };
    } finally {
      clearTimeout(t);
    }
  };
}
