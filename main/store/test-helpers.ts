/** Helpers for tests that need a real store in a temp folder. Not used by production code. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type OpenStoreOptions, type Store } from './db.js';

export interface TempStore {
  store: Store;
  dir: string;
  file: string;
  /** Test clock: `clock.t` is the current time; advance with `clock.t += ms`. */
  clock: { t: number };
  reopen(opts?: Partial<OpenStoreOptions>): Store;
  cleanup(): void;
}

export function tempDir(prefix = 'counterpay-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** 2025-01-31 12:00:00 local time — a fixed, readable test epoch. */
export const TEST_EPOCH = new Date(2025, 0, 31, 12, 0, 0, 0).getTime();

export function tempStore(opts: Partial<OpenStoreOptions> = {}): TempStore {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'counterpay.db');
  const clock = { t: TEST_EPOCH };
  const now = () => clock.t;
  const ts: TempStore = {
    store: openStore({ file, now, ...opts }),
    dir,
    file,
    clock,
    reopen(more = {}) {
      if (!ts.store.closed) ts.store.close();
      ts.store = openStore({ file, now, ...opts, ...more });
      return ts.store;
    },
    cleanup() {
      if (!ts.store.closed) ts.store.close();
      cleanup();
    },
  };
  return ts;
}
