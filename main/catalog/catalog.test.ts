import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createCatalog, type Catalog } from './catalog.js';

let t: TempStore;
let catalog: Catalog;
beforeEach(() => {
  t = tempStore();
  catalog = createCatalog({ store: t.store, now: () => t.clock.t });
});
afterEach(() => t.cleanup());

describe('catalog', () => {
  it('looks items up by code, hides inactive ones unless asked', () => {
    catalog.upsert({ code: '6901234567892', name: '矿泉水', priceFen: 200, businessType: 2 });
    expect(catalog.byCode('6901234567892')).toMatchObject({
      name: '矿泉水',
      priceFen: 200,
      active: true,
      quickKey: null,
    });
    catalog.setActive('6901234567892', false);
    expect(catalog.byCode('6901234567892')).toBeNull();
    expect(catalog.byCode('6901234567892', { includeInactive: true })!.active).toBe(false);
    expect(catalog.byCode('')).toBeNull();
    expect(catalog.byCode('x'.repeat(41))).toBeNull();
  });

  it('searches code prefix, name prefix, then name substring, bounded by the limit', () => {
    const items = [
      ['1001', '可乐'],
      ['1002', '可乐零度'],
      ['2001', '冰红茶'],
      ['3001', '零度可乐'],
      ['K1', '可可'],
    ] as const;
    for (const [code, name] of items) catalog.upsert({ code, name, priceFen: 300, businessType: 2 });
    expect(catalog.search('100').map((i) => i.code)).toEqual(['1001', '1002']);
    expect(catalog.search('可乐').map((i) => i.code)).toEqual(['1001', '1002', '3001']);
    // name prefix in name order (可乐 < 可乐零度 < 可可), then substring matches
    expect(catalog.search('可').map((i) => i.code)).toEqual(['1001', '1002', 'K1', '3001']);
    expect(catalog.search('红茶').map((i) => i.code)).toEqual(['2001']);
    expect(catalog.search('可乐', { limit: 2 })).toHaveLength(2);
    expect(catalog.search('  ')).toEqual([]);
    catalog.setActive('3001', false);
    expect(catalog.search('可乐').map((i) => i.code)).toEqual(['1001', '1002']);
  });

  it('uses indexes for lookups and prefix search (no full scans)', () => {
    const plan = (sql: string, ...args: unknown[]) =>
      (t.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    expect(plan('SELECT * FROM catalog_items WHERE code = ?', 'x')).toMatch(/USING INDEX/);
    expect(
      plan('SELECT * FROM catalog_items WHERE name >= ? AND name < ? AND active = 1 ORDER BY name LIMIT 5', 'a', 'b'),
    ).toMatch(/catalog_items_name/);
    expect(plan('SELECT * FROM catalog_items WHERE quick_key IS NOT NULL AND active = 1 ORDER BY quick_key')).toMatch(
      /catalog_items_quick_key/,
    );
  });

  it('stays fast with 50,000 items', () => {
    const ins = t.store.db.prepare(
      'INSERT INTO catalog_items (code, name, price_fen, business_type, updated_at) VALUES (?, ?, ?, 2, 0)',
    );
    t.store.tx(() => {
      for (let i = 0; i < 50_000; i++) ins.run(`69${String(i).padStart(11, '0')}`, `商品${i}号`, 100 + (i % 1000));
    });
    const start = performance.now();
    for (let i = 0; i < 1000; i++) catalog.byCode(`69${String(i * 37).padStart(11, '0')}`);
    const lookups = performance.now() - start;
    const s2 = performance.now();
    const found = catalog.search('商品4999');
    const search = performance.now() - s2;
    expect(found.length).toBeGreaterThan(0);
    expect(lookups).toBeLessThan(500); // 1000 lookups; ~10 ms here
    expect(search).toBeLessThan(200);
  });

  it('quick keys are unique: assigning a taken key moves it', () => {
    catalog.upsert({ code: 'A', name: 'a', priceFen: 1, businessType: 2, quickKey: 1 });
    catalog.upsert({ code: 'B', name: 'b', priceFen: 1, businessType: 2 });
    catalog.setQuickKey('B', 1);
    expect(catalog.quickKeys().map((i) => [i.quickKey, i.code])).toEqual([[1, 'B']]);
    expect(catalog.byCode('A')!.quickKey).toBeNull();
    catalog.upsert({ code: 'A', name: 'a', priceFen: 1, businessType: 2, quickKey: 1 });
    expect(catalog.quickKeys().map((i) => i.code)).toEqual(['A']);
    expect(() => catalog.setQuickKey('A', 37)).toThrow(AppError);
    expect(() => catalog.setQuickKey('nope', 2)).toThrow(/no item/);
  });

  it('validates items with the field named', () => {
    try {
      catalog.upsert({ code: 'has space', name: '', priceFen: -1, businessType: 0 });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details?.problems).toEqual([
        { field: 'code', reason: expect.any(String) },
        { field: 'name', reason: expect.any(String) },
        { field: 'price', reason: expect.any(String) },
        { field: 'businessType', reason: expect.any(String) },
      ]);
    }
  });
});
