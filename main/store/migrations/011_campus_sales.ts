/**
 * Migration 011 (allocated 016 in wave 4; renumbered at merge): smart-campus card packages sold
 * at the counter (main/backoffice/campus/sales.ts), and the `campus-qr` tender kind.
 *
 * campus_charges — one row per ping++ charge created for a counter bill (PayMoney). The row is
 * written BEFORE PayMoney is sent (state 'creating'), so a crash mid-call leaves a trace:
 *
 *   creating → pending → paid
 *                      → expired | cancelled   (the bill may be retried: a new row, attempt + 1)
 *   creating → failed  (PayMoney refused or invalid: nothing was created there)
 *   creating → unknown (PayMoney sent, no answer: a charge may exist; never shown, never paid)
 *
 * At most one live row (creating, pending) per bill: a second charge for the same bill
 * is impossible. `confirmed_at` is set once, in the transaction that closes the bill as paid.
 *
 * tenders is rebuilt to widen its kind CHECK with 'campus-qr' (SQLite cannot alter a CHECK).
 * Never edit once released; add a new migration instead.
 */
export const sql = /* sql */ `
CREATE TABLE campus_charges (
  id            INTEGER PRIMARY KEY,
  bill_id       INTEGER NOT NULL REFERENCES bills(id),
  attempt       INTEGER NOT NULL CHECK (attempt >= 1),
  user_id       TEXT    NOT NULL CHECK (length(user_id) BETWEEN 1 AND 32),
  emp_name      TEXT    NOT NULL,
  card_no       TEXT    NOT NULL DEFAULT '',
  pay_type      INTEGER NOT NULL CHECK (pay_type IN (0, 1, 2)),
  package_type  INTEGER NOT NULL CHECK (package_type IN (0, 1)),
  item_ids      TEXT    NOT NULL,
  items_json    TEXT    NOT NULL,
  amount_fen    INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 9999999999),
  channel       TEXT    NOT NULL,
  state         TEXT    NOT NULL DEFAULT 'creating'
                CHECK (state IN ('creating', 'pending', 'paid', 'expired', 'cancelled', 'failed', 'unknown')),
  record_ids    TEXT,
  charge_id     TEXT    UNIQUE,
  order_no      TEXT,
  qr_content    TEXT,
  expires_at    INTEGER,
  records_json  TEXT,
  confirmed_at  INTEGER,
  last_error    TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  UNIQUE (bill_id, attempt),
  CHECK (state NOT IN ('pending', 'paid') OR charge_id IS NOT NULL),
  CHECK (state <> 'paid' OR confirmed_at IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX campus_charges_live ON campus_charges(bill_id) WHERE state IN ('creating', 'pending');
CREATE INDEX campus_charges_state ON campus_charges(state);

CREATE TABLE tenders_v16 (
  id INTEGER PRIMARY KEY,
  bill_id INTEGER NOT NULL REFERENCES bills(id),
  shift_id INTEGER REFERENCES shifts(id),
  kind TEXT NOT NULL CHECK (kind IN ('barcode', 'cash', 'stored-value', 'campus-qr')),
  amount_fen INTEGER NOT NULL,
  tendered_fen INTEGER,
  change_fen INTEGER CHECK (change_fen IS NULL OR change_fen >= 0),
  attempt_id INTEGER REFERENCES payment_attempts(id),
  reference TEXT,
  created_at INTEGER NOT NULL
) STRICT;
INSERT INTO tenders_v16 (id, bill_id, shift_id, kind, amount_fen, tendered_fen, change_fen, attempt_id, reference, created_at)
  SELECT id, bill_id, shift_id, kind, amount_fen, tendered_fen, change_fen, attempt_id, reference, created_at FROM tenders;
DROP TABLE tenders;
ALTER TABLE tenders_v16 RENAME TO tenders;
CREATE INDEX tenders_bill ON tenders(bill_id);
CREATE INDEX tenders_attempt ON tenders(attempt_id) WHERE attempt_id IS NOT NULL;
CREATE INDEX tenders_shift_report ON tenders(shift_id, kind, amount_fen, tendered_fen, change_fen, created_at);
`;
