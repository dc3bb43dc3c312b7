import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBillService, type BillService } from '../bills/bill-service.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createFeedClient } from './feed-client.js';
import { startFeedReceiver, type FeedReceiver } from './feed-receiver.js';
import { enqueue } from './outbox.js';
import { backoffDelay, createSyncWorker, type SyncWorker } from './sync-worker.js';

let t: TempStore;
let bills: BillService;
let receiver: FeedReceiver;
let worker: SyncWorker | null = null;
let shiftId: number;

beforeEach(async () => {
  t = tempStore({ now: Date.now });
  shiftId = Number(
    t.store.db
      .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', 0, 0)")
      .run().lastInsertRowid,
  );
  bills = createBillService({ store: t.store, now: Date.now, terminalNo: 'T01' });
  receiver = await startFeedReceiver();
});

afterEach(async () => {
  await worker?.stop();
  worker = null;
  await receiver.close();
  t.cleanup();
});

function payBills(n: number): string[] {
  const nos: string[] = [];
  for (let i = 0; i < n; i++) {
    const b = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId });
    bills.addFreeAmount(b.id, 100 + i);
    nos.push(bills.payCash(b.id, { tenderedFen: 10_000, operatorNo: '1001' }).bill.billNo);
  }
  return nos;
}

function makeWorker(o: { timeoutMs?: number; batchSize?: number; mode?: 'batch' | 'single' } = {}): SyncWorker {
  worker = createSyncWorker({
    store: t.store,
    now: Date.now,
    client: createFeedClient({
      feedUrl: receiver.url,
      timeoutMs: o.timeoutMs ?? 2_000,
      ...(o.mode ? { mode: o.mode } : {}),
    }),
    batchSize: o.batchSize ?? 50,
    backoff: { baseMs: 5, maxMs: 40, jitter: 0.5 },
  });
  return worker;
}

/** Resolve when `check()` holds, re-checking on each event of `source` (a safety timeout only). */
function until(source: EventEmitter, events: string[], check: () => boolean, timeoutMs = 15_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const on = () => {
      if (check()) {
        done();
        resolve();
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('condition not reached'));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      for (const e of events) source.off(e, on);
    };
    for (const e of events) source.on(e, on);
  });
}

const drained = (w: SyncWorker) => until(w, ['sent', 'status', 'idle'], () => w.status().depth === 0);

function expectEachOnce(nos: string[]): void {
  expect(receiver.bills.size).toBe(nos.length);
  for (const no of nos) expect(receiver.bills.has(no)).toBe(true);
}

describe('backoff', () => {
  it('grows exponentially to the cap, with bounded jitter', () => {
    const o = { baseMs: 1000, maxMs: 60_000, jitter: 0.5 };
    expect(backoffDelay(1, o, () => 0)).toBe(500);
    expect(backoffDelay(1, o, () => 1)).toBe(1000);
    expect(backoffDelay(3, o, () => 1)).toBe(4000);
    expect(backoffDelay(30, o, () => 1)).toBe(60_000);
    expect(backoffDelay(30, o, () => 0)).toBe(30_000);
    expect(backoffDelay(1000, o, () => 0.5)).toBe(45_000);
  });
});

describe('sync worker against the local receiver', () => {
  it('delivers every paid bill once and empties the outbox', async () => {
    const nos = payBills(120);
    const w = makeWorker();
    w.start();
    await receiver.waitForBills(120);
    await drained(w);
    expectEachOnce(nos);
    expect(receiver.stats.duplicates).toBe(0);
    expect(w.status()).toMatchObject({
      depth: 0,
      oldestWaitingMs: null,
      consecutiveFailures: 0,
      lastError: null,
      sentTotal: 120,
    });
    // The payload is the bill as paid.
    const first = receiver.bills.get(nos[0]!)!.bill;
    expect(first).toMatchObject({
      version: 1,
      billNo: nos[0],
      totalFen: 100,
      tenders: [{ kind: 'cash', amountFen: 100, tenderedFen: 10_000, changeFen: 9_900 }],
    });
  });

  it('wakes on new bills without polling', async () => {
    const delays: number[] = [];
    let pending = 0;
    worker = createSyncWorker({
      store: t.store,
      now: Date.now,
      client: createFeedClient({ feedUrl: receiver.url }),
      timers: {
        setTimeout: (fn, ms) => {
          delays.push(ms);
          pending++;
          return setTimeout(() => {
            pending--;
            fn();
          }, ms);
        },
        clearTimeout: (h) => {
          pending--;
          clearTimeout(h as ReturnType<typeof setTimeout>);
        },
      },
    });
    const w = worker;
    let idle = 0;
    w.on('idle', () => idle++);
    w.start();
    expect(idle).toBe(1);
    expect(pending).toBe(0); // nothing queued: no timer at all
    const nos = payBills(3);
    await receiver.waitForBills(3);
    await drained(w);
    expectEachOnce(nos);
    await until(w, ['idle'], () => idle >= 2);
    expect(pending).toBe(0);
    expect(delays.every((d) => d === 0)).toBe(true); // woken by the enqueue signal, not a poll
  });

  it('keeps every bill while the receiver is down, backs off, and delivers when it is back', async () => {
    receiver.setMode('down');
    const nos = payBills(200);
    const w = makeWorker();
    const first = await w.drainOnce();
    expect(first.transportError).toMatch(/cannot reach|socket|ECONNRESET|fetch failed/i);
    expect(first.acked).toBe(0);
    // One request only: the worker pauses instead of sending the rest of the queue.
    expect(receiver.stats.requests).toBe(1);
    const s = w.status();
    expect(s).toMatchObject({ depth: 200, consecutiveFailures: 1 });
    expect(s.pausedUntil).not.toBeNull();
    expect(s.failing).toBe(50);
    const failed = w.failedItems();
    expect(failed[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/cannot reach/) });
    // More failures while down, then recovery.
    w.start();
    await until(w, ['sent'], () => w.status().consecutiveFailures >= 3);
    receiver.setMode('ok');
    await receiver.waitForBills(200);
    await drained(w);
    expectEachOnce(nos);
    expect(w.status()).toMatchObject({ depth: 0, consecutiveFailures: 0, failing: 0 });
  });

  it('survives a slow receiver whose answers come after the client gave up (duplicates, each recorded once)', async () => {
    receiver.setMode('slow', { slowMs: 300 });
    const nos = payBills(30);
    const w = makeWorker({ timeoutMs: 100, batchSize: 10 });
    const r = await w.drainOnce();
    expect(r.transportError).toMatch(/no answer within 100 ms/);
    await receiver.waitForBills(10); // recorded although the answer never arrived in time
    receiver.setMode('ok');
    w.start();
    await receiver.waitForBills(30);
    await drained(w);
    expectEachOnce(nos);
    expect(receiver.stats.duplicates).toBeGreaterThanOrEqual(10);
    for (const b of receiver.bills.values()) expect(b.deliveries).toBeLessThanOrEqual(2);
  });

  it('gets everything through a flaky receiver (half the requests fail)', async () => {
    receiver.setMode('flaky', { failRate: 0.5 });
    const nos = payBills(150);
    const w = makeWorker({ batchSize: 10 });
    w.start();
    await receiver.waitForBills(150);
    await drained(w);
    expectEachOnce(nos);
    expect(receiver.stats.refused).toBeGreaterThan(0);
  });

  it('copes with a receiver that acknowledges twice', async () => {
    receiver.setMode('ack-twice');
    const nos = payBills(40);
    const w = makeWorker();
    w.start();
    await receiver.waitForBills(40);
    await drained(w);
    expectEachOnce(nos);
    expect(w.status().sentTotal).toBe(40);
    expect(w.status().lastError).toBeNull();
  });

  it('re-sends when the receiver recorded but dropped the acknowledgement', async () => {
    receiver.setMode('drop-ack');
    const nos = payBills(25);
    const w = makeWorker({ batchSize: 25 });
    const r = await w.drainOnce();
    expect(r.acked).toBe(0);
    expect(receiver.bills.size).toBe(25); // recorded, never acknowledged
    expect(w.status().depth).toBe(25); // so still queued
    receiver.setMode('ok');
    w.kick();
    w.start();
    await drained(w);
    expectEachOnce(nos);
    expect(receiver.stats.duplicates).toBe(25);
  });

  it('keeps a bill the receiver refuses (listed with the reason) while the others go through', async () => {
    const nos = payBills(5);
    enqueue(t.store, { topic: 'bill', key: 'BROKEN-1', payload: { version: 1, billNo: 'BROKEN-1' } });
    const w = makeWorker();
    const r = await w.drainOnce();
    expect(r).toMatchObject({ acked: 5, rejected: 1, transportError: null });
    expectEachOnce(nos);
    const failed = w.failedItems();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ key: 'BROKEN-1', attempts: 1, lastError: expect.stringMatching(/refused/) });
    expect(w.status().depth).toBe(1);
    expect(w.status().oldestWaitingMs).not.toBeNull();
  });

  it('works one bill per request (single mode)', async () => {
    const nos = payBills(12);
    receiver.setMode('flaky', { failRate: 0.3 });
    const w = makeWorker({ mode: 'single' });
    w.start();
    await receiver.waitForBills(12);
    await drained(w);
    expectEachOnce(nos);
  });

  it('reports outcomes for the connectivity monitor', async () => {
    payBills(2);
    const outcomes: boolean[] = [];
    const w = makeWorker();
    w.on('outcome', (o: { ok: boolean }) => outcomes.push(o.ok));
    receiver.setMode('down');
    await w.drainOnce();
    receiver.setMode('ok');
    w.kick();
    await w.drainOnce();
    expect(outcomes).toEqual([false, true]);
  });
});

describe('outboxStatus without a worker', () => {
  it('counts waiting bills and the age of the oldest', async () => {
    const { outboxStatus } = await import('./outbox.js');
    expect(outboxStatus(t.store)).toEqual({ depth: 0, oldestWaitingMs: null, failing: 0, nextAttemptAt: null });
    const before = Date.now();
    payBills(2);
    const s = outboxStatus(t.store, before + 60_000);
    expect(s.depth).toBe(2);
    expect(s.oldestWaitingMs).toBeGreaterThanOrEqual(59_000);
    expect(s.oldestWaitingMs).toBeLessThanOrEqual(60_000);
  });
});
