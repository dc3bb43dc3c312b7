import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger whose lines all carry `scope`. */
  child(scope: string): Logger;
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** Folder for counterpay.log and its rotations; null logs nowhere but the echo. */
  dir: string | null;
  level?: LogLevel;
  maxBytes?: number;
  keep?: number;
  /** Also echo lines at or above this level to stderr. */
  echo?: LogLevel | 'none';
  now?: () => number;
  /**
   * Called once, at the first failed write (disk full, folder gone, read-only …). Logging never
   * throws into the caller: a failed line is dropped and counted (see FileLogger.writeFailures).
   */
  onWriteFailure?: (error: NodeJS.ErrnoException, file: string) => void;
}

/** The logger createLogger returns: a Logger that also counts the lines it could not write. */
export interface FileLogger extends Logger {
  /** Lines dropped because the log file could not be written (since start). */
  writeFailures(): number;
}

const SECRET_KEYS = /(pin|password|secret|token|authorization|apikey|api_key|key)$/i;

/** Remove values whose key names a secret. Nested objects are redacted too. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

/**
 * Structured JSON-lines logger writing to `<dir>/counterpay.log`, rotated by size:
 * counterpay.log → counterpay.1.log → … → counterpay.<keep>.log.
 */
export function createLogger(opts: LoggerOptions): FileLogger {
  const level = opts.level ?? 'info';
  const maxBytes = opts.maxBytes ?? 5_000_000;
  const keep = opts.keep ?? 5;
  const now = opts.now ?? Date.now;
  const echo = opts.echo ?? 'none';
  const file = opts.dir ? path.join(opts.dir, 'counterpay.log') : null;
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
      if (file) opts.onWriteFailure?.(err, file);
    } catch {
      /* the observer must not break logging either */
    }
  }

  function open(): void {
    if (!file || !opts.dir) return;
    fs.mkdirSync(opts.dir, { recursive: true });
    fd = fs.openSync(file, 'a');
    size = fs.fstatSync(fd).size;
  }

  if (file) {
    try {
      open();
    } catch (e) {
      fd = null;
      failed(e, false);
    }
  }

  function rotate(): void {
    if (!file || !opts.dir || fd === null) return;
    const old = fd;
    fd = null;
    fs.closeSync(old);
    for (let i = keep - 1; i >= 1; i--) {
      const from = path.join(opts.dir, `counterpay.${i}.log`);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(opts.dir, `counterpay.${i + 1}.log`));
    }
    fs.renameSync(file, path.join(opts.dir, 'counterpay.1.log'));
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

  function write(lvl: LogLevel, scope: string | undefined, event: string, fields?: LogFields): void {
    if (RANK[lvl] < RANK[level]) return;
    let line: string;
    try {
      line =
        JSON.stringify({
          t: new Date(now()).toISOString(),
          level: lvl,
          ...(scope ? { scope } : {}),
          event,
          ...(fields ? (redact(fields) as LogFields) : {}),
        }) + '\n';
    } catch (e) {
      // A field that cannot be serialised (a cycle, a BigInt): log that, never throw.
      line = JSON.stringify({ t: new Date(now()).toISOString(), level: lvl, ...(scope ? { scope } : {}), event, unserialisable: String(e) }) + '\n';
    }
    if (file && !closed) {
      try {
        if (failing) {
          const lost = failures;
          append(JSON.stringify({ t: new Date(now()).toISOString(), level: 'warn', event: 'log.write-recovered', lostLines: lost }) + '\n');
          failing = false;
        }
        append(line);
      } catch (e) {
        failed(e);
        // Reopen at the next line: the disk may have been freed (or the file replaced) by then.
        if (fd !== null) {
          const f = fd;
          fd = null;
          try {
            fs.closeSync(f);
          } catch {
            /* already failing */
          }
        }
      }
    }
    if (echo !== 'none' && RANK[lvl] >= RANK[echo]) {
      try {
        process.stderr.write(line);
      } catch {
        /* a closed stderr must not break a request either */
      }
    }
  }

  function make(scope: string | undefined): FileLogger {
    return {
      writeFailures: () => failures,
      debug: (e, f) => write('debug', scope, e, f),
      info: (e, f) => write('info', scope, e, f),
      warn: (e, f) => write('warn', scope, e, f),
      error: (e, f) => write('error', scope, e, f),
      child: (s) => make(scope ? `${scope}.${s}` : s),
      close: async () => {
        closed = true;
        if (fd !== null) {
          const f = fd;
          fd = null;
          try {
            fs.closeSync(f);
          } catch {
            /* closing a file on a full disk may fail too */
          }
        }
      },
    };
  }
  return make(undefined);
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ dir: null, echo: 'none' });
