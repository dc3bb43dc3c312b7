import { describe, expect, it } from 'vitest';
import { runXiaobaoChaos } from './chaos-xiaobao.js';

describe('Xiaobao chaos (small size for CI; `npm run chaos:xiaobao` runs 200)', () => {
  it('20 top-ups, write/read faults, SIGKILL around the post: each top-up exactly once at the ERP, none missing', async () => {
    const r = await runXiaobaoChaos({
      topUps: 20,
      seed: 20261204,
      writeFaultRate: 0.5,
      readFaultRate: 0.1,
      killOnRequest: 0.15,
      killOnCommit: 0.25,
      killEveryMs: [200, 800],
      downMs: [0, 100],
      settleTimeoutMs: 45_000,
      log: () => {},
    });
    const failed = Object.entries(r.checks).filter(([, c]) => !c.ok);
    expect(failed).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.erp.duplicates).toEqual([]);
    expect(r.journal.byState).toEqual({ posted: 20 });
    expect(r.kills.total).toBeGreaterThanOrEqual(3);
    expect(r.journal.foundByLookup).toBeGreaterThan(0); // some outcomes were unknown and resolved by look-up
  }, 90_000);
});
