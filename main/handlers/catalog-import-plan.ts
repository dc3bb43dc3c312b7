/** Catalog import handlers: what an import will change, compared with the catalog now (see catalog.ts). */
import { createHash } from 'node:crypto';
import { IMPORT_CHANGES_SHOWN, type ImportChange, type ImportMode } from '../../app/contract/catalog-import.js';
import type { ImportPreview } from '../catalog/import.js';
import { createImportQueries, type CatalogDbRow } from '../catalog/import-queries.js';
import type { Store } from '../store/db.js';

/**
 * The service fills optional columns the file does not have with defaults (business type,
 * no quick key, active). For items already in the catalog a missing column means "keep what
 * it is": a price list without 快捷键 must not clear every quick key, nor one without 启用
 * switch discontinued items back on.
 */
export function keepWhatTheFileLeavesOut(store: Store, preview: ImportPreview): ImportPreview {
  const present = new Set(Object.values(preview.columns));
  const optional = ['businessType', 'quickKey', 'active'] as const;
  if (optional.every((f) => present.has(f))) return preview;
  const catalog = createImportQueries(store);
  const items = preview.items.map((it) => {
    const row = catalog.byCode(it.code);
    if (!row) return it;
    return {
      ...it,
      ...(present.has('businessType') ? {} : { businessType: row.business_type }),
      ...(present.has('quickKey') ? {} : { quickKey: row.quick_key }),
      ...(present.has('active') ? {} : { active: row.active === 1 }),
    };
  });
  return { ...preview, items };
}

// ───────────────────────── the plan: what the import will change ─────────────────────────

type DbRow = CatalogDbRow;
type State = ImportChange['after'];
const stateOf = (r: DbRow): State => ({
  name: r.name,
  priceFen: r.price_fen,
  businessType: r.business_type,
  quickKey: r.quick_key,
  active: r.active === 1,
});
const FIELDS = ['name', 'priceFen', 'businessType', 'quickKey', 'active'] as const;

export interface Plan {
  counts: { new: number; changed: number; unchanged: number; deactivated: number; keyCleared: number };
  total: number;
  shown: ImportChange[];
  /** Over every item's state before: equal digests mean the import does exactly the same. */
  digest: string;
}

/**
 * Compare a preview with the catalog as it is now: one indexed look-up per row; items not in
 * the file are read only for quick keys the file assigns (at most 36) and, in replace mode,
 * the active items (streamed).
 */
export function planOf(store: Store, preview: ImportPreview, mode: ImportMode): Plan {
  const catalog = createImportQueries(store);
  const hash = createHash('sha256');
  const counts = { new: 0, changed: 0, unchanged: 0, deactivated: 0, keyCleared: 0 };
  const shown: ImportChange[] = [];
  const show = (c: ImportChange) => {
    if (shown.length < IMPORT_CHANGES_SHOWN) shown.push(c);
  };
  const inFile = new Set<string>();
  const keys = new Set<number>();
  for (const it of preview.items) {
    inFile.add(it.code);
    if (it.quickKey !== null && it.quickKey !== undefined) keys.add(it.quickKey);
    const row = catalog.byCode(it.code);
    const before = row ? stateOf(row) : null;
    const after: State = {
      name: it.name,
      priceFen: it.priceFen,
      businessType: it.businessType,
      quickKey: it.quickKey ?? null,
      active: it.active !== false,
    };
    hash.update(JSON.stringify([it.code, before]));
    if (!before) {
      counts.new++;
      show({ kind: 'new', line: it.line, code: it.code, after, before: null, fields: [...FIELDS] });
      continue;
    }
    const fields = FIELDS.filter((f) => before[f] !== after[f]);
    if (fields.length === 0) counts.unchanged++;
    else {
      counts.changed++;
      show({ kind: 'changed', line: it.line, code: it.code, after, before, fields });
    }
  }
  const deactivated = new Set<string>();
  hash.update('|replace|');
  if (mode === 'replace') {
    for (const r of catalog.active()) {
      if (inFile.has(r.code)) continue;
      deactivated.add(r.code);
      counts.deactivated++;
      hash.update(JSON.stringify([r.code, r.quick_key]));
      const before = stateOf(r);
      show({
        kind: 'deactivated',
        line: null,
        code: r.code,
        after: { ...before, active: false, quickKey: null },
        before,
        fields: before.quickKey === null ? ['active'] : ['quickKey', 'active'],
      });
    }
  }
  hash.update('|keys|');
  if (keys.size > 0) {
    const holders = catalog.quickKeyHolders([...keys]);
    for (const r of holders) {
      if (inFile.has(r.code) || deactivated.has(r.code)) continue;
      counts.keyCleared++;
      hash.update(JSON.stringify([r.code, r.quick_key]));
      const before = stateOf(r);
      show({
        kind: 'key-cleared',
        line: null,
        code: r.code,
        after: { ...before, quickKey: null },
        before,
        fields: ['quickKey'],
      });
    }
  }
  return {
    counts,
    total: counts.new + counts.changed + counts.deactivated + counts.keyCleared,
    shown,
    digest: hash.digest('hex'),
  };
}
