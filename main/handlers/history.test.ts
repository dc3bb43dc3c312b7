import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { createMemoryTransport } from './memory-transport.js';

const cleanup = afterEachCleanup();

async function counter() {
  const dataDir = cleanup.tempDataDir('cp-history-');
  const core: Core = await createCore({
    shell: 'memory',
    dataDir,
    env: {},
    config: { setup: { completedAt: new Date().toISOString(), completedBy: 'test' } },
  });
  cleanup.defer(() => core.close());
  await core.operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
  const api = createMemoryTransport(core.dispatch, core.bus);
  cleanup.defer(() => api.close());
  const must = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  return { core, api, must };
}

describe('history.* commands', () => {
  it('need a signed-in operator; search, open a bill, and count page-printed reprints in the audit log', async () => {
    const { core, api, must } = await counter();
    const day = { from: 0, to: Date.now() + 60_000 };
    expect(await api.invoke('history.search', { scope: 'day', ...day })).toMatchObject({
      ok: false,
      error: { code: 'not-signed-in' },
    });
    await must(api.invoke('session.signIn', { operatorNo: '1001', pin: '1234' }));
    await must(api.invoke('shift.open', { floatFen: 0 }));
    const bill = await must(api.invoke('sale.quick', { amountFen: 1250 }));
    await must(api.invoke('payment.cash', { billId: bill.id, tenderedFen: 2000 }));

    const page = await must(api.invoke('history.search', { scope: 'shift', ...day, billNoEnd: bill.billNo.slice(-6) }));
    expect(page).toMatchObject({ page: 0, pageSize: 20, more: false });
    expect(page.rows.map((r) => r.billNo)).toEqual([bill.billNo]);
    expect(page.rows[0]).toMatchObject({ totalFen: 1250, tenderKinds: ['cash'], operatorNo: '1001' });
    // Bad filters name the field.
    expect(await api.invoke('history.search', { scope: 'day', ...day, payCodeEnd: '12' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });

    const one = await must(api.invoke('history.bill', { billNo: bill.billNo }));
    expect(one).toMatchObject({ bill: { billNo: bill.billNo, status: 'paid' }, attempts: [], reprints: 0 });
    expect(await must(api.invoke('history.printed', { billNo: bill.billNo, reprint: true }))).toEqual({ reprints: 1 });
    expect(await must(api.invoke('history.printed', { billNo: bill.billNo, reprint: false }))).toEqual({ reprints: 1 });
    expect((await must(api.invoke('history.bill', { billNo: bill.billNo }))).reprints).toBe(1);
    const audit = core.store.db
      .prepare("SELECT action, operator_no AS operatorNo FROM audit_log WHERE action LIKE 'receipt.%' ORDER BY id")
      .all();
    expect(audit).toEqual([
      { action: 'receipt.reprint', operatorNo: '1001' },
      { action: 'receipt.print', operatorNo: '1001' },
    ]);
    expect(await api.invoke('history.bill', { billNo: 'T01-000000-000000-0000' })).toMatchObject({
      ok: false,
      error: { code: 'bill-not-found' },
    });
  });
});
