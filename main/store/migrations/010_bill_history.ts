/**
 * Migration 010: indexes for the bill history (单据查询, main/bills/bill-history.ts), one for
 * each search path that is not a plain walk of bills_closed_at, so a search over a
 * 1,000,000-bill ledger stays under 50 ms at p99 (`npm run bench:history`):
 *
 * - bills_no_tail: the last 4 characters of the bill number (the sequence), then the time — "the
 *   end of the bill number" with 4 or more characters seeks here and checks the rest with LIKE;
 * - bills_total_closed: a bill by its amount, newest first;
 * - bills_operator_closed: an operator's bills, newest first;
 * - payment_attempts_code_tail: the last 4 digits of the customer's payment code.
 *
 * Never edit once released; add 008+ instead.
 */
export const sql = /* sql */ `
CREATE INDEX bills_no_tail ON bills(substr(bill_no, -4), closed_at);
CREATE INDEX bills_total_closed ON bills(total_fen, closed_at);
CREATE INDEX bills_operator_closed ON bills(operator_no, closed_at);
CREATE INDEX payment_attempts_code_tail ON payment_attempts(substr(bar_code, -4));
`;
