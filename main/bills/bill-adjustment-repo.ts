/**
 * The table bill_adjustments (migration 011): the discounts, price overrides and 抹零 in force
 * on a bill, with who gave and who authorised each. Every statement on it is here; the bill
 * module (bill-discounts.ts, bill-pricing.ts) is its only writer, and other modules read it
 * through the queries below (the X/Z report: `createDiscountReportQuery`).
 */
import type { DiscountSpec, RoundOffRule } from '../../app/pricing.js';
import type { Store } from '../store/db.js';

export type AdjustmentKind = 'line-discount' | 'price' | 'bill-discount' | 'round-off';

export interface AdjustmentRow {
  kind: AdjustmentKind;
  /** 0 for whole-bill kinds. */
  line_no: number;
  mode: 'percent' | 'amount' | null;
  value: number;
  rule: RoundOffRule | null;
  amount_fen: number;
  given_by: string;
  authorised_by: string | null;
  limit_pct: number | null;
  created_at: number;
}

export function specOf(a: Pick<AdjustmentRow, 'mode' | 'value'>): DiscountSpec | null {
  if (a.mode === 'percent') return { mode: 'percent', rate: a.value };
  if (a.mode === 'amount') return { mode: 'amount', fen: a.value };
  return null;
}

export function createAdjustmentRepo(store: Store) {
  const { db } = store;
  const q = {
    all: db.prepare(
      'SELECT kind, line_no, mode, value, rule, amount_fen, given_by, authorised_by, limit_pct, created_at FROM bill_adjustments WHERE bill_id = ? ORDER BY line_no, kind',
    ),
    put: db.prepare(
      `INSERT INTO bill_adjustments (bill_id, kind, line_no, mode, value, rule, amount_fen, given_by, authorised_by, limit_pct, created_at)
       VALUES (@billId, @kind, @lineNo, @mode, @value, @rule, 0, @givenBy, @authorisedBy, @limitPct, @at)
       ON CONFLICT (bill_id, kind, line_no) DO UPDATE SET mode = excluded.mode, value = excluded.value,
         rule = excluded.rule, given_by = excluded.given_by, authorised_by = excluded.authorised_by,
         limit_pct = excluded.limit_pct, created_at = excluded.created_at`,
    ),
    remove: db.prepare('DELETE FROM bill_adjustments WHERE bill_id = ? AND kind = ? AND line_no = ?'),
    setAmount: db.prepare('UPDATE bill_adjustments SET amount_fen = ? WHERE bill_id = ? AND kind = ? AND line_no = ?'),
  };
  return {
    all: (billId: number) => q.all.all(billId) as AdjustmentRow[],
    put: (a: {
      billId: number;
      kind: AdjustmentKind;
      lineNo: number;
      mode: 'percent' | 'amount' | null;
      value: number;
      rule: RoundOffRule | null;
      givenBy: string;
      authorisedBy: string | null;
      /** The cashier's percent limit it was given under; null when authorised (or not a discount). */
      limitPct?: number | null;
      at: number;
    }) => void q.put.run({ ...a, limitPct: a.limitPct ?? null }),
    remove: (billId: number, kind: AdjustmentKind, lineNo: number) => q.remove.run(billId, kind, lineNo).changes > 0,
    setAmount: (billId: number, kind: AdjustmentKind, lineNo: number, amountFen: number) =>
      void q.setAmount.run(amountFen, billId, kind, lineNo),
  };
}

export type AdjustmentRepo = ReturnType<typeof createAdjustmentRepo>;

/** Discounts given on a shift's paid sales, by the operator who gave them (the X/Z report). */
export interface DiscountsByOperator {
  operatorNo: string;
  /** How many discounts and price reductions (抹零 not counted). */
  count: number;
  /** What they took off, in fen. */
  fen: number;
}

export interface ShiftDiscounts {
  /** Line and whole-bill discounts and price reductions. */
  totalFen: number;
  count: number;
  /** 抹零 on its own (negative when rounding up added fen). */
  roundOffFen: number;
  byOperator: DiscountsByOperator[];
}

/** The X/Z report's look-up: what was given off on the paid sales of some shifts. */
export function createDiscountReportQuery(store: Store): (shiftIds: readonly number[]) => ShiftDiscounts {
  const rows = store.db.prepare(
    `SELECT a.given_by AS operatorNo, count(*) AS count, sum(a.amount_fen) AS fen
       FROM bill_adjustments a JOIN bills b ON b.id = a.bill_id
      WHERE b.shift_id = ? AND b.status = 'paid' AND b.kind = 'sale' AND a.kind <> 'round-off' AND a.amount_fen > 0
      GROUP BY a.given_by ORDER BY fen DESC, a.given_by`,
  );
  const roundOff = store.db
    .prepare(
      `SELECT coalesce(sum(a.amount_fen), 0) FROM bill_adjustments a JOIN bills b ON b.id = a.bill_id
        WHERE b.shift_id = ? AND b.status = 'paid' AND b.kind = 'sale' AND a.kind = 'round-off'`,
    )
    .pluck();
  return (shiftIds) => {
    const by = new Map<string, DiscountsByOperator>();
    let roundOffFen = 0;
    for (const id of shiftIds) {
      for (const r of rows.all(id) as DiscountsByOperator[]) {
        const cur = by.get(r.operatorNo);
        if (cur) {
          cur.count += r.count;
          cur.fen += r.fen;
        } else by.set(r.operatorNo, { ...r });
      }
      roundOffFen += roundOff.get(id) as number;
    }
    const byOperator = [...by.values()].sort((a, b) => b.fen - a.fen || a.operatorNo.localeCompare(b.operatorNo));
    return {
      totalFen: byOperator.reduce((s, r) => s + r.fen, 0),
      count: byOperator.reduce((s, r) => s + r.count, 0),
      roundOffFen,
      byOperator,
    };
  };
}
