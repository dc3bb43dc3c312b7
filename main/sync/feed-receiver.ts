/**
 * A local bill-feed receiver (node:http on 127.0.0.1) for tests, demos and the benchmark.
 * It speaks feed version 1 (README.md): one bill or a batch per POST, records each billNo
 * once, and answers duplicates with `duplicate: true`.
 *
 * Failure modes, switchable at run time with `setMode()`:
 *  - 'ok'        answers normally
 *  - 'down'      resets every connection without an answer (like a dead back office)
 *  - 'slow'      records, then answers after `slowMs`
 *  - 'flaky'     answers 503 to a share (`failRate`) of requests, without recording
 *  - 'ack-twice' answers each bill twice in a batch result (and as duplicate the second time)
 *  - 'drop-ack'  records the bills, then drops the connection without answering
 */
import { EventEmitter } from 'node:events';
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FeedBillSchema, type FeedBill } from './bill-feed.js';
import { seededRandom } from '../../app/random.js';

export type ReceiverMode = 'ok' | 'down' | 'slow' | 'flaky' | 'ack-twice' | 'drop-ack';

export interface FeedReceiverOptions {
  port?: number;
  mode?: ReceiverMode;
  slowMs?: number;
  /** Share of requests refused with 503 in 'flaky' mode (0–1). Default 0.5. */
  failRate?: number;
  /** Seed of the deterministic PRNG used by 'flaky'. */
  seed?: number;
  /** Append each newly recorded bill as a JSON line (demos). */
  logFile?: string;
  /** Require this bearer token when set. */
  token?: string;
  maxBodyBytes?: number;
}

export interface ReceivedBill {
  bill: FeedBill;
  firstAt: number;
  /** How many times it was delivered (1 = once). */
  deliveries: number;
}

export interface FeedReceiver extends EventEmitter {
  readonly url: string;
  readonly port: number;
  mode: ReceiverMode;
  setMode(mode: ReceiverMode, opts?: { slowMs?: number; failRate?: number }): void;
  /** billNo → record. */
  readonly bills: ReadonlyMap<string, ReceivedBill>;
  readonly stats: {
    requests: number;
    deliveries: number;
    duplicates: number;
    refused: number;
    dropped: number;
    invalid: number;
  };
  /** Resolves when at least `count` distinct bills are recorded (or rejects after `timeoutMs`). */
  waitForBills(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Start a receiver. `await startFeedReceiver()` resolves once it listens. */
export async function startFeedReceiver(opts: FeedReceiverOptions = {}): Promise<FeedReceiver> {
  const emitter = new EventEmitter() as FeedReceiver;
  const bills = new Map<string, ReceivedBill>();
  const stats = { requests: 0, deliveries: 0, duplicates: 0, refused: 0, dropped: 0, invalid: 0 };
  let mode: ReceiverMode = opts.mode ?? 'ok';
  let slowMs = opts.slowMs ?? 200;
  let failRate = opts.failRate ?? 0.5;
  const rand = seededRandom(opts.seed ?? 42);
  const maxBody = opts.maxBodyBytes ?? 20 * 1024 * 1024;
  const sockets = new Set<Socket>();
  const pendingTimers = new Set<ReturnType<typeof setTimeout>>();

  const recordBill = (bill: FeedBill): boolean => {
    stats.deliveries++;
    const known = bills.get(bill.billNo);
    if (known) {
      known.deliveries++;
      stats.duplicates++;
      return true;
    }
    bills.set(bill.billNo, { bill, firstAt: Date.now(), deliveries: 1 });
    if (opts.logFile) appendFileSync(opts.logFile, `${JSON.stringify(bill)}\n`);
    emitter.emit('bill', bill);
    return false;
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`)
      return send(res, 401, { ok: false, error: 'unauthorized' });
    if (mode === 'flaky' && rand() < failRate) {
      stats.refused++;
      return send(res, 503, { ok: false, error: 'temporarily unavailable' });
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      stats.invalid++;
      return send(res, 400, { ok: false, error: 'body is not JSON' });
    }
    const isBatch = typeof json === 'object' && json !== null && Array.isArray((json as { bills?: unknown }).bills);
    let answer: { status: number; body: unknown };
    if (isBatch) {
      const envelope = (json as { version?: unknown }).version;
      if (envelope !== 1) {
        stats.invalid++;
        return send(res, 400, { ok: false, error: `unsupported feed version ${String(envelope)}` });
      }
      const results: unknown[] = [];
      for (const b of (json as { bills: unknown[] }).bills) {
        const parsed = FeedBillSchema.safeParse(b);
        const billNo = typeof (b as { billNo?: unknown })?.billNo === 'string' ? (b as { billNo: string }).billNo : '';
        if (!parsed.success) {
          stats.invalid++;
          results.push({
            billNo,
            ok: false,
            error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          });
          continue;
        }
        const dup = recordBill(parsed.data);
        results.push({ billNo, ok: true, duplicate: dup });
        if (mode === 'ack-twice') results.push({ billNo, ok: true, duplicate: true });
      }
      answer = { status: 200, body: { ok: true, results } };
    } else {
      const parsed = FeedBillSchema.safeParse(json);
      if (!parsed.success) {
        stats.invalid++;
        return send(res, 400, {
          ok: false,
          error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
      }
      const dup = recordBill(parsed.data);
      answer = { status: 200, body: { ok: true, billNo: parsed.data.billNo, duplicate: dup } };
    }
    if (mode === 'drop-ack') {
      stats.dropped++;
      req.socket.destroy();
      return;
    }
    if (mode === 'slow') {
      const t = setTimeout(() => {
        pendingTimers.delete(t);
        if (!res.destroyed) send(res, answer.status, answer.body);
      }, slowMs);
      pendingTimers.add(t);
      return;
    }
    send(res, answer.status, answer.body);
  };

  const server: Server = createServer((req, res) => {
    stats.requests++;
    emitter.emit('request', { method: req.method, url: req.url });
    if (mode === 'down') {
      stats.dropped++;
      req.socket.destroy();
      return;
    }
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: 'POST only' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        send(res, 413, { ok: false, error: 'body too large' });
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (size <= maxBody) handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  Object.assign(emitter, {
    url: `http://127.0.0.1:${port}/feed`,
    port,
    bills,
    stats,
    setMode(m: ReceiverMode, o: { slowMs?: number; failRate?: number } = {}) {
      mode = m;
      if (o.slowMs !== undefined) slowMs = o.slowMs;
      if (o.failRate !== undefined) failRate = o.failRate;
      emitter.emit('mode', m);
    },
    waitForBills(count: number, timeoutMs = 15_000) {
      if (bills.size >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const onBill = () => {
          if (bills.size >= count) {
            cleanup();
            resolve();
          }
        };
        const t = setTimeout(() => {
          cleanup();
          reject(new Error(`receiver has ${bills.size} of ${count} bills after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(t);
          emitter.off('bill', onBill);
        };
        emitter.on('bill', onBill);
      });
    },
    close() {
      for (const t of pendingTimers) clearTimeout(t);
      pendingTimers.clear();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  Object.defineProperty(emitter, 'mode', {
    get: () => mode,
    set: (m: ReceiverMode) => {
      mode = m;
    },
  });
  return emitter;
}
