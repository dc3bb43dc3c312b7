/**
 * Split payment at the bill level (docs/ARCHITECTURE.md §6.6): cash parts, barcode parts,
 * partly paid bills frozen, parked when the counter moved on, and refusals naming what to do.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { shiftSummary } from '../store/shift-summary.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createBillService, PARTLY_PAID_LABEL, type BillService } from './bill-service.js';
import { ensureTerminalNo } from './terminal.js';

let t: TempStore;
let bills: BillService;
let shiftId: number;

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

function attempt(billId: number, attemptNo: number, amountFen: number): number {
  const bill = bills.get(billId)!;
  return Number(
    t.store.db
      .prepare(
        `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, deadline_at, created_at, updated_at)
         VALUES (?, ?, ?, 1, '1001', ?, '134567890123456789', 'sent', 0, 0, 0)`,
      )
      .run(billId, attemptNo, `G${bill.id}-${attemptNo}`, amountFen).lastInsertRowid,
  );
}

const sale = (amountFen = 8000) => {
  const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
  return bills.addFreeAmount(b.id, amountFen);
};
const cash = (billId: number, tenderedFen: number) => bills.payCash(billId, { tenderedFen, operatorNo: '1001' });

beforeEach(() => {
  t = tempStore();
  shiftId = Number(
    t.store.db
      .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 0)")
      .run(t.clock.t).lastInsertRowid,
  );
  ensureTerminalNo(t.store, 'T01', () => t.clock.t);
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
});
afterEach(() => t.cleanup());

describe('split payment: cash parts', () => {
  it('cash less than due is a part: the bill stays open with the rest due; the last part gives change', () => {
    const b = sale(8000);
    const part = cash(b.id, 5000);
    expect(part.changeFen).toBe(0);
    expect(part.bill).toMatchObject({ status: 'open', dueFen: 3000 });
    expect(t.store.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
    const last = cash(b.id, 5000);
    expect(last.changeFen).toBe(2000);
    expect(last.bill).toMatchObject({ status: 'paid', dueFen: 0 });
    expect(last.bill.tenders.map((x) => [x.amountFen, x.tenderedFen, x.changeFen])).toEqual([
      [5000, 5000, 0],
      [3000, 5000, 2000],
    ]);
    expect(t.store.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(1);
  });

  it('a partly paid bill is frozen: lines, card, park and void are refused with bill-partly-paid naming the amounts', () => {
    const b = sale(8000);
    cash(b.id, 5000);
    for (const fn of [
      () => bills.addFreeAmount(b.id, 100),
      () => bills.setQuantity(b.id, 1, 2),
      () => bills.voidLine(b.id, 1),
      () => bills.suspend(b.id),
      () => bills.voidBill(b.id, '1001', 'customer left'),
    ]) {
      const e = appError(fn);
      expect(e.code).toBe('bill-partly-paid');
      expect(e.details).toMatchObject({ billId: b.id, paidFen: 5000, totalFen: 8000 });
    }
    expect(bills.get(b.id)!.status).toBe('open');
    expect(bills.get(b.id)!.lines).toHaveLength(1);
  });
});

describe('split payment: barcode parts', () => {
  it('a barcode part reopens the bill partly paid; the part that covers the rest closes it', () => {
    const b = sale(8000);
    bills.lockForPayment(b.id);
    const a1 = attempt(b.id, 1, 2000);
    const mid = bills.completeByBarcode(b.id, { attemptId: a1, amountFen: 2000, reference: 'G1' });
    expect(mid).toMatchObject({ status: 'open', dueFen: 6000 });
    t.store.db.prepare("UPDATE payment_attempts SET state = 'paid' WHERE id = ?").run(a1);
    bills.lockForPayment(b.id);
    const a2 = attempt(b.id, 2, 6000);
    expect(bills.completeByBarcode(b.id, { attemptId: a2, amountFen: 6000, reference: 'G2' }).status).toBe('paid');
  });

  it('a declined part after a paid one: open again, partly paid (not fully open)', () => {
    const b = sale(8000);
    cash(b.id, 1000);
    bills.lockForPayment(b.id);
    attempt(b.id, 1, 7000);
    expect(bills.unlockAfterDecline(b.id)).toMatchObject({ status: 'open', dueFen: 7000 });
    expect(appError(() => bills.addFreeAmount(b.id, 1)).code).toBe('bill-partly-paid');
  });

  it('a part paid late after the counter moved on parks the bill (部分已付); resumed it is still partly paid', () => {
    const b = sale(8000);
    bills.lockForPayment(b.id);
    const a1 = attempt(b.id, 1, 3000);
    bills.markUnconfirmed(b.id);
    const other = sale(100); // the counter moved on while the part was unconfirmed
    const parked = bills.completeByBarcode(b.id, { attemptId: a1, amountFen: 3000, reference: 'G1' });
    expect(parked).toMatchObject({ status: 'suspended', suspendedLabel: PARTLY_PAID_LABEL, dueFen: 5000 });
    expect(appError(() => bills.voidBill(b.id, '1001', 'x')).code).toBe('bill-partly-paid');
    cash(other.id, 100);
    const resumed = bills.resume(b.id);
    expect(resumed).toMatchObject({ status: 'open', dueFen: 5000 });
    expect(appError(() => bills.suspend(b.id)).code).toBe('bill-partly-paid');
  });

  it('a success on a bill completed otherwise is a double payment: refused, for the engine to flag', () => {
    const b = sale(8000);
    bills.lockForPayment(b.id);
    const a1 = attempt(b.id, 1, 8000);
    bills.unlockAfterDecline(b.id); // e.g. a supervisor cancelled it
    t.store.db.prepare("UPDATE payment_attempts SET state = 'cancelled' WHERE id = ?").run(a1);
    cash(b.id, 8000);
    expect(
      appError(() => bills.completeByBarcode(b.id, { attemptId: a1, amountFen: 8000, reference: 'G1' })).code,
    ).toBe('bill-already-paid');
    expect(bills.get(b.id)!.tenders).toHaveLength(1);
  });

  it('a part larger than what is still due is refused (never more tender than the total)', () => {
    const b = sale(8000);
    cash(b.id, 5000);
    bills.lockForPayment(b.id);
    const a1 = attempt(b.id, 1, 3001);
    const e = appError(() => bills.completeByBarcode(b.id, { attemptId: a1, amountFen: 3001, reference: 'G1' }));
    expect(e.code).toBe('amount-out-of-range');
    expect(e.details).toMatchObject({ field: 'amountFen', max: 3000, value: 3001 });
  });
});

describe('split payment: shift reports', () => {
  it('a bill paid by two tenders is one sale; each tender counts under its kind; cash counts what was applied', () => {
    const b = sale(8000);
    cash(b.id, 5000);
    bills.lockForPayment(b.id);
    const a1 = attempt(b.id, 1, 2000);
    bills.completeByBarcode(b.id, { attemptId: a1, amountFen: 2000, reference: 'G1' });
    expect(cash(b.id, 5000).changeFen).toBe(4000);
    const s = shiftSummary(t.store, shiftId, { detail: true, utcOffsetMinutes: 480 })!;
    expect(s.paidBillCount).toBe(1);
    expect(s.byBusinessType).toEqual([expect.objectContaining({ kind: 'sale', count: 1, totalFen: 8000 })]);
    expect(s.detail.byOperator).toEqual([expect.objectContaining({ salesCount: 1, salesFen: 8000 })]);
    const byKind = Object.fromEntries(s.byTender.map((x) => [x.kind, x]));
    expect(byKind['cash']).toMatchObject({ salesCount: 2, salesFen: 6000, tenderedFen: 10_000, changeFen: 4000 });
    expect(byKind['barcode']).toMatchObject({ salesCount: 1, salesFen: 2000 });
    expect(s.takenFen).toBe(8000);
    expect(s.cash.salesFen).toBe(6000);
  });
});

describe('split payment: cancelling a partly paid bill', () => {
  const refund = (billId: number, amountFen?: number) =>
    bills.refund({
      originalBillId: billId,
      ...(amountFen !== undefined ? { amountFen } : {}),
      tenderKind: 'cash',
      operatorNo: '1001',
      authorisedBy: '9001',
      reason: 'customer changed their mind',
    });

  it('refunds the paid parts all at once and voids the bill in the same transaction', () => {
    const b = sale(8000);
    cash(b.id, 5000);
    bills.lockForPayment(b.id);
    const a1 = attempt(b.id, 1, 2000);
    bills.completeByBarcode(b.id, { attemptId: a1, amountFen: 2000, reference: 'G1' });
    expect(bills.refundable(b.id)).toMatchObject({ totalFen: 7000, remainingFen: 7000 });
    // Only all of it: a partial refund would leave a bill that owes money it already gave back.
    const e = appError(() => refund(b.id, 5000));
    expect(e.code).toBe('amount-out-of-range');
    expect(e.details).toMatchObject({ min: 7000, max: 7000, value: 5000 });
    const r = refund(b.id);
    expect(r).toMatchObject({ kind: 'refund', status: 'paid', totalFen: 7000 });
    expect(r.tenders).toEqual([expect.objectContaining({ kind: 'cash', amountFen: -7000 })]);
    expect(bills.get(b.id)!.status).toBe('voided');
    expect(bills.refundable(b.id).remainingFen).toBe(0);
    // The drawer: cash in 5000, out 7000 (the barcode part paid back in cash); net taken 0.
    const s = shiftSummary(t.store, shiftId)!;
    expect(s.takenFen).toBe(0);
    expect(s.paidBillCount).toBe(1); // the refund bill; the cancelled sale is not a sale
  });

  it('an open bill with no money in is not refundable (it is voided as before)', () => {
    const b = sale(8000);
    expect(appError(() => refund(b.id)).code).toBe('invalid-input');
    expect(bills.refundable(b.id).remainingFen).toBe(0);
  });
});
