/**
 * Migration 004: covering indexes for the shift report (main/store/shift-summary.ts with
 * `detail`), so an X/Z report of a 100,000-bill shift reads index pages only
 * (`npm run bench:report`, target ≤ 1 s):
 *
 * - tenders_shift_report replaces tenders_shift (a prefix of it): tenders by kind with the cash
 *   columns, and by hour (created_at), without touching the table.
 * - bills_shift_operator: paid bills by operator and kind.
 * - bills_shift_no: first and last bill number of a shift by index seek.
 * - payment_attempts_bill_state: attempts of a shift's bills by state and amount.
 *
 * Never edit once released; add 005+ instead.
 */
export const sql = /* sql */ `
DROP INDEX tenders_shift;
CREATE INDEX tenders_shift_report ON tenders(shift_id, kind, amount_fen, tendered_fen, change_fen, created_at);
CREATE INDEX bills_shift_operator ON bills(shift_id, status, kind, operator_no, total_fen);
CREATE INDEX bills_shift_no ON bills(shift_id, bill_no);
CREATE INDEX payment_attempts_bill_state ON payment_attempts(bill_id, state, amount_fen);
`;
