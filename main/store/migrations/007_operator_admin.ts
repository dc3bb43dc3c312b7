/**
 * Migration 007: operator upkeep from the supervisor screen (操作员).
 *
 * - `must_change_pin`: a supervisor reset the PIN to a temporary one; the next sign-in asks the
 *   operator for a new PIN before anything else (main/session, main/store/operators.ts).
 * - `last_sign_in_at`: shown in the operator list.
 *
 * The per-role permissions are a ledger setting (`permissions.cashier`, main/store/permissions.ts),
 * not a table. Never edit once released; add 008+ instead.
 */
export const sql = /* sql */ `
ALTER TABLE operators ADD COLUMN must_change_pin INTEGER NOT NULL DEFAULT 0 CHECK (must_change_pin IN (0, 1));
ALTER TABLE operators ADD COLUMN last_sign_in_at INTEGER;
`;
