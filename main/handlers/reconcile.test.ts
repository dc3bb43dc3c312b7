import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core.js';
import { dayOf } from '../backoffice/reconcile/reconcile.js';
import { createXiaobaoClient } from '../backoffice/xiaobao/client.js';
import { createXiaobaoPoster } from '../backoffice/xiaobao/poster.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { createMemoryTransport } from './memory-transport.js';

const cleanup = afterEachCleanup();

/** A core on the sandbox gateway: Xiaobao is its embedded simulator (demo). */
async function counter() {
  const core: Core = await createCore({
    shell: 'memory',
    dataDir: cleanup.tempDataDir('cp-rec-'),
    env: {},
    config: { setup: { completedAt: new Date().toISOString(), completedBy: 'test' } },
  });
  cleanup.defer(() => core.close());
  await core.operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
  await core.operators.add({ operatorNo: '9001', name: '李主管', role: 'supervisor', pin: '9999' });
  const api = createMemoryTransport(core.dispatch, core.bus);
  cleanup.defer(() => api.close());
  return { core, api };
}

describe('xiaobao.reconcile.* through dispatch', () => {
  it('supervisors only; the sandbox simulator answers; a retry is audited with its outcome', async () => {
    const { core, api } = await counter();
    const day = dayOf(Date.now());
    expect(core.backOffices.source.xiaobao).toBe('sandbox');
    await api.invoke('session.signIn', { operatorNo: '1001', pin: '1234' });
    expect(await api.invoke('xiaobao.reconcile', { day })).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    const auth = { supervisorNo: '9001', supervisorPin: '9999' };
    const empty = await api.invoke('xiaobao.reconcile', { day, auth });
    expect(empty).toMatchObject({ ok: true, value: { source: 'sandbox', rows: [], counts: { matched: 0 } } });

    // A posting the ERP refused, journaled through the poster as the Xiaobao service would.
    const xb = core.backOffices.xiaobao;
    if (!xb.configured) throw new Error('sandbox Xiaobao expected');
    const poster = createXiaobaoPoster({ db: core.store.db, client: createXiaobaoClient({ ...xb.client }) });
    poster.enqueue({ billNo: 'T01-R-1', kind: 'refund', stuInfoId: 1003, amountFen: 100, accountName: '现金' });
    expect((await poster.runDue())[0]).toMatchObject({ state: 'failed' }); // 王浩然 has no balance
    const r = await api.invoke('xiaobao.reconcile', { day, auth });
    expect(r).toMatchObject({ ok: true, value: { counts: { counterOnly: 1 } } });
    const retried = await api.invoke('xiaobao.reconcile.retry', { day, billNo: 'T01-R-1', auth });
    expect(retried).toMatchObject({ ok: true, value: { outcome: 'refused', detail: '学员余额不足' } });
    const rows = core.store.db
      .prepare(
        "SELECT operator_no AS operatorNo, authorised_by AS authorisedBy, subject, detail FROM audit_log WHERE action = 'xiaobao.reconcile-retry'",
      )
      .all();
    expect(rows).toEqual([
      {
        operatorNo: '1001',
        authorisedBy: '9001',
        subject: 'bill:T01-R-1',
        detail: JSON.stringify({ outcome: 'refused', day }),
      },
    ]);
    const file = await api.invoke('xiaobao.reconcile.export', { day, format: 'csv', auth });
    expect(file).toMatchObject({ ok: true, value: { fileName: `xiaobao-reconcile-${day}.csv` } });
    if (file.ok) expect(Buffer.from(file.value.base64, 'base64').toString('utf8')).toContain('T01-R-1');
  });
});
