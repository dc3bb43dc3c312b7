/**
 * Migration 011 (allocated 015 in the wave-4 plan; renumbered at merge): KesionEDU batch
 * enrollments collected at the counter (main/backoffice/kesion/enrollment.ts) and their
 * confirmation journal (main/backoffice/kesion/confirmations.ts).
 *
 * One row per ERP pay order (SaveBatchBill's orderid / payorderid). SaveSignUpOrder has no
 * idempotency key, so the row's state is written BEFORE each send:
 *
 *   saved ─柜台收款─▶ collecting ─(bill paid, same transaction)─▶ pending
 *   saved ─机构余额支付─────────────────────────────────────────▶ pending
 *   pending ──send──▶ sending ──reply──▶ confirmed | failed | online
 *                        └─timeout/5xx/crash─▶ unknown ──order-info check──▶ confirmed | send again
 *
 * - mode: how the money is taken: 'counter' (a counter bill, bill_id) or 'balance' (the
 *   institution's balance at the ERP; no money at the counter).
 * - failed: the ERP refused (last_msg is its msg); a supervisor's 重试 checks before sending.
 * - online: the balance was short; the ERP answered a pay-online url (pay_url).
 * Money is integer fen. Never edit once released; add a new migration instead.
 */
export const sql = /* sql */ `
CREATE TABLE kesion_enrollments (
  id             INTEGER PRIMARY KEY,
  order_id       TEXT    NOT NULL CHECK (length(order_id) BETWEEN 1 AND 64),
  pay_order_id   TEXT    NOT NULL UNIQUE CHECK (length(pay_order_id) BETWEEN 1 AND 40),
  type           INTEGER NOT NULL CHECK (type IN (1, 2, 3)),
  course_ids     TEXT    NOT NULL,
  user_ids       TEXT    NOT NULL,
  courses_json   TEXT    NOT NULL,
  students_count INTEGER NOT NULL CHECK (students_count >= 1),
  total_fen      INTEGER NOT NULL CHECK (total_fen BETWEEN 0 AND 9999999900),
  operator_no    TEXT    NOT NULL,
  mode           TEXT    CHECK (mode IS NULL OR mode IN ('counter', 'balance')),
  bill_id        INTEGER UNIQUE REFERENCES bills(id),
  pay_id         TEXT,
  state          TEXT    NOT NULL DEFAULT 'saved'
                 CHECK (state IN ('saved', 'collecting', 'pending', 'sending', 'unknown', 'confirmed', 'failed', 'online')),
  sends          INTEGER NOT NULL DEFAULT 0 CHECK (sends >= 0),
  checks         INTEGER NOT NULL DEFAULT 0 CHECK (checks >= 0),
  next_at        INTEGER,
  sent_at        INTEGER,
  confirmed_at   INTEGER,
  found_by       TEXT    CHECK (found_by IS NULL OR found_by IN ('reply', 'check')),
  last_msg       TEXT,
  last_error     TEXT,
  pay_url        TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  CHECK (state NOT IN ('pending', 'sending', 'unknown', 'confirmed', 'failed') OR pay_id IS NOT NULL),
  CHECK (state <> 'collecting' OR bill_id IS NOT NULL)
);
CREATE INDEX kesion_enrollments_due ON kesion_enrollments(state, next_at);
`;
