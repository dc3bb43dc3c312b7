import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterpayApi } from '../../app/contract/index.js';
import { createCore, type Core } from '../core.js';
import { listAudit } from '../store/audit.js';
import { tempDir } from '../store/test-helpers.js';
import { createMemoryTransport } from './memory-transport.js';

/**
 * `supervisor.byGrant` (the supervisor screen opened by the caller's own role permissions)
 * through the real dispatcher of a real core: it tells the caller's grants and authorises
 * nothing; a revoked grant is gone at the next call, and main refuses its command at once.
 */

const clock = Date.parse('2026-12-05T09:00:00Z');
let core: Core;
let removeDataDir: () => void;
let n = 0;
const api = (): CounterpayApi => createMemoryTransport(core.dispatch, core.bus, `grant-${++n}`);

async function signedIn(operatorNo: string, pin: string): Promise<CounterpayApi> {
  const a = api();
  const r = await a.invoke('session.signIn', { operatorNo, pin });
  expect(r.ok).toBe(true);
  return a;
}

beforeAll(async () => {
  const data = tempDir('cp-grant-');
  removeDataDir = data.cleanup;
  core = await createCore({ shell: 'memory', dataDir: data.dir, now: () => clock });
  await core.operators.add({ operatorNo: '9001', name: '王主管', role: 'supervisor', pin: '246810' });
  await core.operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '7777' });
});

afterAll(async () => {
  await core.close();
  removeDataDir();
});

describe('supervisor.byGrant', () => {
  it('needs a signed-in operator', async () => {
    const r = await api().invoke('supervisor.byGrant', {});
    expect(r.ok ? 'ok' : r.error.code).toBe('not-signed-in');
  });

  it("tells a cashier their role's grants, naming the cashier; a grant shows at once, a revoke too", async () => {
    const sup = await signedIn('9001', '246810');
    expect((await sup.invoke('shift.open', { floatFen: 10_000 })).ok).toBe(true);
    const cashier = await signedIn('1001', '7777');

    const fresh = await cashier.invoke('supervisor.byGrant', {});
    expect(fresh.ok && fresh.value).toMatchObject({
      supervisor: { operatorNo: '1001', name: '张三', via: 'session' },
      grants: ['reprint'],
      openShiftId: expect.any(Number),
    });

    await sup.invoke('permissions.set', { role: 'cashier', permission: 'refund', granted: true });
    const granted = await cashier.invoke('supervisor.byGrant', {});
    expect(granted.ok && granted.value.grants).toEqual(['refund', 'reprint']);

    await sup.invoke('permissions.set', { role: 'cashier', permission: 'refund', granted: false });
    const revoked = await cashier.invoke('supervisor.byGrant', {});
    expect(revoked.ok && revoked.value.grants).toEqual(['reprint']);
    // Main refuses the withdrawn command whatever the screen shows.
    const range = { from: clock - 3_600_000, to: clock + 60_000, scope: 'day' as const };
    const search = await cashier.invoke('bill.search', range);
    expect(search.ok ? 'ok' : search.error.code).toBe('supervisor-required');
  });

  it('authorises nothing and writes no audit row; a supervisor holds every permission', async () => {
    const cashier = await signedIn('1001', '7777');
    const before = listAudit(core.store, { limit: 1000 }).length;
    expect((await cashier.invoke('supervisor.byGrant', {})).ok).toBe(true);
    expect(listAudit(core.store, { limit: 1000 })).toHaveLength(before);
    // Still a cashier: a supervisor command without a grant is refused.
    const check = await cashier.invoke('supervisor.check', {});
    expect(check.ok ? 'ok' : check.error.code).toBe('supervisor-required');
    expect(listAudit(core.store, { action: 'permission.used' })).toHaveLength(0);

    const sup = await signedIn('9001', '246810');
    const r = await sup.invoke('supervisor.byGrant', {});
    expect(r.ok && r.value.grants).toEqual([
      'refund',
      'void',
      'discount-over-limit',
      'price-override',
      'cash-move',
      'reprint',
      'shift-close',
    ]);
  });
});
