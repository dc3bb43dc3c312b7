import fs from 'node:fs';
import path from 'node:path';

/**
 * Can this process write the data folder? (issue 11, item 5.) Decided by writing, never by
 * permission bits: the counter may run as an administrator (or root) for whom mode 0555 stops
 * nothing, while a read-only mount, an immutable folder, a full quota or a path that runs through
 * a file stops everyone. The probe creates the folder if needed, writes and syncs a small file,
 * removes it, and opens the ledger (when there is one) for writing.
 */
export class DataFolderUnwritableError extends Error {
  readonly dataDir: string;
  /** The path that could not be written (the folder itself, or a file in it). */
  readonly file: string;
  /** The OS error code: EACCES, EPERM, EROFS, ENOTDIR, EEXIST, ENOSPC … */
  readonly errno: string | null;
  constructor(dataDir: string, file: string, cause: unknown) {
    const e = cause as NodeJS.ErrnoException | null;
    super(
      `the data folder ${dataDir} cannot be written (${e?.code ?? 'error'} on ${file}): ${e?.message ?? String(cause)}`,
    );
    this.name = 'DataFolderUnwritableError';
    this.dataDir = dataDir;
    this.file = file;
    this.errno = typeof e?.code === 'string' ? e.code : null;
  }
}

/** What a failed write says about the folder: an OS refusal (not a bug of ours). */
const REFUSALS = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EEXIST',
  'ENOSPC',
  'EDQUOT',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_PERM',
]);

export function isWriteRefusal(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (REFUSALS.has(code) || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))
  );
}

/** Throws DataFolderUnwritableError when the folder (or the ledger in it) cannot be written. */
export function checkDataFolderWritable(dataDir: string, opts: { pid?: number } = {}): void {
  const dir = path.resolve(dataDir);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new DataFolderUnwritableError(dir, dir, e);
  }
  const probe = path.join(dir, `.counterpay-write-test-${opts.pid ?? process.pid}`);
  try {
    const fd = fs.openSync(probe, 'w');
    try {
      fs.writeSync(fd, 'counterpay write test\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.rmSync(probe, { force: true });
  } catch (e) {
    try {
      fs.rmSync(probe, { force: true });
    } catch {
      /* nothing was created */
    }
    throw new DataFolderUnwritableError(dir, dir, e);
  }
  for (const name of ['counterpay.db', 'counterpay.db-wal', 'counterpay.db-shm', 'config.json']) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    try {
      fs.closeSync(fs.openSync(file, 'r+'));
    } catch (e) {
      throw new DataFolderUnwritableError(dir, file, e);
    }
  }
}

/** The first write refusal of the data folder, or null when it can be written. */
export function probeDataFolder(dataDir: string): DataFolderUnwritableError | null {
  try {
    checkDataFolderWritable(dataDir);
    return null;
  } catch (e) {
    if (e instanceof DataFolderUnwritableError) return e;
    return new DataFolderUnwritableError(path.resolve(dataDir), path.resolve(dataDir), e);
  }
}
