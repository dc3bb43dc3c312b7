import type { StoreHealthView } from '../../app/contract/recovery.js';
import { AppError } from '../../app/result.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/db.js';

/**
 * The running core's view of its ledger's health. The inline check at open either passed or
 * stopped the start (recovery mode); a big ledger gets its full integrity_check in a worker
 * after start (store.verify()). If that fails, the counter must stop taking money into a
 * damaged ledger: `assertWritable` refuses new barcode payments and cash payments with
 * `store-corrupt`, and the renderer shows a red banner (`store.health.changed`).
 */
export interface LedgerHealth {
  view(): StoreHealthView;
  readonly failed: boolean;
  checking(): void;
  passed(at: number): void;
  /** The check could not run (worker error): back to what was known before. */
  abandoned(): void;
  failedCheck(problems: string[], at: number): void;
  /** Throws AppError('store-corrupt') once the full check has failed. */
  assertWritable(what: string): void;
  onChange(listener: (view: StoreHealthView) => void): () => void;
}

/** Commands that take money into the ledger; refused once the full check has failed. */
export const MONEY_COMMANDS: ReadonlySet<string> = new Set([
  'payment.collect',
  'payment.cash',
  'campus.start',
  'campus.retry',
]);

export function createLedgerHealth(): LedgerHealth {
  let current: StoreHealthView = { state: 'ok', problems: [], checkedAt: null };
  const listeners = new Set<(view: StoreHealthView) => void>();
  const set = (next: StoreHealthView): void => {
    current = next;
    for (const l of [...listeners]) l(next);
  };
  return {
    view: () => ({ ...current, problems: [...current.problems] }),
    get failed() {
      return current.state === 'failed';
    },
    checking() {
      if (current.state !== 'failed') set({ ...current, state: 'checking' });
    },
    passed(at) {
      if (current.state !== 'failed') set({ state: 'ok', problems: [], checkedAt: at });
    },
    abandoned() {
      if (current.state === 'checking') set({ ...current, state: 'ok' });
    },
    failedCheck(problems, at) {
      set({ state: 'failed', problems: problems.slice(0, 20), checkedAt: at });
    },
    assertWritable(what) {
      if (current.state !== 'failed') return;
      throw new AppError(
        'store-corrupt',
        `the ledger failed its integrity check after start: ${what} refused. Call the supervisor or installer; do not take more payments on this counter.`,
        { reason: 'check-failed', check: 'integrity', problems: current.problems.slice(0, 5) },
      );
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * A ledger too large for an inline check at open (`openReport.check === 'deferred'`) is checked
 * in a worker thread after start instead of blocking the counter. If it fails, new payments are
 * refused and the counter shows a red banner; if the worker itself fails, the counter keeps
 * running and says so.
 */
export function verifyDeferred(
  store: Pick<Store, 'openReport' | 'verify'>,
  health: LedgerHealth,
  log: Pick<Logger, 'info' | 'error'>,
  now: () => number,
): void {
  if (store.openReport.check !== 'deferred') return;
  health.checking();
  void store.verify().then(
    (r) => {
      if (!r.ok) {
        log.error('store.integrity-failed', { problems: r.problems.slice(0, 20) });
        health.failedCheck(r.problems, now());
      } else {
        log.info('store.integrity-ok', { check: r.check, ms: r.ms });
        health.passed(now());
      }
    },
    (e: unknown) => {
      log.error('store.integrity-check-error', { error: e instanceof Error ? e.message : String(e) });
      health.abandoned();
    },
  );
}
