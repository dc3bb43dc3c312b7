import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../app/contract/index.js';
import { AppError } from '../../app/result.js';
import { createCatalog, type Catalog } from '../catalog/catalog.js';
import { previewCatalogImport } from '../catalog/import.js';
import { TEMPLATE_EXAMPLES } from '../catalog/template.js';
import { listAudit } from '../store/audit.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import type { CallContext } from './dispatch.js';
import { createProductHandlers } from './products.js';

let t: TempStore;
let catalog: Catalog;
let h: ReturnType<typeof createProductHandlers>;
const sup: CallContext = {
  transport: 'memory',
  connectionId: 'c',
  supervisor: { operatorNo: 'S01' } as CallContext['supervisor'],
};
const item = { code: '6901234567892', name: '矿泉水', priceFen: 200, businessType: 2, quickKey: null, active: true };

function refusal(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('should have been refused');
}

beforeEach(() => {
  t = tempStore();
  catalog = createCatalog({ store: t.store, now: () => t.clock.t });
  h = createProductHandlers({ catalog });
});
afterEach(() => t.cleanup());

describe('products commands (商品 tab)', () => {
  it('are supervisor commands, and refuse a caller no supervisor authorised', () => {
    for (const name of ['products.list', 'products.save', 'products.setActive', 'products.template'] as const)
      expect(commands[name].access).toBe('supervisor');
    expect(
      refusal(() => h['products.list']({ query: '', includeInactive: false }, { ...sup, supervisor: undefined })).code,
    ).toBe('supervisor-required');
  });

  it('adds an item with its 助记码, refuses a duplicate code with the item that has it, edits, audits', () => {
    const added = h['products.save']({ mode: 'add', item }, sup) as { mnemonic: string };
    expect(added.mnemonic).toBe('kqs');
    const dup = refusal(() => h['products.save']({ mode: 'add', item: { ...item, name: '别的' } }, sup));
    expect(dup.code).toBe('invalid-input');
    expect(dup.details).toMatchObject({ field: 'code', problem: 'code-taken', name: '矿泉水' });
    expect(dup.message).toMatch(/already used by 矿泉水/);
    expect(refusal(() => h['products.save']({ mode: 'edit', item: { ...item, code: 'nope' } }, sup)).code).toBe(
      'item-not-found',
    );
    h['products.save']({ mode: 'edit', item: { ...item, priceFen: 250 } }, sup);
    const rows = listAudit(t.store, { subject: `item:${item.code}` });
    expect(rows.map((r) => r.action).sort()).toEqual(['catalog.add', 'catalog.update']);
    expect(rows.every((r) => r.operatorNo === 'S01')).toBe(true);
  });

  it('names the price limit when a price is out of range', () => {
    const e = refusal(() => catalog.upsert({ ...item, priceFen: 1e12 }));
    expect(e.details).toMatchObject({ field: 'price' });
    expect(e.message).toMatch(/0 to 99999999\.99 yuan/);
    expect(commands['products.save'].input.safeParse({ mode: 'add', item: { ...item, priceFen: -1 } }).success).toBe(
      false,
    );
  });

  it('deactivates: no longer found nor scannable; lists it with inactive items; reactivates', () => {
    h['products.save']({ mode: 'add', item }, sup);
    h['products.setActive']({ code: item.code, active: false }, sup);
    expect(catalog.search('kqs')).toEqual([]);
    expect(catalog.byCode(item.code)).toBeNull();
    expect(h['products.list']({ query: 'kqs', includeInactive: false }, sup)).toMatchObject({
      items: [],
      total: 1,
      active: 0,
    });
    expect((h['products.list']({ query: '', includeInactive: true }, sup) as { items: unknown[] }).items).toHaveLength(
      1,
    );
    h['products.setActive']({ code: item.code, active: true }, sup);
    expect(catalog.search('kqs').map((i) => i.code)).toEqual([item.code]);
    expect(listAudit(t.store, { action: 'catalog.deactivate' })).toHaveLength(1);
  });

  it.each(['csv', 'xlsx'] as const)(
    'the %s template reads back through the importer with its example rows',
    (format) => {
      const f = h['products.template']({ format }, sup) as { fileName: string; contentBase64: string };
      expect(f.fileName).toMatch(new RegExp(`\\.${format}$`));
      const bytes = Buffer.from(f.contentBase64, 'base64');
      if (format === 'csv') expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const p = previewCatalogImport(t.store, bytes, { fileName: f.fileName });
      expect(p.errors).toEqual([]);
      expect(Object.values(p.columns).sort()).toEqual(['active', 'businessType', 'code', 'name', 'price', 'quickKey']);
      expect(p.items.map((i) => [i.code, i.name, i.priceFen])).toEqual(
        TEMPLATE_EXAMPLES.map(([code, name, price]) => [code, name, Math.round(Number(price) * 100)]),
      );
    },
  );
});
