/**
 * A row of the `shifts` table as SQLite returns it (migrations/001_initial.ts). Declared once:
 * the shift service (shifts.ts), the shift summary (shift-summary.ts) and the reports
 * (main/reports/report-service.ts) read it.
 */
export interface ShiftDbRow {
  id: number;
  operator_no: string;
  status: 'open' | 'closed';
  opened_at: number;
  float_fen: number;
  closed_at: number | null;
  closed_by: string | null;
  expected_cash_fen: number | null;
  counted_cash_fen: number | null;
  count_detail: string | null;
  difference_note: string | null;
}
