import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../core.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { tempDir as tempFolder } from '../store/test-helpers.js';
import { checkDataFolderWritable, DataFolderUnwritableError, probeDataFolder } from './data-folder.js';
import { diagnoseStartFailure } from './diagnose.js';

/**
 * Issue 11, item 5: a data folder that cannot be written. Tests run as root, for whom mode 0555
 * stops nothing, so the folder is made unwritable in ways root respects too: the immutable
 * attribute (chattr +i, where the file system supports it) and a path that runs through a file.
 */
const cleanup = afterEachCleanup();
const tempDir = (): string => cleanup.tempDataDir('cp-datafolder-');

/** A folder with the immutable attribute (nobody, root included, may create files in it); null if unsupported. */
function immutableFolder(): string | null {
  const d = tempDir();
  try {
    execFileSync('chattr', ['+i', d], { stdio: 'ignore' });
  } catch {
    return null;
  }
  cleanup.defer(() => void execFileSync('chattr', ['-i', d], { stdio: 'ignore' }));
  return d;
}

const chattrWorks = ((): boolean => {
  const { dir: d, cleanup: removeProbe } = tempFolder('cp-chattr-probe-');
  try {
    execFileSync('chattr', ['+i', d], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', d], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    removeProbe();
  }
})();

describe('data folder writability', () => {
  it('a writable folder passes and the probe leaves nothing behind', () => {
    const d = tempDir();
    expect(probeDataFolder(d)).toBeNull();
    expect(fs.readdirSync(d)).toEqual([]);
  });

  it('decides by writing, not by the mode bits: 0555 for a root process is writable, for others it is not', () => {
    const d = tempDir();
    fs.chmodSync(d, 0o555);
    cleanup.defer(() => fs.chmodSync(d, 0o755));
    let writable = true;
    try {
      fs.writeFileSync(path.join(d, 'x'), '');
      fs.rmSync(path.join(d, 'x'));
    } catch {
      writable = false;
    }
    expect(probeDataFolder(d) === null).toBe(writable);
  });

  it.skipIf(!chattrWorks)(
    'an immutable folder is diagnosed as data-folder-unwritable, naming the folder; the core start fails and the diagnosis says why',
    async () => {
      const d = immutableFolder() as string;
      expect(() => checkDataFolderWritable(d)).toThrow(DataFolderUnwritableError);
      const refused = probeDataFolder(d);
      expect(refused?.errno).toBe('EPERM');
      expect(refused?.message).toContain(`the data folder ${d} cannot be written`);

      // What the shells do when the core itself hits it: the diagnosis finds the folder at fault.
      let startError: unknown = null;
      try {
        const core = await createCore({ shell: 'memory', dataDir: d, env: {} });
        await core.close();
      } catch (e) {
        startError = e;
      }
      expect(startError).not.toBeNull();
      const info = diagnoseStartFailure(startError, d, { shell: 'browser' });
      expect(info).toMatchObject({ code: 'data-folder-unwritable', dataDir: d, backups: [], canRestore: false });
      expect(info.details.file).toBe(d);
      expect(info.details.problems[0]).toBe(`EPERM: ${d}`);
    },
  );

  it('a data folder path that runs through a file cannot be created: unwritable, with the OS code', () => {
    const base = tempDir();
    fs.writeFileSync(path.join(base, 'file'), '');
    const d = path.join(base, 'file', 'counterpay');
    const info = diagnoseStartFailure(probeDataFolder(d), d, { shell: 'electron' });
    expect(info.code).toBe('data-folder-unwritable');
    expect(info.details.problems[0]).toMatch(/^(ENOTDIR|EEXIST): /);
    expect(info.message).toContain(d);
  });

  it('an existing ledger that cannot be opened for writing is named as the file at fault', () => {
    const d = immutableFolder();
    if (!d) return;
    execFileSync('chattr', ['-i', d]);
    fs.writeFileSync(path.join(d, 'counterpay.db'), '');
    execFileSync('chattr', ['+i', path.join(d, 'counterpay.db')]);
    cleanup.defer(() => void execFileSync('chattr', ['-i', path.join(d, 'counterpay.db')], { stdio: 'ignore' }));
    const refused = probeDataFolder(d);
    expect(refused?.file).toBe(path.join(d, 'counterpay.db'));
  });
});
