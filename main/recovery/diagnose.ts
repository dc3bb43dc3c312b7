import fs from 'node:fs';
import path from 'node:path';
import {
  RecoveryInfoSchema,
  type BackupKind,
  type RecoveryBackup,
  type RecoveryCode,
  type RecoveryInfo,
} from '../../app/contract/recovery.js';
import { AppError } from '../../app/result.js';
import { ConfigError } from '../config.js';
import { DataFolderUnwritableError, isWriteRefusal, probeDataFolder } from './data-folder.js';

/**
 * What went wrong when the core could not start, in a form the recovery screen can show:
 * which kind of failure, SQLite's own list of problems, the data folder and the backups that
 * could replace a damaged ledger. Never touches the ledger; the only write is the data folder's
 * write probe (a small file created and removed, main/recovery/data-folder.ts).
 */

export const LEDGER_NAME = 'counterpay.db';
/** The three files of a WAL-mode ledger; the -wal holds committed data and always travels with the .db. */
export const LEDGER_SUFFIXES = ['', '-wal', '-shm'] as const;

/** Names openStore gives its backups (main/store/db.ts): `<kind>-<UTC stamp>.db`. */
const BACKUP_NAME = /^(scheduled|manual|pre-migration)-.*\.db$/;
const STAMP = /(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/;

export function ledgerFileOf(dataDir: string): string {
  return path.join(path.resolve(dataDir), LEDGER_NAME);
}

export function backupDirOf(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'backups');
}

/** The time in a backup's name (fileStamp, UTC), or null when the name carries none. */
export function backupTimeFromName(name: string): number | null {
  const m = STAMP.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms));
  return Number.isFinite(t) ? t : null;
}

/** Backups in `<dataDir>/backups` (complete ones only: `.partial` files are skipped), newest first. */
export function listRecoveryBackups(dataDir: string): RecoveryBackup[] {
  const dir = backupDirOf(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: RecoveryBackup[] = [];
  for (const name of names) {
    const m = BACKUP_NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    out.push({ file, name, kind: m[1] as BackupKind, at: backupTimeFromName(name) ?? st.mtimeMs, bytes: st.size });
  }
  return out.sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function int(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

function codeOf(error: unknown): RecoveryCode {
  if (error instanceof DataFolderUnwritableError) return 'data-folder-unwritable';
  if (error instanceof ConfigError) return 'config-invalid';
  if (
    error instanceof AppError &&
    (error.code === 'store-corrupt' || error.code === 'store-too-new' || error.code === 'config-invalid')
  ) {
    return error.code;
  }
  return 'other';
}

export interface DiagnoseOptions {
  shell?: RecoveryInfo['shell'];
  version?: string;
}

/** Turn the error createCore threw into the recovery screen's data (validated against the contract). */
export function diagnoseStartFailure(error: unknown, dataDir: string, opts: DiagnoseOptions = {}): RecoveryInfo {
  const root = path.resolve(dataDir);
  // Whatever failed, a data folder that cannot be written is the thing to fix first (a read-only
  // folder surfaces as EACCES from the logger, SQLITE_READONLY from the ledger, …): try writing.
  if (!(error instanceof DataFolderUnwritableError) && !(error instanceof ConfigError)) {
    // (openStore reports a ledger it could not create or open for writing as store-corrupt.)
    const refused =
      isWriteRefusal(error) || codeOf(error) === 'other' || codeOf(error) === 'store-corrupt'
        ? probeDataFolder(root)
        : null;
    if (refused) error = refused;
  }
  const code = codeOf(error);
  const ledgerFile = ledgerFileOf(root);
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 4000);
  const d = error instanceof AppError ? (error.details ?? {}) : {};
  let problems: string[] = [];
  let file: string | null = null;
  if (error instanceof DataFolderUnwritableError) {
    problems = [`${error.errno ?? 'error'}: ${error.file}`, error.message];
    file = error.file;
  } else if (error instanceof ConfigError) {
    problems = error.issues.map((i) => `${i.field || '(file)'}: ${i.message}`);
    file = error.file;
  } else if (code === 'store-corrupt' || code === 'store-too-new') {
    const listed = Array.isArray(d.problems) ? d.problems.map(String) : [];
    problems = listed.length > 0 ? listed : [str(d.error) ?? message];
    file = str(d.file) ?? ledgerFile;
  } else {
    problems = [message];
  }
  const backups = code === 'config-invalid' || code === 'data-folder-unwritable' ? [] : listRecoveryBackups(root);
  return RecoveryInfoSchema.parse({
    code,
    message,
    details: {
      reason: str(d.reason),
      problems: problems.slice(0, 50).map((p) => p.slice(0, 500)),
      file,
      dbVersion: int(d.dbVersion),
      appVersion: int(d.appVersion),
    },
    dataDir: root,
    ledgerFile,
    backups,
    canRestore: code === 'store-corrupt' && backups.length > 0,
    restored: null,
    shell: opts.shell ?? 'browser',
    version: opts.version ?? '0.0.0',
  });
}
