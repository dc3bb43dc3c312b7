/**
 * Migration 002: what the ledger services need and 001 lacks.
 *
 * - tenders_attempt: completing a barcode payment checks whether that attempt already
 *   produced a tender (so a repeated completion is idempotent, never a second tender).
 * - audit_log_subject: a bill's history ("who did what to bill X") without a scan.
 * - outbox.last_attempt_at: when the sync worker last tried a row (supervisor view).
 *
 * Never edit once released; add 003+ instead.
 */
export const sql = /* sql */ `
CREATE INDEX tenders_attempt ON tenders(attempt_id) WHERE attempt_id IS NOT NULL;
CREATE INDEX audit_log_subject ON audit_log(subject) WHERE subject IS NOT NULL;
ALTER TABLE outbox ADD COLUMN last_attempt_at INTEGER;
`;
