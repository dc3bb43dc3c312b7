/**
 * The sync worker: drains the outbox to the back office.
 *
 *  - Sends due rows oldest first, in batches (default 200 bills per request).
 *  - A row is deleted only when the receiver acknowledges its billNo (also as a duplicate).
 *  - The receiver is unreachable / unclear (network error, timeout, 5xx, bad body): the
 *    rows sent stay, with attempts+1, last_error and a next try after an exponential
 *    backoff with jitter; the worker itself pauses for the same kind of backoff so a
 *    back office that is down is not hammered by the rest of the queue.
 *  - The receiver refuses a bill (4xx): that row stays (it is money: never dropped), with
 *    the reason, retried with backoff up to `maxDelayMs`, and listed for the supervisor.
 *    A batch refused as a whole is retried bill by bill so one bad bill cannot block others.
 *  - Wakes on new outbox rows (outboxSignal 'enqueued'), on the next due time, and on
 *    `kick()` (the supervisor's "sync now").
 *
 * Transactions are never held across the network call: read due rows, send, then record
 * the outcome in one short transaction.
 */
import { EventEmitter } from 'node:events';
import type { Store } from '../store/db.js';
import type { FeedClient, SendResult } from './feed-client.js';
import { createOutbox, outboxSignal, type Outbox, type OutboxItem, type OutboxStatus } from './outbox.js';

export interface BackoffOptions {
  /** First retry delay. Default 2 s. */
  baseMs: number;
  /** Ceiling. Default 5 min. */
  maxMs: number;
  /** Fraction of the delay that is randomised (0–1). Default 0.5. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 300_000, jitter: 0.5 };

/** Delay before try number `failures + 1`: base·2^(failures−1), capped, with "equal jitter". */
export function backoffDelay(failures: number, o: BackoffOptions, random: () => number): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  const fixed = exp * (1 - o.jitter);
  return Math.round(fixed + random() * exp * o.jitter);
}

export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncWorkerOptions {
  store: Store;
  now: () => number;
  client: FeedClient;
  /** Bills per request. Default 200. */
  batchSize?: number;
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
  timers?: TimerApi;
}

export interface SyncStatus extends OutboxStatus {
  running: boolean;
  /** The worker waits (back office unreachable) until this time, or null. */
  pausedUntil: number | null;
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt: number | null;
  sentTotal: number;
}

export interface DrainResult {
  acked: number;
  duplicates: number;
  rejected: number;
  failed: number;
  transportError: string | null;
}

export interface SyncWorker extends EventEmitter {
  start(): void;
  /** Stop waking up; resolves when the batch in flight (if any) is recorded. */
  stop(): Promise<void>;
  /** Send everything due now (one pass, batch by batch), then resolve. Used by `kick` and tests. */
  drainOnce(): Promise<DrainResult>;
  /** Lift the pause and make every row due now ("sync now"). */
  kick(): void;
  status(): SyncStatus;
  /** Rows whose last attempt failed, with the error (supervisor view). */
  failedItems(limit?: number): OutboxItem[];
  readonly outbox: Outbox;
}

/**
 * Events: 'sent' (DrainResult of one request), 'outcome' ({ ok, error? } — feed this to the
 * connectivity monitor as `report('backOffice', ok)`), 'idle' (nothing due), 'status' (SyncStatus).
 */
export function createSyncWorker(opts: SyncWorkerOptions): SyncWorker {
  const { store, now, client } = opts;
  const batchSize = Math.max(1, opts.batchSize ?? 200);
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...(opts.backoff ?? {}) };
  const random = opts.random ?? Math.random;
  const timers: TimerApi = opts.timers ?? {
    setTimeout: (fn, ms) => {
      const h = setTimeout(fn, ms);
      h.unref?.();
      return h;
    },
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const outbox = createOutbox(store);
  const signal = outboxSignal(store);
  const emitter = new EventEmitter() as SyncWorker;

  let running = false;
  let pausedUntil: number | null = null;
  let consecutiveFailures = 0;
  let lastError: string | null = null;
  let lastSuccessAt: number | null = null;
  let sentTotal = 0;
  let inFlight: Promise<DrainResult> | null = null;
  let timer: unknown = null;
  let wakeRequested = false;

  const status = (): SyncStatus => ({
    ...outbox.status(now()),
    running,
    pausedUntil: pausedUntil !== null && pausedUntil > now() ? pausedUntil : null,
    consecutiveFailures,
    lastError,
    lastSuccessAt,
    sentTotal,
  });

  function record(items: readonly OutboxItem[], r: SendResult, result: DrainResult): void {
    const byKey = new Map(items.map((i) => [i.key, i]));
    const at = now();
    const ackIds = r.acked.map((a) => byKey.get(a.key)?.id).filter((id): id is number => id !== undefined);
    store.tx(() => {
      if (ackIds.length) outbox.ack(ackIds);
      for (const rej of r.rejected) {
        const it = byKey.get(rej.key);
        if (it) outbox.fail(it.id, `refused: ${rej.error}`, at + backoffDelay(it.attempts + 1, backoff, random));
      }
      for (const key of r.unanswered) {
        const it = byKey.get(key);
        if (it)
          outbox.fail(
            it.id,
            r.transportError ?? 'no acknowledgement',
            at + backoffDelay(it.attempts + 1, backoff, random),
          );
      }
    });
    result.acked += ackIds.length;
    result.duplicates += r.acked.filter((a) => a.duplicate).length;
    result.rejected += r.rejected.length;
    result.failed += r.unanswered.length;
    sentTotal += ackIds.length;
  }

  async function drainPass(): Promise<DrainResult> {
    const result: DrainResult = { acked: 0, duplicates: 0, rejected: 0, failed: 0, transportError: null };
    for (;;) {
      if (pausedUntil !== null && pausedUntil > now()) break;
      const items = outbox.due(now(), batchSize);
      if (items.length === 0) break;
      let r = await client.send(items.map((i) => ({ key: i.key, payload: i.payload })));
      if (r.transportError === null && items.length > 1 && r.rejected.length === items.length && r.acked.length === 0) {
        // Refused as a whole: find the bad bill(s) by sending one at a time.
        const merged: SendResult = { acked: [], rejected: [], unanswered: [], transportError: null };
        for (const it of items) {
          const one = await client.send([{ key: it.key, payload: it.payload }]);
          merged.acked.push(...one.acked);
          merged.rejected.push(...one.rejected);
          merged.unanswered.push(...one.unanswered);
          merged.transportError ??= one.transportError;
        }
        r = merged;
      }
      record(items, r, result);
      if (r.transportError !== null) {
        consecutiveFailures++;
        lastError = r.transportError;
        result.transportError = r.transportError;
        pausedUntil = now() + backoffDelay(consecutiveFailures, backoff, random);
        emitter.emit('outcome', { ok: false, error: r.transportError });
        emitter.emit('sent', { ...result });
        break;
      }
      consecutiveFailures = 0;
      pausedUntil = null;
      lastSuccessAt = now();
      if (r.rejected.length > 0) lastError = r.rejected[0]!.error;
      else if (r.acked.length > 0) lastError = null;
      emitter.emit('outcome', { ok: true });
      emitter.emit('sent', { ...result });
      if (items.length < batchSize) break;
    }
    return result;
  }

  function drainOnce(): Promise<DrainResult> {
    if (inFlight) return inFlight.then(() => drainOnce());
    inFlight = drainPass().finally(() => {
      inFlight = null;
      emitter.emit('status', status());
    });
    return inFlight;
  }

  function schedule(): void {
    if (!running) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    const s = outbox.status(now());
    if (s.depth === 0) {
      emitter.emit('idle');
      return;
    }
    const dueAt = Math.max(s.nextAttemptAt ?? now(), pausedUntil ?? 0);
    const wait = Math.max(0, dueAt - now());
    if (wait === 0) {
      // Something is due now: go right away (through the timer so a stop() in between is honoured).
      timer = timers.setTimeout(loop, 0);
      return;
    }
    if (s.nextAttemptAt !== null && s.nextAttemptAt > now() && pausedUntil === null) emitter.emit('idle');
    timer = timers.setTimeout(loop, Math.min(wait, 2 ** 31 - 1));
  }

  function loop(): void {
    timer = null;
    if (!running) return;
    wakeRequested = false;
    drainOnce()
      .catch((e: unknown) => {
        // A local failure (e.g. the store) — not the back office. Try again later.
        lastError = e instanceof Error ? e.message : String(e);
        consecutiveFailures++;
        pausedUntil = now() + backoffDelay(consecutiveFailures, backoff, random);
        store.log.error('sync: drain failed', { error: lastError });
      })
      .finally(() => {
        if (wakeRequested) {
          wakeRequested = false;
          timer = timers.setTimeout(loop, 0);
        } else schedule();
      });
  }

  const onEnqueued = () => {
    if (!running) return;
    if (inFlight) {
      wakeRequested = true;
      return;
    }
    if (pausedUntil !== null && pausedUntil > now()) return; // the pause timer will come
    schedule();
  };

  Object.assign(emitter, {
    outbox,
    start() {
      if (running) return;
      running = true;
      signal.on('enqueued', onEnqueued);
      schedule();
    },
    async stop() {
      running = false;
      signal.off('enqueued', onEnqueued);
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      if (inFlight) await inFlight.catch(() => undefined);
    },
    drainOnce,
    kick() {
      pausedUntil = null;
      outbox.retryAllNow(now());
      if (running && !inFlight) schedule();
      else if (inFlight) wakeRequested = true;
    },
    status,
    failedItems: (limit?: number) => outbox.failing(limit),
  });
  return emitter;
}
