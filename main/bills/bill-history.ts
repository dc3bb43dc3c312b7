import type { HistoryPage, HistoryQuery, HistoryRow } from '../../app/contract/history.js';
import { HistoryQuerySchema } from '../../app/contract/history.js';
import { AppError } from '../../app/result.js';
import type { Store } from '../store/db.js';

/**
 * The bill history (单据查询): paid bills (sales, recharges, refunds) closed in a window, newest
 * first, a page at a time, narrowed by any mix of filters. Each filter has an index to seek
 * (migration 010), and the window alone walks bills_closed_at backwards, so no search reads the
 * whole ledger (see bill-history.test.ts for the plans, `npm run bench:history` for the times):
 *
 * | filter                     | index                                   |
 * |----------------------------|-----------------------------------------|
 * | end of the bill number ≥ 4 | bills_no_tail (substr(bill_no,-4), closed_at) |
 * | amount                     | bills_total_closed                      |
 * | operator                   | bills_operator_closed                   |
 * | payment-code digits        | payment_attempts_code_tail (via main/payments) |
 * | none / tender / short tail | bills_closed_at (window walk)           |
 *
 * The shift scope is the window from the shift's opening with `+shift_id` (never a sort of the
 * whole shift).
 */

export interface HistorySearchInput {
  from: number;
  to: number;
  /** Only this shift's bills (the caller narrows from/to to the shift's opening). */
  shiftId?: number | null;
  billNoEnd?: string | undefined;
  amountFen?: number | undefined;
  operatorNo?: string | undefined;
  tender?: HistoryRow['tenderKinds'][number] | undefined;
  /** Bill ids a payment code ending in the typed digits paid (main/payments answers it), or undefined. */
  billIds?: readonly number[] | undefined;
  page: number;
  pageSize: number;
}

const COLUMNS = `b.id, b.bill_no AS billNo, b.kind, b.status, b.total_fen AS totalFen, b.closed_at AS closedAt, b.operator_no AS operatorNo`;

/** The SQL of one search (exported for the query-plan test) and its parameters. */
export function historySql(input: HistorySearchInput): { sql: string; args: unknown[] } {
  const where = [`b.closed_at >= ?`, `b.closed_at < ?`, `+b.status = 'paid'`];
  const args: unknown[] = [input.from, input.to];
  if (input.shiftId !== undefined && input.shiftId !== null) {
    where.push('+b.shift_id = ?');
    args.push(input.shiftId);
  }
  const tail = input.billNoEnd?.trim().toUpperCase() ?? '';
  if (tail !== '') {
    if (tail.length >= 4) {
      where.push(`substr(b.bill_no, -4) = ?`);
      args.push(tail.slice(-4));
    }
    where.push(`b.bill_no LIKE ? ESCAPE '\\'`);
    args.push(`%${tail.replace(/[\\%_]/g, (c) => `\\${c}`)}`);
  }
  if (input.amountFen !== undefined) {
    where.push('b.total_fen = ?');
    args.push(input.amountFen);
  }
  if (input.operatorNo !== undefined) {
    where.push('b.operator_no = ?');
    args.push(input.operatorNo);
  }
  if (input.tender !== undefined) {
    where.push('EXISTS (SELECT 1 FROM tenders t WHERE t.bill_id = b.id AND t.kind = ? AND t.amount_fen <> 0)');
    args.push(input.tender);
  }
  if (input.billIds !== undefined) {
    where.push('b.id IN (SELECT value FROM json_each(?))');
    args.push(JSON.stringify(input.billIds));
  }
  args.push(input.pageSize + 1, input.page * input.pageSize);
  return {
    sql: `SELECT ${COLUMNS} FROM bills b WHERE ${where.join(' AND ')} ORDER BY b.closed_at DESC, b.id DESC LIMIT ? OFFSET ?`,
    args,
  };
}

export interface BillHistory {
  search(input: HistorySearchInput): HistoryPage;
  /** Refunds made against bill `billId`, in fen. */
  refundedFen(billId: number): number;
}

/** Check a contract query and turn it into the window and filters (the screen computed local days). */
export function parseHistoryQuery(q: HistoryQuery): ReturnType<typeof HistoryQuerySchema.parse> {
  const parsed = HistoryQuerySchema.parse(q);
  if (!(parsed.to > parsed.from)) throw new AppError('invalid-input', 'to: must be after from', { field: 'to' });
  return parsed;
}

export function createBillHistory(store: Store): BillHistory {
  const { db } = store;
  const cache = new Map<string, ReturnType<typeof db.prepare<unknown[]>>>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare<unknown[]>(sql);
      cache.set(sql, s);
    }
    return s;
  };
  const tenders = db.prepare('SELECT DISTINCT kind FROM tenders WHERE bill_id = ? AND amount_fen <> 0 ORDER BY kind');
  const refunded = db
    .prepare(
      "SELECT coalesce(sum(total_fen), 0) FROM bills WHERE refund_of = ? AND kind = 'refund' AND status = 'paid'",
    )
    .pluck();
  return {
    search(input) {
      if (!(input.to > input.from)) throw new AppError('invalid-input', 'to: must be after from', { field: 'to' });
      const { sql, args } = historySql(input);
      const found = prepared(sql).all(...args) as Omit<HistoryRow, 'tenderKinds'>[];
      const more = found.length > input.pageSize;
      const rows = found.slice(0, input.pageSize).map((r) => ({
        ...r,
        tenderKinds: (tenders.all(r.id) as { kind: HistoryRow['tenderKinds'][number] }[]).map((t) => t.kind),
      }));
      return { rows, page: input.page, pageSize: input.pageSize, more };
    },
    refundedFen: (billId) => refunded.get(billId) as number,
  };
}
