import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { RestoreResultSchema, type RestoreResult } from '../../app/contract/recovery.js';
import { AppError } from '../../app/result.js';
import { LATEST_SCHEMA_VERSION } from '../store/migrations/index.js';
import { fileStamp } from '../store/db.js';
import { backupDirOf, LEDGER_SUFFIXES, ledgerFileOf, listRecoveryBackups } from './diagnose.js';

/**
 * Put a backup in place of a damaged ledger. Nothing is ever deleted:
 *
 * 1. the chosen file must be one of the listed backups (`<dataDir>/backups/<kind>-….db`);
 * 2. it is copied to `<dataDir>/counterpay.db.restoring` and the COPY is checked with
 *    `PRAGMA integrity_check` (and its schema version must be one this build can open) —
 *    a backup that fails is refused and the damaged ledger stays exactly where it was;
 * 3. the damaged `counterpay.db` and its `-wal`/`-shm` move to
 *    `<dataDir>/damaged/counterpay-<UTC stamp>.db[-wal|-shm]` (kept together so SQLite can
 *    still pair them for a forensic look);
 * 4. the checked copy is renamed to `counterpay.db`;
 * 5. one JSON line per attempt (restored or refused) is appended to `<dataDir>/logs/recovery.log`.
 *
 * The core must not be running on the data folder (recovery mode: it failed to start).
 */

export interface RestoreOptions {
  now?: () => number;
  /** Who asked (shell / connection), for the recovery log. */
  by?: string;
}

export function recoveryLogFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'logs', 'recovery.log');
}

/** Append one audit line to `<dataDir>/logs/recovery.log` (fsynced: it records a change of the ledger). */
export function writeRecoveryLog(dataDir: string, entry: Record<string, unknown>, now: () => number = Date.now): void {
  const file = recoveryLogFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a');
  try {
    fs.writeSync(fd, JSON.stringify({ at: new Date(now()).toISOString(), ...entry }) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function refuse(
  dataDir: string,
  now: () => number,
  by: string | undefined,
  backup: string,
  reason: string,
  message: string,
  problems: string[] = [],
): never {
  try {
    writeRecoveryLog(
      dataDir,
      { event: 'recovery.restore-refused', backup, reason, problems: problems.slice(0, 20), ...(by ? { by } : {}) },
      now,
    );
  } catch {
    /* the refusal itself is what matters */
  }
  throw new AppError(reason === 'backup-not-listed' ? 'invalid-input' : 'store-corrupt', message, {
    reason,
    backup,
    problems: problems.slice(0, 20),
  });
}

/** integrity_check and user_version of a file (opened read-write: it is our private copy). */
function checkCopy(file: string): { problems: string[]; version: number } {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 5000 });
    const version = db.pragma('user_version', { simple: true }) as number;
    const rows = db.pragma('integrity_check(100)') as Record<string, unknown>[];
    const problems = rows.map((r) => String(Object.values(r)[0]));
    return { problems: problems.length === 1 && problems[0] === 'ok' ? [] : problems, version };
  } catch (e) {
    return { problems: [e instanceof Error ? e.message : String(e)], version: -1 };
  } finally {
    try {
      db?.close();
    } catch {
      /* closing a damaged file may fail as well */
    }
  }
}

function removeQuietly(file: string): void {
  for (const s of LEDGER_SUFFIXES) {
    try {
      fs.rmSync(`${file}${s}`, { force: true });
    } catch {
      /* best effort: only our own temp copy */
    }
  }
}

export function restoreBackup(dataDir: string, backupFile: string, opts: RestoreOptions = {}): RestoreResult {
  const now = opts.now ?? Date.now;
  const root = path.resolve(dataDir);
  const backupsDir = backupDirOf(root);
  // Only a listed backup, by its full path or its name: the renderer never names an arbitrary file.
  const wanted = path.isAbsolute(backupFile)
    ? path.resolve(backupFile)
    : path.join(backupsDir, path.basename(backupFile));
  const backup = listRecoveryBackups(root).find((b) => b.file === wanted);
  if (!backup)
    refuse(root, now, opts.by, backupFile, 'backup-not-listed', `not a backup of this data folder: ${backupFile}`);

  const ledger = ledgerFileOf(root);
  const temp = `${ledger}.restoring`;
  removeQuietly(temp);
  fs.copyFileSync(backup.file, temp);
  {
    const fd = fs.openSync(temp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  const { problems, version } = checkCopy(temp);
  if (problems.length > 0) {
    removeQuietly(temp);
    refuse(
      root,
      now,
      opts.by,
      backup.file,
      'backup-damaged',
      `the backup ${backup.name} failed its integrity check; it was not restored`,
      problems,
    );
  }
  if (version > LATEST_SCHEMA_VERSION) {
    removeQuietly(temp);
    refuse(
      root,
      now,
      opts.by,
      backup.file,
      'backup-too-new',
      `the backup ${backup.name} was written by a newer Counterpay (schema ${version}; this build knows up to ${LATEST_SCHEMA_VERSION})`,
    );
  }
  // Closing the copy checkpoints and removes its -wal/-shm; anything left over is ours to drop.
  for (const s of ['-wal', '-shm']) fs.rmSync(`${temp}${s}`, { force: true });

  // Move the damaged ledger aside (never delete it).
  const damagedDir = path.join(root, 'damaged');
  fs.mkdirSync(damagedDir, { recursive: true });
  let base = `counterpay-${fileStamp(now())}`;
  for (let n = 2; LEDGER_SUFFIXES.some((s) => fs.existsSync(path.join(damagedDir, `${base}.db${s}`))); n++) {
    base = `counterpay-${fileStamp(now())}-${n}`;
  }
  const damagedFiles: string[] = [];
  for (const s of LEDGER_SUFFIXES) {
    const from = `${ledger}${s}`;
    if (!fs.existsSync(from)) continue;
    const to = path.join(damagedDir, `${base}.db${s}`);
    fs.renameSync(from, to);
    damagedFiles.push(to);
  }
  fs.renameSync(temp, ledger);

  const result = RestoreResultSchema.parse({
    restoredFrom: backup.file,
    ledgerFile: ledger,
    damagedFiles,
    damagedDir,
    check: 'ok',
    schemaVersion: version,
    at: now(),
  });
  writeRecoveryLog(
    root,
    {
      event: 'recovery.restore',
      backup: backup.file,
      backupKind: backup.kind,
      backupAt: new Date(backup.at).toISOString(),
      backupBytes: backup.bytes,
      schemaVersion: version,
      check: 'ok',
      damagedFiles,
      ...(opts.by ? { by: opts.by } : {}),
    },
    now,
  );
  return result;
}
