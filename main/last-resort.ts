import type { AppFault } from '../app/contract/recovery.js';
import type { Logger } from './log.js';

/**
 * The last-resort handler of both shells (issue 11, item 3): an exception nobody caught or a
 * rejection nobody handled is logged, the ledger is left consistent, the cashier's screen is told
 * (`app.fault`), and the process keeps running: a counter never dies silently mid-shift.
 *
 * Keeping the ledger consistent: every ledger write is a synchronous better-sqlite3 transaction,
 * so an exception cannot stop one halfway — it rolls back as a whole before the exception gets
 * here. The one thing left to check is a transaction opened by hand (BEGIN) and never finished:
 * it is rolled back, so a later write does not commit half of someone else's work.
 */
export interface LedgerGuard {
  readonly inTransaction: boolean;
  exec(sql: string): unknown;
}

export interface LastResortOptions {
  /** Where to log (the core's logger once it exists; stderr before). */
  log: () => Logger | null;
  /** The ledger connection, or null when none is open (recovery mode, before the core). */
  ledger?: () => LedgerGuard | null;
  /** Push the fault to the screen (the core's bus: `app.fault`). */
  notify?: (fault: AppFault) => void;
  now?: () => number;
  /** Last words when even logging failed (default: stderr). */
  stderr?: (line: string) => void;
}

export interface LastResortHandler {
  uncaughtException(error: unknown): void;
  unhandledRejection(reason: unknown): void;
  /** Faults handled so far, per kind. */
  counts(): Record<'uncaught-exception' | 'unhandled-rejection', number>;
}

function describe(e: unknown): { message: string; stack: string | null } {
  if (e instanceof Error) return { message: `${e.name}: ${e.message}`, stack: e.stack ?? null };
  try {
    return { message: typeof e === 'string' ? e : (JSON.stringify(e) ?? String(e)), stack: null };
  } catch {
    return { message: String(e), stack: null };
  }
}

export function createLastResortHandler(opts: LastResortOptions): LastResortHandler {
  const now = opts.now ?? Date.now;
  const stderr = opts.stderr ?? ((line: string) => void process.stderr.write(line));
  const counts = { 'uncaught-exception': 0, 'unhandled-rejection': 0 };
  const lastNotified = { 'uncaught-exception': -Infinity, 'unhandled-rejection': -Infinity };

  function handle(kind: 'uncaught-exception' | 'unhandled-rejection', error: unknown): void {
    // Nothing in here may throw: a throw from an uncaughtException handler ends the process.
    counts[kind]++;
    const { message, stack } = describe(error);
    let rolledBack = false;
    try {
      const db = opts.ledger?.() ?? null;
      if (db?.inTransaction) {
        db.exec('ROLLBACK');
        rolledBack = true;
      }
    } catch (e) {
      safe(() => stderr(`last-resort: rollback failed: ${String(e)}\n`));
    }
    const n = counts[kind];
    // A fault that repeats (a timer throwing every few ms) must not fill the disk or the screen:
    // the first 50 of a kind are logged in full, then every 100th; the screen hears at most once a second.
    if (n <= 50 || n % 100 === 0) {
      const fields = { kind, count: n, error: message, stack, rolledBack };
      const log = safe(() => opts.log());
      const logged = log ? safe(() => (log.error('process.fault', fields), true)) : null;
      if (!logged) safe(() => stderr(`${JSON.stringify({ level: 'error', event: 'process.fault', ...fields })}\n`));
    }
    const at = safe(now) ?? Date.now();
    if (at - lastNotified[kind] >= 1000) {
      lastNotified[kind] = at;
      safe(() => opts.notify?.({ kind, at, count: n, message: message.slice(0, 2000) }));
    }
  }

  return {
    uncaughtException: (e) => handle('uncaught-exception', e),
    unhandledRejection: (r) => handle('unhandled-rejection', r),
    counts: () => ({ ...counts }),
  };
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** Install the handler on the process; returns the uninstaller. */
export function installLastResort(handler: LastResortHandler, proc: NodeJS.Process = process): () => void {
  const onException = (e: unknown): void => handler.uncaughtException(e);
  const onRejection = (r: unknown): void => handler.unhandledRejection(r);
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  // stdout/stderr are echo only: a closed terminal (EPIPE) must not become a fault that logs,
  // echoes to the same closed stream and faults again.
  const ignore = (): void => undefined;
  proc.stdout?.on?.('error', ignore);
  proc.stderr?.on?.('error', ignore);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
    proc.stdout?.off?.('error', ignore);
    proc.stderr?.off?.('error', ignore);
  };
}
