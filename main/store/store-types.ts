/** The store's types: its options, its open report and the Store the rest of the core holds (db.ts). */
import type Database from 'better-sqlite3';
import type { Migration } from './migrations/index.js';
import type { VerifyResult } from './verify.js';
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
