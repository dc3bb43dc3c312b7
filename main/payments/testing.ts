/**
 * Support for the payment tests and the benchmark (not used by the product): a virtual clock
 * shared by the engine, the store and the sandbox gateway, and a driver that advances it only
 * when nothing can happen without time passing — every gateway request in flight is parked in
 * the sandbox (held on the virtual clock or until the client gives up) and no reply is
 * waiting to be processed. Real HTTP and real SQLite; no sleeps; deterministic timings.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { GatewayClient } from '../gateway/client.js';
import type { SandboxGateway } from '../sandbox/server.js';

export interface VirtualClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
  /** When the next timer falls due, or null. */
  nextAt(): number | null;
  /** Move to `t` (never backwards), running every timer due on the way, in order. */
  advanceTo(t: number): void;
  advance(ms: number): void;
  pending(): number;
}

export function createVirtualClock(startMs: number): VirtualClock {
  let now = startMs;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const next = (): [number, { at: number; fn: () => void }] | undefined => {
    let best: [number, { at: number; fn: () => void }] | undefined;
    for (const e of timers) if (!best || e[1].at < best[1].at || (e[1].at === best[1].at && e[0] < best[0])) best = e;
    return best;
  };
  const clock: VirtualClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, Number.isFinite(ms) ? ms : 0), fn });
      return { cancel: () => void timers.delete(id) };
    },
    nextAt: () => next()?.[1].at ?? null,
    advanceTo(t) {
      for (;;) {
        const n = next();
        if (!n || n[1].at > t) break;
        timers.delete(n[0]);
        now = Math.max(now, n[1].at);
        n[1].fn();
      }
      now = Math.max(now, t);
    },
    advance(ms) {
      clock.advanceTo(now + Math.max(0, ms));
    },
    pending: () => timers.size,
  };
  return clock;
}

export interface TrackedGateway {
  client: GatewayClient;
  /** Calls made, by op and billNum. */
  calls: { op: 'barcode' | 'query' | 'scancode'; billNum: string; at: number }[];
  /** True when every call in flight is parked in the sandbox. */
  quiet(): boolean;
  inFlight(): number;
  detach(): void;
}

/**
 * Wrap a gateway client so the driver knows where each request is. One request per
 * (op, billNum) at a time is assumed (the engine never overlaps two queries of one attempt).
 */
export function trackGateway(client: GatewayClient, sandbox: SandboxGateway, now: () => number): TrackedGateway {
  type Where = 'travelling' | 'parked';
  const pending = new Map<string, Where>();
  const key = (op: string, billNum: string | null) => `${op}:${billNum ?? ''}`;
  const onRequest = () => {};
  const onHeld = (e: { op: string; billNum: string | null }) => {
    const k = key(e.op, e.billNum);
    if (pending.has(k)) pending.set(k, 'parked');
  };
  const onAnswered = (e: { op: string; billNum: string | null }) => {
    const k = key(e.op, e.billNum);
    if (pending.has(k)) pending.set(k, 'travelling');
  };
  sandbox.events.on('request', onRequest);
  sandbox.events.on('held', onHeld);
  sandbox.events.on('answered', onAnswered);
  const calls: TrackedGateway['calls'] = [];
  async function wrap<T>(op: 'barcode' | 'query' | 'scancode', billNum: string, run: () => Promise<T>): Promise<T> {
    const k = key(op, billNum);
    pending.set(k, 'travelling');
    calls.push({ op, billNum, at: now() });
    try {
      return await run();
    } finally {
      pending.delete(k);
    }
  }
  return {
    client: {
      barCodeUrl: client.barCodeUrl,
      queryUrl: client.queryUrl,
      barCode: (req, opts) => wrap('barcode', req.billNum, () => client.barCode(req, opts)),
      query: (req, opts) => wrap('query', req.billNum, () => client.query(req, opts)),
      scanCode: (req, opts) => wrap('barcode', req.billNum, () => client.scanCode(req, opts)),
    },
    calls,
    quiet: () => [...pending.values()].every((w) => w === 'parked'),
    inFlight: () => pending.size,
    detach() {
      sandbox.events.off('request', onRequest);
      sandbox.events.off('held', onHeld);
      sandbox.events.off('answered', onAnswered);
    },
  };
}

/** Wait (event-loop turns, never a timer) until every request in flight is parked. */
export async function settle(tracked: TrackedGateway, maxTurns = 200_000): Promise<void> {
  let stable = 0;
  for (let i = 0; i < maxTurns; i++) {
    await nextTurn();
    if (tracked.quiet()) {
      // Two quiet turns in a row: replies already received have been processed.
      if (++stable >= 2) return;
    } else stable = 0;
  }
  throw new Error(`gateway requests did not settle (${tracked.inFlight()} in flight)`);
}

/**
 * Advance the virtual clock timer by timer until `done()` holds (checked after each settle),
 * or fail after `maxMs` of virtual time.
 */
export async function runUntil(
  clock: VirtualClock,
  tracked: TrackedGateway,
  done: () => boolean,
  opts: { maxMs?: number; label?: string } = {},
): Promise<void> {
  const limit = clock.now() + (opts.maxMs ?? 600_000);
  for (;;) {
    await settle(tracked);
    if (done()) return;
    const next = clock.nextAt();
    if (next === null)
      throw new Error(`${opts.label ?? 'runUntil'}: nothing scheduled and not done (t=${clock.now()})`);
    if (next > limit)
      throw new Error(`${opts.label ?? 'runUntil'}: not done within ${opts.maxMs ?? 600_000} ms of virtual time`);
    clock.advanceTo(next);
  }
}

/** Advance exactly `ms` of virtual time, settling at every timer on the way. */
export async function runFor(clock: VirtualClock, tracked: TrackedGateway, ms: number): Promise<void> {
  const end = clock.now() + ms;
  for (;;) {
    await settle(tracked);
    const next = clock.nextAt();
    if (next === null || next > end) break;
    clock.advanceTo(next);
  }
  clock.advanceTo(end);
  await settle(tracked);
}
