/**
 * Migration 011: discounts, price overrides and 抹零 on bills (owned by main/bills,
 * bill-adjustments.ts; the arithmetic is app/pricing.ts).
 *
 * bill_lines gains what pricing worked out for the line; `amount_fen` stays what the line adds
 * to the bill total (now net of discounts: Σ live amount_fen == bills.total_fen, as before):
 *  - list_price_fen: the unit price before a price override (改价), NULL when not overridden;
 *  - discount_fen: the line's own discount; bill_share_fen: its share of the whole-bill
 *    discount; round_off_fen: its share of 抹零 (negative when rounding to the jiao rounded up).
 *
 * bill_adjustments: one row per adjustment in force on a bill — a line discount, a price
 * override (per line), the whole-bill discount, 抹零 (per bill) — with who gave it, who
 * authorised it (a supervisor on the spot, or NULL within the cashier's limit) and what it
 * takes off now (`amount_fen`, kept current whenever the bill is repriced). `limit_pct`: the
 * cashier's percent limit the discount was given under (NULL: authorised or a supervisor's), held
 * again whenever the bill changes (main/bills/bill-core.ts). Replacing an adjustment replaces its
 * row; the audit log keeps the history.
 *
 * Never edit once released; add 012+ instead.
 */
export const sql = /* sql */ `
ALTER TABLE bill_lines ADD COLUMN list_price_fen INTEGER CHECK (list_price_fen IS NULL OR list_price_fen >= 0);
ALTER TABLE bill_lines ADD COLUMN discount_fen INTEGER NOT NULL DEFAULT 0 CHECK (discount_fen >= 0);
ALTER TABLE bill_lines ADD COLUMN bill_share_fen INTEGER NOT NULL DEFAULT 0 CHECK (bill_share_fen >= 0);
ALTER TABLE bill_lines ADD COLUMN round_off_fen INTEGER NOT NULL DEFAULT 0;

CREATE TABLE bill_adjustments (
  id INTEGER PRIMARY KEY,
  bill_id INTEGER NOT NULL REFERENCES bills(id),
  kind TEXT NOT NULL CHECK (kind IN ('line-discount', 'price', 'bill-discount', 'round-off')),
  line_no INTEGER NOT NULL DEFAULT 0,
  mode TEXT CHECK (mode IS NULL OR mode IN ('percent', 'amount')),
  value INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
  rule TEXT,
  amount_fen INTEGER NOT NULL DEFAULT 0,
  given_by TEXT NOT NULL,
  authorised_by TEXT,
  limit_pct INTEGER CHECK (limit_pct IS NULL OR limit_pct BETWEEN 0 AND 100),
  created_at INTEGER NOT NULL,
  CHECK ((kind IN ('line-discount', 'price')) = (line_no > 0)),
  CHECK ((kind IN ('line-discount', 'bill-discount')) = (mode IS NOT NULL)),
  CHECK ((kind = 'round-off') = (rule IS NOT NULL)),
  UNIQUE (bill_id, kind, line_no)
) STRICT;
CREATE INDEX bill_adjustments_given_by ON bill_adjustments(given_by, bill_id);
`;
