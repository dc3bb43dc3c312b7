import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { createBillService, type BillService } from '../bills/bill-service.js';
import { listAudit } from './audit.js';
import { createShiftService, type ShiftService } from './shifts.js';
import { tempStore, type TempStore } from './test-helpers.js';

let t: TempStore;
let shifts: ShiftService;
let bills: BillService;

beforeEach(() => {
  t = tempStore();
  shifts = createShiftService({ store: t.store, now: () => t.clock.t });
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
});
afterEach(() => t.cleanup());

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected an AppError');
}

function cashSale(shiftId: number, amountFen: number, tenderedFen: number, businessType = 1) {
  const b = bills.create({ kind: 'sale', businessType, operatorNo: '1001', shiftId });
  bills.addFreeAmount(b.id, amountFen);
  t.clock.t += 1000;
  return bills.payCash(b.id, { tenderedFen, operatorNo: '1001' });
}

describe('shifts', () => {
  it('opens one shift at a time with a float', () => {
    expect(shifts.current()).toBeNull();
    const s = shifts.open({ operatorNo: '1001', floatFen: 50000 });
    expect(s).toMatchObject({ status: 'open', floatFen: 50000, operatorNo: '1001', openedAt: t.clock.t });
    expect(shifts.current()!.id).toBe(s.id);
    expect(code(() => shifts.open({ operatorNo: '1002', floatFen: 0 }))).toBe('shift-already-open');
    expect(code(() => shifts.open({ operatorNo: '1002', floatFen: -1 }))).toBe('amount-out-of-range');
  });

  it('computes expected cash from float, cash tenders (net of change) and movements', () => {
    const s = shifts.open({ operatorNo: '1001', floatFen: 50000 });
    cashSale(s.id, 1250, 2000); // change 750: drawer +1250
    cashSale(s.id, 800, 800, 2);
    shifts.addCashMovement({ direction: 'in', amountFen: 10000, reason: '补零钱', operatorNo: '1001' });
    shifts.addCashMovement({
      direction: 'out',
      amountFen: 30000,
      reason: '上缴',
      operatorNo: '1001',
      authorisedBy: 'S01',
    });
    expect(
      code(() => shifts.addCashMovement({ direction: 'out', amountFen: 999_999, reason: 'x', operatorNo: '1001' })),
    ).toBe('amount-out-of-range');
    const sum = shifts.summary(s.id)!;
    expect(sum.cash).toEqual({
      floatFen: 50000,
      salesFen: 2050,
      inFen: 10000,
      outFen: 30000,
      expectedFen: 32050,
      countedFen: null,
      differenceFen: null,
    });
    expect(sum.byTender).toEqual([
      {
        kind: 'cash',
        count: 2,
        amountFen: 2050,
        tenderedFen: 2800,
        changeFen: 750,
        salesCount: 2,
        salesFen: 2050,
        refundCount: 0,
        refundFen: 0,
      },
    ]);
    expect(sum.byBusinessType).toEqual([
      { businessType: 1, kind: 'sale', count: 1, totalFen: 1250 },
      { businessType: 2, kind: 'sale', count: 1, totalFen: 800 },
    ]);
    expect(sum.paidBillCount).toBe(2);
    expect(shifts.listCashMovements(s.id).map((m) => [m.direction, m.amountFen, m.authorisedBy])).toEqual([
      ['in', 10000, null],
      ['out', 30000, 'S01'],
    ]);
    expect(listAudit(t.store, { action: 'cash.out' })[0]).toMatchObject({
      authorisedBy: 'S01',
      subject: `shift:${s.id}`,
    });
  });

  it('closes with a count by denomination, recording any difference without refusing', () => {
    const s = shifts.open({ operatorNo: '1001', floatFen: 10000 });
    cashSale(s.id, 2550, 3000);
    // expected 12550; counted 100+20+5 yuan + 0.5 → 12550 - 0 ... make it 10 fen short
    const { shift, summary } = shifts.close({
      closedBy: 'S01',
      countDetail: { '10000': 1, '2000': 1, '500': 1, '10': 4 },
      differenceNote: '少一角',
    });
    expect(shift).toMatchObject({
      status: 'closed',
      closedBy: 'S01',
      expectedCashFen: 12550,
      countedCashFen: 12540,
      differenceNote: '少一角',
    });
    expect(shift.countDetail).toEqual({ '10000': 1, '2000': 1, '500': 1, '10': 4 });
    expect(summary.cash).toMatchObject({ expectedFen: 12550, countedFen: 12540, differenceFen: -10 });
    expect(shifts.current()).toBeNull();
    expect(listAudit(t.store, { action: 'shift.close' })[0]!.detail).toMatchObject({ differenceFen: -10 });
    expect(code(() => shifts.close({ closedBy: 'S01', countedCashFen: 0 }))).toBe('shift-not-open');
  });

  it('validates the count and refuses to close under an open or locked bill', () => {
    const s = shifts.open({ operatorNo: '1001', floatFen: 0 });
    expect(code(() => shifts.close({ closedBy: 'S01', countDetail: { '300': 1 } }))).toBe('invalid-input');
    expect(code(() => shifts.close({ closedBy: 'S01', countedCashFen: 100, countDetail: { '100': 2 } }))).toBe(
      'invalid-input',
    );
    expect(code(() => shifts.close({ closedBy: 'S01' }))).toBe('invalid-input');
    const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: s.id });
    try {
      shifts.close({ closedBy: 'S01', countedCashFen: 0 });
      throw new Error('not refused');
    } catch (e) {
      expect((e as AppError).details).toMatchObject({ reason: 'bill-open-at-close', billId: b.id });
    }
    bills.voidBill(b.id, 'S01', 'x');
    expect(shifts.close({ closedBy: 'S01', countedCashFen: 0 }).shift.status).toBe('closed');
    expect(shifts.list().map((x) => x.id)).toEqual([s.id]);
  });
});
