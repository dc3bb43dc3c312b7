/**
 * The local store: one better-sqlite3 connection, owned by the main process.
 *
 * `openStore()` opens (or creates) the ledger file, refuses a database it must not touch
 * (corrupt, written by a newer app, or whose applied migrations differ from this build's),
 * backs it up before changing its schema, applies the pending numbered migrations and
 * returns a `Store`. Its parts: store-types.ts (options, report, the Store), migrate.ts (the
 * migrations runner), integrity.ts (checks), backups.ts (backup files), store-errors.ts.
 *
 * Durability: WAL journal with `synchronous=FULL` — every COMMIT fsyncs the WAL before it
 * returns, so an acknowledged bill survives an OS crash or a power cut, not only an app
 * crash. NORMAL would only survive an app crash (the last commits may roll back on power
 * loss). `npm run bench:store` measures both; FULL stays well inside the 5 ms p99 budget
 * for a bill commit (see main/store/README.md for the figures), so we pay for it.
 *
 * Transactions are synchronous. `store.tx(fn)` runs `fn` inside BEGIN IMMEDIATE … COMMIT
 * (a SAVEPOINT when nested) and refuses a function that returns a promise: never hold a
 * transaction across an `await` — do the network call first or after, and commit each
 * observed fact in its own short transaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../../app/result.js';
import { backupSync, createBackups, fileStamp } from './backups.js';
import { ledgerBytes, runCheck, verifyStore } from './integrity.js';
import { applyMigrations, verifyHistory } from './migrate.js';
import { LATEST_SCHEMA_VERSION, migrations as defaultMigrations } from './migrations/index.js';
import { corrupt, isSqliteError } from './store-errors.js';
import {
  silentLog,
  type OpenReport,
  type OpenStoreOptions,
  type SqliteDatabase,
  type Store,
  type StoreLog,
} from './store-types.js';

export { fileStamp } from './backups.js';
export { migrationChecksum } from './migrate.js';
export * from './store-types.js';

/**
 * Open the ledger. Throws AppError:
 * - `store-corrupt` (details.reason: `not-a-database` | `check-failed` |
 *   `migration-checksum-mismatch` | `migration-history-mismatch` | `migration-failed`)
 * - `store-too-new` (details: dbVersion, appVersion)
 * The file is never dropped or recreated.
 */
export function openStore(options: OpenStoreOptions): Store {
  const now = options.now ?? Date.now;
  const log = options.log ?? silentLog;
  const list = options.migrations ?? defaultMigrations;
  const latest = list.length === 0 ? 0 : list[list.length - 1]!.version;
  const requested = options.check ?? 'auto';
  const inMemory = options.file === ':memory:';
  const file = inMemory ? options.file : resolve(options.file);
  const backupDir = inMemory ? null : resolve(options.backupDir ?? join(dirname(file), 'backups'));

  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order at index ${i}: version ${m.version}`);
  });

  if (!inMemory) mkdirSync(dirname(file), { recursive: true });

  let db: SqliteDatabase;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (e) {
    if (isSqliteError(e))
      throw corrupt(file, `cannot open the store: ${e.message}`, { reason: 'not-a-database', sqlite: e.code });
    throw e;
  }

  try {
    // The first read of the header tells a non-database file apart.
    let fromVersion: number;
    try {
      fromVersion = db.pragma('user_version', { simple: true }) as number;
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (e) {
      if (isSqliteError(e)) {
        throw corrupt(file, `the store file is not a readable SQLite database: ${e.message}`, {
          reason: 'not-a-database',
          sqlite: e.code,
        });
      }
      throw e;
    }
    if (fromVersion > latest) {
      throw new AppError(
        'store-too-new',
        `the store was written by a newer Counterpay (schema ${fromVersion}; this build knows up to ${latest}). Install the newer version; the data is untouched.`,
        { file, dbVersion: fromVersion, appVersion: latest },
      );
    }

    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (!inMemory && mode !== 'wal')
      throw new Error(`could not switch the store to WAL (journal_mode=${String(mode)})`);
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('journal_size_limit = 67108864');
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('cache_size = -32768');
    db.pragma('temp_store = MEMORY');
    db.pragma('trusted_schema = OFF');

    let check: OpenReport['check'] = requested === 'auto' ? 'quick' : requested;
    if (requested === 'auto' && !inMemory && ledgerBytes(file) > (options.inlineCheckMaxBytes ?? 64 * 1024 * 1024))
      check = 'deferred';
    if (fromVersion === 0) check = 'none';
    const checkStarted = performance.now();
    if (check === 'integrity' || check === 'quick') runCheck(db, file, check);
    const checkMs = performance.now() - checkStarted;

    verifyHistory(db, file, fromVersion, list);

    const pending = list.filter((m) => m.version > fromVersion);
    let preMigrationBackup: string | null = null;
    if (pending.length > 0 && fromVersion > 0 && backupDir) {
      preMigrationBackup = backupSync(db, backupDir, `pre-migration-v${fromVersion}-v${latest}-${fileStamp(now())}.db`);
      log.info('store: backup before migration', { file: preMigrationBackup, fromVersion, toVersion: latest });
    }
    const applied = applyMigrations(db, file, pending, now, log);

    db.pragma('foreign_keys = ON');
    if (db.pragma('foreign_keys', { simple: true }) !== 1) throw new Error('could not enable foreign keys');

    const openReport: OpenReport = { fromVersion, toVersion: latest, applied, preMigrationBackup, check, checkMs };
    log.info('store: open', { file, ...openReport, applied: applied.map((a) => a.version) });
    return makeStore(db, file, backupDir, now, log, openReport, options.checkpointEveryMs ?? 1000);
  } catch (e) {
    try {
      db.close();
    } catch {
      /* already failing */
    }
    throw e;
  }
}

function makeStore(
  db: SqliteDatabase,
  file: string,
  backupDir: string | null,
  now: () => number,
  log: StoreLog,
  openReport: OpenReport,
  checkpointEveryMs: number,
): Store {
  let closed = false;
  const checkpointer =
    checkpointEveryMs > 0
      ? setInterval(() => {
          try {
            db.pragma('wal_checkpoint(PASSIVE)');
          } catch (e) {
            log.warn('store: checkpoint failed', { error: e instanceof Error ? e.message : String(e) });
          }
        }, checkpointEveryMs)
      : null;
  checkpointer?.unref();
  const backups = createBackups(
    db,
    backupDir,
    now,
    log,
    () => closed,
    (keep) => store.backupNow({ kind: 'scheduled', keep }),
  );

  const store: Store = {
    db,
    file,
    backupDir,
    now,
    log,
    openReport,
    get closed() {
      return closed;
    },
    tx<T>(fn: () => T): T {
      return db.transaction(fn).immediate();
    },
    backupNow: backups.backupNow,
    scheduleBackups: backups.scheduleBackups,
    listBackups: backups.listBackups,
    verify: (check = 'integrity') => verifyStore(db, file, log, check),
    close() {
      if (closed) return;
      backups.stopAll();
      if (checkpointer) clearInterval(checkpointer);
      closed = true;
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (e) {
        log.warn('store: checkpoint at close failed', { error: e instanceof Error ? e.message : String(e) });
      }
      db.close();
    },
  };
  return store;
}

export { LATEST_SCHEMA_VERSION };
