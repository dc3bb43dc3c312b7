/**
 * Late outcomes (table `late_outcomes`, migration 005): a payment that was `unconfirmed` (the
 * cashier stopped waiting, or the deadline passed) and was settled afterwards. The engine records
 * the notice in the same transaction as the state change (`record`), then pushes
 * `payment.lateOutcome`; the counter lists what is not acknowledged and acknowledges it (audited);
 * the supervisor's exceptions list shows the whole history (contract: app/contract/late-outcome.ts).
 */
import type { LateOutcomeNotice, LateOutcomeVia } from '../../app/contract/late-outcome.js';
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { stmt } from '../store/stmt.js';

export interface NewLateOutcome {
  attemptId: number;
  outcome: 'paid' | 'declined' | 'cancelled';
  via: LateOutcomeVia;
  queryNo: number | null;
  resolvedBy: string | null;
  detail: string | null;
  unconfirmedAt: number | null;
  resolvedAt: number;
}

interface Row {
  id: number;
  attempt_id: number;
  bill_id: number;
  bill_no: string;
  gateway_bill_num: string;
  amount_fen: number;
  operator_no: string;
  outcome: 'paid' | 'declined' | 'cancelled';
  via: LateOutcomeVia;
  query_no: number | null;
  resolved_by: string | null;
  detail: string | null;
  unconfirmed_at: number | null;
  resolved_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
}

const SELECT = `SELECT l.*, a.bill_id, b.bill_no, a.gateway_bill_num, a.amount_fen, a.operator_no
  FROM late_outcomes l JOIN payment_attempts a ON a.id = l.attempt_id JOIN bills b ON b.id = a.bill_id`;

function toNotice(r: Row): LateOutcomeNotice {
  return {
    id: r.id,
    attemptId: r.attempt_id,
    billId: r.bill_id,
    billNo: r.bill_no,
    gatewayBillNum: r.gateway_bill_num,
    amountFen: r.amount_fen,
    outcome: r.outcome,
    operatorNo: r.operator_no,
    unconfirmedAt: r.unconfirmed_at,
    resolvedAt: r.resolved_at,
    via: r.via,
    queryNo: r.query_no,
    resolvedBy: r.resolved_by,
    detail: r.detail,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
  };
}

export interface LateOutcomes {
  /** Inside the caller's transaction. Returns the new notice's id (one per attempt: a second is ignored, returns the first). */
  record(n: NewLateOutcome): number;
  get(id: number): LateOutcomeNotice | null;
  /** Not acknowledged, oldest first. */
  unacknowledged(limit?: number): LateOutcomeNotice[];
  /** Every notice, newest first (supervisor history). */
  history(limit?: number): LateOutcomeNotice[];
  /** Acknowledge one notice (audited). Idempotent: a second call returns it unchanged. */
  acknowledge(id: number, operatorNo: string): LateOutcomeNotice;
}

export function createLateOutcomes(store: Store): LateOutcomes {
  const { db } = store;
  const get = (id: number): LateOutcomeNotice | null => {
    const r = stmt(db, `${SELECT} WHERE l.id = ?`).get(id) as Row | undefined;
    return r ? toNotice(r) : null;
  };
  return {
    record(n) {
      const existing = stmt(db, 'SELECT id FROM late_outcomes WHERE attempt_id = ?').pluck().get(n.attemptId) as
        number | undefined;
      if (existing !== undefined) return existing;
      const info = stmt(
        db,
        `INSERT INTO late_outcomes (attempt_id, outcome, via, query_no, resolved_by, detail, unconfirmed_at, resolved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        n.attemptId,
        n.outcome,
        n.via,
        n.queryNo,
        n.resolvedBy === null ? null : n.resolvedBy.slice(0, 32),
        n.detail === null ? null : n.detail.slice(0, 500),
        n.unconfirmedAt,
        n.resolvedAt,
      );
      return Number(info.lastInsertRowid);
    },
    get,
    unacknowledged(limit = 50) {
      const rows = stmt(db, `${SELECT} WHERE l.acknowledged_at IS NULL ORDER BY l.id LIMIT ?`).all(
        Math.min(Math.max(1, limit), 500),
      ) as Row[];
      return rows.map(toNotice);
    },
    history(limit = 100) {
      const rows = stmt(db, `${SELECT} ORDER BY l.id DESC LIMIT ?`).all(Math.min(Math.max(1, limit), 1000)) as Row[];
      return rows.map(toNotice);
    },
    acknowledge(id, operatorNo) {
      if (!Number.isSafeInteger(id) || id < 1)
        throw new AppError('invalid-input', 'noticeId: must be a positive integer', { field: 'noticeId' });
      const who = operatorNo.trim();
      if (who.length < 1 || who.length > 32) {
        throw new AppError('invalid-input', 'operatorNo: required, at most 32 characters', {
          field: 'operatorNo',
          limit: 32,
        });
      }
      return store.tx(() => {
        const cur = get(id);
        if (!cur) throw new AppError('payment-not-found', `late outcome notice ${id} not found`, { noticeId: id });
        if (cur.acknowledgedAt !== null) return cur;
        const at = store.now();
        stmt(
          db,
          'UPDATE late_outcomes SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL',
        ).run(at, who, id);
        audit(store, {
          action: 'late-outcome.acknowledge',
          operatorNo: who,
          subject: `bill:${cur.billNo}`,
          detail: {
            noticeId: id,
            attemptId: cur.attemptId,
            outcome: cur.outcome,
            amountFen: cur.amountFen,
            gatewayBillNum: cur.gatewayBillNum,
          },
        });
        return get(id)!;
      });
    },
  };
}
