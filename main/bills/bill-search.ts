import { parseYuan } from '../../app/money.js';
import { AppError } from '../../app/result.js';
import type { Store } from '../store/db.js';
import type { TenderKind } from '../../app/tender-kinds.js';

/**
 * Find paid bills to refund: today's bills (a time window the screen computes in local time)
 * or the open shift's, newest first, narrowed by what the supervisor typed — the end of the
 * bill number ("1772", "-1772-1"), or the amount ("12.50", "12"). Both kinds of match are
 * tried for one text (digits may be either). Every query walks an index (bills_closed_at or
 * bills_shift), never the whole table: see bill-search.test.ts for the plans.
 */

export interface BillSearchInput {
  /** closed_at window [from, to) in epoch ms (the screen's "today", or a minute for "14:05"). */
  from: number;
  to: number;
  /** Only bills of this shift (and the window). */
  shiftId?: number | null;
  /** End of the bill number and/or an amount in yuan. Empty: everything in the window. */
  text?: string;
  /** Default 50, at most 200. */
  limit?: number;
}

export interface BillSearchRow {
  billNo: string;
  kind: 'sale' | 'recharge';
  businessType: number;
  totalFen: number;
  closedAt: number;
  operatorNo: string;
  /** Tender kinds that paid it (barcode, cash, stored-value). */
  tenderKinds: TenderKind[];
  refundedFen: number;
  remainingFen: number;
}

/** What a search text means: a bill-number tail and/or an amount. */
export function parseBillSearchText(text: string): { billNoEnd: string | null; amountFen: number | null } {
  const t = text.trim();
  if (t === '') return { billNoEnd: null, amountFen: null };
  const billNoEnd = /^[A-Za-z0-9-]{1,29}$/.test(t) ? t.toUpperCase() : null;
  const money = /^\d{1,9}(\.\d{1,2})?$/.test(t) ? parseYuan(t) : null;
  const amountFen = money && money.ok && money.fen > 0 ? money.fen : null;
  if (billNoEnd === null && amountFen === null) {
    throw new AppError('invalid-input', 'text: the end of a bill number (letters, digits, -) or an amount in yuan', {
      field: 'text',
      max: 29,
    });
  }
  return { billNoEnd, amountFen };
}

const COLUMNS = `id, bill_no AS billNo, kind, business_type AS businessType, total_fen AS totalFen, closed_at AS closedAt, operator_no AS operatorNo`;
const PAID_SALES = `status = 'paid' AND kind IN ('sale', 'recharge')`;
const MATCH = `(? IS NULL AND ? IS NULL OR (? IS NOT NULL AND bill_no LIKE ? ESCAPE '\\') OR total_fen = ?)`;

/** The SQL of both searches, exported for the query-plan test. */
export const BILL_SEARCH_SQL = {
  // `+status` keeps the planner off bills_status (every paid bill ever): the day's window on bills_closed_at is the narrow walk.
  day: `SELECT ${COLUMNS} FROM bills WHERE closed_at >= ? AND closed_at < ? AND +${PAID_SALES} AND ${MATCH} ORDER BY closed_at DESC, id DESC LIMIT ?`,
  shift: `SELECT ${COLUMNS} FROM bills WHERE shift_id = ? AND ${PAID_SALES} AND closed_at >= ? AND closed_at < ? AND ${MATCH} ORDER BY closed_at DESC, id DESC LIMIT ?`,
} as const;

export interface BillSearch {
  search(input: BillSearchInput): BillSearchRow[];
}

export function createBillSearch(store: Store): BillSearch {
  const { db } = store;
  const q = {
    day: db.prepare(BILL_SEARCH_SQL.day),
    shift: db.prepare(BILL_SEARCH_SQL.shift),
    tenders: db.prepare('SELECT DISTINCT kind FROM tenders WHERE bill_id = ? AND amount_fen > 0 ORDER BY kind'),
    refunded: db
      .prepare(
        "SELECT coalesce(sum(total_fen), 0) FROM bills WHERE refund_of = ? AND kind = 'refund' AND status = 'paid'",
      )
      .pluck(),
  };
  return {
    search(input) {
      const from = Math.max(0, Math.floor(input.from));
      const to = Math.floor(input.to);
      if (!(to > from)) throw new AppError('invalid-input', 'to: must be after from', { field: 'to' });
      const limit = Math.min(200, Math.max(1, Math.floor(input.limit ?? 50)));
      const { billNoEnd, amountFen } = parseBillSearchText(input.text ?? '');
      const like = billNoEnd === null ? null : `%${billNoEnd.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
      const match = [billNoEnd, amountFen, billNoEnd, like, amountFen];
      const rows = (
        input.shiftId !== undefined && input.shiftId !== null
          ? q.shift.all(input.shiftId, from, to, ...match, limit)
          : q.day.all(from, to, ...match, limit)
      ) as (Omit<BillSearchRow, 'tenderKinds' | 'refundedFen' | 'remainingFen'> & { id: number })[];
      return rows.map(({ id, ...r }) => {
        const refundedFen = q.refunded.get(id) as number;
        return {
          ...r,
          tenderKinds: (q.tenders.all(id) as { kind: BillSearchRow['tenderKinds'][number] }[]).map((t) => t.kind),
          refundedFen,
          remainingFen: Math.max(0, r.totalFen - refundedFen),
        };
      });
    },
  };
}
