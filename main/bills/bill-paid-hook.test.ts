import { afterEach, beforeEach, expect, it } from 'vitest';
import type { BillView } from '../../app/contract/schemas.js';
import { audit, listAudit } from '../store/audit.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createBillService, type BillService } from './bill-service.js';
import { ensureTerminalNo } from './terminal.js';

let t: TempStore;
let bills: BillService;

beforeEach(() => {
  t = tempStore();
  t.store.db
    .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 10000)")
    .run(t.clock.t);
  ensureTerminalNo(t.store, 'T01', () => t.clock.t);
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
});

afterEach(() => t.cleanup());

function cashSale(amountFen: number): BillView {
  const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: null });
  bills.addFreeAmount(b.id, amountFen);
  return bills.payCash(b.id, { tenderedFen: amountFen, operatorNo: '1001' }).bill;
}

it('runs each paid hook once, inside the transaction that records the payment, with the paid bill', () => {
  const seen: { billNo: string; status: string; inTx: boolean }[] = [];
  bills.onPaid((bill) => seen.push({ billNo: bill.billNo, status: bill.status, inTx: t.store.db.inTransaction }));
  const paid = cashSale(1200);
  expect(seen).toEqual([{ billNo: paid.billNo, status: 'paid', inTx: true }]);
});

it('a throwing hook loses only its own writes: the payment stays recorded and the failure is audited', () => {
  bills.onPaid((bill) => {
    audit(t.store, { action: 'test.hook-wrote', subject: `bill:${bill.billNo}` });
    throw new Error('journal full');
  });
  const paid = cashSale(500);
  expect(bills.get(paid.id)?.status).toBe('paid');
  const actions = listAudit(t.store, { limit: 50 }).map((a) => a.action);
  expect(actions).not.toContain('test.hook-wrote');
  expect(actions).toContain('bill.paid-hook-failed');
});

it('an unsubscribed hook is not called again', () => {
  let calls = 0;
  const off = bills.onPaid(() => void calls++);
  cashSale(100);
  off();
  cashSale(100);
  expect(calls).toBe(1);
});

it('a bill whose amount a back office set takes no discount, 改价 or 抹零; other bills still do', () => {
  const fixed = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: null });
  bills.addFreeAmount(fixed.id, 10_000, '校宝充值 张小明（1001）');
  const off = bills.fixAmounts((billId) => billId === fixed.id);
  const actor = { operatorNo: '9001', authorisedBy: null, limit: null };
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return 'ok';
    } catch (e) {
      return (e as { code?: string }).code;
    }
  };
  expect(codeOf(() => bills.discount(fixed.id, {}, { mode: 'percent', rate: 90 }, actor))).toBe('bill-amount-fixed');
  expect(codeOf(() => bills.overridePrice(fixed.id, 1, 5_000, actor))).toBe('bill-amount-fixed');
  expect(codeOf(() => bills.roundOff(fixed.id, 'drop-jiao', '9001'))).toBe('bill-amount-fixed');
  expect(bills.get(fixed.id)?.totalFen).toBe(10_000);
  off();
  expect(codeOf(() => bills.discount(fixed.id, {}, { mode: 'percent', rate: 90 }, actor))).toBe('ok');
  expect(bills.get(fixed.id)?.totalFen).toBe(9_000);
});
