/**
 * The KesionEDU enrollment table (kesion_enrollments, migration 011 — allocated 015): every
 * statement on it is here; enrollment.ts and confirmations.ts use these and nothing else
 * (docs/ARCHITECTURE.md §3, one owning module per table).
 */
import type { ENROLLMENT_STATES } from '../../../app/contract/kesion.js';
import type { Store } from '../../store/db.js';

export type EnrollmentState = (typeof ENROLLMENT_STATES)[number];

/** States a supervisor sees under 异常 until the ERP has the payment. */
export const EXCEPTION_STATES: readonly EnrollmentState[] = ['pending', 'sending', 'unknown', 'failed'];

export interface CourseLine {
  id: string;
  name: string;
  purchasePriceFen: number;
}

export interface EnrollmentRow {
  id: number;
  orderId: string;
  payOrderId: string;
  type: 1 | 2 | 3;
  courseIds: string[];
  userIds: string[];
  courses: CourseLine[];
  studentsCount: number;
  totalFen: number;
  operatorNo: string;
  mode: 'counter' | 'balance' | null;
  billId: number | null;
  payId: string | null;
  state: EnrollmentState;
  sends: number;
  checks: number;
  nextAt: number | null;
  sentAt: number | null;
  confirmedAt: number | null;
  foundBy: 'reply' | 'check' | null;
  lastMsg: string | null;
  lastError: string | null;
  payUrl: string | null;
  createdAt: number;
  updatedAt: number;
}

interface RawRow {
  id: number;
  order_id: string;
  pay_order_id: string;
  type: 1 | 2 | 3;
  course_ids: string;
  user_ids: string;
  courses_json: string;
  students_count: number;
  total_fen: number;
  operator_no: string;
  mode: 'counter' | 'balance' | null;
  bill_id: number | null;
  pay_id: string | null;
  state: EnrollmentState;
  sends: number;
  checks: number;
  next_at: number | null;
  sent_at: number | null;
  confirmed_at: number | null;
  found_by: 'reply' | 'check' | null;
  last_msg: string | null;
  last_error: string | null;
  pay_url: string | null;
  created_at: number;
  updated_at: number;
}

function toRow(r: RawRow): EnrollmentRow {
  return {
    id: r.id,
    orderId: r.order_id,
    payOrderId: r.pay_order_id,
    type: r.type,
    courseIds: JSON.parse(r.course_ids) as string[],
    userIds: JSON.parse(r.user_ids) as string[],
    courses: JSON.parse(r.courses_json) as CourseLine[],
    studentsCount: r.students_count,
    totalFen: r.total_fen,
    operatorNo: r.operator_no,
    mode: r.mode,
    billId: r.bill_id,
    payId: r.pay_id,
    state: r.state,
    sends: r.sends,
    checks: r.checks,
    nextAt: r.next_at,
    sentAt: r.sent_at,
    confirmedAt: r.confirmed_at,
    foundBy: r.found_by,
    lastMsg: r.last_msg,
    lastError: r.last_error,
    payUrl: r.pay_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface NewEnrollment {
  orderId: string;
  payOrderId: string;
  type: 1 | 2 | 3;
  courseIds: string[];
  userIds: string[];
  courses: CourseLine[];
  studentsCount: number;
  totalFen: number;
  operatorNo: string;
}

export type EnrollmentJournal = ReturnType<typeof createEnrollmentJournal>;

export function createEnrollmentJournal(store: Store) {
  const { db } = store;
  const byId = db.prepare<[number], RawRow>('SELECT * FROM kesion_enrollments WHERE id = ?');
  const byPayOrder = db.prepare<[string], RawRow>('SELECT * FROM kesion_enrollments WHERE pay_order_id = ?');
  const byBill = db.prepare<[number], RawRow>('SELECT * FROM kesion_enrollments WHERE bill_id = ?');
  const insert = db.prepare(
    `INSERT INTO kesion_enrollments (order_id, pay_order_id, type, course_ids, user_ids, courses_json,
       students_count, total_fen, operator_no, created_at, updated_at)
     VALUES (@orderId, @payOrderId, @type, @courseIds, @userIds, @courses, @studentsCount, @totalFen,
       @operatorNo, @now, @now)`,
  );
  const due = db.prepare<[number], RawRow>(
    `SELECT * FROM kesion_enrollments
      WHERE state IN ('pending', 'unknown', 'sending') AND (next_at IS NULL OR next_at <= ?) ORDER BY id`,
  );
  const inStates = (states: readonly EnrollmentState[]) =>
    db.prepare<[], RawRow>(
      `SELECT * FROM kesion_enrollments WHERE state IN (${states.map((s) => `'${s}'`).join(',')}) ORDER BY id`,
    );
  const exceptions = inStates(EXCEPTION_STATES);
  const live = inStates(['pending', 'sending', 'unknown']);
  const collecting = inStates(['collecting']);
  const all = db.prepare<[], RawRow>('SELECT * FROM kesion_enrollments ORDER BY id');
  const unfinished = db.prepare<[number], RawRow>(
    "SELECT * FROM kesion_enrollments WHERE state IN ('saved', 'online') ORDER BY id DESC LIMIT ?",
  );
  const update = (sql: string) => db.prepare(`UPDATE kesion_enrollments SET ${sql}, updated_at = @now WHERE id = @id`);
  const linkBill = update(`mode = 'counter', bill_id = @billId, pay_id = @payId, state = 'collecting'`);
  // Only from saved (balance) or collecting (counter): a journaled row is never journaled again.
  const toPending = db.prepare(
    `UPDATE kesion_enrollments SET mode = COALESCE(mode, @mode), pay_id = @payId, state = 'pending',
       next_at = NULL, last_error = NULL, updated_at = @now WHERE id = @id AND state IN ('saved', 'collecting')`,
  );
  const unlinkBill = db.prepare(
    `UPDATE kesion_enrollments SET state = 'saved', mode = NULL, bill_id = NULL, pay_id = NULL, updated_at = @now
      WHERE id = @id AND state = 'collecting'`,
  );
  const toSending = db.prepare(
    `UPDATE kesion_enrollments SET state = 'sending', sends = sends + 1, sent_at = @now, updated_at = @now
      WHERE id = @id AND state IN ('pending', 'unknown')`,
  );
  const setState = update(
    `state = @state, next_at = @nextAt, last_msg = COALESCE(@msg, last_msg), last_error = @error,
     pay_url = COALESCE(@url, pay_url)`,
  );
  const confirmed = update(
    `state = 'confirmed', confirmed_at = @now, found_by = @foundBy, next_at = NULL, last_error = NULL,
     last_msg = COALESCE(@msg, last_msg)`,
  );
  const checked = update('checks = checks + 1');
  const recover = db.prepare(
    `UPDATE kesion_enrollments SET state = 'unknown', next_at = NULL, updated_at = @now,
       last_error = COALESCE(last_error, 'interrupted while sending') WHERE state = 'sending'`,
  );
  const dueAtStart = db.prepare(
    `UPDATE kesion_enrollments SET next_at = NULL, updated_at = @now
      WHERE state IN ('pending', 'unknown') AND next_at IS NOT NULL`,
  );
  const retry = db.prepare(
    `UPDATE kesion_enrollments SET state = 'unknown', next_at = NULL, updated_at = @now
      WHERE id = @id AND state IN ('pending', 'unknown', 'failed')`,
  );

  const one = (r: RawRow | undefined): EnrollmentRow | null => (r ? toRow(r) : null);
  return {
    get: (id: number) => one(byId.get(id)),
    getByPayOrder: (payOrderId: string) => one(byPayOrder.get(payOrderId)),
    getByBill: (billId: number) => one(byBill.get(billId)),
    insert(e: NewEnrollment, now: number): EnrollmentRow {
      const info = insert.run({
        ...e,
        courseIds: JSON.stringify(e.courseIds),
        userIds: JSON.stringify(e.userIds),
        courses: JSON.stringify(e.courses),
        now,
      });
      return toRow(byId.get(Number(info.lastInsertRowid))!);
    },
    due: (now: number) => due.all(now).map(toRow),
    exceptions: () => exceptions.all().map(toRow),
    live: () => live.all().map(toRow),
    collecting: () => collecting.all().map(toRow),
    /** Every row (checks and tools; not for screens). */
    all: () => all.all().map(toRow),
    /** Saved orders not paid yet (nor sent to the counter), newest first. */
    unfinished: (n: number) => unfinished.all(n).map(toRow),
    linkBill: (id: number, billId: number, payId: string, now: number) => linkBill.run({ id, billId, payId, now }),
    toPending: (id: number, mode: 'counter' | 'balance', payId: string, now: number) =>
      toPending.run({ id, mode, payId, now }).changes === 1,
    /** collecting → saved when its counter bill was voided (cancelled) before it was paid. */
    unlinkBill: (id: number, now: number) => unlinkBill.run({ id, now }).changes === 1,
    /** pending | unknown → sending (committed before a byte leaves). False when another run took it. */
    toSending: (id: number, now: number) => toSending.run({ id, now }).changes === 1,
    setState: (
      id: number,
      s: { state: EnrollmentState; nextAt: number | null; msg?: string | null; error: string | null; url?: string },
      now: number,
    ) =>
      setState.run({
        id,
        state: s.state,
        nextAt: s.nextAt,
        msg: s.msg ?? null,
        error: s.error,
        url: s.url ?? null,
        now,
      }),
    confirmed: (id: number, foundBy: 'reply' | 'check', msg: string | null, now: number) =>
      confirmed.run({ id, foundBy, msg, now }),
    checked: (id: number, now: number) => checked.run({ id, now }),
    /**
     * At start-up: a row left in 'sending' died mid-send — its outcome is unknown; and every
     * pending or unknown row is due at once (a restart checks without waiting for its backoff).
     */
    recover(now: number): number {
      const n = recover.run({ now }).changes;
      dueAtStart.run({ now });
      return n;
    },
    /** A supervisor's 重试: check first, then send if not paid. */
    retry: (id: number, now: number) => retry.run({ id, now }).changes === 1,
  };
}
