import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One Counterpay per data folder (issue 11, item 6). Two processes on one ledger share one
 * counter bill and resume each other's live payments against their own gateways, so each shell
 * takes this lock at start, before anything else touches the folder, and holds it for the life of
 * the process.
 *
 * The lock is an OS lock, not a pid file: `counterpay.lock` is a tiny SQLite database opened with
 * `PRAGMA locking_mode=EXCLUSIVE` in which a write transaction is committed. SQLite then keeps its
 * exclusive lock (fcntl on POSIX, LockFileEx on Windows) until the connection closes, and the OS
 * drops it when the process dies in any way (SIGKILL, crash, power cut): no stale lock to clean up.
 * Node has no flock of its own; better-sqlite3 is already here and does it the same on every OS.
 *
 * Who holds it is written next to it, in `counterpay.lock.json` (pid, start time, shell, host):
 * the lock database itself cannot be read by anyone while it is held. That file is information
 * only; the lock is the SQLite one.
 */
export const LOCK_FILE = 'counterpay.lock';
export const LOCK_INFO_FILE = 'counterpay.lock.json';

export interface DataLockHolder {
  pid: number;
  /** ISO time the holding process took the lock. */
  startedAt: string;
  shell: string;
  host: string;
}

export interface DataLock {
  dataDir: string;
  file: string;
  holder: DataLockHolder;
  /** Close the lock (at a clean stop). Idempotent. The OS releases it anyway when the process ends. */
  release(): void;
}

/** The data folder is held by another running Counterpay. */
export class DataFolderLockedError extends Error {
  readonly dataDir: string;
  /** Who holds it, as it wrote in counterpay.lock.json; null when that file is missing or unreadable. */
  readonly holder: DataLockHolder | null;
  constructor(dataDir: string, holder: DataLockHolder | null) {
    super(lockedMessage(dataDir, holder));
    this.name = 'DataFolderLockedError';
    this.dataDir = dataDir;
    this.holder = holder;
  }
}

/** The refusal a second start prints (console) or shows (Electron dialog), English and Chinese. */
export function lockedMessage(dataDir: string, holder: DataLockHolder | null): string {
  const who = holder
    ? `process ${holder.pid} (${holder.shell} shell, started ${holder.startedAt}${holder.host ? ` on ${holder.host}` : ''})`
    : 'another process (its details are not available)';
  const whoZh = holder
    ? `进程 ${holder.pid}（${holder.shell === 'electron' ? '桌面版' : '浏览器版'}，启动于 ${holder.startedAt}）`
    : '另一个进程';
  return (
    `The data folder ${dataDir} is already in use by another Counterpay: ${who}.\n` +
    `Only one Counterpay may use a data folder. Close the other one first (or use another data folder: COUNTERPAY_DATA_DIR).\n` +
    `数据文件夹 ${dataDir} 正在被另一个收银台程序使用：${whoZh}。同一个数据文件夹只能运行一个收银台，请先关闭另一个。`
  );
}

function readHolder(dataDir: string): DataLockHolder | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_INFO_FILE), 'utf8')) as Partial<DataLockHolder>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || typeof v.startedAt !== 'string') return null;
    return {
      pid: v.pid,
      startedAt: v.startedAt,
      shell: typeof v.shell === 'string' ? v.shell : 'unknown',
      host: typeof v.host === 'string' ? v.host : '',
    };
  } catch {
    return null;
  }
}

function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED')
  );
}

export interface AcquireOptions {
  shell: string;
  now?: () => number;
  pid?: number;
}

/**
 * Take the data folder's lock or throw: DataFolderLockedError when another process holds it;
 * any other error (the folder cannot be written, …) as it came.
 */
export function acquireDataLock(dataDir: string, opts: AcquireOptions): DataLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // No rollback journal file beside it: the lock database holds nothing worth a journal.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER, started_at TEXT)');
    const holder: DataLockHolder = {
      pid: opts.pid ?? process.pid,
      startedAt: new Date((opts.now ?? Date.now)()).toISOString(),
      shell: opts.shell,
      host: os.hostname(),
    };
    db.prepare('INSERT OR REPLACE INTO holder (id, pid, started_at) VALUES (1, ?, ?)').run(
      holder.pid,
      holder.startedAt,
    );
    db.exec('COMMIT');
    // Exclusive locking mode keeps the lock after the commit, until close.
    const info = path.join(dir, LOCK_INFO_FILE);
    const tmp = `${info}.${holder.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(holder) + '\n');
      fs.renameSync(tmp, info);
    } catch {
      // Information only (a full disk, say): the lock is held all the same; a second start is
      // still refused, its message just cannot name the process.
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* nothing more to do */
      }
    }
    let released = false;
    return {
      dataDir: dir,
      file,
      holder,
      release() {
        if (released) return;
        released = true;
        try {
          if (readHolder(dir)?.pid === holder.pid) fs.rmSync(info, { force: true });
        } catch {
          /* information only */
        }
        db.close();
      },
    };
  } catch (e) {
    db.close();
    if (isBusy(e)) throw new DataFolderLockedError(dir, readHolder(dir));
    throw e;
  }
}
