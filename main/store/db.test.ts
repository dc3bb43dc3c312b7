import Database from 'better-sqlite3';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../app/result.js';
import { migrationChecksum, openStore, type TimerApi } from './db.js';
import { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations/index.js';
import { afterEachCleanup } from './test-cleanup.js';
import type { TempStore } from './test-helpers.js';

const cleanup = afterEachCleanup();

function catchAppError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('openStore', () => {
  it('creates a new ledger with WAL, FULL sync, foreign keys and the full history', () => {
    const t: TempStore = cleanup.tempStore();
    const { db } = t.store;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const history = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all();
    expect(history).toEqual(
      migrations.map((m) => ({ version: m.version, name: m.name, checksum: migrationChecksum(m.sql) })),
    );
    expect(t.store.openReport.fromVersion).toBe(0);
    expect(t.store.openReport.applied.map((a) => a.version)).toEqual(migrations.map((m) => m.version));
    expect(t.store.openReport.preMigrationBackup).toBeNull();
  });

  it('reopens without re-applying anything', () => {
    const t = cleanup.tempStore();
    t.store.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('a', '1', 1)").run();
    const s = t.reopen();
    expect(s.openReport.applied).toEqual([]);
    expect(s.openReport.fromVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(s.db.prepare("SELECT value FROM settings WHERE key = 'a'").get()).toEqual({ value: '1' });
  });

  it('NORMAL synchronous can be chosen (benchmarks)', () => {
    const t = cleanup.tempStore({ synchronous: 'NORMAL' });
    expect(t.store.db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('refuses a database written by a newer app, without touching it', () => {
    const dir = cleanup.tempDataDir();
    const file = join(dir, 'counterpay.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = readFileSync(file);
    const e = catchAppError(() => openStore({ file }));
    expect(e.code).toBe('store-too-new');
    expect(e.details).toMatchObject({ dbVersion: LATEST_SCHEMA_VERSION + 5, appVersion: LATEST_SCHEMA_VERSION });
    expect(e.message).toMatch(/newer Counterpay/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses an applied migration whose SQL was edited', () => {
    const dir = cleanup.tempDataDir();
    const file = join(dir, 'counterpay.db');
    const first: Migration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' }];
    openStore({ file, migrations: first }).close();
    const edited: Migration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER, y INTEGER);' }];
    const e = catchAppError(() => openStore({ file, migrations: edited }));
    expect(e.code).toBe('store-corrupt');
    expect(e.details).toMatchObject({ reason: 'migration-checksum-mismatch', version: 1 });
    expect(e.message).toMatch(/changed after it was applied/);
    // A renamed migration is refused as well.
    const renamed: Migration[] = [{ version: 1, name: 'uno', sql: first[0]!.sql }];
    expect(catchAppError(() => openStore({ file, migrations: renamed })).details).toMatchObject({
      reason: 'migration-checksum-mismatch',
    });
    // The unedited list still opens.
    openStore({ file, migrations: first }).close();
  });

  it('treats CRLF and LF migration text alike', () => {
    expect(migrationChecksum('a\r\nb')).toBe(migrationChecksum('a\nb'));
    expect(migrationChecksum('a\nb')).not.toBe(migrationChecksum('a\nb '));
  });

  it('refuses a history that does not match user_version', () => {
    const dir = cleanup.tempDataDir();
    const file = join(dir, 'counterpay.db');
    const list: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER);' },
    ];
    openStore({ file, migrations: list }).close();
    const raw = new Database(file);
    raw.prepare('DELETE FROM schema_migrations WHERE version = 2').run();
    raw.close();
    const e = catchAppError(() => openStore({ file, migrations: list }));
    expect(e.code).toBe('store-corrupt');
    expect(e.details).toMatchObject({ reason: 'migration-history-mismatch', recorded: [1] });
  });

  it('refuses a file that is not a database, and leaves it alone', () => {
    const dir = cleanup.tempDataDir();
    const file = join(dir, 'counterpay.db');
    writeFileSync(file, 'this is not a sqlite database, just some text that is long enough '.repeat(100));
    const before = readFileSync(file);
    const e = catchAppError(() => openStore({ file }));
    expect(e.code).toBe('store-corrupt');
    expect(e.details).toMatchObject({ reason: 'not-a-database' });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  for (const check of ['quick', 'integrity'] as const) {
    it(`refuses a ledger with damaged pages (${check}_check)`, () => {
      const dir = cleanup.tempDataDir();
      const file = join(dir, 'counterpay.db');
      const s = openStore({ file });
      const ins = s.db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)');
      s.tx(() => {
        for (let i = 0; i < 5000; i++) ins.run(`key-${String(i).padStart(6, '0')}`, 'x'.repeat(50));
      });
      s.close();
      const size = statSync(file).size;
      const pageSize = 4096;
      // Overwrite a run of pages in the middle of the file with garbage (not page 1, so the
      // header still reads: the damage must be found by the check, not by the open).
      const fd = openSync(file, 'r+');
      const junk = Buffer.alloc(pageSize * 3, 0xa5);
      writeSync(fd, junk, 0, junk.length, Math.floor(size / pageSize / 2) * pageSize);
      closeSync(fd);
      const before = readFileSync(file);
      const e = catchAppError(() => openStore({ file, check }));
      expect(e.code).toBe('store-corrupt');
      expect(e.details).toMatchObject({ reason: 'check-failed', check });
      expect((e.details?.problems as string[]).length).toBeGreaterThan(0);
      expect(readFileSync(file).equals(before)).toBe(true);
    });
  }

  it('checks a small ledger inline and defers a big one to verify()', async () => {
    const t = cleanup.tempStore();
    expect(t.store.openReport.check).toBe('none'); // new file: nothing to check
    t.store.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('a', '1', 1)").run();
    expect(t.reopen().openReport.check).toBe('quick');
    const big = t.reopen({ inlineCheckMaxBytes: 1 });
    expect(big.openReport.check).toBe('deferred');
    const r = await big.verify();
    expect(r).toMatchObject({ ok: true, check: 'integrity', problems: ['ok'] });
    // The counter keeps writing while the worker checks.
    const pending = big.verify('quick');
    big.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('b', '2', 2)").run();
    expect((await pending).ok).toBe(true);
  });

  it('verify() in a worker reports damage that an unchecked open let through', async () => {
    const dir = cleanup.tempDataDir();
    const file = join(dir, 'counterpay.db');
    const s = openStore({ file });
    const ins = s.db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)');
    s.tx(() => {
      for (let i = 0; i < 5000; i++) ins.run(`key-${String(i).padStart(6, '0')}`, 'x'.repeat(50));
    });
    s.close();
    const fd = openSync(file, 'r+');
    const junk = Buffer.alloc(4096 * 3, 0xa5);
    writeSync(fd, junk, 0, junk.length, Math.floor(statSync(file).size / 4096 / 2) * 4096);
    closeSync(fd);
    const damaged = openStore({ file, check: 'none', checkpointEveryMs: 0 });
    try {
      const r = await damaged.verify();
      expect(r.ok).toBe(false);
      expect(r.problems.length).toBeGreaterThan(0);
      expect(r.problems[0]).not.toBe('ok');
    } finally {
      damaged.close();
    }
  });

  it('backs up an existing ledger before migrating it, and not a new one', () => {
    const dir = cleanup.tempDataDir();
    const file = join(dir, 'counterpay.db');
    const v1: Migration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' }];
    const s1 = openStore({ file, migrations: v1, now: () => Date.UTC(2025, 0, 1) });
    expect(s1.openReport.preMigrationBackup).toBeNull();
    s1.db.prepare('INSERT INTO a VALUES (42)').run();
    s1.close();
    const v2: Migration[] = [...v1, { version: 2, name: 'two', sql: 'ALTER TABLE a ADD COLUMN y INTEGER;' }];
    const s2 = openStore({ file, migrations: v2, now: () => Date.UTC(2025, 0, 2) });
    const backup = s2.openReport.preMigrationBackup;
    expect(backup).toBe(join(dir, 'backups', 'pre-migration-v1-v2-20250102T000000000Z.db'));
    s2.close();
    const copy = new Database(backup!, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    expect(copy.prepare('SELECT x FROM a').all()).toEqual([{ x: 42 }]);
    copy.close();
    expect(readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('rolls a failed migration back completely and reports it', () => {
    const dir = cleanup.tempDataDir();
    const file = join(dir, 'counterpay.db');
    const v1: Migration[] = [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' }];
    openStore({ file, migrations: v1 }).close();
    const bad: Migration[] = [
      ...v1,
      { version: 2, name: 'bad', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    const e = catchAppError(() => openStore({ file, migrations: bad }));
    expect(e.code).toBe('store-corrupt');
    expect(e.details).toMatchObject({ reason: 'migration-failed', version: 2 });
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare("SELECT name FROM sqlite_schema WHERE name = 'b'").get()).toBeUndefined();
    raw.close();
  });

  it('refuses a migration that leaves foreign key violations', () => {
    const dir = cleanup.tempDataDir();
    const file = join(dir, 'counterpay.db');
    const list: Migration[] = [
      {
        version: 1,
        name: 'one',
        sql: 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p_id INTEGER REFERENCES p(id)); INSERT INTO c VALUES (7);',
      },
    ];
    const e = catchAppError(() => openStore({ file, migrations: list }));
    expect(e.details).toMatchObject({ reason: 'migration-failed' });
    expect(e.message).toMatch(/foreign key/);
  });
});

describe('idle checkpointer', () => {
  it('checkpoints the WAL from a timer, not inside commits, and stops at close', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const t = cleanup.tempStore({ checkpointEveryMs: 1000 });
      const { db } = t.store;
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(10000);
      const put = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)');
      for (let i = 0; i < 50; i++) put.run(`k${i}`, 'x'.repeat(500));
      const walFrames = () => (db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0]!;
      const before = walFrames();
      expect(before.log).toBeGreaterThan(0);
      expect(before.checkpointed).toBeLessThan(before.log);
      vi.advanceTimersByTime(1000);
      const after = walFrames();
      expect(after.checkpointed).toBe(after.log);
      t.store.close();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('store.tx', () => {
  it('commits, rolls back on throw, nests as savepoints, refuses async functions', () => {
    const t = cleanup.tempStore();
    const { store } = t;
    const put = store.db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)');
    const count = () => (store.db.prepare('SELECT count(*) AS n FROM settings').get() as { n: number }).n;
    store.tx(() => put.run('a', '1'));
    expect(count()).toBe(1);
    expect(() =>
      store.tx(() => {
        put.run('b', '1');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(count()).toBe(1);
    store.tx(() => {
      put.run('c', '1');
      try {
        store.tx(() => {
          put.run('d', '1');
          throw new Error('inner');
        });
      } catch {
        /* inner savepoint rolled back, outer continues */
      }
    });
    expect(store.db.prepare('SELECT key FROM settings ORDER BY key').pluck().all()).toEqual(['a', 'c']);
    expect(() => store.tx((async () => 1) as unknown as () => number)).toThrow(/promise/);
  });
});

describe('backups', () => {
  it('writes consistent online backups and keeps the newest N', async () => {
    const t = cleanup.tempStore();
    const { store } = t;
    store.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 0)").run();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.t += 60_000;
      made.push((await store.backupNow({ kind: 'scheduled', keep: 3 })).file);
    }
    const left = store.listBackups().map((b) => b.file);
    expect(left).toEqual(made.slice(2));
    const copy = new Database(made[4]!, { readonly: true });
    expect(copy.prepare('SELECT value FROM settings').pluck().get()).toBe('v');
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('gives distinct names to backups taken at the same instant', async () => {
    const t = cleanup.tempStore();
    const a = await t.store.backupNow();
    const b = await t.store.backupNow();
    expect(a.file).not.toBe(b.file);
    expect(t.store.listBackups()).toHaveLength(2);
  });

  it('runs on a schedule, one at a time, until stopped', async () => {
    const t = cleanup.tempStore();
    const pending: { fn: () => void; ms: number }[] = [];
    let cleared = 0;
    const timers: TimerApi = {
      setTimeout: (fn, ms) => {
        const h = { fn, ms };
        pending.push(h);
        return h;
      },
      clearTimeout: () => {
        cleared++;
      },
    };
    let written = 0;
    const origin = t.store.backupNow.bind(t.store);
    const done: Promise<unknown>[] = [];
    t.store.backupNow = (o) => {
      const p = origin(o).then((x) => {
        written++;
        return x;
      });
      done.push(p);
      return p;
    };
    const sched = t.store.scheduleBackups({ everyMs: 3_600_000, keep: 2, timers });
    expect(pending).toHaveLength(1);
    expect(pending[0]!.ms).toBe(3_600_000);
    for (let i = 0; i < 3; i++) {
      t.clock.t += 3_600_000;
      const next = pending.shift()!;
      next.fn();
      await done[done.length - 1];
      // re-armed only after the backup finished
      await new Promise<void>((r) => setImmediate(r));
      expect(pending).toHaveLength(1);
    }
    expect(written).toBe(3);
    expect(t.store.listBackups().filter((b) => b.file.includes('scheduled-'))).toHaveLength(2);
    sched.stop();
    expect(cleared).toBe(1);
  });
});
