/**
 * The outbox: what must reach a back office. A row is written in the SAME transaction as
 * the fact it reports (a bill becoming paid), and removed only when the receiver
 * acknowledges it. The sync worker (sync-worker.ts) drains it.
 *
 * Rows: topic ('bill'), idempotency_key (the bill number: the receiver records each key
 * once), payload (JSON, a snapshot taken at commit time), attempts, next_attempt_at,
 * last_error, last_attempt_at.
 */
import { EventEmitter } from 'node:events';
import type { Store } from '../store/db.js';
import { stmt } from '../store/stmt.js';

export type OutboxTopic = 'bill';

export interface OutboxItem {
  id: number;
  topic: OutboxTopic;
  key: string;
  payload: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  lastAttemptAt: number | null;
}

export interface OutboxStatus {
  /** Rows waiting (not yet acknowledged). */
  depth: number;
  /** Age in ms of the oldest waiting row, null when empty. */
  oldestWaitingMs: number | null;
  /** Rows whose last attempt failed. */
  failing: number;
  /** The earliest next_attempt_at, null when empty. */
  nextAttemptAt: number | null;
}

interface Row {
  id: number;
  topic: OutboxTopic;
  idempotency_key: string;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  last_attempt_at: number | null;
}

const toItem = (r: Row): OutboxItem => ({
  id: r.id,
  topic: r.topic,
  key: r.idempotency_key,
  payload: r.payload,
  createdAt: r.created_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  lastAttemptAt: r.last_attempt_at,
});

const signals = new WeakMap<object, EventEmitter>();

/**
 * Per-store signal: emits 'enqueued' (on the next tick, i.e. after the enclosing transaction
 * committed) and 'changed' (after acks and failures). The sync worker and the status
 * display listen to it instead of polling.
 */
export function outboxSignal(store: Store): EventEmitter {
  let e = signals.get(store.db);
  if (!e) {
    e = new EventEmitter();
    e.setMaxListeners(50);
    signals.set(store.db, e);
  }
  return e;
}

/**
 * Add a row. Call inside the transaction that records the fact. The key must be unique:
 * enqueuing the same key twice is a bug and throws (SQLITE_CONSTRAINT_UNIQUE), rolling the
 * whole transaction back.
 */
export function enqueue(store: Store, item: { topic: OutboxTopic; key: string; payload: unknown }): number {
  const at = store.now();
  const info = stmt(
    store.db,
    'INSERT INTO outbox (topic, idempotency_key, payload, created_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?)',
  ).run(item.topic, item.key, typeof item.payload === 'string' ? item.payload : JSON.stringify(item.payload), at, at);
  const signal = outboxSignal(store);
  setImmediate(() => signal.emit('enqueued'));
  return Number(info.lastInsertRowid);
}

/**
 * Queue depth and the age of the oldest waiting row (also when no sync worker runs, e.g. no
 * back office configured yet: bills still queue and the counter shows how many wait).
 */
export function outboxStatus(store: Store, at: number = store.now()): OutboxStatus {
  const r = stmt(
    store.db,
    'SELECT count(*) AS depth, min(created_at) AS oldest, sum(CASE WHEN last_error IS NOT NULL THEN 1 ELSE 0 END) AS failing, min(next_attempt_at) AS next FROM outbox',
  ).get() as { depth: number; oldest: number | null; failing: number | null; next: number | null };
  return {
    depth: r.depth,
    oldestWaitingMs: r.oldest === null ? null : Math.max(0, at - r.oldest),
    failing: r.failing ?? 0,
    nextAttemptAt: r.next,
  };
}

export interface Outbox {
  /** Rows due at `at` (next_attempt_at ≤ at), oldest first. */
  due(at: number, limit: number): OutboxItem[];
  /** The receiver acknowledged these keys: delete them. Returns how many were deleted. */
  ack(ids: readonly number[]): number;
  /** An attempt failed: count it, remember the error, schedule the next try. */
  fail(id: number, error: string, nextAttemptAt: number): void;
  status(at: number): OutboxStatus;
  /** Rows whose last attempt failed, most attempts first (supervisor view). */
  failing(limit?: number): OutboxItem[];
  /** Every waiting row, oldest first (diagnostics). */
  list(limit?: number): OutboxItem[];
  get(key: string): OutboxItem | null;
  /** Make every waiting row due now (supervisor "retry now"). Returns how many. */
  retryAllNow(at: number): number;
}

export function createOutbox(store: Store): Outbox {
  const { db } = store;
  const dueStmt = db.prepare('SELECT * FROM outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?');
  const delStmt = db.prepare('DELETE FROM outbox WHERE id = ?');
  const failStmt = db.prepare(
    'UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, last_attempt_at = ? WHERE id = ?',
  );
  const failingStmt = db.prepare(
    'SELECT * FROM outbox WHERE last_error IS NOT NULL ORDER BY attempts DESC, id LIMIT ?',
  );
  const listStmt = db.prepare('SELECT * FROM outbox ORDER BY id LIMIT ?');
  const getStmt = db.prepare('SELECT * FROM outbox WHERE idempotency_key = ?');
  const retryStmt = db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE next_attempt_at > ?');
  const signal = outboxSignal(store);

  return {
    due: (at, limit) => (dueStmt.all(at, limit) as Row[]).map(toItem),
    ack(ids) {
      if (ids.length === 0) return 0;
      const n = store.tx(() => ids.reduce((sum, id) => sum + delStmt.run(id).changes, 0));
      signal.emit('changed');
      return n;
    },
    fail(id, error, nextAttemptAt) {
      failStmt.run(error.slice(0, 500), nextAttemptAt, store.now(), id);
      signal.emit('changed');
    },
    status: (at) => outboxStatus(store, at),
    failing: (limit = 100) => (failingStmt.all(limit) as Row[]).map(toItem),
    list: (limit = 1000) => (listStmt.all(limit) as Row[]).map(toItem),
    get(key) {
      const r = getStmt.get(key) as Row | undefined;
      return r ? toItem(r) : null;
    },
    retryAllNow(at) {
      const n = retryStmt.run(at, at).changes;
      if (n > 0) {
        signal.emit('changed');
        setImmediate(() => signal.emit('enqueued'));
      }
      return n;
    },
  };
}
