import { describe, expect, it } from 'vitest';
import { runChaos } from './chaos-payments.js';

describe('payment chaos (small size for CI; `npm run chaos:payments` runs 300)', () => {
  it('30 payments, random faults, SIGKILL at random moments: no double charge, nothing lost, all final or reconciling', async () => {
    const r = await runChaos({
      payments: 30,
      counters: 4,
      seed: 20250131,
      deadlineMs: 2_500,
      killEveryMs: [200, 1_200],
      downMs: [0, 200],
      settleTimeoutMs: 30_000,
      log: () => {},
    });
    const failed = Object.entries(r.checks).filter(([, c]) => !c.ok);
    expect(failed).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.acknowledged).toBe(30);
    expect(r.kills).toBeGreaterThanOrEqual(3);
    expect(r.gateway.doubleCharged).toEqual([]);
    expect(r.gateway.maxBarCodePerBillNum).toBe(1);
    expect(r.gateway.charged).toBeGreaterThan(0);
    expect(r.attempts.total).toBeGreaterThanOrEqual(30);
  }, 90_000);
});
