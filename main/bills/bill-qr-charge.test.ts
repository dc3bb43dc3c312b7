import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createBillService, type BillService } from './bill-service.js';
import { ensureTerminalNo } from './terminal.js';

let t: TempStore;
let bills: BillService;

beforeEach(() => {
  t = tempStore();
  t.store.db
    .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 0)")
    .run(t.clock.t);
  ensureTerminalNo(t.store, 'T01', () => t.clock.t);
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
});
afterEach(() => t.cleanup());

function lockedBill(fen: number) {
  const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: 1 });
  bills.addLine(b.id, { itemCode: null, name: '短信套餐', unitPriceFen: fen, quantity: 1 });
  return bills.lockForPayment(b.id);
}

it('closes a locked bill with a campus-qr tender once; the same charge again changes nothing', () => {
  const b = lockedBill(3600);
  const paid = bills.completeByQrCharge(b.id, { kind: 'campus-qr', amountFen: 3600, reference: 'ch_1' });
  expect(paid.status).toBe('paid');
  expect(paid.tenders).toEqual([expect.objectContaining({ kind: 'campus-qr', amountFen: 3600, reference: 'ch_1' })]);
  expect(
    bills.completeByQrCharge(b.id, { kind: 'campus-qr', amountFen: 3600, reference: 'ch_1' }).tenders,
  ).toHaveLength(1);
  // Another charge on a paid bill is refused (a double payment is never booked silently).
  expect(() => bills.completeByQrCharge(b.id, { kind: 'campus-qr', amountFen: 3600, reference: 'ch_2' })).toThrow(
    expect.objectContaining({ code: 'bill-already-paid' }),
  );
});

it('refuses an amount that is not the amount due, and an open bill', () => {
  const b = lockedBill(3600);
  expect(() => bills.completeByQrCharge(b.id, { kind: 'campus-qr', amountFen: 3500, reference: 'ch_1' })).toThrow(
    expect.objectContaining({ code: 'amount-out-of-range' }),
  );
  bills.unlockAfterDecline(b.id);
  expect(() => bills.completeByQrCharge(b.id, { kind: 'campus-qr', amountFen: 3600, reference: 'ch_1' })).toThrow(
    expect.objectContaining({ code: 'bill-not-open' }),
  );
});
