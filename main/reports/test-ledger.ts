/**
 * Test helper (not production code): a shift holding every kind of bill, built through the
 * real bill and shift services. Payment attempts are written the way the payment engine
 * writes them (a row in payment_attempts) so declined, cancelled and unconfirmed outcomes
 * are deterministic without a gateway.
 */
import type { BillService } from '../bills/bill-service.js';
import type { Store } from '../store/db.js';
import type { ShiftService } from '../store/shifts.js';

let serial = 0;

export function insertAttempt(
  store: Store,
  bill: { id: number; billNo: string; businessType: number; operatorNo: string },
  amountFen: number,
  state: 'created' | 'sent' | 'awaiting-payer' | 'paid' | 'declined' | 'unconfirmed' | 'cancelled',
  at: number,
): number {
  const n =
    (store.db
      .prepare('SELECT coalesce(max(attempt_no), 0) + 1 FROM payment_attempts WHERE bill_id = ?')
      .pluck()
      .get(bill.id) as number) ?? 1;
  const final = state === 'paid' || state === 'declined' || state === 'cancelled';
  const info = store.db
    .prepare(
      `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state,
         deadline_at, created_at, updated_at, final_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      bill.id,
      n,
      `${bill.billNo}-${n}`,
      bill.businessType,
      bill.operatorNo,
      amountFen,
      `1300000000000${String(++serial).padStart(5, '0')}`,
      state,
      at + 60_000,
      at,
      at,
      final ? at : null,
    );
  return Number(info.lastInsertRowid);
}

export interface BuiltShift {
  shiftId: number;
  /** Bill numbers by role in the scenario. */
  bills: Record<string, string>;
  unconfirmedAttemptId: number;
}

/**
 * Float ¥500; cash sales with and without change, barcode sales, a stored-value recharge, a
 * decline followed by cash, an unconfirmed payment, a cancelled attempt on a parked bill, a voided
 * bill, a full cash refund, a partial refund to the original tender, cash in and out; spread
 * over three clock hours and two operators.
 */
export function buildEveryKindOfShift(opts: {
  store: Store;
  bills: BillService;
  shifts: ShiftService;
  clock: { t: number };
  openedBy?: string;
}): BuiltShift {
  const { store, bills, shifts, clock } = opts;
  const HOUR = 3_600_000;
  const shift = shifts.open({ operatorNo: opts.openedBy ?? 'C01', floatFen: 50_000 });
  const out: Record<string, string> = {};

  const sale = (name: string, op: string, bt: number, lines: [string, number, number][]) => {
    const b = bills.create({ kind: 'sale', businessType: bt, operatorNo: op, shiftId: shift.id });
    for (const [n, price, qty] of lines) bills.addLine(b.id, { name: n, unitPriceFen: price, quantity: qty });
    out[name] = b.billNo;
    return bills.get(b.id)!;
  };
  const payBarcode = (bill: {
    id: number;
    billNo: string;
    businessType: number;
    operatorNo: string;
    totalFen: number;
  }) => {
    bills.lockForPayment(bill.id);
    const a = insertAttempt(store, bill, bill.totalFen, 'paid', clock.t);
    bills.completeByBarcode(bill.id, { attemptId: a, amountFen: bill.totalFen, reference: `AUTO${a}` });
  };

  // Hour 1
  clock.t += 5 * 60_000;
  const cash1 = sale('cashWithChange', 'C01', 1, [['成人票', 1250, 1]]);
  bills.payCash(cash1.id, { tenderedFen: 2000, operatorNo: 'C01' }); // change 7.50
  clock.t += 60_000;
  const cash2 = sale('cashExact', 'C02', 2, [['矿泉水', 300, 1]]);
  bills.payCash(cash2.id, { tenderedFen: 300, operatorNo: 'C02' });
  clock.t += 60_000;
  const bc1 = sale('barcode', 'C01', 1, [['成人票', 4000, 2]]);
  payBarcode(bc1);

  // Hour 2
  clock.t += HOUR;
  const rc = bills.create({
    kind: 'recharge',
    businessType: 7,
    operatorNo: 'C02',
    shiftId: shift.id,
    cardNo: 'CARD0001',
  });
  bills.addLine(rc.id, { name: '储值卡充值', unitPriceFen: 10_000, quantity: 1 });
  out['recharge'] = rc.billNo;
  payBarcode(bills.get(rc.id)!);
  clock.t += 60_000;
  const dec = sale('declinedThenCash', 'C01', 1, [['儿童票', 2000, 2]]);
  bills.lockForPayment(dec.id);
  insertAttempt(store, dec, dec.totalFen, 'declined', clock.t);
  bills.unlockAfterDecline(dec.id);
  bills.payCash(dec.id, { tenderedFen: 5000, operatorNo: 'C01' }); // change 10.00
  clock.t += 60_000;
  shifts.addCashMovement({
    direction: 'in',
    amountFen: 10_000,
    reason: '换零钱',
    operatorNo: 'C01',
    authorisedBy: 'S01',
  });

  // Hour 3
  clock.t += HOUR;
  const unc = sale('unconfirmed', 'C02', 1, [['成人票', 2500, 1]]);
  bills.lockForPayment(unc.id);
  const unconfirmedAttemptId = insertAttempt(store, unc, unc.totalFen, 'unconfirmed', clock.t);
  bills.markUnconfirmed(unc.id);
  clock.t += 60_000;
  const can = sale('cancelledThenParked', 'C01', 2, [['饮料', 500, 3]]);
  bills.lockForPayment(can.id);
  insertAttempt(store, can, can.totalFen, 'cancelled', clock.t);
  bills.unlockAfterDecline(can.id);
  bills.suspend(can.id, '等顾客');
  clock.t += 60_000;
  const v = sale('voided', 'C02', 1, [['成人票', 990, 1]]);
  bills.voidBill(v.id, 'S01', '顾客不要了');
  clock.t += 60_000;
  out['refundFull'] = bills.refund({
    originalBillId: cash1.id,
    tenderKind: 'cash',
    operatorNo: 'C01',
    authorisedBy: 'S01',
    reason: '退票',
  }).billNo;
  clock.t += 60_000;
  out['refundPartial'] = bills.refund({
    originalBillId: bc1.id,
    amountFen: 3000,
    tenderKind: 'barcode',
    operatorNo: 'C01',
    authorisedBy: 'S01',
    reason: '部分退票',
  }).billNo;
  clock.t += 60_000;
  shifts.addCashMovement({
    direction: 'out',
    amountFen: 20_000,
    reason: '存银行',
    operatorNo: 'C01',
    authorisedBy: 'S01',
  });
  clock.t += 60_000;
  return { shiftId: shift.id, bills: out, unconfirmedAttemptId };
}
