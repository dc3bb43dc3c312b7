import { describe, expect, it } from 'vitest';
import { runKesionChaos } from './chaos-kesion.js';

describe('KesionEDU chaos (small; `npx tsx scripts/chaos-kesion.ts` runs 40)', () => {
  it('12 counter-collected orders, kills after the ERP committed, 500s after commit: each confirmed exactly once', async () => {
    const r = await runKesionChaos({
      orders: 12,
      seed: 20261205,
      commitThenKill: 0.3,
      commitThen500: 0.2,
      killOnRequest: 0.1,
      settleTimeoutMs: 60_000,
      log: () => {},
    });
    expect(r.erp.notOnce).toEqual([]);
    expect(r.erp.repeated).toBe(0);
    expect(r.journal.byState).toEqual({ confirmed: 12 });
    expect(r.kills).toBeGreaterThanOrEqual(2);
    expect(r.journal.foundByCheck).toBeGreaterThan(0); // some outcomes were unknown and settled by the check
    expect(r.ok).toBe(true);
  }, 90_000);
});
