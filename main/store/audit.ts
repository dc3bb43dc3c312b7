/**
 * The append-only audit log: who did what, when, and who authorised it.
 * The table refuses UPDATE and DELETE (triggers in migration 001).
 * Call `audit()` inside the same transaction as the change it records.
 */
import type { Store } from './db.js';
import { stmt } from './stmt.js';

export interface AuditEntry {
  /** Dotted action name, e.g. `bill.void`, `shift.close`, `operator.pin-locked`. */
  action: string;
  operatorNo?: string | null;
  /** Supervisor who authorised the action, when one did. */
  authorisedBy?: string | null;
  /** What the action was about, e.g. `bill:T01-250131-120000-0001`, `shift:12`. */
  subject?: string | null;
  /** Extra facts, stored as JSON. */
  detail?: Record<string, unknown> | null;
}

export interface AuditRow {
  id: number;
  at: number;
  operatorNo: string | null;
  authorisedBy: string | null;
  action: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
}

/** Append one audit row (time from the store's clock). Returns its id. */
export function audit(store: Store, entry: AuditEntry): number {
  const info = stmt(
    store.db,
    'INSERT INTO audit_log (at, operator_no, authorised_by, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    store.now(),
    entry.operatorNo ?? null,
    entry.authorisedBy ?? null,
    entry.action,
    entry.subject ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
  );
  return Number(info.lastInsertRowid);
}

/** Newest first. Filters are optional; `limit` defaults to 100 (max 1000). */
export function listAudit(
  store: Store,
  opts: { subject?: string; action?: string; since?: number; beforeId?: number; limit?: number } = {},
): AuditRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.subject !== undefined) {
    where.push('subject = ?');
    args.push(opts.subject);
  }
  if (opts.action !== undefined) {
    where.push('action = ?');
    args.push(opts.action);
  }
  if (opts.since !== undefined) {
    where.push('at >= ?');
    args.push(opts.since);
  }
  if (opts.beforeId !== undefined) {
    where.push('id < ?');
    args.push(opts.beforeId);
  }
  const limit = Math.min(Math.max(1, Math.floor(opts.limit ?? 100)), 1000);
  const rows = store.db
    .prepare(
      `SELECT id, at, operator_no, authorised_by, action, subject, detail FROM audit_log
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`,
    )
    .all(...args) as {
    id: number;
    at: number;
    operator_no: string | null;
    authorised_by: string | null;
    action: string;
    subject: string | null;
    detail: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    operatorNo: r.operator_no,
    authorisedBy: r.authorised_by,
    action: r.action,
    subject: r.subject,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  }));
}
