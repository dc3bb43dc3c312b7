/** Ctrl+G at the counter: the next barcode part's amount, kept by the core, used once by a scan. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { classifyScan } from '../../app/scan/classify.js';
import { routeScan } from '../../app/scan/route.js';
import { createBillService } from '../bills/bill-service.js';
import { createCatalog } from '../catalog/catalog.js';
import { createEventBus } from '../events.js';
import type { PaymentEngine } from '../payments/types.js';
import { tempStore } from '../store/test-helpers.js';
import { createCounter } from './counter.js';
import { createScanActor } from './scan-actor.js';
import { counterServices } from './test-services.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('counter: split payment parts', () => {
  it('setPart is checked against the amount due, shows in the state, and the next collect uses it once', async () => {
    const ts = tempStore();
    try {
      const { store, now, shifts, settings, sessions } = await counterServices(ts);
      const bills = createBillService({ store, now, terminalNo: 'T01' });
      const collected: Parameters<PaymentEngine['collect']>[0][] = [];
      const counter = createCounter({
        store,
        now,
        bills,
        payments: {
          collect: (input) => {
            collected.push(input);
            return {} as never;
          },
          latestForBill: () => null,
        },
        shifts,
        terminalSettings: settings,
        sessions,
        bus: createEventBus(),
        defaultOperatorNo: '1001',
        connectivityNow: () => ({ gateway: 'online', backOffice: 'online', outboxDepth: 0, oldestWaitingMs: null }),
      });
      const bill = counter.quickSale(8000);
      expect(counter.state().nextPartFen).toBeNull();
      expect(code(() => counter.setPart(bill.id, 8001))).toBe('amount-out-of-range');
      expect(code(() => counter.setPart(bill.id, 0))).toBe('amount-out-of-range');
      expect(counter.setPart(bill.id, 2000).nextPartFen).toBe(2000);
      counter.collect(bill.id, '130000000000000001');
      expect(collected[0]).toMatchObject({ billId: bill.id, amountFen: 2000 });
      // Used once: the following scan takes the whole rest.
      expect(counter.state().nextPartFen).toBeNull();
      counter.collect(bill.id, '130000000000000002');
      expect(collected[1]).toMatchObject({ billId: bill.id, amountFen: null });
      // Choosing the whole due, or null, clears it.
      counter.setPart(bill.id, 3000);
      expect(counter.setPart(bill.id, null).nextPartFen).toBeNull();
      expect(counter.setPart(bill.id, 8000).nextPartFen).toBeNull();
    } finally {
      ts.cleanup();
    }
  });
});

describe('scan actor: a partly paid bill', () => {
  it('a product scan or a typed amount on a partly paid bill is refused in words, not a code', async () => {
    const ts = tempStore();
    try {
      const { store, now, shifts, settings, sessions } = await counterServices(ts);
      await sessions.signIn('c1', '1001', '1234');
      sessions.openShift('c1', 0);
      const catalog = createCatalog({ store, now });
      catalog.upsert({ code: '6901234567892', name: '成人票', priceFen: 8000, businessType: 1 });
      const bills = createBillService({ store, now, terminalNo: 'T01' });
      const b = bills.addFreeAmount(
        bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: shifts.current()!.id }).id,
        8000,
      );
      bills.payCash(b.id, { tenderedFen: 5000, operatorNo: '1001' });
      const actor = createScanActor({
        bills,
        sessions,
        shifts,
        settings,
        bus: createEventBus(),
        billOnCounter: () => bills.get(b.id),
        show: () => {},
        collect: () => ({}) as never,
        attemptLive: () => false,
      });
      const classified = classifyScan('6901234567892');
      const out = actor.act({ classified, route: routeScan(classified, actor.mode()) });
      expect(out).toMatchObject({ action: 'reject', reason: 'bill-partly-paid' });
      expect(out.zh).toContain('已收部分款项');
      expect(out.zh).not.toMatch(/[a-z]-[a-z]/);
    } finally {
      ts.cleanup();
    }
  });
});
