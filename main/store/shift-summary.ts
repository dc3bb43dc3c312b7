/**
 * The one shift computation: the screen, the Z report, the export and the close all call
 * `shiftSummary()`, so they can never disagree.
 *
 * Money taken is counted from tenders (what the bill received: cash is tendered − change,
 * so change given is never counted as cash taken); sales by business type from paid bills.
 * Both queries are covered by indexes (tenders_shift_report, bills_shift), so the cost grows with
 * the size of the shift, not of the ledger: see `npm run bench:store`.
 *
 * `shiftSummary(store, id, { detail: true })` adds what the X/Z reports show besides
 * (by operator, by hour, voids, refunds, payment attempts by state, first/last bill numbers):
 * the same snapshot, the same read transaction. `npm run bench:report` measures it.
 */
import type { AttemptState, LiveAttemptState } from '../../app/payment/state.js';
import { LIVE_STATES_SQL } from './attempt-states-sql.js';
import type { Store } from './db.js';
import type { ShiftDbRow } from './shift-row.js';
import { stmt } from './stmt.js';
import type { TenderKind } from '../../app/tender-kinds.js';

export type { TenderKind };

export interface TenderTotals {
  kind: TenderKind;
  count: number;
  /** Net: sales minus refunds paid out. */
  amountFen: number;
  /** Cash only: handed over by customers, and change given back. */
  tenderedFen: number;
  changeFen: number;
  /** Money received (tenders > 0). */
  salesCount: number;
  salesFen: number;
  /** Money paid back by refund bills (tenders < 0); refundFen is negative or 0. */
  refundCount: number;
  refundFen: number;
}

/** Takings of one operator (the operator of the bill): paid sales and recharges, and refunds paid out. */
export interface OperatorTotals {
  operatorNo: string;
  salesCount: number;
  salesFen: number;
  refundCount: number;
  /** Negative or 0. */
  refundFen: number;
}

/** Tenders in one local clock hour. `hourStart` is the epoch ms at which that local hour began. */
export interface HourTotals {
  hourStart: number;
  kind: TenderKind;
  count: number;
  /** Net (refunds in that hour subtract). */
  amountFen: number;
}

export interface AttemptTotals {
  state: AttemptState;
  count: number;
  amountFen: number;
}

/** A payment attempt of the shift that is not final yet (the supervisor must see each one). */
export interface OpenAttempt {
  attemptId: number;
  billId: number;
  billNo: string;
  gatewayBillNum: string;
  state: LiveAttemptState;
  amountFen: number;
  operatorNo: string;
  createdAt: number;
}

export interface RefundLine {
  billNo: string;
  /** The bill it refunds. */
  refundOfBillNo: string | null;
  kind: TenderKind;
  /** Positive: the amount paid back. */
  amountFen: number;
  operatorNo: string;
  at: number;
}

/** What the X/Z reports show besides the summary. */
export interface ShiftDetail {
  utcOffsetMinutes: number;
  byOperator: OperatorTotals[];
  byHour: HourTotals[];
  /** Bills voided in the shift (unpaid bills cancelled at the counter or by a supervisor). */
  voids: { count: number; totalFen: number };
  /** Refund bills of the shift, newest first (at most REFUND_LIST_MAX). */
  refunds: RefundLine[];
  /** Payment attempts of the shift's bills by state (paid, declined, cancelled, still open). */
  attempts: AttemptTotals[];
  openAttempts: OpenAttempt[];
  /** Smallest and largest bill number of the shift (numbers sort by time). */
  firstBillNo: string | null;
  lastBillNo: string | null;
  billCount: number;
  cashMovements: {
    id: number;
    direction: 'in' | 'out';
    amountFen: number;
    reason: string;
    operatorNo: string;
    authorisedBy: string | null;
    createdAt: number;
  }[];
}

export const REFUND_LIST_MAX = 200;
export const OPEN_ATTEMPT_LIST_MAX = 200;

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
  /** Present when asked for with `{ detail: true }`. */
  detail?: ShiftDetail;
}

export interface ShiftSummaryOptions {
  /** Add the report detail (by operator, by hour, voids, refunds, attempts, bill numbers). */
  detail?: boolean;
  /**
   * Offset of local time from UTC in minutes (China: 480) for the by-hour buckets. Default: the
   * offset of this process's time zone at the shift's opening.
   */
  utcOffsetMinutes?: number;
}

/** The columns the summary reads. */
type ShiftRow = Pick<
  ShiftDbRow,
  'id' | 'operator_no' | 'status' | 'opened_at' | 'float_fen' | 'closed_at' | 'counted_cash_fen'
>;

/** Summary of one shift, or null if it does not exist. One read transaction: a consistent snapshot. */
export function shiftSummary(
  store: Store,
  shiftId: number,
  opts: ShiftSummaryOptions & { detail: true },
): (ShiftSummary & { detail: ShiftDetail }) | null;
export function shiftSummary(store: Store, shiftId: number, opts?: ShiftSummaryOptions): ShiftSummary | null;
export function shiftSummary(store: Store, shiftId: number, opts: ShiftSummaryOptions = {}): ShiftSummary | null {
  const { db } = store;
  const read = db.transaction((): ShiftSummary | null => {
    const shift = stmt(
      db,
      'SELECT id, operator_no, status, opened_at, float_fen, closed_at, counted_cash_fen FROM shifts WHERE id = ?',
    ).get(shiftId) as ShiftRow | undefined;
    if (!shift) return null;
    const tenders = stmt(
      db,
      `SELECT kind, count(*) AS count, sum(amount_fen) AS amountFen, coalesce(sum(tendered_fen), 0) AS tenderedFen, coalesce(sum(change_fen), 0) AS changeFen,
              sum(amount_fen > 0) AS salesCount, coalesce(sum(CASE WHEN amount_fen > 0 THEN amount_fen END), 0) AS salesFen,
              sum(amount_fen < 0) AS refundCount, coalesce(sum(CASE WHEN amount_fen < 0 THEN amount_fen END), 0) AS refundFen
       FROM tenders WHERE shift_id = ? GROUP BY kind ORDER BY kind`,
    ).all(shiftId) as TenderTotals[];
    const byType = stmt(
      db,
      `SELECT business_type AS businessType, kind, count(*) AS count, sum(total_fen) AS totalFen
       FROM bills WHERE shift_id = ? AND status = 'paid' GROUP BY business_type, kind ORDER BY business_type, kind`,
    ).all(shiftId) as BusinessTypeTotals[];
    const statusRows = stmt(db, 'SELECT status, count(*) AS n FROM bills WHERE shift_id = ? GROUP BY status').all(
      shiftId,
    ) as {
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
       WHERE b.shift_id = ? AND a.state IN ${LIVE_STATES_SQL}`,
    )
      .pluck()
      .get(shiftId) as number;

    const billsByStatus: Record<string, number> = {};
    for (const r of statusRows) billsByStatus[r.status] = r.n;
    const cashSales = tenders.find((t) => t.kind === 'cash')?.amountFen ?? 0;
    const expectedFen = shift.float_fen + cashSales + moves.inFen - moves.outFen;
    const detail = opts.detail
      ? shiftDetail(store, shift, opts.utcOffsetMinutes ?? -new Date(shift.opened_at).getTimezoneOffset(), statusRows)
      : undefined;
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
      ...(detail ? { detail } : {}),
    };
  });
  return read.deferred();
}

/** The report detail; runs inside shiftSummary's read transaction. */
function shiftDetail(
  store: Store,
  shift: ShiftRow,
  utcOffsetMinutes: number,
  statusRows: { status: string; n: number }[],
): ShiftDetail {
  const { db } = store;
  const shiftId = shift.id;
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60)
    throw new RangeError(`utcOffsetMinutes out of range: ${utcOffsetMinutes}`);
  const offsetMs = utcOffsetMinutes * 60_000;
  // A paid bill is settled by one tender for its whole total (cash, barcode) and a refund by one
  // negative tender: by operator from the paid bills (covering index bills_shift_operator).
  const byOperator = stmt(
    db,
    `SELECT operator_no AS operatorNo,
            sum(kind != 'refund') AS salesCount, coalesce(sum(CASE WHEN kind != 'refund' THEN total_fen END), 0) AS salesFen,
            sum(kind = 'refund') AS refundCount, coalesce(-sum(CASE WHEN kind = 'refund' THEN total_fen END), 0) AS refundFen
     FROM bills WHERE shift_id = ? AND status = 'paid' GROUP BY operator_no ORDER BY operator_no`,
  ).all(shiftId) as OperatorTotals[];
  // Integer arithmetic (better-sqlite3 binds JS numbers as REAL: cast the offset): the local
  // hour a tender fell in, as the UTC instant that hour began.
  const byHour = stmt(
    db,
    `SELECT ((created_at + CAST(:off AS INTEGER)) / 3600000) * 3600000 - CAST(:off AS INTEGER) AS hourStart, kind, count(*) AS count, sum(amount_fen) AS amountFen
     FROM tenders WHERE shift_id = :shift GROUP BY hourStart, kind ORDER BY hourStart, kind`,
  ).all({ off: offsetMs, shift: shiftId }) as HourTotals[];
  const voids = stmt(
    db,
    "SELECT count(*) AS count, coalesce(sum(total_fen), 0) AS totalFen FROM bills WHERE shift_id = ? AND status = 'voided'",
  ).get(shiftId) as { count: number; totalFen: number };
  const refunds = stmt(
    db,
    `SELECT b.bill_no AS billNo, o.bill_no AS refundOfBillNo, t.kind AS kind, -t.amount_fen AS amountFen, b.operator_no AS operatorNo, t.created_at AS at
     FROM bills b JOIN tenders t ON t.bill_id = b.id LEFT JOIN bills o ON o.id = b.refund_of
     WHERE b.shift_id = ? AND b.status = 'paid' AND b.kind = 'refund'
     ORDER BY t.created_at DESC, t.id DESC LIMIT ${REFUND_LIST_MAX}`,
  ).all(shiftId) as RefundLine[];
  const attempts = stmt(
    db,
    `SELECT a.state AS state, count(*) AS count, sum(a.amount_fen) AS amountFen
     FROM bills b JOIN payment_attempts a INDEXED BY payment_attempts_bill_state ON a.bill_id = b.id
     WHERE b.shift_id = ? GROUP BY a.state ORDER BY a.state`,
  ).all(shiftId) as AttemptTotals[];
  const openAttempts = stmt(
    db,
    `SELECT a.id AS attemptId, b.id AS billId, b.bill_no AS billNo, a.gateway_bill_num AS gatewayBillNum, a.state AS state,
            a.amount_fen AS amountFen, a.operator_no AS operatorNo, a.created_at AS createdAt
     FROM bills b JOIN payment_attempts a ON a.bill_id = b.id
     WHERE b.shift_id = ? AND a.state IN ${LIVE_STATES_SQL}
     ORDER BY a.created_at, a.id LIMIT ${OPEN_ATTEMPT_LIST_MAX}`,
  ).all(shiftId) as OpenAttempt[];
  // Two index seeks (bills_shift_no), not a scan of the shift.
  const numbers = {
    first:
      (stmt(db, 'SELECT bill_no FROM bills WHERE shift_id = ? ORDER BY bill_no LIMIT 1').pluck().get(shiftId) as
        string | undefined) ?? null,
    last:
      (stmt(db, 'SELECT bill_no FROM bills WHERE shift_id = ? ORDER BY bill_no DESC LIMIT 1').pluck().get(shiftId) as
        string | undefined) ?? null,
  };
  const cashMovements = (
    stmt(
      db,
      'SELECT id, direction, amount_fen, reason, operator_no, authorised_by, created_at FROM cash_movements WHERE shift_id = ? ORDER BY id',
    ).all(shiftId) as {
      id: number;
      direction: 'in' | 'out';
      amount_fen: number;
      reason: string;
      operator_no: string;
      authorised_by: string | null;
      created_at: number;
    }[]
  ).map((m) => ({
    id: m.id,
    direction: m.direction,
    amountFen: m.amount_fen,
    reason: m.reason,
    operatorNo: m.operator_no,
    authorisedBy: m.authorised_by,
    createdAt: m.created_at,
  }));
  return {
    utcOffsetMinutes,
    byOperator,
    byHour,
    voids,
    refunds,
    attempts,
    openAttempts,
    firstBillNo: numbers.first,
    lastBillNo: numbers.last,
    billCount: statusRows.reduce((s, r) => s + r.n, 0),
    cashMovements,
  };
}
