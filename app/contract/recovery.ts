import { z } from 'zod';
import { command, event, NoInput } from './define.js';
import { DiagnosticsExportSchema } from './setup.js';

/**
 * Recovery mode (issue 5, item 2). When the core cannot start because the ledger failed its
 * health check (or is newer than this build, or config.json is invalid), both shells still open
 * the window, bound to a small "recovery dispatch" (main/recovery/dispatch.ts) that answers only
 * these commands (and `app.info`). The renderer asks `recovery.info` first: a non-null answer
 * means "show the recovery screen instead of everything else". The normal core answers
 * `recovery.info` with null and refuses the other recovery commands.
 *
 * `store.health` / `store.health.changed` are the normal core's side: the full integrity check of
 * a big ledger runs after start (in a worker); when it fails the counter shows a red banner and
 * refuses new payments with `store-corrupt`.
 */

/** data-folder-unwritable: the data folder (or the ledger in it) cannot be written (issue 11, item 5). */
export const RecoveryCodeSchema = z.enum([
  'store-corrupt',
  'store-too-new',
  'config-invalid',
  'other',
  'data-folder-unwritable',
]);
export type RecoveryCode = z.infer<typeof RecoveryCodeSchema>;

export const BackupKindSchema = z.enum(['scheduled', 'manual', 'pre-migration']);
export type BackupKind = z.infer<typeof BackupKindSchema>;

export const RecoveryBackupSchema = z.object({
  /** Absolute path of the backup file (inside `<dataDir>/backups`). */
  file: z.string().min(1),
  /** The file name alone, for display. */
  name: z.string().min(1),
  kind: BackupKindSchema,
  /** When the backup was taken (ms since epoch; from the UTC stamp in its name, else its mtime). */
  at: z.number(),
  bytes: z.number().int().nonnegative(),
});
export type RecoveryBackup = z.infer<typeof RecoveryBackupSchema>;

export const RecoveryDetailsSchema = z.object({
  /** openStore's details.reason (check-failed, not-a-database, migration-…), or null. */
  reason: z.string().nullable(),
  /** What SQLite (or the config validator) listed, at most 50 lines. */
  problems: z.array(z.string()),
  /** The file at fault: the ledger or config.json. */
  file: z.string().nullable(),
  /** store-too-new: the schema version in the file and the newest one this build knows. */
  dbVersion: z.number().int().nullable(),
  appVersion: z.number().int().nullable(),
});

export const RestoreResultSchema = z.object({
  /** The backup copied in. */
  restoredFrom: z.string(),
  /** The ledger that opens now (`<dataDir>/counterpay.db`). */
  ledgerFile: z.string(),
  /** Where the damaged ledger (and its -wal/-shm) went: `<dataDir>/damaged/…`. Never deleted. */
  damagedFiles: z.array(z.string()),
  damagedDir: z.string(),
  /** SQLite integrity_check of the copy before it replaced anything: always 'ok' here. */
  check: z.literal('ok'),
  schemaVersion: z.number().int(),
  at: z.number(),
});
export type RestoreResult = z.infer<typeof RestoreResultSchema>;

export const RecoveryInfoSchema = z.object({
  code: RecoveryCodeSchema,
  /** The technical message (English, for support); the screen explains the code in words. */
  message: z.string(),
  details: RecoveryDetailsSchema,
  dataDir: z.string(),
  ledgerFile: z.string(),
  /** Backups in `<dataDir>/backups`, newest first. */
  backups: z.array(RecoveryBackupSchema),
  /** True when restoring a backup is the fix offered (a damaged ledger with at least one backup). */
  canRestore: z.boolean(),
  /** Set once a backup was restored in this run: the app must be restarted. */
  restored: RestoreResultSchema.nullable(),
  shell: z.enum(['electron', 'browser', 'memory']),
  version: z.string(),
});
export type RecoveryInfo = z.infer<typeof RecoveryInfoSchema>;

export const StoreHealthStateSchema = z.enum(['ok', 'checking', 'failed']);
export const StoreHealthViewSchema = z.object({
  /** ok: checked at open (or not yet needed); checking: the full check runs; failed: payments refused. */
  state: StoreHealthStateSchema,
  problems: z.array(z.string()),
  /** When the last full check finished (ms since epoch), or null. */
  checkedAt: z.number().nullable(),
});
export type StoreHealthView = z.infer<typeof StoreHealthViewSchema>;

export const recoveryCommands = {
  /** null = no recovery needed (the normal core); otherwise what went wrong and what can be done. */
  'recovery.info': command(NoInput, RecoveryInfoSchema.nullable(), 'public'),
  /**
   * Recovery mode only: restore one of the listed backups. The damaged ledger is moved to
   * `<dataDir>/damaged/`, never deleted; a backup that fails integrity_check is refused.
   */
  'recovery.restore': command(
    z.object({ backupFile: z.string().min(1).max(4096) }).strict(),
    RestoreResultSchema,
    'public',
  ),
  /** Recovery mode only: restart the app (Electron). The browser shell answers `relaunching: false`. */
  'recovery.relaunch': command(NoInput, z.object({ relaunching: z.boolean() }), 'public'),
  /** Recovery mode only: a diagnostics zip for support (logs, data folder listing, the failure). */
  'recovery.exportDiagnostics': command(NoInput, DiagnosticsExportSchema, 'public'),
  /** The ledger's health as the running core knows it (the deferred full check). */
  'store.health': command(NoInput, StoreHealthViewSchema, 'public'),
} as const;

/**
 * Something went wrong in the main process that no request owned (issue 11, item 3): an uncaught
 * exception or unhandled rejection caught by the last-resort handler (the process keeps running),
 * or the log file that cannot be written (reported once). The counter shows a notice until the
 * cashier acknowledges it; `message` is technical (English, for support), the screen words it.
 */
export const AppFaultSchema = z.object({
  kind: z.enum(['uncaught-exception', 'unhandled-rejection', 'log-write-failed']),
  /** When it happened (ms since epoch). */
  at: z.number(),
  /** How many faults of this kind since start. */
  count: z.number().int().positive(),
  message: z.string().max(2000),
});
export type AppFault = z.infer<typeof AppFaultSchema>;

export const recoveryEvents = {
  'store.health.changed': event(StoreHealthViewSchema),
  'app.fault': event(AppFaultSchema),
} as const;
