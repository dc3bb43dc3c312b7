/**
 * Test-only (imports vitest): the one temp-ledger and temp-data-folder setup for test files.
 * Call `afterEachCleanup()` at the top level of a test file; what it hands out is undone after
 * each test, last made first (a core closes before its data folder is removed).
 */
import { afterEach } from 'vitest';
import type { OpenStoreOptions } from './db.js';
import { tempDir, tempStore, type TempStore } from './test-helpers.js';

export interface TestCleanup {
  /** Run `fn` after the current test (close a core, a server, a store). */
  defer(fn: () => Promise<void> | void): void;
  /** A fresh, empty folder (a data folder for a core or a ledger), removed after the test. */
  tempDataDir(prefix?: string): string;
  /** A real ledger in a temp folder (see tempStore), closed and removed after the test. */
  tempStore(opts?: Partial<OpenStoreOptions>): TempStore;
}

export function afterEachCleanup(): TestCleanup {
  const pending: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of pending.splice(0).reverse()) await fn();
  });
  return {
    defer: (fn) => {
      pending.push(fn);
    },
    tempDataDir: (prefix = 'counterpay-test-') => {
      const t = tempDir(prefix);
      pending.push(t.cleanup);
      return t.dir;
    },
    tempStore: (opts = {}) => {
      const ts = tempStore(opts);
      pending.push(() => ts.cleanup());
      return ts;
    },
  };
}
