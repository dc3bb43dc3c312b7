import fs from 'node:fs';
import path from 'node:path';

/** The file name the diagnostics export reads (logs/counterpay.log and counterpay.<n>.log). */
export const LOG_FILE_NAME = 'counterpay.log';

export interface LogFileOptions {
  /** Folder for counterpay.log and its rotations. */
  dir: string;
  maxBytes: number;
  keep: number;
  now: () => number;
  onWriteFailure?: (error: NodeJS.ErrnoException, file: string) => void;
}

/**
 * The log's file destination (pino writes each finished line here): synchronous appends to
 * `<dir>/counterpay.log`, rotated by size: counterpay.log → counterpay.1.log → … →
 * counterpay.<keep>.log. `write` never throws.
 */
export interface LogFile {
  write(line: string): void;
  /** Lines dropped because the file could not be written (since start). */
  failures(): number;
  close(): void;
}

export function openLogFile(opts: LogFileOptions): LogFile {
  const { dir, maxBytes, keep, now } = opts;
  const file = path.join(dir, LOG_FILE_NAME);
  let fd: number | null = null;
  let size = 0;
  let failures = 0;
  let failing = false;
  let reported = false;
  let closed = false;

  /**
   * A write failure (ENOSPC on a full disk, EROFS, EIO …) must never reach the caller: the
   * logger is called from inside error handling and after money was committed. The line is
   * dropped and counted; the first failure is reported once (stderr and onWriteFailure), and a
   * line saying how many were lost is written once the file can be written again.
   */
  function failed(e: unknown, droppedLine = true): void {
    if (droppedLine) failures++;
    failing = true;
    if (reported) return;
    reported = true;
    const err = (e instanceof Error ? e : new Error(String(e))) as NodeJS.ErrnoException;
    try {
      process.stderr.write(
        `${JSON.stringify({ t: new Date(now()).toISOString(), level: 'error', event: 'log.write-failed', file, code: err.code ?? null, error: err.message })}\n`,
      );
    } catch {
      /* stderr gone as well: nothing left to tell */
    }
    try {
      opts.onWriteFailure?.(err, file);
    } catch {
      /* the observer must not break logging either */
    }
  }

  function open(): void {
    fs.mkdirSync(dir, { recursive: true });
    fd = fs.openSync(file, 'a');
    size = fs.fstatSync(fd).size;
  }

  try {
    open();
  } catch (e) {
    fd = null;
    failed(e, false);
  }

  function rotate(): void {
    if (fd === null) return;
    const old = fd;
    fd = null;
    fs.closeSync(old);
    for (let i = keep - 1; i >= 1; i--) {
      const from = path.join(dir, `counterpay.${i}.log`);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(dir, `counterpay.${i + 1}.log`));
    }
    fs.renameSync(file, path.join(dir, 'counterpay.1.log'));
    fd = fs.openSync(file, 'a');
    size = 0;
  }

  function append(line: string): void {
    // Reopen after a failure that closed the file (a rotation that could not finish).
    if (fd === null) open();
    if (fd === null) return;
    // Synchronous append: log lines survive a crash right after they are written.
    fs.writeSync(fd, line);
    size += Buffer.byteLength(line);
    if (size >= maxBytes) rotate();
  }

  function closeFd(): void {
    if (fd === null) return;
    const f = fd;
    fd = null;
    try {
      fs.closeSync(f);
    } catch {
      /* closing a file on a full disk may fail too */
    }
  }

  return {
    write(line) {
      if (closed) return;
      try {
        if (failing) {
          const lost = failures;
          append(
            JSON.stringify({
              t: new Date(now()).toISOString(),
              level: 'warn',
              event: 'log.write-recovered',
              lostLines: lost,
            }) + '\n',
          );
          failing = false;
        }
        append(line);
      } catch (e) {
        failed(e);
        // Reopen at the next line: the disk may have been freed (or the file replaced) by then.
        closeFd();
      }
    },
    failures: () => failures,
    close() {
      closed = true;
      closeFd();
    },
  };
}
