/**
 * SQL for payment attempts and their event log (tables from migration 001). Prepared once per
 * connection. Every function here is synchronous and meant to run inside the engine's short
 * `store.tx(...)` transactions: the write-ahead record of a payment (docs/ARCHITECTURE.md §6.3 rule 1).
 */
import type { AttemptReason, AttemptState } from '../../app/payment/state.js';
import type { QrPayType } from '../../app/payment/scan-code.js';
import { LIVE_STATES_SQL } from '../store/attempt-states-sql.js';
import type { Store } from '../store/db.js';

export interface AttemptRow {
  id: number;
  bill_id: number;
  bill_no: string;
  attempt_no: number;
  gateway_bill_num: string;
  business_type: number;
  operator_no: string;
  amount_fen: number;
  bar_code: string;
  card_no: string | null;
  state: AttemptState;
  state_reason: AttemptReason | null;
  gateway_autoid: string | null;
  last_errcode: number | null;
  last_paystatus: string | null;
  last_message: string | null;
  query_count: number;
  deadline_at: number;
  next_query_at: number | null;
  created_at: number;
  updated_at: number;
  final_at: number | null;
  resolved_by: string | null;
  resolution_note: string | null;
  /** A QR attempt's pay type (migration 009); null for a barcode attempt. */
  pay_type_code: QrPayType | null;
  /** The QR the gateway issued (ScanCode), or null. */
  qr_content: string | null;
}

export interface NewAttempt {
  billId: number;
  attemptNo: number;
  gatewayBillNum: string;
  businessType: number;
  operatorNo: string;
  amountFen: number;
  barCode: string;
  cardNo: string | null;
  deadlineAt: number;
  now: number;
  /** A QR attempt (ScanCode): its pay type. `barCode` then holds the same text (the column is NOT NULL). */
  payTypeCode?: QrPayType | null;
}

/** Kinds of rows in payment_events (the attempt's own journal). */
export type AttemptEventKind =
  | 'created'
  | 'request-sent'
  | 'barcode-reply'
  | 'barcode-failure'
  | 'scancode-reply'
  | 'scancode-failure'
  | 'query-reply'
  | 'query-failure'
  | 'deadline-passed'
  | 'stop-waiting'
  | 'supervisor-resolve'
  | 'resumed'
  | 'conflict'
  | 'settle-failed'
  | 'late-outcome';

export interface AttemptEventRow {
  id: number;
  attempt_id: number;
  at: number;
  kind: AttemptEventKind;
  state: AttemptState;
  detail: Record<string, unknown> | null;
}

/** The live states as an SQL list, from the one state list (app/payment/state.ts). */
const LIVE = LIVE_STATES_SQL;
const SELECT = 'SELECT a.*, b.bill_no AS bill_no FROM payment_attempts a JOIN bills b ON b.id = a.bill_id';

export interface AttemptRepo {
  insert(a: NewAttempt): number;
  get(id: number): AttemptRow | undefined;
  /** The live attempt of a bill (at most one: the partial UNIQUE index). */
  liveForBill(billId: number): AttemptRow | undefined;
  latestForBill(billId: number): AttemptRow | undefined;
  nextAttemptNo(billId: number): number;
  listLive(): AttemptRow[];
  byGatewayBillNum(billNum: string): AttemptRow | undefined;
  setState(id: number, state: AttemptState, reason: AttemptReason | null, at: number, finalAt: number | null): void;
  recordReply(
    id: number,
    r: { errcode: number; paystatus: string | null; message: string | null; autoid: string | null; at: number },
  ): void;
  incrementQueries(id: number, at: number): void;
  /** Keep the QR the gateway issued (and its autoid) with the attempt. */
  setQr(id: number, qrContent: string, autoid: string | null, at: number): void;
  setNextQueryAt(id: number, at: number | null): void;
  setResolution(id: number, by: string, note: string | null): void;
  addEvent(
    attemptId: number,
    at: number,
    kind: AttemptEventKind,
    state: AttemptState,
    detail?: Record<string, unknown> | null,
  ): void;
  events(attemptId: number): AttemptEventRow[];
  /** Has the BarCode request of this attempt ever been committed as sent? (write-ahead proof) */
  wasSent(attemptId: number): boolean;
  /** Queries the reconciler has made (query results recorded while unconfirmed). */
  reconcileQueries(attemptId: number): number;
  /** When the attempt first became unconfirmed (from its journal), or null. */
  unconfirmedAt(attemptId: number): number | null;
}

export function createAttemptRepo(store: Store): AttemptRepo {
  const { db } = store;
  const s = {
    insert: db.prepare(
      `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code,
         card_no, state, state_reason, deadline_at, created_at, updated_at, pay_type_code)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'created', 'committed', ?, ?, ?, ?)`,
    ),
    setQr: db.prepare(
      'UPDATE payment_attempts SET qr_content = ?, gateway_autoid = coalesce(?, gateway_autoid), updated_at = ? WHERE id = ?',
    ),
    get: db.prepare(`${SELECT} WHERE a.id = ?`),
    live: db.prepare(`${SELECT} WHERE a.bill_id = ? AND a.state IN ${LIVE} ORDER BY a.id DESC LIMIT 1`),
    latest: db.prepare(`${SELECT} WHERE a.bill_id = ? ORDER BY a.attempt_no DESC LIMIT 1`),
    maxNo: db.prepare('SELECT coalesce(max(attempt_no), 0) FROM payment_attempts WHERE bill_id = ?').pluck(),
    listLive: db.prepare(`${SELECT} WHERE a.state IN ${LIVE} ORDER BY a.id`),
    byNum: db.prepare(`${SELECT} WHERE a.gateway_bill_num = ?`),
    setState: db.prepare(
      'UPDATE payment_attempts SET state = ?, state_reason = ?, updated_at = ?, final_at = coalesce(final_at, ?) WHERE id = ?',
    ),
    recordReply: db.prepare(
      `UPDATE payment_attempts SET last_errcode = ?, last_paystatus = ?, last_message = ?,
         gateway_autoid = coalesce(?, gateway_autoid), updated_at = ? WHERE id = ?`,
    ),
    incQueries: db.prepare('UPDATE payment_attempts SET query_count = query_count + 1, updated_at = ? WHERE id = ?'),
    setNext: db.prepare('UPDATE payment_attempts SET next_query_at = ? WHERE id = ?'),
    setResolution: db.prepare('UPDATE payment_attempts SET resolved_by = ?, resolution_note = ? WHERE id = ?'),
    addEvent: db.prepare('INSERT INTO payment_events (attempt_id, at, kind, state, detail) VALUES (?, ?, ?, ?, ?)'),
    events: db.prepare(
      'SELECT id, attempt_id, at, kind, state, detail FROM payment_events WHERE attempt_id = ? ORDER BY id',
    ),
    wasSent: db.prepare("SELECT 1 FROM payment_events WHERE attempt_id = ? AND kind = 'request-sent' LIMIT 1").pluck(),
    reconcileQueries: db
      .prepare(
        "SELECT count(*) FROM payment_events WHERE attempt_id = ? AND kind IN ('query-reply', 'query-failure') AND state = 'unconfirmed'",
      )
      .pluck(),
    unconfirmedAt: db
      .prepare("SELECT min(at) FROM payment_events WHERE attempt_id = ? AND state = 'unconfirmed'")
      .pluck(),
  };

  return {
    insert(a) {
      const info = s.insert.run(
        a.billId,
        a.attemptNo,
        a.gatewayBillNum,
        a.businessType,
        a.operatorNo,
        a.amountFen,
        a.barCode,
        a.cardNo,
        a.deadlineAt,
        a.now,
        a.now,
        a.payTypeCode ?? null,
      );
      return Number(info.lastInsertRowid);
    },
    get: (id) => s.get.get(id) as AttemptRow | undefined,
    liveForBill: (billId) => s.live.get(billId) as AttemptRow | undefined,
    latestForBill: (billId) => s.latest.get(billId) as AttemptRow | undefined,
    nextAttemptNo: (billId) => (s.maxNo.get(billId) as number) + 1,
    listLive: () => s.listLive.all() as AttemptRow[],
    byGatewayBillNum: (billNum) => s.byNum.get(billNum) as AttemptRow | undefined,
    setState(id, state, reason, at, finalAt) {
      s.setState.run(state, reason, at, finalAt, id);
    },
    recordReply(id, r) {
      s.recordReply.run(r.errcode, r.paystatus, r.message, r.autoid, r.at, id);
    },
    setQr(id, qrContent, autoid, at) {
      s.setQr.run(qrContent, autoid, at, id);
    },
    incrementQueries(id, at) {
      s.incQueries.run(at, id);
    },
    setNextQueryAt(id, at) {
      s.setNext.run(at, id);
    },
    setResolution(id, by, note) {
      s.setResolution.run(by, note, id);
    },
    addEvent(attemptId, at, kind, state, detail) {
      s.addEvent.run(attemptId, at, kind, state, detail ? JSON.stringify(detail) : null);
    },
    events(attemptId) {
      return (s.events.all(attemptId) as (Omit<AttemptEventRow, 'detail'> & { detail: string | null })[]).map((r) => ({
        ...r,
        detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
      }));
    },
    wasSent: (attemptId) => s.wasSent.get(attemptId) === 1,
    reconcileQueries: (attemptId) => s.reconcileQueries.get(attemptId) as number,
    unconfirmedAt: (attemptId) => (s.unconfirmedAt.get(attemptId) as number | null) ?? null,
  };
}
