/**
 * The local store: one better-sqlite3 connection, owned by the main process.
 *
 * `openStore()` opens (or creates) the ledger file, refuses a database it must not touch
 * (corrupt, written by a newer app, or whose applied migrations differ from this build's),
 * backs it up before changing its schema, applies the pending numbered migrations and
 * returns a `Store`.
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
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../../app/result.js';
import { LATEST_SCHEMA_VERSION, migrations as defaultMigrations, type Migration } from './migrations/index.js';
import { verifyInWorker, type VerifyResult } from './verify.js';

export type { VerifyResult };

export type SqliteDatabase = Database.Database;

export interface StoreLog {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export const silentLog: StoreLog = { info() {}, warn() {}, error() {} };

export type SynchronousMode = 'FULL' | 'NORMAL';
export type OpenCheck = 'auto' | 'integrity' | 'quick' | 'none';

export interface OpenStoreOptions {
  /** Path of the ledger file, e.g. `<dataDir>/counterpay.db`. */
  file: string;
  /** Clock (ms since epoch). Defaults to Date.now. */
  now?: () => number;
  log?: StoreLog;
  /** Where backups go. Defaults to `<dirname(file)>/backups`. */
  backupDir?: string;
  /** Commit durability. Default FULL (see the module comment). */
  synchronous?: SynchronousMode;
  /**
   * Check run at open: `integrity` (PRAGMA integrity_check: pages, records and every index
   * against its table), `quick` (PRAGMA quick_check: same without the index cross-check,
   * about twice as fast), `none` (tests and benchmarks only), or `auto` (default):
   * quick_check inline when the ledger is at most `inlineCheckMaxBytes`, otherwise none at
   * open — the caller then runs `store.verify()` (integrity_check in a worker thread) right
   * after start-up. Measured: on 1,000,000 bills (293 MB) quick_check takes seconds, which
   * would freeze the counter at every start (main/store/README.md).
   */
  check?: OpenCheck;
  /** Size limit for the inline check of `auto`. Default 64 MiB (≈ 200,000 bills, well under a second). */
  inlineCheckMaxBytes?: number;
  /** busy_timeout in ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Checkpoint the WAL from an idle timer every this many ms (default 1000; 0 = never), so
   * the cost of copying WAL pages into the database is paid between sales and not inside a
   * payment's COMMIT. SQLite's own auto-checkpoint stays on as a backstop at 10,000 pages.
   */
  checkpointEveryMs?: number;
  /** Override the migration list (tests only). */
  migrations?: readonly Migration[];
}

export interface OpenReport {
  /** Schema version found in the file before migrating (0 = new file). */
  fromVersion: number;
  /** Schema version after migrating. */
  toVersion: number;
  applied: { version: number; name: string }[];
  /** Backup taken before migrating an existing ledger, if any. */
  preMigrationBackup: string | null;
  /** The check that ran at open ('deferred': too big for an inline check; run store.verify()). */
  check: 'integrity' | 'quick' | 'none' | 'deferred';
  checkMs: number;
}

export interface BackupInfo {
  file: string;
  bytes: number;
  at: number;
}

export interface BackupSchedule {
  /** Take one backup now (same rotation as the schedule). */
  runNow(): Promise<BackupInfo>;
  stop(): void;
}

export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Store {
  /** The one connection. Services prepare statements on it; nothing else opens the file. */
  readonly db: SqliteDatabase;
  readonly file: string;
  readonly backupDir: string | null;
  readonly now: () => number;
  readonly log: StoreLog;
  readonly openReport: OpenReport;
  /**
   * Run `fn` in a transaction (BEGIN IMMEDIATE; a SAVEPOINT when already inside one) and
   * return its result. If `fn` throws, everything it wrote is rolled back and the error
   * propagates. `fn` must be synchronous: a returned promise is refused.
   */
  tx<T>(fn: () => T): T;
  /**
   * Online backup (better-sqlite3 `db.backup()`, page by page, does not block writers for
   * long) into `backups/<kind>-<UTC stamp>.db`, written as `.partial` and renamed when
   * complete. Rotation keeps the `keep` newest `scheduled-`/`manual-` backups (default 10);
   * pre-migration backups are never rotated away.
   */
  backupNow(opts?: { kind?: 'manual' | 'scheduled'; keep?: number }): Promise<BackupInfo>;
  /** Back up every `everyMs` (first run after `everyMs`), keeping `keep` files. */
  scheduleBackups(opts: { everyMs: number; keep: number; timers?: TimerApi }): BackupSchedule;
  listBackups(): BackupInfo[];
  /**
   * integrity_check (default) or quick_check on a separate read-only connection in a worker
   * thread: the counter keeps working meanwhile. Resolves `{ ok, problems, ms }`; logs an
   * error when not ok. The core calls it after start-up when openReport.check is 'deferred'
   * (and may on a schedule).
   */
  verify(check?: 'integrity' | 'quick'): Promise<VerifyResult>;
  /** Checkpoint the WAL and close. Idempotent. */
  close(): void;
  readonly closed: boolean;
}

const BACKUP_NAME = /^(scheduled|manual|pre-migration)-.*\.db$/;

/** sha256 of a migration's SQL (line endings normalised to LF). */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n?/g, '\n'), 'utf8').digest('hex');
}

/** UTC stamp for file names, sortable: 20250131T235959123Z. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

function corrupt(file: string, message: string, details: Record<string, unknown>): AppError {
  return new AppError('store-corrupt', message, { file, ...details });
}

function isSqliteError(e: unknown): e is Error & { code: string } {
  const code = e instanceof Error ? (e as unknown as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

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
    if (isSqliteError(e)) throw corrupt(file, `cannot open the store: ${e.message}`, { reason: 'not-a-database', sqlite: e.code });
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
        throw corrupt(file, `the store file is not a readable SQLite database: ${e.message}`, { reason: 'not-a-database', sqlite: e.code });
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
    if (!inMemory && mode !== 'wal') throw new Error(`could not switch the store to WAL (journal_mode=${String(mode)})`);
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('journal_size_limit = 67108864');
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('cache_size = -32768');
    db.pragma('temp_store = MEMORY');
    db.pragma('trusted_schema = OFF');

    let check: OpenReport['check'] = requested === 'auto' ? 'quick' : requested;
    if (requested === 'auto' && !inMemory && ledgerBytes(file) > (options.inlineCheckMaxBytes ?? 64 * 1024 * 1024)) check = 'deferred';
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

function ledgerBytes(file: string): number {
  let n = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      n += statSync(f).size;
    } catch {
      /* absent */
    }
  }
  return n;
}

function runCheck(db: SqliteDatabase, file: string, check: 'integrity' | 'quick'): void {
  let rows: unknown[];
  try {
    rows = db.pragma(check === 'integrity' ? 'integrity_check(100)' : 'quick_check(100)', { simple: false }) as unknown[];
  } catch (e) {
    if (isSqliteError(e)) throw corrupt(file, `the store failed its ${check} check: ${e.message}`, { reason: 'check-failed', check, problems: [e.message] });
    throw e;
  }
  const problems = rows.map((r) => String(Object.values(r as Record<string, unknown>)[0]));
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw corrupt(file, `the store failed its ${check} check (${problems.length} problem(s)); it was not modified`, {
      reason: 'check-failed',
      check,
      problems: problems.slice(0, 20),
    });
  }
}

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT`;

function verifyHistory(db: SqliteDatabase, file: string, fromVersion: number, list: readonly Migration[]): void {
  if (fromVersion === 0) return;
  const hasTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) {
    throw corrupt(file, `the store says schema ${fromVersion} but has no migration history`, { reason: 'migration-history-mismatch', dbVersion: fromVersion });
  }
  const rows = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  const versions = rows.map((r) => r.version);
  const expected = Array.from({ length: fromVersion }, (_, i) => i + 1);
  if (versions.join(',') !== expected.join(',')) {
    throw corrupt(file, `the store's migration history (${versions.join(',') || 'none'}) does not match its schema version ${fromVersion}`, {
      reason: 'migration-history-mismatch',
      dbVersion: fromVersion,
      recorded: versions,
    });
  }
  for (const row of rows) {
    const m = list[row.version - 1]!;
    const sum = migrationChecksum(m.sql);
    if (row.checksum !== sum || row.name !== m.name) {
      throw corrupt(
        file,
        `migration ${String(row.version).padStart(3, '0')}_${m.name} was changed after it was applied to this store (recorded ${row.name} ${row.checksum.slice(0, 12)}…, code has ${m.name} ${sum.slice(0, 12)}…). Released migrations must never be edited; add a new one.`,
        { reason: 'migration-checksum-mismatch', version: row.version, name: m.name, recordedName: row.name, recorded: row.checksum, actual: sum },
      );
    }
  }
}

function applyMigrations(
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
      if (violations.length > 0) throw new Error(`foreign key violations after migration ${m.version}: ${JSON.stringify(violations.slice(0, 5))}`);
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

/** Synchronous consistent copy (VACUUM INTO) — used before migrating, while we are the only user. */
function backupSync(db: SqliteDatabase, dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  db.prepare('VACUUM INTO ?').run(partial);
  renameSync(partial, target);
  return target;
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
  const schedules = new Set<{ stop(): void }>();
  let lastStampMs = 0;
  // Two backups in the same millisecond (or a clock step back) still get distinct, ordered names.
  const uniqueStamp = (): string => {
    const ms = Math.max(now(), lastStampMs + 1);
    lastStampMs = ms;
    return fileStamp(ms);
  };

  const listBackups = (): BackupInfo[] => {
    if (!backupDir || !existsSync(backupDir)) return [];
    return readdirSync(backupDir)
      .filter((n) => BACKUP_NAME.test(n))
      .sort()
      .map((n) => {
        const st = statSync(join(backupDir, n));
        return { file: join(backupDir, n), bytes: st.size, at: st.mtimeMs };
      });
  };

  const rotate = (keep: number): void => {
    if (!backupDir) return;
    const rotating = readdirSync(backupDir)
      .filter((n) => /^(scheduled|manual)-.*\.db$/.test(n))
      .sort((a, b) => stampOf(a).localeCompare(stampOf(b)));
    const excess = rotating.length - Math.max(1, keep);
    for (let i = 0; i < excess; i++) {
      const victim = rotating[i]!;
      rmSync(join(backupDir, victim), { force: true });
      log.info('store: backup rotated out', { file: victim });
    }
  };

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
    async backupNow(opts = {}) {
      if (closed) throw new Error('store is closed');
      if (!backupDir) throw new Error('an in-memory store has no backups');
      mkdirSync(backupDir, { recursive: true });
      const kind = opts.kind ?? 'manual';
      const target = join(backupDir, `${kind}-${uniqueStamp()}.db`);
      const partial = `${target}.partial`;
      rmSync(partial, { force: true });
      try {
        await db.backup(partial);
        renameSync(partial, target);
      } catch (e) {
        rmSync(partial, { force: true });
        log.error('store: backup failed', { file: target, error: e instanceof Error ? e.message : String(e) });
        throw e;
      }
      rotate(opts.keep ?? 10);
      const info = { file: target, bytes: statSync(target).size, at: now() };
      log.info('store: backup written', { ...info });
      return info;
    },
    scheduleBackups({ everyMs, keep, timers }) {
      if (!(everyMs > 0)) throw new RangeError('everyMs must be > 0');
      const t: TimerApi = timers ?? {
        setTimeout: (fn, ms) => {
          const h = setTimeout(fn, ms);
          h.unref?.();
          return h;
        },
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      };
      let handle: unknown = null;
      let stopped = false;
      const runNow = () => store.backupNow({ kind: 'scheduled', keep });
      const arm = () => {
        if (stopped || closed) return;
        handle = t.setTimeout(() => {
          handle = null;
          runNow()
            .catch((e: unknown) => log.error('store: scheduled backup failed', { error: e instanceof Error ? e.message : String(e) }))
            .finally(arm);
        }, everyMs);
      };
      const schedule = {
        runNow,
        stop() {
          stopped = true;
          if (handle !== null) t.clearTimeout(handle);
          handle = null;
          schedules.delete(schedule);
        },
      };
      schedules.add(schedule);
      arm();
      return schedule;
    },
    listBackups,
    async verify(check = 'integrity') {
      let r: VerifyResult;
      if (file === ':memory:') {
        const started = performance.now();
        const rows = db.pragma(check === 'integrity' ? 'integrity_check(100)' : 'quick_check(100)') as Record<string, unknown>[];
        const problems = rows.map((x) => String(Object.values(x)[0]));
        r = { ok: problems.length === 1 && problems[0] === 'ok', check, problems, ms: performance.now() - started };
      } else {
        r = await verifyInWorker(file, check);
      }
      if (r.ok) log.info('store: verified', { check, ms: Math.round(r.ms) });
      else log.error('store: verification FAILED', { check, problems: r.problems.slice(0, 20) });
      return r;
    },
    close() {
      if (closed) return;
      for (const s of [...schedules]) s.stop();
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

function stampOf(name: string): string {
  return name.replace(/^(scheduled|manual)-/, '');
}

export { LATEST_SCHEMA_VERSION };
