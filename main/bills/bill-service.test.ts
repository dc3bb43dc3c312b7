import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { listAudit } from '../store/audit.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { FeedBillSchema } from '../sync/bill-feed.js';
import { createOutbox } from '../sync/outbox.js';
import { BILL_NO, billNoPrefix, nextBillNo } from './bill-number.js';
import { createBillService, DECLINED_LABEL, type BillService } from './bill-service.js';
import { ensureTerminalNo } from './terminal.js';

let t: TempStore;
let bills: BillService;
let shiftId: number;

function openShift(ts: TempStore): number {
  return Number(
    ts.store.db
      .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 10000)")
      .run(ts.clock.t).lastInsertRowid,
  );
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected an AppError');
}

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

function attempt(billId: number, attemptNo: number, amountFen: number, state = 'sent'): number {
  const bill = bills.get(billId)!;
  return Number(
    t.store.db
      .prepare(
        `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, deadline_at, created_at, updated_at)
         VALUES (?, ?, ?, 1, '1001', ?, '134567890123456789', ?, 0, 0, 0)`,
      )
      .run(billId, attemptNo, `${bill.billNo}-${attemptNo}`, amountFen, state).lastInsertRowid,
  );
}

const sale = () => bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });

beforeEach(() => {
  t = tempStore();
  shiftId = openShift(t);
  ensureTerminalNo(t.store, 'T01', () => t.clock.t);
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
});
afterEach(() => t.cleanup());

describe('bill numbers', () => {
  it('are <terminal>-<YYMMDD>-<HHmmss>-<seq> in local time, ≤ 29 chars', () => {
    const b = sale();
    expect(b.billNo).toBe('T01-250131-120000-0001');
    expect(b.billNo).toMatch(BILL_NO);
    expect(billNoPrefix('ABCDEFGH', new Date(2099, 11, 31, 23, 59, 59).getTime())).toBe('ABCDEFGH-991231-235959-');
    expect(`${billNoPrefix('ABCDEFGH', 0)}9999`.length).toBeLessThanOrEqual(29);
  });

  it('count up within a second and sort by time', () => {
    const nos: string[] = [];
    for (let i = 0; i < 3; i++) {
      const b = sale();
      nos.push(b.billNo);
      bills.voidBill(b.id, '1001', 'test');
    }
    t.clock.t += 1000;
    nos.push(sale().billNo);
    expect(nos).toEqual([
      'T01-250131-120000-0001',
      'T01-250131-120000-0002',
      'T01-250131-120000-0003',
      'T01-250131-120001-0001',
    ]);
    expect([...nos].sort()).toEqual(nos);
  });

  it('start at a random sequence so a reinstall at the same clock second does not collide', () => {
    expect(
      nextBillNo(
        'T01',
        t.clock.t,
        () => null,
        () => 0.5,
      ),
    ).toBe('T01-250131-120000-2500');
    expect(
      nextBillNo(
        'T01',
        t.clock.t,
        () => null,
        () => 0.99999,
      ),
    ).toBe('T01-250131-120000-4999');
  });

  it('move to the next second after 9999', () => {
    const issued = new Set(['T01-250131-120000-9999']);
    const highest = (p: string) =>
      [...issued]
        .filter((n) => n.startsWith(p))
        .sort()
        .pop() ?? null;
    expect(nextBillNo('T01', t.clock.t, highest, () => 0)).toBe('T01-250131-120001-0001');
  });

  it('stay unique across a restart even when the clock steps back', () => {
    const a = sale();
    bills.voidBill(a.id, '1001', 'x');
    t.reopen();
    bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
    const b = sale();
    expect(b.billNo).toBe('T01-250131-120000-0002');
  });

  it('refuse a bad terminal number', () => {
    expect(code(() => createBillService({ store: t.store, now: () => 0, terminalNo: 'T-01' }))).toBe('config-invalid');
    expect(code(() => createBillService({ store: t.store, now: () => 0, terminalNo: '123456789' }))).toBe(
      'config-invalid',
    );
  });

  it('writes nothing when the service is created: the terminal row is an explicit step', () => {
    const fresh = tempStore();
    try {
      const changes = () => fresh.store.db.prepare('SELECT total_changes()').pluck().get() as number;
      const before = changes();
      createBillService({ store: fresh.store, now: () => 0, terminalNo: 'T09' });
      expect(changes()).toBe(before);
      expect(fresh.store.db.prepare('SELECT count(*) FROM terminal').pluck().get()).toBe(0);
      ensureTerminalNo(fresh.store, 'T09', () => 0);
      expect(fresh.store.db.prepare('SELECT terminal_no FROM terminal').pluck().get()).toBe('T09');
    } finally {
      fresh.cleanup();
    }
  });

  it('records the terminal number and its change', () => {
    expect(t.store.db.prepare('SELECT terminal_no FROM terminal').pluck().get()).toBe('T01');
    ensureTerminalNo(t.store, 'T02', () => 0);
    expect(t.store.db.prepare('SELECT terminal_no FROM terminal').pluck().get()).toBe('T02');
    expect(listAudit(t.store, { action: 'terminal.renumbered' })[0]?.detail).toEqual({ from: 'T01', to: 'T02' });
  });
});

describe('building a bill', () => {
  it('adds lines, totals them, changes quantities and voids lines', () => {
    const b = sale();
    expect(b).toMatchObject({
      status: 'open',
      totalFen: 0,
      dueFen: 0,
      lines: [],
      tenders: [],
      shiftId,
      kind: 'sale',
      businessType: 1,
    });
    bills.addLine(b.id, { itemCode: '6901234567892', name: '成人票', unitPriceFen: 8000, quantity: 2 });
    bills.addFreeAmount(b.id, 150);
    let v = bills.setQuantity(b.id, 1, 3);
    expect(v.totalFen).toBe(3 * 8000 + 150);
    expect(v.lines).toEqual([
      {
        lineNo: 1,
        itemCode: '6901234567892',
        name: '成人票',
        unitPriceFen: 8000,
        quantity: 3,
        amountFen: 24000,
        voided: false,
      },
      { lineNo: 2, itemCode: null, name: '自由金额', unitPriceFen: 150, quantity: 1, amountFen: 150, voided: false },
    ]);
    v = bills.voidLine(b.id, 1);
    expect(v.totalFen).toBe(150);
    expect(v.dueFen).toBe(150);
    expect(v.lines[0]!.voided).toBe(true);
    expect(code(() => bills.setQuantity(b.id, 1, 2))).toBe('invalid-input');
    expect(code(() => bills.setQuantity(b.id, 9, 2))).toBe('invalid-input');
    // a voided line number is never reused
    v = bills.addFreeAmount(b.id, 50, '附加');
    expect(v.lines.map((l) => l.lineNo)).toEqual([1, 2, 3]);
    const actions = listAudit(t.store, { subject: `bill:${b.billNo}` })
      .map((a) => a.action)
      .reverse();
    expect(actions).toEqual([
      'bill.create',
      'bill.line.add',
      'bill.line.add',
      'bill.line.quantity',
      'bill.line.void',
      'bill.line.add',
    ]);
  });

  it('validates every field with a named error', () => {
    const b = sale();
    const e1 = appError(() => bills.addLine(b.id, { name: '', unitPriceFen: 1, quantity: 1 }));
    expect(e1.code).toBe('invalid-input');
    expect(e1.details).toMatchObject({ field: 'name' });
    expect(
      appError(() => bills.addLine(b.id, { name: 'x'.repeat(101), unitPriceFen: 1, quantity: 1 })).details,
    ).toMatchObject({ field: 'name', max: 100 });
    expect(appError(() => bills.addLine(b.id, { name: 'a', unitPriceFen: 1.5, quantity: 1 })).details).toMatchObject({
      field: 'unitPriceFen',
    });
    expect(code(() => bills.addLine(b.id, { name: 'a', unitPriceFen: -1, quantity: 1 }))).toBe('amount-out-of-range');
    expect(appError(() => bills.addLine(b.id, { name: 'a', unitPriceFen: 1, quantity: 0 })).details).toMatchObject({
      field: 'quantity',
      min: 1,
    });
    expect(appError(() => bills.addLine(b.id, { name: 'a', unitPriceFen: 1, quantity: 10000 })).details).toMatchObject({
      field: 'quantity',
      max: 9999,
    });
    expect(code(() => bills.addLine(b.id, { name: 'a', unitPriceFen: 9_999_999_999, quantity: 2 }))).toBe(
      'amount-out-of-range',
    );
    bills.addLine(b.id, { name: 'a', unitPriceFen: 9_000_000_000, quantity: 1 });
    expect(
      appError(() => bills.addLine(b.id, { name: 'b', unitPriceFen: 1_000_000_000, quantity: 1 })).details,
    ).toMatchObject({ field: 'totalFen' });
    expect(bills.get(b.id)!.totalFen).toBe(9_000_000_000); // the refused line was rolled back
    expect(bills.get(b.id)!.lines).toHaveLength(1);
    expect(code(() => bills.addFreeAmount(b.id, 0))).toBe('amount-out-of-range');
    expect(appError(() => bills.setCardNo(b.id, '1'.repeat(21))).details).toMatchObject({ field: 'cardNo', max: 20 });
    expect(code(() => bills.addLine(999, { name: 'a', unitPriceFen: 1, quantity: 1 }))).toBe('bill-not-found');
    expect(
      appError(() => bills.create({ kind: 'sale', businessType: 8, operatorNo: '1', shiftId })).details,
    ).toMatchObject({ field: 'businessType' });
    expect(
      appError(() => bills.create({ kind: 'sale', businessType: 1, operatorNo: 'x'.repeat(33), shiftId })).details,
    ).toMatchObject({ field: 'operatorNo' });
    expect(
      appError(() => bills.create({ kind: 'recharge', businessType: 1, operatorNo: '1', shiftId })).details,
    ).toMatchObject({ field: 'businessType' });
  });

  it('adds catalog items by code, repeats add to the line, unknown codes are refused', () => {
    const ins = t.store.db.prepare(
      'INSERT INTO catalog_items (code, name, price_fen, business_type, active, updated_at) VALUES (?, ?, ?, ?, ?, 0)',
    );
    ins.run('6901234567892', '矿泉水', 200, 2, 1);
    ins.run('6901234567893', '面包', 550, 2, 1);
    ins.run('6901234567894', '停售', 100, 2, 0);
    ins.run('T1', '门票', 5000, 1, 1);
    const b = sale(); // business type 1, empty: the first item decides
    let v = bills.addItemByCode(b.id, '6901234567892');
    expect(v.businessType).toBe(2);
    bills.addItemByCode(b.id, '6901234567892', 2);
    v = bills.addItemByCode(b.id, '6901234567893');
    expect(v.lines.map((l) => [l.itemCode, l.quantity, l.amountFen])).toEqual([
      ['6901234567892', 3, 600],
      ['6901234567893', 1, 550],
    ]);
    expect(v.totalFen).toBe(1150);
    expect(code(() => bills.addItemByCode(b.id, '6901234567894'))).toBe('item-not-found');
    expect(code(() => bills.addItemByCode(b.id, 'nope'))).toBe('item-not-found');
  });

  it('a bill holds a ticket and a bottle of water: one payment, booked under the first line’s business type', () => {
    const ins = t.store.db.prepare(
      'INSERT INTO catalog_items (code, name, price_fen, business_type, active, updated_at) VALUES (?, ?, ?, ?, ?, 0)',
    );
    ins.run('T1', '门票', 5000, 1, 1);
    ins.run('W1', '矿泉水', 200, 2, 1);
    ins.run('R1', '储值卡充值 100 元', 10000, 7, 1);
    const b = sale();
    bills.addItemByCode(b.id, 'W1'); // the first line decides: own retail (2)
    const v = bills.addItemByCode(b.id, 'T1');
    expect(v.businessType).toBe(2);
    expect(v.lines.map((l) => [l.itemCode, l.amountFen])).toEqual([
      ['W1', 200],
      ['T1', 5000],
    ]);
    expect(v.totalFen).toBe(5200);
    // One payment for the whole bill, under the bill's business type.
    const locked = bills.lockForPayment(b.id);
    expect(locked).toMatchObject({ status: 'locked', businessType: 2, dueFen: 5200 });

    // A free amount first: the terminal's type (the bill's at creation) stays.
    bills.unlockAfterDecline(b.id);
    bills.voidBill(b.id, '1001', 'test');
    const q = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
    bills.addFreeAmount(q.id, 300);
    expect(bills.addItemByCode(q.id, 'W1').businessType).toBe(1);

    // Stored value is never mixed with goods, either way round; the bill is unchanged.
    const e = appError(() => bills.addItemByCode(q.id, 'R1'));
    expect(e.code).toBe('business-type-mix');
    expect(e.details).toMatchObject({ billBusinessType: 1, itemBusinessType: 7 });
    expect(bills.get(q.id)!.lines).toHaveLength(2);
    bills.voidBill(q.id, '1001', 'test');
    const r = sale();
    expect(bills.addItemByCode(r.id, 'R1').businessType).toBe(7);
    expect(code(() => bills.addItemByCode(r.id, 'T1'))).toBe('business-type-mix');
  });

  it('keeps one working bill: create is refused while another is open or locked', () => {
    const b = sale();
    expect(bills.current()!.id).toBe(b.id);
    const e = appError(() => sale());
    expect(e.code).toBe('bill-locked');
    expect(e.details).toMatchObject({ reason: 'another-bill-open', billId: b.id });
    bills.addFreeAmount(b.id, 100);
    bills.lockForPayment(b.id);
    expect(bills.current()!.status).toBe('locked');
    expect(code(() => sale())).toBe('bill-locked');
    bills.markUnconfirmed(b.id);
    expect(bills.current()).toBeNull(); // the counter may move on
    expect(sale().status).toBe('open');
  });

  it('refuses a bill in a closed or missing shift', () => {
    t.store.db.prepare("UPDATE shifts SET status = 'closed' WHERE id = ?").run(shiftId);
    expect(code(() => sale())).toBe('shift-not-open');
    expect(code(() => bills.create({ kind: 'sale', businessType: 1, operatorNo: '1', shiftId: 77 }))).toBe(
      'shift-not-open',
    );
  });
});

describe('parking bills (挂单 / 取单)', () => {
  it('suspends, lists and resumes; resume is refused while another bill is open', () => {
    const a = sale();
    expect(code(() => bills.suspend(a.id))).toBe('bill-empty');
    bills.addFreeAmount(a.id, 100);
    const s = bills.suspend(a.id, '穿红衣服的客人');
    expect(s).toMatchObject({ status: 'suspended', suspendedLabel: '穿红衣服的客人' });
    expect(bills.current()).toBeNull();
    expect(code(() => bills.addFreeAmount(a.id, 1))).toBe('bill-not-open');
    t.clock.t += 1000;
    const b = sale();
    bills.addFreeAmount(b.id, 200);
    bills.suspend(b.id);
    expect(bills.listSuspended().map((x) => x.id)).toEqual([b.id, a.id]);
    const c = sale();
    expect(appError(() => bills.resume(a.id)).details).toMatchObject({ reason: 'another-bill-open', billId: c.id });
    bills.voidBill(c.id, '1001', 'customer left');
    const r = bills.resume(a.id);
    expect(r).toMatchObject({ status: 'open', suspendedLabel: null, totalFen: 100 });
    expect(bills.current()!.id).toBe(a.id);
    expect(code(() => bills.resume(a.id))).toBe('bill-not-open');
  });

  it('stamps the current shift on a bill resumed in a later shift', () => {
    const a = sale();
    bills.addFreeAmount(a.id, 100);
    bills.suspend(a.id);
    t.store.db.prepare("UPDATE shifts SET status = 'closed' WHERE id = ?").run(shiftId);
    const next = openShift(t);
    expect(bills.resume(a.id).shiftId).toBe(next);
  });
});

describe('voiding', () => {
  it('voids open and suspended bills with the authoriser in the audit log, never paid ones', () => {
    const a = sale();
    bills.addFreeAmount(a.id, 100);
    const v = bills.voidBill(a.id, 'S01', '顾客取消');
    expect(v.status).toBe('voided');
    expect(v.closedAt).toBe(t.clock.t);
    const row = listAudit(t.store, { action: 'bill.void' })[0]!;
    expect(row).toMatchObject({ authorisedBy: 'S01', operatorNo: '1001', subject: `bill:${a.billNo}` });
    expect(row.detail).toMatchObject({ reason: '顾客取消', totalFen: 100 });
    expect(code(() => bills.voidBill(a.id, 'S01', 'again'))).toBe('bill-not-open');
    const b = sale();
    bills.addFreeAmount(b.id, 100);
    bills.payCash(b.id, { tenderedFen: 100, operatorNo: '1001' });
    expect(code(() => bills.voidBill(b.id, 'S01', 'x'))).toBe('bill-already-paid');
    expect(appError(() => bills.voidBill(b.id, 'S01', ' ')).details).toMatchObject({ field: 'reason' });
  });
});

describe('cash', () => {
  it('records tendered and change, marks paid and enqueues the feed row in one transaction', () => {
    const b = sale();
    bills.addLine(b.id, { itemCode: 'A1', name: '成人票', unitPriceFen: 8000, quantity: 1 });
    bills.addFreeAmount(b.id, 50);
    bills.voidLine(b.id, 2);
    t.clock.t += 5000;
    const { bill, changeFen } = bills.payCash(b.id, { tenderedFen: 10000, operatorNo: '1001' });
    expect(changeFen).toBe(2000);
    expect(bill).toMatchObject({ status: 'paid', totalFen: 8000, dueFen: 0, closedAt: t.clock.t });
    expect(bill.tenders).toEqual([
      { kind: 'cash', amountFen: 8000, tenderedFen: 10000, changeFen: 2000, reference: null, createdAt: t.clock.t },
    ]);
    const outbox = createOutbox(t.store);
    const item = outbox.get(b.billNo)!;
    expect(item.topic).toBe('bill');
    const payload = FeedBillSchema.parse(JSON.parse(item.payload));
    expect(payload).toMatchObject({
      version: 1,
      billNo: b.billNo,
      terminalNo: 'T01',
      totalFen: 8000,
      status: 'paid',
      shiftId,
    });
    expect(payload.lines).toHaveLength(1); // voided line not sent
    expect(payload.tenders[0]).toMatchObject({ kind: 'cash', amountFen: 8000, tenderedFen: 10000, changeFen: 2000 });
    const tender = t.store.db.prepare('SELECT shift_id FROM tenders WHERE bill_id = ?').get(b.id);
    expect(tender).toEqual({ shift_id: shiftId });
    expect(bills.current()).toBeNull();
  });

  it('refuses zero cash, empty bills, locked bills and a closed drawer — and writes nothing', () => {
    const b = sale();
    expect(code(() => bills.payCash(b.id, { tenderedFen: 100, operatorNo: '1001' }))).toBe('bill-empty');
    bills.addFreeAmount(b.id, 500);
    // Less than due is a cash part (split payment, bill-split.test.ts); nothing at all is refused.
    const e = appError(() => bills.payCash(b.id, { tenderedFen: 0, operatorNo: '1001' }));
    expect(e.code).toBe('amount-out-of-range');
    expect(e.details).toMatchObject({ field: 'tenderedFen', min: 1 });
    t.store.db.prepare("UPDATE shifts SET status = 'closed' WHERE id = ?").run(shiftId);
    expect(code(() => bills.payCash(b.id, { tenderedFen: 500, operatorNo: '1001' }))).toBe('shift-not-open');
    t.store.db.prepare("UPDATE shifts SET status = 'open' WHERE id = ?").run(shiftId);
    bills.lockForPayment(b.id);
    expect(code(() => bills.payCash(b.id, { tenderedFen: 500, operatorNo: '1001' }))).toBe('bill-locked');
    expect(t.store.db.prepare('SELECT count(*) FROM tenders').pluck().get()).toBe(0);
    expect(t.store.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(0);
  });

  it('rolls the tender and bill back when the outbox insert fails', () => {
    const b = sale();
    bills.addFreeAmount(b.id, 500);
    // A row with the same idempotency key makes the enqueue fail inside the transaction.
    t.store.db
      .prepare(
        "INSERT INTO outbox (topic, idempotency_key, payload, created_at, next_attempt_at) VALUES ('bill', ?, '{}', 0, 0)",
      )
      .run(b.billNo);
    expect(() => bills.payCash(b.id, { tenderedFen: 500, operatorNo: '1001' })).toThrow(/UNIQUE/);
    expect(bills.get(b.id)!.status).toBe('open');
    expect(bills.get(b.id)!.tenders).toEqual([]);
  });

  it('needs a card number for a recharge', () => {
    const r = bills.create({ kind: 'recharge', businessType: 7, operatorNo: '1001', shiftId });
    bills.addFreeAmount(r.id, 10000, '储值充值');
    expect(appError(() => bills.payCash(r.id, { tenderedFen: 10000, operatorNo: '1001' })).details).toMatchObject({
      field: 'cardNo',
    });
    bills.setCardNo(r.id, ' 8800123 ');
    const { bill } = bills.payCash(r.id, { tenderedFen: 10000, operatorNo: '1001' });
    expect(bill.cardNo).toBe('8800123');
    expect(JSON.parse(createOutbox(t.store).get(bill.billNo)!.payload)).toMatchObject({
      kind: 'recharge',
      businessType: 7,
      cardNo: '8800123',
    });
  });
});

describe('payment engine transitions', () => {
  it('lock refuses empty and zero bills; locked bills refuse every edit', () => {
    const b = sale();
    expect(code(() => bills.lockForPayment(b.id))).toBe('bill-empty');
    bills.addLine(b.id, { name: '赠品', unitPriceFen: 0, quantity: 1 });
    expect(code(() => bills.lockForPayment(b.id))).toBe('bill-empty');
    bills.addFreeAmount(b.id, 300);
    const locked = bills.lockForPayment(b.id);
    expect(locked.status).toBe('locked');
    expect(code(() => bills.lockForPayment(b.id))).toBe('bill-locked');
    for (const edit of [
      () => bills.addFreeAmount(b.id, 1),
      () => bills.addLine(b.id, { name: 'x', unitPriceFen: 1, quantity: 1 }),
      () => bills.setQuantity(b.id, 2, 2),
      () => bills.voidLine(b.id, 2),
      () => bills.setCardNo(b.id, '1'),
      () => bills.suspend(b.id),
      () => bills.voidBill(b.id, 'S', 'r'),
      () => bills.payCash(b.id, { tenderedFen: 300, operatorNo: '1001' }),
    ]) {
      expect(code(edit)).toBe('bill-locked');
    }
  });

  it('decline unlocks; unconfirmed then paid completes with a barcode tender and outbox row', () => {
    const b = sale();
    bills.addFreeAmount(b.id, 300);
    bills.lockForPayment(b.id);
    const a1 = attempt(b.id, 1, 300);
    t.store.db.prepare("UPDATE payment_attempts SET state = 'declined' WHERE id = ?").run(a1);
    expect(bills.unlockAfterDecline(b.id).status).toBe('open');
    expect(bills.unlockAfterDecline(b.id).status).toBe('open'); // idempotent
    bills.lockForPayment(b.id);
    const a2 = attempt(b.id, 2, 300);
    expect(bills.markUnconfirmed(b.id).status).toBe('unconfirmed');
    expect(bills.markUnconfirmed(b.id).status).toBe('unconfirmed');
    // More than due cannot be a tender of this bill (less than due is a part: bill-split.test.ts).
    expect(code(() => bills.completeByBarcode(b.id, { attemptId: a2, amountFen: 301, reference: 'x' }))).toBe(
      'amount-out-of-range',
    );
    const paid = bills.completeByBarcode(b.id, { attemptId: a2, amountFen: 300, reference: 'AUTO123' });
    expect(paid.status).toBe('paid');
    expect(paid.tenders).toEqual([
      {
        kind: 'barcode',
        amountFen: 300,
        tenderedFen: null,
        changeFen: null,
        reference: 'AUTO123',
        createdAt: t.clock.t,
        wallet: 'wechat', // the payment code's wallet (13…, 18 digits)
      },
    ]);
    // A repeated confirmation of the same attempt changes nothing.
    expect(bills.completeByBarcode(b.id, { attemptId: a2, amountFen: 300, reference: 'AUTO123' })).toEqual(paid);
    expect(t.store.db.prepare('SELECT count(*) FROM tenders').pluck().get()).toBe(1);
    const payload = FeedBillSchema.parse(JSON.parse(createOutbox(t.store).get(b.billNo)!.payload));
    expect(payload.tenders[0]).toMatchObject({
      kind: 'barcode',
      reference: 'AUTO123',
      gatewayBillNum: `${b.billNo}-2`,
    });
    // A different attempt succeeding on a paid bill is a double payment: refused, for the engine to flag.
    expect(code(() => bills.completeByBarcode(b.id, { attemptId: a1, amountFen: 300, reference: null }))).toBe(
      'bill-already-paid',
    );
  });

  it('a late decline parks the bill if the counter moved on; a late success still completes it', () => {
    const a = sale();
    bills.addFreeAmount(a.id, 300);
    bills.lockForPayment(a.id);
    const at = attempt(a.id, 1, 300, 'unconfirmed');
    bills.markUnconfirmed(a.id);
    const b = sale();
    const parked = bills.unlockAfterDecline(a.id);
    expect(parked).toMatchObject({ status: 'suspended', suspendedLabel: DECLINED_LABEL });
    expect(bills.current()!.id).toBe(b.id);
    const done = bills.completeByBarcode(a.id, { attemptId: at, amountFen: 300, reference: null });
    expect(done.status).toBe('paid');
  });

  it('refuses an attempt of another bill and an unknown attempt', () => {
    const a = sale();
    bills.addFreeAmount(a.id, 300);
    bills.lockForPayment(a.id);
    const at = attempt(a.id, 1, 300);
    bills.markUnconfirmed(a.id);
    const b = sale();
    bills.addFreeAmount(b.id, 300);
    bills.lockForPayment(b.id);
    expect(
      appError(() => bills.completeByBarcode(b.id, { attemptId: at, amountFen: 300, reference: null })).details,
    ).toMatchObject({ field: 'attemptId' });
    expect(code(() => bills.completeByBarcode(b.id, { attemptId: 999, amountFen: 300, reference: null }))).toBe(
      'payment-not-found',
    );
  });

  it('nests inside the engine’s transaction: an engine failure rolls the bill back too', () => {
    const b = sale();
    bills.addFreeAmount(b.id, 300);
    expect(() =>
      t.store.tx(() => {
        bills.lockForPayment(b.id);
        throw new Error('engine could not write its attempt');
      }),
    ).toThrow(/engine/);
    expect(bills.get(b.id)!.status).toBe('open');
  });
});
