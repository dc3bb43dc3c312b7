import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { insertAttempt } from '../reports/test-ledger.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { BILL_SEARCH_SQL, createBillSearch, parseBillSearchText, type BillSearch } from './bill-search.js';
import { createBillService, type BillService } from './bill-service.js';

let t: TempStore;
let bills: BillService;
let search: BillSearch;
let shiftId: number;

function openShift(): number {
  return Number(
    t.store.db
      .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 10000)")
      .run(t.clock.t).lastInsertRowid,
  );
}

function cashSale(fen: number) {
  const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
  bills.addFreeAmount(b.id, fen);
  return bills.payCash(b.id, { tenderedFen: fen, operatorNo: '1001' }).bill;
}

function barcodeSale(fen: number) {
  const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
  const v = bills.addFreeAmount(b.id, fen);
  bills.lockForPayment(b.id);
  const a = insertAttempt(t.store, v, fen, 'paid', t.clock.t);
  return bills.completeByBarcode(b.id, { attemptId: a, amountFen: fen, reference: `AUTO${a}` });
}

beforeEach(() => {
  t = tempStore();
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01' });
  search = createBillSearch(t.store);
  shiftId = openShift();
});
afterEach(() => t.cleanup());

describe('parseBillSearchText', () => {
  it('reads digits as both a bill-number end and an amount, decimals as an amount, and refuses anything else', () => {
    expect(parseBillSearchText('')).toEqual({ billNoEnd: null, amountFen: null });
    expect(parseBillSearchText('1772')).toEqual({ billNoEnd: '1772', amountFen: 177_200 });
    expect(parseBillSearchText('12.50')).toEqual({ billNoEnd: null, amountFen: 1250 });
    expect(parseBillSearchText('-1772-1')).toEqual({ billNoEnd: '-1772-1', amountFen: null });
    expect(parseBillSearchText('t01')).toEqual({ billNoEnd: 'T01', amountFen: null });
    expect(() => parseBillSearchText('退款')).toThrow(AppError);
    expect(() => parseBillSearchText('50%')).toThrow(AppError);
  });
});

describe('bill search (refund list)', () => {
  it("finds today's paid sales newest first, by the end of the bill number or by the amount", () => {
    const a = cashSale(1250);
    t.clock.t += 60_000;
    const b = barcodeSale(3000);
    t.clock.t += 60_000;
    const c = cashSale(3000);
    // An open bill and a voided one are not offered for a refund.
    const open = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
    bills.addFreeAmount(open.id, 999);
    const day = { from: t.clock.t - 3_600_000, to: t.clock.t + 1 };

    expect(search.search(day).map((r) => r.billNo)).toEqual([c.billNo, b.billNo, a.billNo]);
    const tail = b.billNo.slice(-6);
    expect(search.search({ ...day, text: tail }).map((r) => r.billNo)).toEqual([b.billNo]);
    expect(search.search({ ...day, text: '30' }).map((r) => r.billNo)).toEqual([c.billNo, b.billNo]);
    expect(search.search({ ...day, text: '12.5' }).map((r) => r.billNo)).toEqual([a.billNo]);
    expect(search.search({ ...day, text: '999' })).toEqual([]);
    expect(search.search({ ...day, limit: 1 }).map((r) => r.billNo)).toEqual([c.billNo]);
    // A time window (one minute) as the screen sends it for "HH:mm".
    expect(search.search({ from: b.closedAt!, to: b.closedAt! + 1 }).map((r) => r.billNo)).toEqual([b.billNo]);
    // Yesterday's window has none of them.
    expect(search.search({ from: day.from - 86_400_000, to: day.from })).toEqual([]);

    const row = search.search({ ...day, text: tail })[0]!;
    expect(row).toMatchObject({
      kind: 'sale',
      totalFen: 3000,
      tenderKinds: ['barcode'],
      refundedFen: 0,
      remainingFen: 3000,
      operatorNo: '1001',
    });
  });

  it('says what is left to refund, and limits the list to the shift when asked', () => {
    const a = cashSale(5000);
    bills.refund({
      originalBillId: a.id,
      amountFen: 2000,
      tenderKind: 'cash',
      operatorNo: '1001',
      authorisedBy: '9001',
      reason: '退一张',
    });
    const day = { from: 0, to: t.clock.t + 1 };
    const rows = search.search(day);
    // The refund bill itself is not in the list; the original shows what is left.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ billNo: a.billNo, refundedFen: 2000, remainingFen: 3000 });

    expect(search.search({ ...day, shiftId })).toHaveLength(1);
    expect(search.search({ ...day, shiftId: shiftId + 1 })).toHaveLength(0);
  });

  it('refuses LIKE wildcards in the typed text', () => {
    cashSale(100);
    expect(() => search.search({ from: 0, to: t.clock.t + 1, text: '%' })).toThrow(AppError);
    expect(() => search.search({ from: 0, to: t.clock.t + 1, text: '_1' })).toThrow(AppError);
  });

  it('walks an index, never the whole bills table', () => {
    const plan = (sql: string) =>
      (
        t.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.matchAll(/\?/g), () => 1)) as {
          detail: string;
        }[]
      )
        .map((r) => r.detail)
        .join(' | ');
    for (const [name, sql] of Object.entries(BILL_SEARCH_SQL)) {
      const p = plan(sql);
      expect(p, `${name}: ${p}`).toMatch(/USING (COVERING )?INDEX bills_/);
      expect(p, `${name}: ${p}`).not.toMatch(/SCAN bills(?! USING (COVERING )?INDEX)(\s|$)/);
    }
    expect(plan(BILL_SEARCH_SQL.day)).toMatch(/bills_closed_at/);
  });
});
