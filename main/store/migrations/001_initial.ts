/**
 * Migration 001: the initial ledger.
 *
 * Money columns are integer fen. Times are integer milliseconds since the epoch (UTC).
 * Never edit this file once released: the checksum table refuses an edited applied migration.
 * Add a new numbered migration instead.
 */
export const sql = /* sql */ `
CREATE TABLE terminal (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  terminal_no TEXT NOT NULL CHECK (length(terminal_no) BETWEEN 1 AND 8),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE operators (
  id INTEGER PRIMARY KEY,
  operator_no TEXT NOT NULL UNIQUE CHECK (length(operator_no) BETWEEN 1 AND 32),
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor')),
  pin_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_pins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE shifts (
  id INTEGER PRIMARY KEY,
  operator_no TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opened_at INTEGER NOT NULL,
  float_fen INTEGER NOT NULL CHECK (float_fen >= 0),
  closed_at INTEGER,
  closed_by TEXT,
  expected_cash_fen INTEGER,
  counted_cash_fen INTEGER,
  count_detail TEXT,
  difference_note TEXT
) STRICT;
-- One open shift per terminal (one database per terminal).
CREATE UNIQUE INDEX shifts_one_open ON shifts(status) WHERE status = 'open';

CREATE TABLE cash_movements (
  id INTEGER PRIMARY KEY,
  shift_id INTEGER NOT NULL REFERENCES shifts(id),
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  reason TEXT NOT NULL,
  operator_no TEXT NOT NULL,
  authorised_by TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cash_movements_shift ON cash_movements(shift_id);

CREATE TABLE catalog_items (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
  business_type INTEGER NOT NULL CHECK (business_type BETWEEN 1 AND 7),
  quick_key INTEGER CHECK (quick_key BETWEEN 1 AND 36),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX catalog_items_name ON catalog_items(name);
CREATE UNIQUE INDEX catalog_items_quick_key ON catalog_items(quick_key) WHERE quick_key IS NOT NULL;

-- A bill: sale, stored-value recharge, or refund (linked to the original).
-- status: open (being built) · suspended (挂单) · locked (a payment attempt is live) ·
--         unconfirmed (the attempt outlived the cashier's deadline; the reconciler owns it) ·
--         paid · voided.
CREATE TABLE bills (
  id INTEGER PRIMARY KEY,
  bill_no TEXT NOT NULL UNIQUE CHECK (length(bill_no) BETWEEN 1 AND 29),
  kind TEXT NOT NULL CHECK (kind IN ('sale', 'recharge', 'refund')),
  business_type INTEGER NOT NULL CHECK (business_type BETWEEN 1 AND 7),
  status TEXT NOT NULL CHECK (status IN ('open', 'suspended', 'locked', 'unconfirmed', 'paid', 'voided')),
  total_fen INTEGER NOT NULL DEFAULT 0 CHECK (total_fen >= 0),
  card_no TEXT CHECK (card_no IS NULL OR length(card_no) <= 20),
  refund_of INTEGER REFERENCES bills(id),
  shift_id INTEGER REFERENCES shifts(id),
  operator_no TEXT NOT NULL,
  suspended_label TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  closed_at INTEGER
) STRICT;
CREATE INDEX bills_status ON bills(status);
CREATE INDEX bills_shift ON bills(shift_id, status, kind, business_type, total_fen);
CREATE INDEX bills_closed_at ON bills(closed_at);

CREATE TABLE bill_lines (
  id INTEGER PRIMARY KEY,
  bill_id INTEGER NOT NULL REFERENCES bills(id),
  line_no INTEGER NOT NULL,
  item_code TEXT,
  name TEXT NOT NULL,
  unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
  voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
  UNIQUE (bill_id, line_no)
) STRICT;

-- One barcode-pay attempt toward the gateway. gateway_bill_num is the billNum sent to
-- KouDaiLQ: the bill number plus the attempt number, so a rescan after a decline is a new
-- gateway bill while a retried query of the same attempt is idempotent.
CREATE TABLE payment_attempts (
  id INTEGER PRIMARY KEY,
  bill_id INTEGER NOT NULL REFERENCES bills(id),
  attempt_no INTEGER NOT NULL CHECK (attempt_no >= 1),
  gateway_bill_num TEXT NOT NULL UNIQUE CHECK (length(gateway_bill_num) BETWEEN 1 AND 32),
  business_type INTEGER NOT NULL CHECK (business_type BETWEEN 1 AND 7),
  operator_no TEXT NOT NULL CHECK (length(operator_no) BETWEEN 1 AND 32),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  bar_code TEXT NOT NULL CHECK (length(bar_code) BETWEEN 1 AND 40),
  card_no TEXT CHECK (card_no IS NULL OR length(card_no) <= 20),
  state TEXT NOT NULL CHECK (state IN ('created', 'sent', 'awaiting-payer', 'paid', 'declined', 'unconfirmed', 'cancelled')),
  state_reason TEXT,
  gateway_autoid TEXT,
  last_errcode INTEGER,
  last_paystatus TEXT,
  last_message TEXT,
  query_count INTEGER NOT NULL DEFAULT 0,
  deadline_at INTEGER NOT NULL,
  next_query_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  final_at INTEGER,
  resolved_by TEXT,
  resolution_note TEXT,
  UNIQUE (bill_id, attempt_no)
) STRICT;
-- One live attempt per bill: the database itself refuses a second one.
CREATE UNIQUE INDEX payment_attempts_one_live ON payment_attempts(bill_id)
  WHERE state IN ('created', 'sent', 'awaiting-payer', 'unconfirmed');
CREATE INDEX payment_attempts_pending ON payment_attempts(state, next_query_at)
  WHERE state IN ('created', 'sent', 'awaiting-payer', 'unconfirmed');

CREATE TABLE payment_events (
  id INTEGER PRIMARY KEY,
  attempt_id INTEGER NOT NULL REFERENCES payment_attempts(id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  detail TEXT
) STRICT;
CREATE INDEX payment_events_attempt ON payment_events(attempt_id);

-- Money applied to a bill. Cash records what was handed over and the change given back;
-- amount_fen is what the bill received (tendered - change).
CREATE TABLE tenders (
  id INTEGER PRIMARY KEY,
  bill_id INTEGER NOT NULL REFERENCES bills(id),
  shift_id INTEGER REFERENCES shifts(id),
  kind TEXT NOT NULL CHECK (kind IN ('barcode', 'cash', 'stored-value')),
  amount_fen INTEGER NOT NULL,
  tendered_fen INTEGER,
  change_fen INTEGER CHECK (change_fen IS NULL OR change_fen >= 0),
  attempt_id INTEGER REFERENCES payment_attempts(id),
  reference TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tenders_bill ON tenders(bill_id);
CREATE INDEX tenders_shift ON tenders(shift_id, kind, amount_fen);

-- What must reach a back office. A row leaves only when the receiver acknowledges it.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  topic TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox(next_attempt_at);

-- Append-only: who did what, when, and who authorised it.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  operator_no TEXT,
  authorised_by TEXT,
  action TEXT NOT NULL,
  subject TEXT,
  detail TEXT
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`;
