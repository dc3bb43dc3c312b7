/**
 * The migrations runner: checks the history a ledger records against this build's numbered
 * migrations (a released migration must never change) and applies the pending ones, each in
 * its own transaction with a foreign-key check before COMMIT.
 */
import { createHash } from 'node:crypto';
import type { Migration } from './migrations/index.js';
import { corrupt } from './store-errors.js';
import type { SqliteDatabase, StoreLog } from './store-types.js';

/** sha256 of a migration's SQL (line endings normalised to LF). */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n?/g, '\n'), 'utf8').digest('hex');
}

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT`;

export function verifyHistory(db: SqliteDatabase, file: string, fromVersion: number, list: readonly Migration[]): void {
  if (fromVersion === 0) return;
  const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) {
    throw corrupt(file, `the store says schema ${fromVersion} but has no migration history`, {
      reason: 'migration-history-mismatch',
      dbVersion: fromVersion,
    });
  }
  const rows = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  const versions = rows.map((r) => r.version);
  const expected = Array.from({ length: fromVersion }, (_, i) => i + 1);
  if (versions.join(',') !== expected.join(',')) {
    throw corrupt(
      file,
      `the store's migration history (${versions.join(',') || 'none'}) does not match its schema version ${fromVersion}`,
      {
        reason: 'migration-history-mismatch',
        dbVersion: fromVersion,
        recorded: versions,
      },
    );
  }
  for (const row of rows) {
    const m = list[row.version - 1]!;
    const sum = migrationChecksum(m.sql);
    if (row.checksum !== sum || row.name !== m.name) {
      throw corrupt(
        file,
        `migration ${String(row.version).padStart(3, '0')}_${m.name} was changed after it was applied to this store (recorded ${row.name} ${row.checksum.slice(0, 12)}…, code has ${m.name} ${sum.slice(0, 12)}…). Released migrations must never be edited; add a new one.`,
        {
          reason: 'migration-checksum-mismatch',
          version: row.version,
          name: m.name,
          recordedName: row.name,
          recorded: row.checksum,
          actual: sum,
        },
      );
    }
  }
}

export function applyMigrations(
  db: SqliteDatabase,
  file: string,
  pending: readonly Migration[],
  now: () => number,
  log: StoreLog,
): { version: number; name: string }[] {
  const applied: { version: number; name: string }[] = [];
  if (pending.length === 0) return applied;
  // Table rebuilds in later migrations need foreign keys off (SQLite's documented
  // 12-step ALTER procedure); each migration is then checked with foreign_key_check
  // before its COMMIT.
  db.pragma('foreign_keys = OFF');
  for (const m of pending) {
    const run = db.transaction(() => {
      db.exec(HISTORY_TABLE);
      db.exec(m.sql);
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0)
        throw new Error(
          `foreign key violations after migration ${m.version}: ${JSON.stringify(violations.slice(0, 5))}`,
        );
      db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(
        m.version,
        m.name,
        migrationChecksum(m.sql),
        now(),
      );
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      run.immediate();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.error('store: migration failed', { version: m.version, name: m.name, error: message });
      throw corrupt(file, `migration ${m.version} (${m.name}) failed and was rolled back: ${message}`, {
        reason: 'migration-failed',
        version: m.version,
        name: m.name,
        error: message,
      });
    }
    applied.push({ version: m.version, name: m.name });
    log.info('store: migration applied', { version: m.version, name: m.name });
  }
  return applied;
}
