import { AppError } from '../../app/result.js';

/**
 * A full disk (issue 11, item 4). SQLite reports it as SQLITE_FULL (also what `PRAGMA
 * max_page_count` gives when the ledger may not grow); the file system as ENOSPC (or EDQUOT
 * over a quota). Either way the write did not happen: the transaction rolled back as a whole,
 * so the ledger holds what was committed before and nothing half-written.
 */
const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

export function isDiskFull(e: unknown): boolean {
  if (e === null || typeof e !== 'object') return false;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && DISK_FULL_CODES.has(code);
}

/**
 * The `disk-full` error the cashier sees for a ledger write that failed on a full disk: it names
 * the data folder (details.dataDir; the screen's 磁盘已满 text shows it). null for other errors.
 */
export function diskFullError(e: unknown, dataDir: string): AppError | null {
  if (e instanceof AppError || !isDiskFull(e)) return null;
  const code = String((e as { code: string }).code);
  return new AppError(
    'disk-full',
    `the disk holding the data folder ${dataDir} is full (${code}); nothing was recorded`,
    {
      dataDir,
      cause: code,
    },
  );
}
