import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBillService, type BillService } from '../bills/bill-service.js';
import { createShiftService } from '../store/shifts.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createCounterBill, type CounterBill } from './counter-bill.js';

let t: TempStore;
let bills: BillService;
let counter: CounterBill;
let shiftId: number;

beforeEach(() => {
  t = tempStore();
  const now = () => t.clock.t;
  bills = createBillService({ store: t.store, now, terminalNo: 'T01' });
  shiftId = createShiftService({ store: t.store, now }).open({ operatorNo: '1001', floatFen: 0 }).id;
  counter = createCounterBill({ store: t.store, now, bills });
});
afterEach(() => t.cleanup());

describe('the bill on the counter', () => {
  it('is remembered across instances (a restart), falls back to the open bill when parked, and leaves only when it is the one shown', () => {
    expect(counter.billOnCounter()).toBeNull();
    const a = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
    bills.addFreeAmount(a.id, 100);
    const paid = bills.payCash(a.id, { tenderedFen: 100, operatorNo: '1001' }).bill;
    counter.show(paid);
    // A paid bill stays on the counter until cleared, also for a new instance over the same ledger.
    const again = createCounterBill({ store: t.store, now: () => t.clock.t, bills });
    expect(again.billOnCounter()?.id).toBe(a.id);
    // Another bill leaving the counter does not clear this one.
    again.offCounter(a.id + 100);
    expect(counter.billOnCounter()?.id).toBe(a.id);
    again.offCounter(a.id);
    expect(counter.billOnCounter()).toBeNull();

    const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
    bills.addFreeAmount(b.id, 200);
    counter.show(b);
    bills.suspend(b.id);
    // Parked: the counter shows the newest open bill instead (none here).
    expect(counter.billOnCounter()).toBeNull();
    const c = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
    expect(counter.billOnCounter()?.id).toBe(c.id);
    counter.show(null);
    expect(counter.billOnCounter()?.id).toBe(c.id);
  });
});
