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
export function createLogger(opts: LoggerOptions): Logger {
  const level = opts.level ?? 'info';
  const maxBytes = opts.maxBytes ?? 5_000_000;
  const keep = opts.keep ?? 5;
  const now = opts.now ?? Date.now;
  const echo = opts.echo ?? 'none';
  const file = opts.dir ? path.join(opts.dir, 'counterpay.log') : null;
  let fd: number | null = null;
  let size = 0;

  if (file && opts.dir) {
    fs.mkdirSync(opts.dir, { recursive: true });
    fd = fs.openSync(file, 'a');
    size = fs.fstatSync(fd).size;
  }

  function rotate(): void {
    if (!file || !opts.dir || fd === null) return;
    fs.closeSync(fd);
    for (let i = keep - 1; i >= 1; i--) {
      const from = path.join(opts.dir, `counterpay.${i}.log`);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(opts.dir, `counterpay.${i + 1}.log`));
    }
    fs.renameSync(file, path.join(opts.dir, 'counterpay.1.log'));
    fd = fs.openSync(file, 'a');
    size = 0;
  }

  function write(lvl: LogLevel, scope: string | undefined, event: string, fields?: LogFields): void {
    if (RANK[lvl] < RANK[level]) return;
    const line =
      JSON.stringify({
        t: new Date(now()).toISOString(),
        level: lvl,
        ...(scope ? { scope } : {}),
        event,
        ...(fields ? (redact(fields) as LogFields) : {}),
      }) + '\n';
    if (fd !== null) {
      // Synchronous append: log lines survive a crash right after they are written.
      fs.writeSync(fd, line);
      size += Buffer.byteLength(line);
      if (size >= maxBytes) rotate();
    }
    if (echo !== 'none' && RANK[lvl] >= RANK[echo]) process.stderr.write(line);
  }

  function make(scope: string | undefined): Logger {
    return {
      debug: (e, f) => write('debug', scope, e, f),
      info: (e, f) => write('info', scope, e, f),
      warn: (e, f) => write('warn', scope, e, f),
      error: (e, f) => write('error', scope, e, f),
      child: (s) => make(scope ? `${scope}.${s}` : s),
      close: async () => {
        if (fd !== null) {
          fs.closeSync(fd);
          fd = null;
        }
      },
    };
  }
  return make(undefined);
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ dir: null, echo: 'none' });
