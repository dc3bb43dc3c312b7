import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { afterEachCleanup } from './test-cleanup.js';
import { acquireDataLock, DataFolderLockedError, LOCK_INFO_FILE, lockedMessage } from './data-lock.js';

const after = afterEachCleanup();
const tempDir = (): string => after.tempDataDir('cp-datalock-');

describe('data folder lock (issue 11, item 6; the cross-process test is main/browser/process.test.ts)', () => {
  it('a second lock on a held folder is refused naming the folder and the holder; release frees it', () => {
    const dir = tempDir();
    const first = acquireDataLock(dir, { shell: 'browser', now: () => Date.UTC(2026, 11, 4, 23, 0, 0) });
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_INFO_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      startedAt: '2026-12-04T23:00:00.000Z',
    });
    let refused: unknown = null;
    try {
      acquireDataLock(dir, { shell: 'electron' });
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(DataFolderLockedError);
    const err = refused as DataFolderLockedError;
    expect(err.dataDir).toBe(path.resolve(dir));
    expect(err.holder).toMatchObject({ pid: process.pid, shell: 'browser', startedAt: '2026-12-04T23:00:00.000Z' });
    expect(err.message).toContain(`The data folder ${path.resolve(dir)} is already in use`);
    expect(err.message).toContain(`process ${process.pid} (browser shell, started 2026-12-04T23:00:00.000Z`);

    first.release();
    expect(fs.existsSync(path.join(dir, LOCK_INFO_FILE))).toBe(false);
    const again = acquireDataLock(dir, { shell: 'browser' });
    again.release();
  });

  it('says so when the holder left no details', () => {
    expect(lockedMessage('/d', null)).toContain('another process');
  });
});
