/**
 * The one shift computation: the screen, the Z report, the export and the close all call
 * `shiftSummary()`, so they can never disagree.
 *
 * Money taken is counted from tenders (what the bill received: cash is tendered − change,
 * so change given is never counted as cash taken); sales by business type from paid bills.
 * Both queries are covered by indexes (tenders_shift, bills_shift), so the cost grows with
 * the size of the shift, not of the ledger: see `npm run bench:store`.
 */
import type { Store } from './db.js';
import { stmt } from './stmt.js';

export interface TenderTotals {
  kind: 'barcode' | 'cash' | 'stored-value';
  count: number;
  amountFen: number;
  /** Cash only: handed over by customers, and change given back. */
  tenderedFen: number;
  changeFen: number;
}

export interface BusinessTypeTotals {
  businessType: number;
  kind: 'sale' | 'recharge' | 'refund';
  count: number;
  totalFen: number;
}

export interface ShiftSummary {
  shiftId: number;
  operatorNo: string;
  status: 'open' | 'closed';
  openedAt: number;
  closedAt: number | null;
  byTender: TenderTotals[];
  byBusinessType: BusinessTypeTotals[];
  /** Bills of this shift by status (paid, voided, suspended, unconfirmed, …). */
  billsByStatus: Record<string, number>;
  paidBillCount: number;
  /** Sum of all tenders (money received, net of refunds paid out). */
  takenFen: number;
  cash: {
    floatFen: number;
    /** Net cash from bills (tendered − change; refunds negative). */
    salesFen: number;
    inFen: number;
    outFen: number;
    /** float + sales + in − out: what the drawer should hold. */
    expectedFen: number;
    countedFen: number | null;
    differenceFen: number | null;
  };
  /** Payment attempts of this shift's bills still not final. */
  unconfirmedAttempts: number;
}

interface ShiftRow {
  id: number;
  operator_no: string;
  status: 'open' | 'closed';
  opened_at: number;
  float_fen: number;
  closed_at: number | null;
  counted_cash_fen: number | null;
}

/** Summary of one shift, or null if it does not exist. One read transaction: a consistent snapshot. */
export function shiftSummary(store: Store, shiftId: number): ShiftSummary | null {
  const { db } = store;
  const read = db.transaction((): ShiftSummary | null => {
    const shift = stmt(db, 'SELECT id, operator_no, status, opened_at, float_fen, closed_at, counted_cash_fen FROM shifts WHERE id = ?').get(shiftId) as
      | ShiftRow
      | undefined;
    if (!shift) return null;
    const tenders = stmt(
      db,
      `SELECT kind, count(*) AS count, sum(amount_fen) AS amountFen, coalesce(sum(tendered_fen), 0) AS tenderedFen, coalesce(sum(change_fen), 0) AS changeFen
       FROM tenders WHERE shift_id = ? GROUP BY kind ORDER BY kind`,
    ).all(shiftId) as TenderTotals[];
    const byType = stmt(
      db,
      `SELECT business_type AS businessType, kind, count(*) AS count, sum(total_fen) AS totalFen
       FROM bills WHERE shift_id = ? AND status = 'paid' GROUP BY business_type, kind ORDER BY business_type, kind`,
    ).all(shiftId) as BusinessTypeTotals[];
    const statusRows = stmt(db, 'SELECT status, count(*) AS n FROM bills WHERE shift_id = ? GROUP BY status').all(shiftId) as {
      status: string;
      n: number;
    }[];
    const moves = stmt(
      db,
      `SELECT coalesce(sum(CASE WHEN direction = 'in' THEN amount_fen END), 0) AS inFen,
              coalesce(sum(CASE WHEN direction = 'out' THEN amount_fen END), 0) AS outFen
       FROM cash_movements WHERE shift_id = ?`,
    ).get(shiftId) as { inFen: number; outFen: number };
    const unconfirmed = stmt(
      db,
      `SELECT count(*) FROM payment_attempts a JOIN bills b ON b.id = a.bill_id
       WHERE b.shift_id = ? AND a.state IN ('created', 'sent', 'awaiting-payer', 'unconfirmed')`,
    )
      .pluck()
      .get(shiftId) as number;

    const billsByStatus: Record<string, number> = {};
    for (const r of statusRows) billsByStatus[r.status] = r.n;
    const cashSales = tenders.find((t) => t.kind === 'cash')?.amountFen ?? 0;
    const expectedFen = shift.float_fen + cashSales + moves.inFen - moves.outFen;
    return {
      shiftId: shift.id,
      operatorNo: shift.operator_no,
      status: shift.status,
      openedAt: shift.opened_at,
      closedAt: shift.closed_at,
      byTender: tenders,
      byBusinessType: byType,
      billsByStatus,
      paidBillCount: billsByStatus['paid'] ?? 0,
      takenFen: tenders.reduce((s, t) => s + t.amountFen, 0),
      cash: {
        floatFen: shift.float_fen,
        salesFen: cashSales,
        inFen: moves.inFen,
        outFen: moves.outFen,
        expectedFen,
        countedFen: shift.counted_cash_fen,
        differenceFen: shift.counted_cash_fen === null ? null : shift.counted_cash_fen - expectedFen,
      },
      unconfirmedAttempts: unconfirmed,
    };
  });
  return read.deferred();
}
