/**
 * The catalog_items reads a catalog import's preview and apply need (main/handlers/catalog.ts):
 * catalog_items belongs to main/catalog, so the statements live here.
 */
import type { Store } from '../store/db.js';
import type { toItem } from './catalog.js';

/** A catalog_items row as the import compares it (the catalog's row type, without updated_at). */
export type CatalogDbRow = Omit<Parameters<typeof toItem>[0], 'updated_at' | 'mnemonic'>;

const COLS = 'code, name, price_fen, business_type, quick_key, active';

export function createImportQueries(store: Store) {
  const { db } = store;
  const byCode = db.prepare(`SELECT ${COLS} FROM catalog_items WHERE code = ?`);
  const active = db.prepare(`SELECT ${COLS} FROM catalog_items WHERE active = 1 ORDER BY code`);
  const activeCount = db.prepare('SELECT count(*) FROM catalog_items WHERE active = 1').pluck();
  return {
    /** One item by code (active or not), or undefined. */
    byCode: (code: string) => byCode.get(code) as CatalogDbRow | undefined,
    /** The active items, by code, streamed. */
    active: () => active.iterate() as Iterable<CatalogDbRow>,
    activeCount: () => activeCount.get() as number,
    /** The items holding one of `keys` as their quick key, by key. */
    quickKeyHolders: (keys: readonly number[]) =>
      db
        .prepare(
          `SELECT ${COLS} FROM catalog_items WHERE quick_key IN (${keys.map(() => '?').join(',')}) ORDER BY quick_key`,
        )
        .all(...keys) as CatalogDbRow[],
  };
}
