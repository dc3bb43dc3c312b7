/** The ledger's health checks: the one at open (runCheck) and store.verify() (verifyStore). */
import { statSync } from 'node:fs';
import { corrupt, isSqliteError } from './store-errors.js';
import type { SqliteDatabase, StoreLog } from './store-types.js';
import { verifyInWorker, type VerifyResult } from './verify.js';

export function ledgerBytes(file: string): number {
  let n = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      n += statSync(f).size;
    } catch {
      /* absent */
    }
  }
  return n;
}

export function runCheck(db: SqliteDatabase, file: string, check: 'integrity' | 'quick'): void {
  let rows: unknown[];
  try {
    rows = db.pragma(check === 'integrity' ? 'integrity_check(100)' : 'quick_check(100)', {
      simple: false,
    }) as unknown[];
  } catch (e) {
    if (isSqliteError(e))
      throw corrupt(file, `the store failed its ${check} check: ${e.message}`, {
        reason: 'check-failed',
        check,
        problems: [e.message],
      });
    throw e;
  }
  const problems = rows.map((r) => String(Object.values(r as Record<string, unknown>)[0]));
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw corrupt(file, `the store failed its ${check} check (${problems.length} problem(s)); it was not modified`, {
      reason: 'check-failed',
      check,
      problems: problems.slice(0, 20),
    });
  }
}

/**
 * integrity_check (default) or quick_check: inline for an in-memory store, otherwise on a
 * separate read-only connection in a worker thread. Logs the outcome.
 */
export async function verifyStore(
  db: SqliteDatabase,
  file: string,
  log: StoreLog,
  check: 'integrity' | 'quick',
): Promise<VerifyResult> {
  let r: VerifyResult;
  if (file === ':memory:') {
    const started = performance.now();
    const rows = db.pragma(check === 'integrity' ? 'integrity_check(100)' : 'quick_check(100)') as Record<
      string,
      unknown
    >[];
    const problems = rows.map((x) => String(Object.values(x)[0]));
    r = { ok: problems.length === 1 && problems[0] === 'ok', check, problems, ms: performance.now() - started };
  } else {
    r = await verifyInWorker(file, check);
  }
  if (r.ok) log.info('store: verified', { check, ms: Math.round(r.ms) });
  else log.error('store: verification FAILED', { check, problems: r.problems.slice(0, 20) });
  return r;
}
