/**
 * Migration 003: what the supervisor functions (issue 7) need.
 *
 * - z_reports: the Z report issued when a shift is closed, kept exactly as it was issued
 *   (JSON of app/report ReportData). A payment confirmed after the close still changes the
 *   ledger (the bill belongs to the closed shift); the issued Z stays as printed, and the
 *   report service shows both. Append-only, like the audit log.
 * - bills_refund_of: refunds of a bill (how much of it is already refunded) without a scan.
 * - shifts_opened_at: past shifts by date range.
 *
 * Never edit once released; add 004+ instead.
 */
export const sql = /* sql */ `
CREATE TABLE z_reports (
  shift_id INTEGER PRIMARY KEY REFERENCES shifts(id),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  report TEXT NOT NULL
) STRICT;
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
  BEGIN SELECT RAISE(ABORT, 'z_reports is append-only'); END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
  BEGIN SELECT RAISE(ABORT, 'z_reports is append-only'); END;

CREATE INDEX bills_refund_of ON bills(refund_of) WHERE refund_of IS NOT NULL;
CREATE INDEX shifts_opened_at ON shifts(opened_at);
`;
