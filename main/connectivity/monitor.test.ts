import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { createConnectivityMonitor, httpReachabilityCheck, type CheckResult, type StateChange } from './monitor.js';

/** Manual timers: tests run due callbacks explicitly. */
function manualTimers(clock: { t: number }) {
  const pending = new Map<number, { at: number; fn: () => void }>();
  let seq = 0;
  return {
    pending,
    api: {
      setTimeout: (fn: () => void, ms: number) => {
        const id = ++seq;
        pending.set(id, { at: clock.t + ms, fn });
        return id;
      },
      clearTimeout: (h: unknown) => {
        pending.delete(h as number);
      },
    },
    /** Advance the clock to the next timer and run it. */
    async next(): Promise<number> {
      const [id, e] = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !e) throw new Error('no timer pending');
      pending.delete(id);
      clock.t = Math.max(clock.t, e.at);
      e.fn();
      // let the async check settle
      for (let i = 0; i < 5; i++) await Promise.resolve();
      return e.at;
    },
  };
}

describe('connectivity monitor', () => {
  it('moves unknown → online → degraded → offline on reported outcomes, and back with hysteresis', () => {
    const clock = { t: 1000 };
    const m = createConnectivityMonitor({ now: () => clock.t, offlineAfter: 3, recoverAfter: 2 });
    const changes: StateChange[] = [];
    m.on('change', (c: StateChange) => changes.push(c));
    expect(m.snapshot()).toEqual({ gateway: 'unknown', backOffice: 'unknown' });
    m.report('gateway', true);
    expect(m.state('gateway')).toBe('online');
    m.report('gateway', false, { error: 'ECONNRESET' });
    expect(m.state('gateway')).toBe('degraded');
    m.report('gateway', false);
    m.report('gateway', false);
    expect(m.state('gateway')).toBe('offline');
    expect(() => m.assertGatewayUsable()).toThrow(AppError);
    try {
      m.assertGatewayUsable();
    } catch (e) {
      expect((e as AppError).code).toBe('gateway-offline');
    }
    m.report('gateway', true);
    expect(m.state('gateway')).toBe('degraded'); // one success is not enough
    m.assertGatewayUsable();
    m.report('gateway', true);
    expect(m.state('gateway')).toBe('online');
    expect(changes.map((c) => c.state)).toEqual(['online', 'degraded', 'offline', 'degraded', 'online']);
    expect(changes[2]!.reason).toMatch(/3 in a row/);
    expect(m.state('backOffice')).toBe('unknown'); // targets are independent
    expect(m.status('gateway')).toMatchObject({
      consecutiveSuccesses: 2,
      consecutiveFailures: 0,
      lastError: 'request failed',
      lastOkAt: 1000,
    });
  });

  it('treats slow answers as degraded', () => {
    const m = createConnectivityMonitor({ now: () => 0, slowMs: 1000 });
    m.report('backOffice', true, { latencyMs: 2500 });
    expect(m.state('backOffice')).toBe('degraded');
    expect(m.status('backOffice').lastLatencyMs).toBe(2500);
  });

  it('runs health checks on a cadence that depends on the state, and skips them after real traffic', async () => {
    const clock = { t: 0 };
    const timers = manualTimers(clock);
    const results: CheckResult[] = [
      { ok: true },
      { ok: false, error: 'down' },
      { ok: false },
      { ok: false },
      { ok: true },
      { ok: true },
    ];
    let calls = 0;
    const m = createConnectivityMonitor({
      now: () => clock.t,
      timers: timers.api,
      offlineAfter: 3,
      gateway: {
        check: async () => {
          calls++;
          return results.shift() ?? { ok: true };
        },
        intervalMs: 30_000,
        retryIntervalMs: 5_000,
      },
    });
    m.start();
    expect(await timers.next()).toBe(0); // first check at once
    expect(m.state('gateway')).toBe('online');
    expect(await timers.next()).toBe(30_000); // online cadence
    expect(m.state('gateway')).toBe('degraded');
    expect(await timers.next()).toBe(35_000); // retry cadence
    expect(await timers.next()).toBe(40_000);
    expect(m.state('gateway')).toBe('offline');
    expect(m.status('gateway').lastError).toBe('check failed');
    await timers.next();
    await timers.next();
    expect(m.state('gateway')).toBe('online');
    expect(calls).toBe(6);
    // Real traffic postpones the next check.
    const nextAt = [...timers.pending.values()][0]!.at;
    clock.t = nextAt - 1000;
    m.report('gateway', true);
    await timers.next(); // fires, sees recent evidence, re-arms without checking
    expect(calls).toBe(6);
    expect([...timers.pending.values()][0]!.at).toBe(nextAt - 1000 + 30_000);
    m.stop();
    expect(timers.pending.size).toBe(0);
  });

  it('counts a throwing check as a failure', async () => {
    const m = createConnectivityMonitor({
      now: () => 0,
      offlineAfter: 1,
      backOffice: {
        check: async () => {
          throw new Error('boom');
        },
      },
    });
    expect(await m.checkNow('backOffice')).toBe('offline');
    expect(m.status('backOffice').lastError).toBe('boom');
  });
});

describe('httpReachabilityCheck', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  });

  it('any answer below 500 is reachable; 5xx and refused connections are not', async () => {
    let status = 404;
    server = createServer((_req, res) => {
      res.statusCode = status;
      res.end('x');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const check = httpReachabilityCheck(url, { timeoutMs: 2000 });
    expect(await check()).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
    status = 503;
    expect(await check()).toMatchObject({ ok: false, error: 'HTTP 503' });
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    expect(await check()).toMatchObject({ ok: false, error: expect.any(String) });
    // A port nobody listens on.
    expect(await httpReachabilityCheck(url, { timeoutMs: 2000 })()).toMatchObject({
      ok: false,
      error: expect.stringMatching(/ECONNREFUSED|UND_ERR_SOCKET/),
    });
  });
});
