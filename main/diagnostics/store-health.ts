import fs from 'node:fs';
import type { Store } from '../store/db.js';

/**
 * The ledger's health for support: the SQLite check, schema version, sizes, journal settings,
 * the outbox (what still has to reach the back office) and payments not yet final, and backups.
 * Read-only; runs on the one connection the core owns (better-sqlite3 is synchronous, so this
 * never interleaves with a transaction).
 */

export type HealthCheckKind = 'quick' | 'integrity' | 'none';

export interface StoreHealth {
  file: string;
  bytes: number | null;
  walBytes: number | null;
  sqliteVersion: string;
  schemaVersion: number;
  journalMode: string;
  synchronous: number;
  pageSize: number;
  pageCount: number;
  freelistCount: number;
  check: { kind: HealthCheckKind; ok: boolean | null; messages: string[]; ms: number };
  outbox: { depth: number; oldestCreatedAt: number | null; maxAttempts: number; lastError: string | null } | null;
  paymentsNotFinal: number | null;
  bills: number | null;
  openReport: unknown;
  backups: { count: number; newest: { file: string; bytes: number; at: number } | null; error?: string };
}

function size(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

function tableExists(db: Store['db'], name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export function collectStoreHealth(
  store: Pick<Store, 'db' | 'file' | 'openReport' | 'listBackups'>,
  opts: { check?: HealthCheckKind; now?: () => number } = {},
): StoreHealth {
  const { db } = store;
  const clock = opts.now ?? (() => performance.now());
  const kind = opts.check ?? 'quick';
  const pragma = (name: string): unknown => db.pragma(name, { simple: true });

  let check: StoreHealth['check'] = { kind, ok: null, messages: [], ms: 0 };
  if (kind !== 'none') {
    const started = clock();
    const rows = db.pragma(kind === 'quick' ? 'quick_check(20)' : 'integrity_check(20)') as Record<string, unknown>[];
    const messages = rows.map((r) => String(Object.values(r)[0]));
    check = { kind, ok: messages.length === 1 && messages[0] === 'ok', messages, ms: Math.round(clock() - started) };
  }

  let outbox: StoreHealth['outbox'] = null;
  if (tableExists(db, 'outbox')) {
    const r = db
      .prepare(
        'SELECT count(*) AS depth, min(created_at) AS oldest, coalesce(max(attempts), 0) AS maxAttempts FROM outbox',
      )
      .get() as { depth: number; oldest: number | null; maxAttempts: number };
    const last = db
      .prepare('SELECT last_error FROM outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT 1')
      .get() as { last_error: string } | undefined;
    outbox = {
      depth: r.depth,
      oldestCreatedAt: r.oldest,
      maxAttempts: r.maxAttempts,
      lastError: last?.last_error ?? null,
    };
  }

  let paymentsNotFinal: number | null = null;
  if (tableExists(db, 'payment_attempts')) {
    const cols = (db.pragma('table_info(payment_attempts)') as { name: string }[]).map((c) => c.name);
    if (cols.includes('state')) {
      paymentsNotFinal = (
        db
          .prepare("SELECT count(*) AS n FROM payment_attempts WHERE state NOT IN ('paid', 'declined', 'cancelled')")
          .get() as { n: number }
      ).n;
    }
  }
  const bills = tableExists(db, 'bills')
    ? (db.prepare('SELECT count(*) AS n FROM bills').get() as { n: number }).n
    : null;

  let backups: StoreHealth['backups'];
  try {
    const list = store.listBackups();
    const newest = [...list].sort((a, b) => b.at - a.at)[0] ?? null;
    backups = { count: list.length, newest };
  } catch (e) {
    backups = { count: 0, newest: null, error: e instanceof Error ? e.message : String(e) };
  }

  return {
    file: store.file,
    bytes: size(store.file),
    walBytes: size(`${store.file}-wal`),
    sqliteVersion: String((db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v),
    schemaVersion: Number(pragma('user_version')),
    journalMode: String(pragma('journal_mode')),
    synchronous: Number(pragma('synchronous')),
    pageSize: Number(pragma('page_size')),
    pageCount: Number(pragma('page_count')),
    freelistCount: Number(pragma('freelist_count')),
    check,
    outbox,
    paymentsNotFinal,
    bills,
    openReport: store.openReport,
    backups,
  };
}
