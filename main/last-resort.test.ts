import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { AppFault } from '../app/contract/recovery.js';
import { createLastResortHandler, installLastResort } from './last-resort.js';
import { createLogger, type Logger } from './log.js';
import { afterEachCleanup } from './store/test-cleanup.js';

const cleanup = afterEachCleanup();

describe('last-resort handler (issue 11, item 3)', () => {
  it('logs the fault with its stack, tells the screen, and counts per kind', async () => {
    const dir = cleanup.tempDataDir('cp-lastresort-');
    const log = createLogger({ dir });
    const faults: AppFault[] = [];
    let t = 1234;
    const h = createLastResortHandler({ log: () => log, notify: (f) => faults.push(f), now: () => t });
    h.uncaughtException(new TypeError('x is not a function'));
    h.unhandledRejection('plain reason');
    t += 1000;
    h.uncaughtException(new Error('again'));
    await log.close();
    const lines = fs
      .readFileSync(path.join(dir, 'counterpay.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      level: 'error',
      event: 'process.fault',
      kind: 'uncaught-exception',
      count: 1,
      error: 'TypeError: x is not a function',
    });
    expect(String(lines[0]?.stack)).toContain('last-resort.test.ts');
    expect(lines[1]).toMatchObject({ kind: 'unhandled-rejection', error: 'plain reason' });
    expect(faults).toEqual([
      { kind: 'uncaught-exception', at: 1234, count: 1, message: 'TypeError: x is not a function' },
      { kind: 'unhandled-rejection', at: 1234, count: 1, message: 'plain reason' },
      { kind: 'uncaught-exception', at: 2234, count: 2, message: 'Error: again' },
    ]);
    expect(h.counts()).toEqual({ 'uncaught-exception': 2, 'unhandled-rejection': 1 });
  });

  it('a fault that repeats does not flood the log or the screen', async () => {
    const dir = cleanup.tempDataDir('cp-lastresort-flood-');
    const log = createLogger({ dir });
    let t = 0;
    const notified: number[] = [];
    const h = createLastResortHandler({ log: () => log, notify: (f) => notified.push(f.count), now: () => t });
    for (let i = 0; i < 1000; i++) {
      t += 10; // every 10 ms
      h.uncaughtException(new Error('tick'));
    }
    await log.close();
    const lines = fs.readFileSync(path.join(dir, 'counterpay.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(50 + 10); // the first 50, then the 100th, 200th … 1000th
    expect(notified).toEqual([1, 101, 201, 301, 401, 501, 601, 701, 801, 901]);
    expect(h.counts()['uncaught-exception']).toBe(1000);
  });

  it('rolls back a transaction left open by hand, so the next write does not commit half of it', () => {
    const dir = cleanup.tempDataDir('cp-lastresort-db-');
    const db = new Database(path.join(dir, 'l.db'));
    db.exec('CREATE TABLE t (v INTEGER)');
    db.exec('BEGIN');
    db.prepare('INSERT INTO t VALUES (1)').run(); // half of something, then a throw escaped
    const h = createLastResortHandler({ log: () => null, ledger: () => db, stderr: () => undefined });
    h.uncaughtException(new Error('escaped mid-transaction'));
    expect(db.inTransaction).toBe(false);
    db.prepare('INSERT INTO t VALUES (2)').run();
    expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual([2]);
    db.close();
  });

  it('never throws itself, even when logging and notifying fail', () => {
    const broken = {
      error: () => {
        throw new Error('log broken');
      },
    } as unknown as Logger;
    const last: string[] = [];
    const h = createLastResortHandler({
      log: () => broken,
      notify: () => {
        throw new Error('bus broken');
      },
      stderr: (line) => void last.push(line),
    });
    expect(() => h.uncaughtException(new Error('boom'))).not.toThrow();
    expect(last.join('')).toContain('"event":"process.fault"');
    expect(last.join('')).toContain('boom');
  });

  it('installs on a process-like emitter and uninstalls', () => {
    const emitter = new EventEmitter();
    const proc = emitter as unknown as NodeJS.Process;
    const seen: string[] = [];
    const h = createLastResortHandler({ log: () => null, stderr: () => undefined, notify: (f) => seen.push(f.kind) });
    const off = installLastResort(h, proc);
    emitter.emit('uncaughtException', new Error('a'));
    emitter.emit('unhandledRejection', new Error('b'));
    off();
    expect(emitter.listenerCount('uncaughtException')).toBe(0);
    expect(seen).toEqual(['uncaught-exception', 'unhandled-rejection']);
  });
});
