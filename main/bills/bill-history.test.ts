import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BILL_NO_PATTERN } from '../../app/contract/history.js';
import { AppError } from '../../app/result.js';
import { CODE_TAIL_SQL, createAttemptQueries } from '../payments/attempt-queries.js';
import { insertAttempt } from '../reports/test-ledger.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createBillHistory, historySql, type BillHistory, type HistorySearchInput } from './bill-history.js';
import { BILL_NO } from './bill-number.js';
import { createBillService, type BillService } from './bill-service.js';

let t: TempStore;
let bills: BillService;
let history: BillHistory;
let shiftId: number;

function openShift(): number {
  return Number(
    t.store.db
      .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 10000)")
      .run(t.clock.t).lastInsertRowid,
  );
}

function cashSale(fen: number, operatorNo = '1001') {
  const b = bills.create({ kind: 'sale', businessType: 1, operatorNo, shiftId });
  bills.addFreeAmount(b.id, fen);
  return bills.payCash(b.id, { tenderedFen: fen, operatorNo }).bill;
}

function barcodeSale(fen: number) {
  const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
  const v = bills.addFreeAmount(b.id, fen);
  bills.lockForPayment(b.id);
  const a = insertAttempt(t.store, v, fen, 'paid', t.clock.t);
  return { bill: bills.completeByBarcode(b.id, { attemptId: a, amountFen: fen, reference: `AUTO${a}` }), attemptId: a };
}

const base = (): HistorySearchInput => ({ from: 0, to: t.clock.t + 1, page: 0, pageSize: 20 });
const nos = (input: Partial<HistorySearchInput>) => history.search({ ...base(), ...input }).rows.map((r) => r.billNo);

beforeEach(() => {
  t = tempStore();
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01' });
  history = createBillHistory(t.store);
  shiftId = openShift();
});
afterEach(() => t.cleanup());

describe('bill history search', () => {
  it('lists paid bills newest first, and each filter narrows it', () => {
    const a = cashSale(1250);
    t.clock.t += 60_000;
    const { bill: b, attemptId } = barcodeSale(3000);
    t.clock.t += 60_000;
    const c = cashSale(3000, '1002');
    // An open bill is not history yet.
    const open = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
    bills.addFreeAmount(open.id, 999);

    expect(nos({})).toEqual([c.billNo, b.billNo, a.billNo]);
    // The end of the bill number: long (index seek on the last 4) and short (window walk).
    expect(nos({ billNoEnd: b.billNo.slice(-11) })).toEqual([b.billNo]);
    expect(nos({ billNoEnd: b.billNo.slice(-4) })).toContain(b.billNo);
    expect(nos({ billNoEnd: b.billNo.slice(-2) })).toContain(b.billNo);
    expect(nos({ billNoEnd: 'ZZZZ' })).toEqual([]);
    expect(nos({ amountFen: 3000 })).toEqual([c.billNo, b.billNo]);
    expect(nos({ amountFen: 1250 })).toEqual([a.billNo]);
    expect(nos({ operatorNo: '1002' })).toEqual([c.billNo]);
    expect(nos({ tender: 'barcode' })).toEqual([b.billNo]);
    expect(nos({ tender: 'cash' })).toEqual([c.billNo, a.billNo]);
    expect(nos({ tender: 'stored-value' })).toEqual([]);
    // Time: a one-minute window around b.
    expect(nos({ from: b.closedAt!, to: b.closedAt! + 60_000 })).toEqual([b.billNo]);
    // The shift scope.
    expect(nos({ shiftId })).toHaveLength(3);
    expect(nos({ shiftId: shiftId + 1 })).toEqual([]);
    // The last digits of the payment code: main/payments gives the bill ids.
    const code = t.store.db
      .prepare('SELECT bar_code FROM payment_attempts WHERE id = ?')
      .pluck()
      .get(attemptId) as string;
    const attempts = createAttemptQueries(t.store);
    expect(nos({ billIds: attempts.billsByCodeTail(code.slice(-6), 100) })).toEqual([b.billNo]);
    expect(attempts.billsByCodeTail('9999', 100)).toEqual([]);
    expect(attempts.billsByCodeTail('12', 100)).toEqual([]); // too short to search
    // Filters combine.
    expect(nos({ amountFen: 3000, tender: 'cash' })).toEqual([c.billNo]);

    const row = history.search({ ...base(), billNoEnd: b.billNo }).rows[0]!;
    expect(row).toMatchObject({ kind: 'sale', status: 'paid', totalFen: 3000, tenderKinds: ['barcode'] });
    // The attempt with the gateway's reply, the code masked.
    expect(attempts.attemptsOf(b.id)).toEqual([
      expect.objectContaining({ attemptNo: 1, state: 'paid', amountFen: 3000, gatewayBillNum: `${b.billNo}-1` }),
    ]);
    expect(attempts.attemptsOf(b.id)[0]!.barCodeMasked).not.toContain(code.slice(4, -2));
  });

  it('pages: newest first, `more` while another page exists', () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      made.unshift(cashSale(100 + i).billNo);
      t.clock.t += 1000;
    }
    const p0 = history.search({ ...base(), pageSize: 2 });
    const p1 = history.search({ ...base(), pageSize: 2, page: 1 });
    const p2 = history.search({ ...base(), pageSize: 2, page: 2 });
    expect([p0.more, p1.more, p2.more]).toEqual([true, true, false]);
    expect([...p0.rows, ...p1.rows, ...p2.rows].map((r) => r.billNo)).toEqual(made);
  });

  it('shows refunds as bills of their own, and says what was refunded', () => {
    const a = cashSale(5000);
    t.clock.t += 1000;
    const r = bills.refund({
      originalBillId: a.id,
      amountFen: 2000,
      tenderKind: 'cash',
      operatorNo: '1001',
      authorisedBy: '9001',
      reason: '退一张',
    });
    expect(nos({})).toEqual([r.billNo, a.billNo]);
    expect(history.refundedFen(a.id)).toBe(2000);
  });

  it('refuses an empty window', () => {
    expect(() => history.search({ ...base(), from: 10, to: 10 })).toThrow(AppError);
  });

  it('LIKE wildcards in the tail are literal', () => {
    cashSale(100);
    expect(nos({ billNoEnd: '%' })).toEqual([]);
    expect(nos({ billNoEnd: '_' })).toEqual([]);
  });

  it('the bill-number pattern of the contract is the one main makes', () => {
    const a = cashSale(100);
    expect(BILL_NO_PATTERN.test(a.billNo)).toBe(true);
    expect(BILL_NO.source).toBe(BILL_NO_PATTERN.source);
  });
});

describe('bill history query plans', () => {
  const plan = (sql: string, args: unknown[]) =>
    (t.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
  const FULL_SCAN = /SCAN (b|bills|t|tenders|payment_attempts)(?! USING (COVERING )?INDEX)(\s|$)/;

  it.each<[string, Partial<HistorySearchInput>, RegExp]>([
    ['the window alone', {}, /bills_closed_at/],
    ['the shift', { shiftId: 1 }, /bills_closed_at/],
    ['the end of the bill number (4+)', { billNoEnd: '0007' }, /bills_no_tail/],
    ['a short end of the bill number', { billNoEnd: '07' }, /bills_closed_at/],
    ['the amount', { amountFen: 3000 }, /bills_total_closed/],
    ['the operator', { operatorNo: '1001' }, /bills_operator_closed/],
    ['the tender', { tender: 'cash' }, /bills_closed_at.*tenders_bill|tenders_bill.*bills_closed_at/],
    ['payment-code bills', { billIds: [1, 2] }, /INDEX|PRIMARY KEY/],
  ])('%s walks an index', (_name, input, index) => {
    const { sql, args } = historySql({ ...base(), ...input });
    const p = plan(sql, args);
    expect(p, p).toMatch(index);
    expect(p, p).not.toMatch(FULL_SCAN);
  });

  it('the payment-code tail seeks payment_attempts_code_tail', () => {
    const p = plan(CODE_TAIL_SQL, ['12345678', '12345678', 10]);
    expect(p, p).toMatch(/payment_attempts_code_tail/);
    expect(p, p).not.toMatch(FULL_SCAN);
  });
});
