/**
 * Migration 011 (the Xiaobao counter's allocated slot is 013; renumbered at merge): the link
 * between a counter action and a Xiaobao student (main/backoffice/xiaobao/desk-links.ts owns it).
 *
 * - kind 'recharge': a counter bill (bill_no = bills.bill_no) opened as a 校宝充值 for the
 *   student. When the bill is paid, the desk's BillService.onPaid hook writes the posting
 *   journal row (xiaobao_postings, migration 006) in the same transaction.
 * - kind 'refund': cash paid back from the drawer (cash_movement_id → cash_movements), journaled
 *   for RefundAccountTran in the same transaction; bill_no is the refund's own number
 *   (`<terminal>-XR<yymmdd>-<hhmmss>-<id>`), the ERP's orderNumber.
 *
 * Money is integer fen. Never edit once released; add a new migration instead.
 */
export const sql = /* sql */ `
CREATE TABLE xiaobao_counter_links (
  id               INTEGER PRIMARY KEY,
  bill_no          TEXT    NOT NULL UNIQUE CHECK (length(bill_no) BETWEEN 1 AND 64),
  kind             TEXT    NOT NULL CHECK (kind IN ('recharge', 'refund')),
  stu_info_id      INTEGER NOT NULL CHECK (stu_info_id > 0),
  stu_name         TEXT    NOT NULL,
  school_name      TEXT,
  amount_fen       INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 9999999900),
  cash_movement_id INTEGER REFERENCES cash_movements(id),
  operator_no      TEXT    NOT NULL,
  authorised_by    TEXT,
  created_at       INTEGER NOT NULL,
  CHECK (kind <> 'refund' OR cash_movement_id IS NOT NULL)
);
CREATE INDEX xiaobao_counter_links_student ON xiaobao_counter_links(stu_info_id, created_at);
CREATE INDEX xiaobao_counter_links_created ON xiaobao_counter_links(created_at);
`;
