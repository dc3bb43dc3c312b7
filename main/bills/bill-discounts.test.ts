import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createBillService, type BillService } from './bill-service.js';
import { ensureTerminalNo } from './terminal.js';

/**
 * The ledger keeps the pricing invariant whatever the cashier does, in any order: adding lines,
 * changing quantities, voiding lines, discounts on lines and on the bill, 改价 and 抹零 — the
 * live lines' amount_fen always add up to bills.total_fen, no line is negative, and what the
 * adjustments record matches the lines.
 */
let t: TempStore;
let bills: BillService;

beforeAll(() => {
  t = tempStore();
  t.store.db
    .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', 0, 0)")
    .run();
  ensureTerminalNo(t.store, 'T01', () => t.clock.t);
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
});
afterAll(() => t.cleanup());

const actor = { operatorNo: '1001', authorisedBy: null, limit: null };

type Op =
  | { op: 'add'; fen: number; qty: number }
  | { op: 'qty'; line: number; qty: number }
  | { op: 'void'; line: number }
  | { op: 'lineDisc'; line: number; rate: number | null; fen: number }
  | { op: 'billDisc'; rate: number | null; fen: number }
  | { op: 'price'; line: number; fen: number }
  | { op: 'round'; rule: 'drop-fen' | 'drop-jiao' | 'round-jiao' | null };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('add' as const),
    fen: fc.integer({ min: 0, max: 50_000 }),
    qty: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({
    op: fc.constant('qty' as const),
    line: fc.integer({ min: 1, max: 6 }),
    qty: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({ op: fc.constant('void' as const), line: fc.integer({ min: 1, max: 6 }) }),
  fc.record({
    op: fc.constant('lineDisc' as const),
    line: fc.integer({ min: 1, max: 6 }),
    rate: fc.option(fc.integer({ min: 1, max: 99 })),
    fen: fc.integer({ min: 1, max: 20_000 }),
  }),
  fc.record({
    op: fc.constant('billDisc' as const),
    rate: fc.option(fc.integer({ min: 1, max: 99 })),
    fen: fc.integer({ min: 1, max: 50_000 }),
  }),
  fc.record({
    op: fc.constant('price' as const),
    line: fc.integer({ min: 1, max: 6 }),
    fen: fc.integer({ min: 0, max: 60_000 }),
  }),
  fc.record({ op: fc.constant('round' as const), rule: fc.constantFrom('drop-fen', 'drop-jiao', 'round-jiao', null) }),
);

/** Apply one edit; false when it was refused. */
function apply(billId: number, o: Op): boolean {
  try {
    switch (o.op) {
      case 'add':
        bills.addLine(billId, { name: 'x', unitPriceFen: o.fen, quantity: o.qty });
        return true;
      case 'qty':
        bills.setQuantity(billId, o.line, o.qty);
        return true;
      case 'void':
        bills.voidLine(billId, o.line);
        return true;
      case 'lineDisc':
        bills.discount(
          billId,
          { lineNo: o.line },
          o.rate === null ? { mode: 'amount', fen: o.fen } : { mode: 'percent', rate: o.rate },
          actor,
        );
        return true;
      case 'billDisc':
        bills.discount(
          billId,
          {},
          o.rate === null ? { mode: 'amount', fen: o.fen } : { mode: 'percent', rate: o.rate },
          actor,
        );
        return true;
      case 'price':
        bills.overridePrice(billId, o.line, o.fen, actor);
        return true;
      case 'round':
        bills.roundOff(billId, o.rule, '1001');
        return true;
    }
  } catch (e) {
    // A refusal (no such line, a discount larger than the amount …) must change nothing.
    if (!(e instanceof AppError)) throw e;
    return false;
  }
}

describe('bill discounts in the ledger', () => {
  it('for any sequence of edits the lines add up to the total, none is negative, and a refusal changes nothing', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => {
        const bill = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: 1 });
        try {
          for (const o of ops) {
            const before = bills.get(bill.id)!;
            const applied = apply(bill.id, o);
            const after = bills.get(bill.id)!;
            if (!applied) expect(after).toEqual(before);
            const live = after.lines.filter((l) => !l.voided);
            expect(live.reduce((s, l) => s + l.amountFen, 0)).toBe(after.totalFen);
            for (const l of live) expect(l.amountFen).toBeGreaterThanOrEqual(0);
            const p = after.pricing;
            if (p) {
              const list = live.reduce((s, l) => s + (l.listPriceFen ?? l.unitPriceFen) * l.quantity, 0);
              const price = p.adjustments.filter((a) => a.kind === 'price').reduce((s, a) => s + a.amountFen, 0);
              expect(list - price - p.lineDiscountFen - p.billDiscountFen - p.roundOffFen).toBe(after.totalFen);
            }
          }
        } finally {
          bills.voidBill(bill.id, '1001', 'test');
        }
      }),
      { seed: 0xb111, numRuns: 120 },
    );
  });

  it('refuses a discount on a recharge, and a percent outside 1–99', () => {
    const r = bills.create({ kind: 'recharge', businessType: 7, operatorNo: '1001', shiftId: 1, cardNo: '12345678' });
    bills.addFreeAmount(r.id, 10_000);
    expect(() => bills.discount(r.id, {}, { mode: 'percent', rate: 90 }, actor)).toThrow(
      /recharge bill takes no discount/,
    );
    bills.voidBill(r.id, '1001', 'test');
    const s = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: 1 });
    bills.addFreeAmount(s.id, 10_000);
    expect(() => bills.discount(s.id, {}, { mode: 'percent', rate: 100 }, actor)).toThrow(/between 1 and 99/);
    expect(bills.get(s.id)?.totalFen).toBe(10_000);
    bills.voidBill(s.id, '1001', 'test');
  });
});
