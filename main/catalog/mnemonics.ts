/**
 * Keeping 助记码 in step with names (migration 008, main/catalog/mnemonic.ts for the rules).
 * Every writer of catalog_items sets `mnemonic = NULL` when an item is new or its name changes;
 * `fill` then computes the keys of those rows (found through the partial index on NULL) and
 * replaces their rows in catalog_mnemonics. The catalog runs it when it starts (items from
 * before the migration) and inside every write's transaction.
 */
import type { Store } from '../store/db.js';
import { mnemonicKeys } from './mnemonic.js';

export function createMnemonicFiller(store: Store): { fill(): number } {
  const { db } = store;
  const todo = db.prepare('SELECT code, name FROM catalog_items WHERE mnemonic IS NULL');
  const drop = db.prepare('DELETE FROM catalog_mnemonics WHERE code = ?');
  const put = db.prepare('INSERT OR IGNORE INTO catalog_mnemonics (key, code) VALUES (?, ?)');
  const set = db.prepare('UPDATE catalog_items SET mnemonic = ? WHERE code = ?');
  return {
    /** Compute every missing 助记码; returns how many items were filled. */
    fill() {
      return store.tx(() => {
        const rows = todo.all() as { code: string; name: string }[];
        for (const r of rows) {
          const keys = mnemonicKeys(r.name);
          drop.run(r.code);
          for (const k of keys) put.run(k, r.code);
          set.run(keys[0] ?? '', r.code);
        }
        return rows.length;
      });
    },
  };
}
