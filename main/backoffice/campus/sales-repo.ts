/**
 * The campus_charges table (migration 011/016) and every statement on it. Owned by
 * main/backoffice/campus/sales.ts; nothing else writes it.
 */
import type { Store } from '../../store/db.js';
import type { CampusSale } from '../../../app/contract/campus.js';

export type ChargeState = CampusSale['state'];
/** States in which the bill has a charge that may still be paid (at most one per bill). */
export const LIVE_STATES: readonly ChargeState[] = ['creating', 'pending'];

export interface ChargeRow {
  id: number;
  bill_id: number;
  attempt: number;
  user_id: string;
  emp_name: string;
  card_no: string;
  pay_type: 0 | 1 | 2;
  package_type: 0 | 1;
  item_ids: string;
  items_json: string;
  amount_fen: number;
  channel: string;
  state: ChargeState;
  record_ids: string | null;
  charge_id: string | null;
  order_no: string | null;
  qr_content: string | null;
  expires_at: number | null;
  records_json: string | null;
  confirmed_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface NewCharge {
  billId: number;
  attempt: number;
  userID: string;
  empName: string;
  cardNo: string;
  payMoneyType: 0 | 1 | 2;
  packageType: 0 | 1;
  items: { id: string; name: string; valueFen: number }[];
  amountFen: number;
  channel: string;
}

export function createChargeRepo(store: Store, now: () => number) {
  const { db } = store;
  const q = {
    insert: db.prepare(
      `INSERT INTO campus_charges (bill_id, attempt, user_id, emp_name, card_no, pay_type, package_type, item_ids,
         items_json, amount_fen, channel, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'creating', ?, ?)`,
    ),
    byId: db.prepare('SELECT * FROM campus_charges WHERE id = ?'),
    latestOfBill: db.prepare('SELECT * FROM campus_charges WHERE bill_id = ? ORDER BY attempt DESC LIMIT 1'),
    byState: db.prepare('SELECT * FROM campus_charges WHERE state = ? ORDER BY id'),
    pending: db.prepare(
      `UPDATE campus_charges SET state = 'pending', record_ids = ?, charge_id = ?, order_no = ?, qr_content = ?,
         expires_at = ?, last_error = NULL, updated_at = ? WHERE id = ? AND state = 'creating'`,
    ),
    setState: db.prepare(
      'UPDATE campus_charges SET state = ?, last_error = ?, updated_at = ? WHERE id = ? AND state = ?',
    ),
    note: db.prepare('UPDATE campus_charges SET last_error = ?, updated_at = ? WHERE id = ?'),
    paid: db.prepare(
      `UPDATE campus_charges SET state = 'paid', records_json = ?, confirmed_at = ?, last_error = NULL, updated_at = ?
       WHERE id = ? AND state = 'pending'`,
    ),
  };
  return {
    insert(c: NewCharge): ChargeRow {
      const t = now();
      const r = q.insert.run(
        c.billId,
        c.attempt,
        c.userID,
        c.empName,
        c.cardNo,
        c.payMoneyType,
        c.packageType,
        c.items.map((i) => i.id).join(','),
        JSON.stringify(c.items),
        c.amountFen,
        c.channel,
        t,
        t,
      );
      return q.byId.get(r.lastInsertRowid) as ChargeRow;
    },
    get: (id: number) => q.byId.get(id) as ChargeRow | undefined,
    latestOfBill: (billId: number) => q.latestOfBill.get(billId) as ChargeRow | undefined,
    inState: (state: ChargeState) => q.byState.all(state) as ChargeRow[],
    markPending(
      id: number,
      c: { recordIDs: string[]; chargeId: string; orderNo: string; qrContent: string; expiresAt: number | null },
    ): boolean {
      return (
        q.pending.run(c.recordIDs.join(','), c.chargeId, c.orderNo, c.qrContent, c.expiresAt, now(), id).changes === 1
      );
    },
    /** from → to, only if the row is still in `from` (a lost race changes nothing). */
    move(id: number, from: ChargeState, to: ChargeState, message: string | null): boolean {
      return q.setState.run(to, message, now(), id, from).changes === 1;
    },
    note(id: number, message: string | null): void {
      q.note.run(message, now(), id);
    },
    /** pending → paid, once: false if the row was not pending (already confirmed, or given up). */
    markPaid(id: number, records: unknown[]): boolean {
      const t = now();
      return q.paid.run(JSON.stringify(records), t, t, id).changes === 1;
    },
  };
}
export type ChargeRepo = ReturnType<typeof createChargeRepo>;
