import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './log.js';
import { afterEachCleanup } from './store/test-cleanup.js';

const cleanup = afterEachCleanup();

describe('logger', () => {
  it('writes JSON lines, filters by level, and rotates by size keeping N files', async () => {
    const dir = cleanup.tempDataDir('cp-log-');
    const log = createLogger({ dir, level: 'info', maxBytes: 2_000, keep: 3, now: () => 0 });
    log.debug('hidden');
    for (let i = 0; i < 200; i++) log.child('pay').info('tick', { i, pad: 'x'.repeat(40) });
    await log.close();
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['counterpay.1.log', 'counterpay.2.log', 'counterpay.3.log', 'counterpay.log']);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThan(2_200);
    const last = fs
      .readFileSync(path.join(dir, 'counterpay.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(last.at(-1)).toMatchObject({ level: 'info', scope: 'pay', event: 'tick', i: 199 });
    expect(fs.readFileSync(path.join(dir, 'counterpay.log'), 'utf8')).not.toContain('hidden');
  });

  it('a field that cannot be serialised (a cycle, a BigInt, a throwing getter) never throws and still logs the event', async () => {
    const dir = cleanup.tempDataDir('cp-log-odd-');
    const log = createLogger({ dir, now: () => 0 });
    const cyc: Record<string, unknown> = { a: 1 };
    cyc.self = cyc;
    const bad = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    expect(() => {
      log.child('pay').info('cyclic', { cyc, n: 10n, pin: '1234' });
      log.warn('getter', { bad });
    }).not.toThrow();
    await log.close();
    const lines = fs
      .readFileSync(path.join(dir, 'counterpay.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        scope: 'pay',
        event: 'cyclic',
        pin: '[redacted]',
        t: '1970-01-01T00:00:00.000Z',
      }),
      expect.objectContaining({ level: 'warn', event: 'getter', unserialisable: 'Error: getter' }),
    ]);
  });

  it('redacts secrets by key name, nested too', () => {
    expect(redact({ pin: '1234', nested: { apiKey: 'k', token: 't', ok: 1 }, list: [{ password: 'p' }] })).toEqual({
      pin: '[redacted]',
      nested: { apiKey: '[redacted]', token: '[redacted]', ok: 1 },
      list: [{ password: '[redacted]' }],
    });
  });
});

describe('logger write failures (issue 11, item 4)', () => {
  /** A data folder whose log file is /dev/full: every write fails with a real ENOSPC. */
  function fullDiskLogDir(): string {
    const dir = cleanup.tempDataDir('cp-log-full-');
    fs.symlinkSync('/dev/full', path.join(dir, 'counterpay.log'));
    return dir;
  }

  it('never throws on ENOSPC: drops and counts the lines, reports the failure once', async () => {
    const dir = fullDiskLogDir();
    const reports: { code: string | undefined; file: string }[] = [];
    const log = createLogger({ dir, onWriteFailure: (e, file) => reports.push({ code: e.code, file }) });
    expect(() => {
      log.info('a');
      log.child('pay').error('b', { billNo: 'T01-1' });
      log.warn('c');
    }).not.toThrow();
    expect(log.writeFailures()).toBe(3);
    expect(reports).toEqual([{ code: 'ENOSPC', file: path.join(dir, 'counterpay.log') }]);
    await log.close();
  });

  it('a folder that cannot be created does not throw either, and writes resume with a count of lost lines', async () => {
    const base = cleanup.tempDataDir('cp-log-gone-');
    // The log folder's path runs through a file: mkdir fails (ENOTDIR), even for root.
    fs.writeFileSync(path.join(base, 'blocker'), '');
    const dir = path.join(base, 'blocker', 'logs');
    const log = createLogger({ dir });
    log.info('lost-1');
    log.info('lost-2');
    expect(log.writeFailures()).toBe(2);
    await log.close();

    // Once the file can be written again, the next line goes in after one that counts the gap.
    const dir2 = path.join(base, 'ok');
    fs.mkdirSync(dir2);
    fs.symlinkSync('/dev/full', path.join(dir2, 'counterpay.log'));
    const log2 = createLogger({ dir: dir2, now: () => 0 });
    log2.info('lost');
    fs.unlinkSync(path.join(dir2, 'counterpay.log')); // space again
    log2.info('kept');
    await log2.close();
    expect(log2.writeFailures()).toBe(1);
    const lines = fs
      .readFileSync(path.join(dir2, 'counterpay.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ event: 'log.write-recovered', lostLines: 1 }),
      expect.objectContaining({ event: 'kept' }),
    ]);
  });
});
