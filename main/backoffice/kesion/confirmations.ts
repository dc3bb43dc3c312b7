/**
 * Exactly-once confirmation of KesionEDU enrollments (SaveSignUpOrder), which has no
 * idempotency key (README.md, "Exactly-once plan"; docs/ARCHITECTURE.md §8.1):
 *
 * - the row goes to `sending` (committed) before each send;
 * - a reply settles it: paid → confirmed; result:false with a url → online (pay online there);
 *   result:false without one → failed with the ERP's msg ("already paid" counts as confirmed);
 * - an unknown outcome (timeout, reset, 5xx, unparseable reply, or a crash while sending: a row
 *   found in `sending` at start) → unknown. An unknown row is NEVER sent again blindly: the
 *   order-info check runs first; paid → confirmed without sending; not paid → send; the check
 *   failing → stays unknown, tried again later;
 * - a supervisor's 重试 (retry) turns a failed row into unknown, so it checks first too.
 * One run at a time in this process; rows are taken with a conditional UPDATE.
 */
import { silentLogger, type Logger } from '../../log.js';
import type { KesionClient } from './client.js';
import type { EnrollmentJournal, EnrollmentRow } from './journal.js';

export interface ConfirmationOptions {
  journal: EnrollmentJournal;
  /** The client of the moment (null: not configured, nothing is sent). */
  client: () => KesionClient | null;
  now: () => number;
  log?: Logger;
  /** Wait before an automatic re-check of an unknown row (default 30 s, doubling, at most 10 min). */
  retryMs?: number;
  /** Told after every change of a row (the screens re-read). */
  onChange?: (row: EnrollmentRow) => void;
}

export interface ConfirmationWorker {
  /** Mark interrupted sends unknown, then run what is due; schedules itself after that. */
  start(): void;
  stop(): void;
  /** Run every due row now (one run at a time); resolves when done. */
  runDue(): Promise<void>;
  /** Run soon (after the current transaction has committed). */
  kick(): void;
}

const ALREADY_PAID = /已支付|已付款|重复提交|already paid/i;
const MAX_BACKOFF_MS = 600_000;

export function createConfirmationWorker(opts: ConfirmationOptions): ConfirmationWorker {
  const { journal, now } = opts;
  const log = (opts.log ?? silentLogger).child('kesion.confirm');
  const retryMs = opts.retryMs ?? 30_000;
  const backoff = (n: number) => Math.min(MAX_BACKOFF_MS, retryMs * 2 ** Math.max(0, n - 1));
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;

  const changed = (id: number) => {
    const row = journal.get(id);
    if (row) opts.onChange?.(row);
  };

  async function send(client: KesionClient, row: EnrollmentRow): Promise<void> {
    if (!journal.toSending(row.id, now())) return;
    changed(row.id);
    log.info('sending', { payOrderId: row.payOrderId, payId: row.payId, send: row.sends + 1 });
    const r = await client.saveSignUpOrder({ payOrderId: row.payOrderId, payId: row.payId ?? '' });
    const t = now();
    if (r.kind === 'ok') {
      if (r.value.paid) journal.confirmed(row.id, 'reply', r.value.msg, t);
      else
        journal.setState(row.id, { state: 'online', nextAt: null, msg: r.value.msg, error: null, url: r.value.url }, t);
    } else if (r.kind === 'refused') {
      if (ALREADY_PAID.test(r.msg)) journal.confirmed(row.id, 'reply', r.msg, t);
      else journal.setState(row.id, { state: 'failed', nextAt: null, msg: r.msg, error: null }, t);
    } else if (r.kind === 'invalid') {
      journal.setState(row.id, { state: 'failed', nextAt: null, error: r.message }, t);
    } else if (!r.maybeDelivered) {
      // Provably never reached the ERP: pending again, later.
      journal.setState(row.id, { state: 'pending', nextAt: t + backoff(row.sends + 1), error: r.message }, t);
    } else {
      journal.setState(row.id, { state: 'unknown', nextAt: t + backoff(row.sends + 1), error: r.message }, t);
      log.warn('outcome unknown; the order will be checked before any new send', {
        payOrderId: row.payOrderId,
        error: r.message,
      });
    }
    changed(row.id);
  }

  /** An unknown row: ask the ERP whether the order is paid before anything is sent again. */
  async function check(client: KesionClient, row: EnrollmentRow): Promise<boolean> {
    const r = await client.orderInfo(row.payOrderId);
    const t = now();
    journal.checked(row.id, t);
    if (r.kind === 'ok') {
      if (r.value.isPaid) {
        journal.confirmed(row.id, 'check', r.msg || null, t);
        log.info('already paid at the ERP; not sending again', { payOrderId: row.payOrderId });
        changed(row.id);
        return false;
      }
      return true;
    }
    const why = r.kind === 'refused' ? r.msg : r.message;
    journal.setState(
      row.id,
      { state: 'unknown', nextAt: t + backoff(row.checks + 1), error: `order check failed: ${why}` },
      t,
    );
    changed(row.id);
    return false;
  }

  async function step(row: EnrollmentRow): Promise<void> {
    const client = opts.client();
    if (!client) return;
    if (row.state === 'sending') return; // another run of ours is on it (recover() ran at start)
    if (row.state === 'unknown' && !(await check(client, row))) return;
    const fresh = journal.get(row.id);
    if (fresh && (fresh.state === 'pending' || fresh.state === 'unknown')) await send(client, fresh);
  }

  function schedule(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    const ats = journal
      .live()
      .filter((r) => r.state !== 'sending')
      .map((r) => r.nextAt ?? now());
    if (ats.length === 0) return;
    const wait = Math.max(0, Math.min(...ats) - now());
    timer = setTimeout(() => {
      timer = null;
      void runDue();
    }, wait);
    timer.unref?.();
  }

  function runDue(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    const run = (async () => {
      await Promise.resolve();
      do {
        again = false;
        for (const row of journal.due(now())) {
          try {
            await step(row);
          } catch (e) {
            log.error('confirmation step failed', { id: row.id, error: String(e) });
          }
        }
      } while (again && !stopped);
    })();
    running = run;
    void run.finally(() => {
      if (running === run) running = null;
      schedule();
    });
    return run;
  }

  return {
    start() {
      stopped = false;
      const n = journal.recover(now());
      if (n > 0) log.warn('interrupted confirmations found; each is checked before any new send', { count: n });
      void runDue();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    runDue,
    kick() {
      setImmediate(() => {
        if (!stopped) void runDue();
      });
    },
  };
}
