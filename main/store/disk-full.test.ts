import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SANDBOX_CODES } from '../sandbox/scenarios.js';
import { createCore, type Core } from '../core.js';
import { createMemoryTransport } from '../handlers/memory-transport.js';
import { diskFullError, isDiskFull } from './disk-full.js';
import { afterEachCleanup } from './test-cleanup.js';

/**
 * Issue 11, item 4: a full disk. A logging failure never breaks a request; a ledger write that
 * fails on a full disk is `disk-full` naming the data folder; no money is taken that cannot be
 * recorded; what was committed is reported as committed.
 */
const cleanup = afterEachCleanup();

type R<T> = { ok: true; value: T } | { ok: false; error: { code: string; details?: Record<string, unknown> } };

async function counter(prepare?: (dataDir: string) => void, inside?: string) {
  const dataDir = inside ?? cleanup.tempDataDir('cp-diskfull-');
  prepare?.(dataDir);
  const core: Core = await createCore({
    shell: 'memory',
    dataDir,
    env: {},
    config: { setup: { completedAt: new Date().toISOString(), completedBy: 'test' } },
  });
  cleanup.defer(() => core.close());
  await core.operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
  const api = createMemoryTransport(core.dispatch, core.bus);
  cleanup.defer(() => api.close());
  const must = async <T>(p: Promise<R<T>>): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  await must(api.invoke('session.signIn', { operatorNo: '1001', pin: '1234' }) as Promise<R<unknown>>);
  await must(api.invoke('shift.open', { floatFen: 0 }) as Promise<R<unknown>>);
  return { core, api, must, dataDir };
}

/** A small tmpfs of its own, so the disk really fills (ENOSPC); null where mounting is not allowed. */
function smallDisk(): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-smalldisk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    fs.rmdirSync(dir);
    return null;
  }
  cleanup.defer(() => {
    execFileSync('umount', [dir], { stdio: 'ignore' });
    fs.rmdirSync(dir);
  });
  return dir;
}

/** Fill the disk holding `dir` to the last byte. */
function fillDisk(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'filler.bin'), 'w');
  for (const size of [1 << 20, 4096, 1]) {
    const chunk = Buffer.alloc(size, 1);
    for (;;) {
      try {
        fs.writeSync(fd, chunk);
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
        break;
      }
    }
  }
  fs.closeSync(fd);
}

const canMount = ((): boolean => {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmdirSync(probe);
  }
})();

describe('a full disk', () => {
  it('maps SQLITE_FULL / ENOSPC to disk-full naming the data folder, nothing else', () => {
    expect(isDiskFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(false);
    const e = diskFullError(Object.assign(new Error('x'), { code: 'ENOSPC' }), '/data/cp');
    expect(e?.toData()).toMatchObject({ code: 'disk-full', details: { dataDir: '/data/cp', cause: 'ENOSPC' } });
    expect(diskFullError(new Error('other'), '/data/cp')).toBeNull();
  });

  it('a log file that fails with ENOSPC breaks nothing: the core starts and a committed cash sale is reported as paid', async () => {
    const { core, api, must } = await counter((dataDir) => {
      fs.mkdirSync(path.join(dataDir, 'logs'));
      fs.symlinkSync('/dev/full', path.join(dataDir, 'logs', 'counterpay.log'));
    });
    const bill = await must(api.invoke('sale.quick', { amountFen: 1250 }) as Promise<R<{ id: number }>>);
    const r = await api.invoke('payment.cash', { billId: bill.id, tenderedFen: 2000 });
    expect(r).toMatchObject({ ok: true, value: { changeFen: 750 } });
    const row = core.store.db.prepare('SELECT status FROM bills WHERE id = ?').get(bill.id) as { status: string };
    expect(row.status).toBe('paid');
    expect((core.log as unknown as { writeFailures(): number }).writeFailures()).toBeGreaterThan(0);
  });

  it('SQLITE_FULL from a ledger that may not grow (PRAGMA max_page_count) is disk-full', () => {
    const dir = cleanup.tempDataDir('cp-maxpages-');
    const db = new Database(path.join(dir, 'counterpay.db'));
    cleanup.defer(() => void db.close());
    db.exec('CREATE TABLE t (v TEXT)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let caught: unknown = null;
    try {
      db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000));
    } catch (e) {
      caught = e;
    }
    expect((caught as { code?: string }).code).toBe('SQLITE_FULL');
    expect(diskFullError(caught, dir)?.toData()).toMatchObject({
      code: 'disk-full',
      details: { dataDir: dir, cause: 'SQLITE_FULL' },
    });
  });

  it.skipIf(!canMount)(
    'a really full disk: a ledger write is disk-full naming the data folder; no barcode request reaches the gateway',
    async () => {
      const disk = smallDisk() as string;
      const { core, api, must, dataDir } = await counter(undefined, disk);
      const bill = await must(api.invoke('sale.quick', { amountFen: 1250 }) as Promise<R<{ id: number }>>);
      // Committed so far stays; the WAL is emptied so the next commit has to grow it on a full disk.
      core.store.db.pragma('wal_checkpoint(TRUNCATE)');
      const faults: unknown[] = [];
      core.bus.subscribe((name, payload) => {
        if (name === 'app.fault') faults.push(payload);
      });
      fillDisk(dataDir);
      // The log file's last page fills up within a few lines: from then on lines are dropped and
      // the screen is told once (app.fault log-write-failed); nothing throws.
      const log = core.log as unknown as { writeFailures(): number };
      for (let i = 0; i < 10_000 && log.writeFailures() === 0; i++)
        core.log.info('test.filler', { i, pad: 'x'.repeat(200) });
      expect(log.writeFailures()).toBeGreaterThan(0);
      expect(faults).toEqual([
        expect.objectContaining({ kind: 'log-write-failed', count: 1, message: expect.stringContaining('ENOSPC') }),
      ]);

      const pay = await api.invoke('payment.collect', { billId: bill.id, barCode: SANDBOX_CODES.paid });
      expect(pay).toMatchObject({
        ok: false,
        error: { code: 'disk-full', details: { dataDir: path.resolve(dataDir) } },
      });
      // The write-ahead: the attempt could not be recorded, so the gateway was never asked to charge.
      expect(core.sandbox?.stats().barCodeRequests).toBe(0);
      expect(core.sandbox?.ledger().totals.charged).toBe(0);

      const cash = await api.invoke('payment.cash', { billId: bill.id, tenderedFen: 2000 });
      expect(cash).toMatchObject({ ok: false, error: { code: 'disk-full' } });
      const row = core.store.db.prepare('SELECT status FROM bills WHERE id = ?').get(bill.id) as { status: string };
      expect(row.status).toBe('open');
      // Free the disk: the ledger is consistent and the same bill can be paid now.
      fs.rmSync(path.join(dataDir, 'filler.bin'));
      expect(core.store.db.pragma('quick_check', { simple: true })).toBe('ok');
      expect(await api.invoke('payment.cash', { billId: bill.id, tenderedFen: 2000 })).toMatchObject({ ok: true });
    },
  );
});
