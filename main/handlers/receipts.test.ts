import { describe, expect, it } from 'vitest';
import { createCore, type Core, type ShellPrinting } from '../core.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { createMemoryTransport } from './memory-transport.js';

const cleanup = afterEachCleanup();

async function counter(printing?: ShellPrinting, printer: Record<string, unknown> = {}) {
  const dataDir = cleanup.tempDataDir('cp-receipt-');
  const core: Core = await createCore({
    shell: 'memory',
    dataDir,
    env: {},
    config: { printer, setup: { completedAt: new Date().toISOString(), completedBy: 'test' } },
    ...(printing ? { printing } : {}),
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
  const bill = await must(api.invoke('sale.quick', { amountFen: 1250 }));
  return { core, api, bill, must };
}

describe('receipt.print', () => {
  it('prints a paid bill through the shell at the paper size, on the configured printer, and audits it', async () => {
    const printed: { html: string; opts: Parameters<ShellPrinting['printReceipt']>[1] }[] = [];
    const { api, bill, must, core } = await counter(
      { printReceipt: async (html, opts) => void printed.push({ html, opts }) },
      { name: 'XP-80C', paperWidthMm: 58 },
    );
    // Not paid yet: no receipt.
    expect(await api.invoke('receipt.print', { billId: bill.id, reprint: false })).toMatchObject({
      ok: false,
      error: { code: 'bill-not-open' },
    });
    await must(api.invoke('payment.cash', { billId: bill.id, tenderedFen: 2000 }));

    const r = await must(api.invoke('receipt.print', { billId: bill.id, reprint: false }));
    expect(r).toEqual({ printed: true, printer: 'XP-80C', paperWidthMm: 58 });
    expect(printed).toHaveLength(1);
    expect(printed[0]?.opts.deviceName).toBe('XP-80C');
    expect(printed[0]?.opts.pageSizeMicrons.width).toBe(58_000);
    expect(printed[0]?.html).toContain(bill.billNo);
    expect(printed[0]?.html).toContain('12.50');

    await must(api.invoke('receipt.print', { billId: bill.id, paperWidthMm: 80, reprint: true }));
    expect(printed[1]?.opts.pageSizeMicrons.width).toBe(80_000);
    const actions = (
      core.store.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'receipt.%' ORDER BY id").all() as {
        action: string;
      }[]
    ).map((a) => a.action);
    expect(actions).toEqual(['receipt.print', 'receipt.reprint']);
  });

  it('says printer-unavailable when the shell has no printer or printing fails, and records nothing', async () => {
    const none = await counter();
    await none.must(none.api.invoke('payment.cash', { billId: none.bill.id, tenderedFen: 1250 }));
    expect(await none.api.invoke('receipt.print', { billId: none.bill.id, reprint: false })).toMatchObject({
      ok: false,
      error: { code: 'printer-unavailable' },
    });

    const jammed = await counter({ printReceipt: async () => Promise.reject(new Error('paper out')) });
    await jammed.must(jammed.api.invoke('payment.cash', { billId: jammed.bill.id, tenderedFen: 1250 }));
    expect(await jammed.api.invoke('receipt.print', { billId: jammed.bill.id, reprint: false })).toMatchObject({
      ok: false,
      error: { code: 'printer-unavailable', message: 'paper out' },
    });
    expect(
      jammed.core.store.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'receipt.%'").get(),
    ).toEqual({ n: 0 });
  });
});
