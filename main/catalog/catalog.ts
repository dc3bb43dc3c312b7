/**
 * The product / ticket catalog. Every read is an indexed lookup or a bounded search:
 * nothing loads the whole catalog (a known failure elsewhere: minutes to load tens of
 * thousands of products).
 *
 *  - byCode: UNIQUE(code) index.
 *  - search: code prefix and name prefix use the indexes (range scans); a substring match
 *    of the name follows, stopped by LIMIT.
 *  - quickKeys: the partial index on quick_key.
 *  - 助记码 (pinyin initials, main/catalog/mnemonic.ts): a prefix range over the primary key
 *    of catalog_mnemonics (migration 008), between the code and the name prefix searches.
 */
import { MAX_FEN } from '../../app/money.js';
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { createMnemonicFiller } from './mnemonics.js';

export interface CatalogItem {
  code: string;
  name: string;
  priceFen: number;
  businessType: number;
  quickKey: number | null;
  active: boolean;
  updatedAt: number;
  /** The primary 助记码 ('' when the name has no letters). */
  mnemonic: string;
}

export interface CatalogItemInput {
  code: string;
  name: string;
  priceFen: number;
  businessType: number;
  quickKey?: number | null;
  active?: boolean;
}

export interface Catalog {
  byCode(code: string, opts?: { includeInactive?: boolean }): CatalogItem | null;
  /**
   * Items whose code starts with `text`, then whose 助记码 does (any of its keys, case-insensitive),
   * then whose name does, then whose name contains it. Active only unless `includeInactive`.
   */
  search(text: string, opts?: { limit?: number; includeInactive?: boolean }): CatalogItem[];
  /** Items on quick keys 1–36, in key order. Active only. */
  quickKeys(): CatalogItem[];
  count(opts?: { includeInactive?: boolean }): number;
  /** A page of items by code, after `after` (exclusive), for the products list. */
  list(opts: { after?: string; limit: number; includeInactive?: boolean }): CatalogItem[];
  /** Insert or update one item (the import uses the same path in bulk). */
  upsert(item: CatalogItemInput, by?: string | null): CatalogItem;
  setActive(code: string, active: boolean, by?: string | null): CatalogItem;
  /** Put an item on a quick key (moving whatever was there off it), or clear with null. */
  setQuickKey(code: string, key: number | null, by?: string | null): CatalogItem;
}

interface Row {
  code: string;
  name: string;
  price_fen: number;
  business_type: number;
  quick_key: number | null;
  active: number;
  updated_at: number;
  mnemonic: string | null;
}

export const toItem = (r: Row): CatalogItem => ({
  code: r.code,
  name: r.name,
  priceFen: r.price_fen,
  businessType: r.business_type,
  quickKey: r.quick_key,
  active: r.active === 1,
  updatedAt: r.updated_at,
  mnemonic: r.mnemonic ?? '',
});

const COLS = 'code, name, price_fen, business_type, quick_key, active, updated_at, mnemonic';
const MCOLS = COLS.split(', ')
  .map((c) => `ci.${c}`)
  .join(', ');
/** `active = 1`, or any state when the caller asks for inactive items too (the ? is 1 or 0). */
const ACTIVE = '(active = 1 OR ? = 1)';
/** Sorts after every valid UTF-8 string that starts with the prefix. */
const PREFIX_END = '\u{10FFFF}';

/** Validate an item; returns the problems (field + reason), empty when fine. */
export function itemProblems(item: Partial<CatalogItemInput>): { field: string; reason: string }[] {
  const p: { field: string; reason: string }[] = [];
  if (typeof item.code !== 'string' || item.code.length < 1 || item.code.length > 40 || /\s/.test(item.code)) {
    p.push({ field: 'code', reason: '1–40 characters, no spaces' });
  }
  if (typeof item.name !== 'string' || item.name.trim().length < 1 || item.name.length > 100)
    p.push({ field: 'name', reason: '1–100 characters' });
  if (
    typeof item.priceFen !== 'number' ||
    !Number.isSafeInteger(item.priceFen) ||
    item.priceFen < 0 ||
    item.priceFen > MAX_FEN
  ) {
    p.push({ field: 'price', reason: `0 to ${MAX_FEN / 100} yuan, at most 2 decimals` });
  }
  if (
    typeof item.businessType !== 'number' ||
    !Number.isInteger(item.businessType) ||
    item.businessType < 1 ||
    item.businessType > 7
  ) {
    p.push({ field: 'businessType', reason: '1 to 7' });
  }
  if (
    item.quickKey !== undefined &&
    item.quickKey !== null &&
    (!Number.isInteger(item.quickKey) || item.quickKey < 1 || item.quickKey > 36)
  ) {
    p.push({ field: 'quickKey', reason: '1 to 36, or empty' });
  }
  return p;
}

/** In an upsert's DO UPDATE: a changed name needs its 助记码 again (mnemonics.ts fills NULLs). */
export const MNEMONIC_RESET = 'mnemonic = CASE WHEN name = excluded.name THEN mnemonic ELSE NULL END';

export function createCatalog(opts: { store: Store; now: () => number }): Catalog {
  const { store, now } = opts;
  const { db } = store;
  const mnemonics = createMnemonicFiller(store);
  // Items written before 助记码 existed (or by an older build) get theirs now.
  mnemonics.fill();
  const q = {
    byCode: db.prepare(`SELECT ${COLS} FROM catalog_items WHERE code = ?`),
    codePrefix: db.prepare(
      `SELECT ${COLS} FROM catalog_items WHERE code >= ? AND code < ? AND ${ACTIVE} ORDER BY code LIMIT ?`,
    ),
    mnemonicPrefix: db.prepare(
      `SELECT DISTINCT ${MCOLS} FROM catalog_mnemonics m JOIN catalog_items ci ON ci.code = m.code
       WHERE m.key >= ? AND m.key < ? AND (ci.active = 1 OR ? = 1) ORDER BY m.key LIMIT ?`,
    ),
    namePrefix: db.prepare(
      `SELECT ${COLS} FROM catalog_items WHERE name >= ? AND name < ? AND ${ACTIVE} ORDER BY name LIMIT ?`,
    ),
    nameContains: db.prepare(`SELECT ${COLS} FROM catalog_items WHERE ${ACTIVE} AND instr(name, ?) > 1 LIMIT ?`),
    quickKeys: db.prepare(
      `SELECT ${COLS} FROM catalog_items WHERE quick_key IS NOT NULL AND active = 1 ORDER BY quick_key`,
    ),
    count: db.prepare('SELECT count(*) FROM catalog_items WHERE active = 1').pluck(),
    page: db.prepare(`SELECT ${COLS} FROM catalog_items WHERE code > ? AND ${ACTIVE} ORDER BY code LIMIT ?`),
    countAll: db.prepare('SELECT count(*) FROM catalog_items').pluck(),
    upsert: db.prepare(
      `INSERT INTO catalog_items (code, name, price_fen, business_type, quick_key, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET ${MNEMONIC_RESET}, name = excluded.name, price_fen = excluded.price_fen, business_type = excluded.business_type,
         quick_key = excluded.quick_key, active = excluded.active, updated_at = excluded.updated_at`,
    ),
    clearKey: db.prepare('UPDATE catalog_items SET quick_key = NULL, updated_at = ? WHERE quick_key = ? AND code <> ?'),
    setKey: db.prepare('UPDATE catalog_items SET quick_key = ?, updated_at = ? WHERE code = ?'),
    setActive: db.prepare('UPDATE catalog_items SET active = ?, updated_at = ? WHERE code = ?'),
  };

  const get = (code: string): CatalogItem | null => {
    const r = q.byCode.get(code) as Row | undefined;
    return r ? toItem(r) : null;
  };
  const mustGet = (code: string): CatalogItem => {
    const i = get(code);
    if (!i) throw new AppError('item-not-found', `no item with code ${code}`, { field: 'code', code });
    return i;
  };

  return {
    byCode(code, o = {}) {
      if (typeof code !== 'string' || code.length === 0 || code.length > 40) return null;
      const i = get(code);
      return i && (i.active || o.includeInactive) ? i : null;
    },

    search(text, o = {}) {
      const limit = Math.min(Math.max(1, Math.floor(o.limit ?? 20)), 100);
      const t = typeof text === 'string' ? text.trim() : '';
      if (t === '') return [];
      const all = o.includeInactive ? 1 : 0;
      const seen = new Set<string>();
      const out: CatalogItem[] = [];
      const take = (rows: Row[]) => {
        for (const r of rows) {
          if (out.length >= limit) return;
          if (!seen.has(r.code)) {
            seen.add(r.code);
            out.push(toItem(r));
          }
        }
      };
      take(q.codePrefix.all(t, t + PREFIX_END, all, limit) as Row[]);
      const key = t.toLowerCase();
      if (out.length < limit && /^[a-z0-9]+$/.test(key))
        take(q.mnemonicPrefix.all(key, key + PREFIX_END, all, limit) as Row[]);
      if (out.length < limit) take(q.namePrefix.all(t, t + PREFIX_END, all, limit) as Row[]);
      if (out.length < limit) take(q.nameContains.all(all, t, limit) as Row[]);
      return out;
    },

    quickKeys: () => (q.quickKeys.all() as Row[]).map(toItem),

    list: (o) =>
      (q.page.all(o.after ?? '', o.includeInactive ? 1 : 0, Math.min(Math.max(1, o.limit), 100)) as Row[]).map(toItem),

    count: (o = {}) => (o.includeInactive ? q.countAll.get() : q.count.get()) as number,

    upsert(item, by = null) {
      const problems = itemProblems(item);
      if (problems.length > 0) {
        throw new AppError('invalid-input', `${problems[0]!.field}: ${problems[0]!.reason}`, {
          field: problems[0]!.field,
          problems,
        });
      }
      return store.tx(() => {
        const before = get(item.code);
        const key = item.quickKey ?? null;
        if (key !== null) q.clearKey.run(now(), key, item.code);
        q.upsert.run(
          item.code,
          item.name.trim(),
          item.priceFen,
          item.businessType,
          key,
          item.active === false ? 0 : 1,
          now(),
        );
        mnemonics.fill();
        audit(store, {
          action: before ? 'catalog.update' : 'catalog.add',
          operatorNo: by,
          subject: `item:${item.code}`,
          detail: {
            name: item.name.trim(),
            priceFen: item.priceFen,
            ...(before && before.priceFen !== item.priceFen ? { fromPriceFen: before.priceFen } : {}),
          },
        });
        return mustGet(item.code);
      });
    },

    setActive(code, active, by = null) {
      return store.tx(() => {
        mustGet(code);
        q.setActive.run(active ? 1 : 0, now(), code);
        audit(store, {
          action: active ? 'catalog.activate' : 'catalog.deactivate',
          operatorNo: by,
          subject: `item:${code}`,
        });
        return mustGet(code);
      });
    },

    setQuickKey(code, key, by = null) {
      if (key !== null && (!Number.isInteger(key) || key < 1 || key > 36)) {
        throw new AppError('invalid-input', 'quickKey: 1 to 36, or null', { field: 'quickKey', min: 1, max: 36 });
      }
      return store.tx(() => {
        mustGet(code);
        if (key !== null) q.clearKey.run(now(), key, code);
        q.setKey.run(key, now(), code);
        audit(store, {
          action: 'catalog.quick-key',
          operatorNo: by,
          subject: `item:${code}`,
          detail: { quickKey: key },
        });
        return mustGet(code);
      });
    },
  };
}
