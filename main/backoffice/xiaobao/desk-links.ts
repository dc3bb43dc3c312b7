/**
 * The counter's links to Xiaobao students (table xiaobao_counter_links, migration 011 — the
 * Xiaobao counter's slot 013): which counter bill is a 校宝充值 for which student, and which
 * cash movement paid a student's balance back. This module owns the table; every statement on it
 * is here.
 */
import type { Store } from '../../store/db.js';

export interface CounterLink {
  billNo: string;
  kind: 'recharge' | 'refund';
  stuInfoId: number;
  stuName: string;
  schoolName: string | null;
  amountFen: number;
  cashMovementId: number | null;
  operatorNo: string;
  authorisedBy: string | null;
  createdAt: number;
}

interface LinkRow {
  bill_no: string;
  kind: 'recharge' | 'refund';
  stu_info_id: number;
  stu_name: string;
  school_name: string | null;
  amount_fen: number;
  cash_movement_id: number | null;
  operator_no: string;
  authorised_by: string | null;
  created_at: number;
}

const toLink = (r: LinkRow): CounterLink => ({
  billNo: r.bill_no,
  kind: r.kind,
  stuInfoId: r.stu_info_id,
  stuName: r.stu_name,
  schoolName: r.school_name,
  amountFen: r.amount_fen,
  cashMovementId: r.cash_movement_id,
  operatorNo: r.operator_no,
  authorisedBy: r.authorised_by,
  createdAt: r.created_at,
});

/** A student's name as it goes on a bill line or a cash movement: `张三（1001）`. */
export function studentLabel(name: string, stuInfoId: number): string {
  return `${name.slice(0, 40)}（${stuInfoId}）`;
}

/** The line name of a top-up bill; the receipt prints it. */
export function topUpLineName(name: string, stuInfoId: number): string {
  return `校宝充值 ${studentLabel(name, stuInfoId)}`;
}

/** The reason of a refund's cash movement; the shift/X/Z report lists it on its own line. */
export function refundMovementReason(name: string, stuInfoId: number): string {
  return `校宝退款 ${studentLabel(name, stuInfoId)}`;
}

/**
 * The number a refund is posted under (the ERP's orderNumber): unique per terminal (prefix),
 * restart (the cash movement's id) and reinstall (the time part): `T01-XR261205-021530-12`.
 */
export function refundNo(terminalNo: string, at: number, movementId: number, utcOffsetMinutes: number): string {
  const d = new Date(at + utcOffsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
  const time = `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `${terminalNo}-XR${date}-${time}-${movementId}`;
}

export function createCounterLinks(store: Store) {
  const db = store.db;
  const insert = db.prepare(
    `INSERT INTO xiaobao_counter_links (bill_no, kind, stu_info_id, stu_name, school_name, amount_fen, cash_movement_id, operator_no, authorised_by, created_at)
     VALUES (@billNo, @kind, @stuInfoId, @stuName, @schoolName, @amountFen, @cashMovementId, @operatorNo, @authorisedBy, @createdAt)
     ON CONFLICT (bill_no) DO UPDATE SET stu_info_id = excluded.stu_info_id, stu_name = excluded.stu_name,
        school_name = excluded.school_name, amount_fen = excluded.amount_fen, operator_no = excluded.operator_no,
        created_at = excluded.created_at
      WHERE kind = 'recharge' AND excluded.kind = 'recharge'`,
  );
  const byBillNo = db.prepare<[string], LinkRow>('SELECT * FROM xiaobao_counter_links WHERE bill_no = ?');
  const since = db.prepare<[number], LinkRow>(
    'SELECT * FROM xiaobao_counter_links WHERE created_at >= ? ORDER BY created_at DESC, id DESC',
  );
  return {
    /**
     * Record a link (inside the caller's transaction). A top-up on an emptied bill that was
     * linked before (its line voided, still open) re-links it; a refund's number is never reused.
     */
    insert(link: CounterLink): void {
      if (insert.run(link).changes !== 1) throw new Error(`xiaobao link ${link.billNo}: already recorded`);
    },
    get(billNo: string): CounterLink | null {
      const r = byBillNo.get(billNo);
      return r ? toLink(r) : null;
    },
    since(at: number): CounterLink[] {
      return since.all(at).map(toLink);
    },
  };
}

export type CounterLinks = ReturnType<typeof createCounterLinks>;
