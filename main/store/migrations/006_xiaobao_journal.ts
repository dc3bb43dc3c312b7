/**
 * Migration 006: the Xiaobao posting journal (main/backoffice/xiaobao/poster.ts).
 *
 * One row per counter bill posted to the Xiaobao ERP (RechargeAccountTran or RefundAccountTran).
 * The ERP has no idempotency key, so the row's state is written BEFORE the post is sent:
 *
 *   pending → sending → posted | unknown | failed
 *
 * - sending: the request may be on the wire. A row found in 'sending' at start-up means the app
 *   died mid-post: the outcome is unknown.
 * - unknown: timeout, reset, 5xx or crash after sending. Never posted again blindly: the poster
 *   first looks for an ERP order carrying bill_no (GetChangedOrders around sent_at, then
 *   GetAccountChangeOrderDetail's accountDetails.orderNumber) and posts only if it is absent.
 * - failed: the ERP refused the post (a known outcome: nothing was recorded there).
 * - posted: the ERP order id is in erp_order_id.
 *
 * Money is integer fen. request_json holds the post's fields (no credentials).
 * Never edit once released; add a new migration instead.
 */
export const sql = /* sql */ `
CREATE TABLE xiaobao_postings (
  id            INTEGER PRIMARY KEY,
  bill_no       TEXT    NOT NULL UNIQUE CHECK (length(bill_no) BETWEEN 1 AND 64),
  kind          TEXT    NOT NULL CHECK (kind IN ('recharge', 'refund')),
  stu_info_id   INTEGER NOT NULL CHECK (stu_info_id > 0),
  amount_fen    INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 9999999900),
  request_json  TEXT    NOT NULL,
  state         TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'posted', 'unknown', 'failed')),
  sends         INTEGER NOT NULL DEFAULT 0 CHECK (sends >= 0),
  lookups       INTEGER NOT NULL DEFAULT 0 CHECK (lookups >= 0),
  first_sent_at INTEGER,
  sent_at       INTEGER,
  next_at       INTEGER,
  erp_order_id  INTEGER,
  found_by      TEXT    CHECK (found_by IS NULL OR found_by IN ('reply', 'lookup')),
  last_error    TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  CHECK (state <> 'posted' OR erp_order_id IS NOT NULL),
  CHECK (state NOT IN ('sending', 'unknown') OR sent_at IS NOT NULL)
);
CREATE INDEX xiaobao_postings_due ON xiaobao_postings(state, next_at);
CREATE INDEX xiaobao_postings_created ON xiaobao_postings(created_at);
`;
