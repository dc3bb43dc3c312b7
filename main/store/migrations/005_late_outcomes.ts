/**
 * Migration 005: late outcomes (迟到的支付结果). A payment the cashier stopped waiting for
 * (`unconfirmed`) and that was settled afterwards — paid, declined or cancelled — leaves one
 * notice here, written in the same transaction as the state change (main/payments/engine.ts).
 * The counter shows the notices not yet acknowledged; the supervisor keeps all of them as
 * history (main/payments/late-outcomes.ts). One notice per attempt.
 *
 * Also `payment_identity`: this ledger's install id, a random base-36 string written once at
 * the first payment (main/payments/gateway-bill-num.ts). A reinstall (a new ledger) gets a new
 * one, so the short gateway bill numbers of two installs of one terminal never meet.
 *
 * Never edit once released; add 006+ instead.
 */
export const sql = /* sql */ `
CREATE TABLE late_outcomes (
  id INTEGER PRIMARY KEY,
  attempt_id INTEGER NOT NULL UNIQUE REFERENCES payment_attempts(id),
  outcome TEXT NOT NULL CHECK (outcome IN ('paid', 'declined', 'cancelled')),
  via TEXT NOT NULL CHECK (via IN ('reconciler', 'supervisor-query', 'supervisor-resolve')),
  query_no INTEGER CHECK (query_no IS NULL OR query_no >= 1),
  resolved_by TEXT CHECK (resolved_by IS NULL OR length(resolved_by) BETWEEN 1 AND 32),
  detail TEXT CHECK (detail IS NULL OR length(detail) <= 500),
  unconfirmed_at INTEGER,
  resolved_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  acknowledged_by TEXT CHECK (acknowledged_by IS NULL OR length(acknowledged_by) BETWEEN 1 AND 32),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
) STRICT;
-- The counter's question: which notices are still waiting for 知道了?
CREATE INDEX late_outcomes_unacknowledged ON late_outcomes(id) WHERE acknowledged_at IS NULL;

CREATE TABLE payment_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  install_id TEXT NOT NULL CHECK (length(install_id) BETWEEN 8 AND 32 AND install_id NOT GLOB '*[^0-9A-Z]*'),
  created_at INTEGER NOT NULL
) STRICT;
`;
