import { describe, expect, it } from 'vitest';
import { startKesionSimulator } from '../backoffice/kesion/simulator.js';
import { createCore, type Core } from '../core.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { createMemoryTransport } from './memory-transport.js';

const cleanup = afterEachCleanup();

async function counter(kesion: Record<string, unknown>) {
  const dataDir = cleanup.tempDataDir('cp-kesion-');
  const core: Core = await createCore({
    shell: 'memory',
    dataDir,
    // Not configured means not configured: no embedded demo back office stands in (sandbox.ts).
    env: { COUNTERPAY_BACKOFFICE_SANDBOX: 'off' },
    config: {
      setup: { completedAt: new Date().toISOString(), completedBy: 'test' },
      backOffices: { kesion },
    },
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
  await must(api.invoke('session.signIn', { operatorNo: '1001', pin: '1234' }));
  await must(api.invoke('shift.open', { floatFen: 0 }));
  return { core, api, must };
}

describe('kesion.* commands through createCore', () => {
  it('柜台收款: the bill goes on the counter, cash pays it, the journal row is written with the money and confirmed', async () => {
    const sim = await startKesionSimulator({ apptoken: 'tok', counterPayIds: ['100'] });
    cleanup.defer(() => sim.close());
    const { core, api, must } = await counter({ url: sim.url, apptoken: 'tok', counterPayId: '100' });
    expect(await must(api.invoke('kesion.status', {}))).toEqual({ configured: true, counterPay: true, maxIds: 200 });
    const preview = await must(api.invoke('kesion.preview', { type: 1, courseIds: '101,102', students: 'a1 a2 a3' }));
    const order = await must(
      api.invoke('kesion.save', { type: 1, courseIds: preview.courseIds, userIds: preview.userIds }),
    );
    expect(await must(api.invoke('kesion.unfinished', {}))).toEqual({ rows: [order] });
    const bill = await must(api.invoke('kesion.collect', { id: order.id }));
    expect((await must(api.invoke('counter.state', {}))).bill?.id).toBe(bill.id);
    // The ERP's total is what is collected: no discount on the enrollment's bill.
    expect(
      await api.invoke('bill.discount', { billId: bill.id, discount: { mode: 'percent', rate: 90 } }),
    ).toMatchObject({ ok: false, error: { code: 'bill-amount-fixed' } });
    const changed = new Promise<void>((resolve) =>
      core.bus.subscribe((name, payload) => {
        if (name === 'kesion.changed' && (payload as { state: string }).state === 'confirmed') resolve();
      }),
    );
    await must(api.invoke('payment.cash', { billId: bill.id, tenderedFen: bill.totalFen }));
    await changed;
    expect(await must(api.invoke('kesion.get', { id: order.id }))).toMatchObject({
      state: 'confirmed',
      mode: 'counter',
      billNo: bill.billNo,
    });
    expect(sim.ledger().orders[0]).toMatchObject({ paid: true, confirmCount: 1, paidWith: '100' });
    // The supervisor's list needs a supervisor.
    expect(await api.invoke('kesion.exceptions', {})).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
  });

  it('未配置: every step says kesion-not-configured; counter collection off without counterPayId', async () => {
    const { api } = await counter({});
    expect(await api.invoke('kesion.status', {})).toEqual({
      ok: true,
      value: { configured: false, counterPay: false, maxIds: 200 },
    });
    expect(await api.invoke('kesion.preview', { type: 1, courseIds: '101', students: 'a' })).toMatchObject({
      ok: false,
      error: { code: 'kesion-not-configured' },
    });
  });
});

it('柜台收款 is refused without counterPayId (kesion-counter-pay-off); the order stays saved for 机构余额支付', async () => {
  const sim = await startKesionSimulator({ apptoken: 'tok' });
  cleanup.defer(() => sim.close());
  const { api, must } = await counter({ url: sim.url, apptoken: 'tok' });
  const preview = await must(api.invoke('kesion.preview', { type: 2, courseIds: '201', students: 'b1' }));
  const order = await must(
    api.invoke('kesion.save', { type: 2, courseIds: preview.courseIds, userIds: preview.userIds }),
  );
  expect(await api.invoke('kesion.collect', { id: order.id })).toMatchObject({
    ok: false,
    error: { code: 'kesion-counter-pay-off' },
  });
  expect(await must(api.invoke('kesion.payBalance', { id: order.id }))).toMatchObject({ state: 'confirmed' });
});
