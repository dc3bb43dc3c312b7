import { multistream, pino, type Logger as PinoLogger, type StreamEntry } from 'pino';
import { openLogFile, type LogFile } from './log-file.js';

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
 * Structured JSON-lines logger (pino) writing to `<dir>/counterpay.log`, rotated by size:
 * counterpay.log → counterpay.1.log → … → counterpay.<keep>.log (see log-file.ts). A line reads
 * `{"level":"info","t":"<ISO>","scope":"pay","event":"pay.started","<field>":…}`.
 */
export function createLogger(opts: LoggerOptions): FileLogger {
  const level = opts.level ?? 'info';
  const now = opts.now ?? Date.now;
  const echo = opts.echo ?? 'none';
  const file: LogFile | null = opts.dir
    ? openLogFile({
        dir: opts.dir,
        maxBytes: opts.maxBytes ?? 5_000_000,
        keep: opts.keep ?? 5,
        now,
        onWriteFailure: opts.onWriteFailure,
      })
    : null;
  const streams: StreamEntry<LogLevel>[] = [];
  if (file) streams.push({ level, stream: file });
  if (echo !== 'none') streams.push({ level: echo, stream: stderrEcho });
  const root = pino(
    {
      level,
      base: undefined,
      timestamp: () => `,"t":"${new Date(now()).toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
      },
    },
    multistream(streams),
  );

  function write(
    lvl: LogLevel,
    logger: PinoLogger,
    scope: string | undefined,
    event: string,
    fields?: LogFields,
  ): void {
    if (RANK[lvl] < RANK[level]) return;
    try {
      // The event leads the fields (and a field named `event` overrides it), as lines always read.
      // Redacted before pino sees it, so an Error under `err` stays `{}` as it always was.
      logger[lvl](redact({ event, ...fields }) as LogFields);
    } catch (e) {
      // A field that cannot be read (a throwing getter): log that, never throw.
      const line =
        JSON.stringify({
          t: new Date(now()).toISOString(),
          level: lvl,
          ...(scope ? { scope } : {}),
          event,
          unserialisable: String(e),
        }) + '\n';
      for (const s of streams) if (RANK[lvl] >= RANK[s.level as LogLevel]) s.stream.write(line);
    }
  }

  function make(scope: string | undefined): FileLogger {
    const logger = scope ? root.child({ scope }) : root;
    return {
      writeFailures: () => file?.failures() ?? 0,
      debug: (e, f) => write('debug', logger, scope, e, f),
      info: (e, f) => write('info', logger, scope, e, f),
      warn: (e, f) => write('warn', logger, scope, e, f),
      error: (e, f) => write('error', logger, scope, e, f),
      child: (s) => make(scope ? `${scope}.${s}` : s),
      close: async () => {
        file?.close();
      },
    };
  }
  return make(undefined);
}

/** Echo to stderr; a closed stderr must not break a request either. */
const stderrEcho = {
  write(line: string): void {
    try {
      process.stderr.write(line);
    } catch {
      /* nothing left to tell */
    }
  },
};

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ dir: null, echo: 'none' });
