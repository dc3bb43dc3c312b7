import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createCatalog, type Catalog } from './catalog.js';
import { applyCatalogImport, previewCatalogImport } from './import.js';
import { MAX_KEY_LENGTH, MAX_VARIANTS, mnemonicKeys, mnemonicOf } from './mnemonic.js';

describe('助记码 (pinyin initials)', () => {
  it('gives the initials of a Chinese name', () => {
    expect(mnemonicOf('矿泉水')).toBe('kqs');
    expect(mnemonicOf('成人票')).toBe('crp');
  });

  it('mixes Chinese initials with Latin words: first letters, numbers whole, words as keys of their own', () => {
    // 乐 is also read yuè: its variant is kept as a second key.
    expect(mnemonicKeys('可口可乐 Coke 500ml')).toEqual(['kkklc500ml', 'kkkyc500ml', 'coke']);
    expect(mnemonicKeys('ＡＢＣ 饼干')).toEqual(['abg', 'abc']);
    expect(mnemonicOf('iPhone 充电线')).toBe('icdx');
    expect(mnemonicKeys('iPhone 充电线')).toContain('iphone');
  });

  it('reads polyphones in context and keeps the other readings as extra keys', () => {
    const k = mnemonicKeys('重庆小面');
    expect(k[0]).toBe('cqxm');
    expect(k).toContain('zqxm');
    expect(mnemonicOf('银行卡')).toBe('yhk');
    expect(mnemonicKeys('银行卡')).toContain('yxk');
  });

  it('stays bounded for names full of polyphones and very long names', () => {
    const k = mnemonicKeys('重重重重重重重重重重');
    expect(k.length).toBeLessThanOrEqual(MAX_VARIANTS);
    expect(mnemonicOf('水'.repeat(100)).length).toBe(MAX_KEY_LENGTH);
    expect(mnemonicOf('——')).toBe('');
  });
});

let t: TempStore;
let catalog: Catalog;
beforeEach(() => {
  t = tempStore();
  catalog = createCatalog({ store: t.store, now: () => t.clock.t });
});
afterEach(() => t.cleanup());

describe('catalog search by code, name and 助记码', () => {
  beforeEach(() => {
    catalog.upsert({ code: '6901234567892', name: '矿泉水', priceFen: 200, businessType: 2 });
    catalog.upsert({ code: '6902', name: '可口可乐 Coke 500ml', priceFen: 300, businessType: 2 });
    catalog.upsert({ code: '7001', name: '重庆小面', priceFen: 1500, businessType: 2 });
  });

  it('finds an item by each field', () => {
    expect(catalog.search('6901').map((i) => i.name)).toEqual(['矿泉水']);
    expect(catalog.search('矿泉').map((i) => i.name)).toEqual(['矿泉水']);
    expect(catalog.search('kqs').map((i) => i.name)).toEqual(['矿泉水']);
    expect(catalog.search('KQ').map((i) => i.name)).toEqual(['矿泉水']);
    expect(catalog.search('coke').map((i) => i.code)).toEqual(['6902']);
    expect(catalog.search('kkkl').map((i) => i.code)).toEqual(['6902']);
    expect(catalog.search('cq').map((i) => i.code)).toEqual(['7001']);
    expect(catalog.search('zq').map((i) => i.code)).toEqual(['7001']);
    expect(catalog.byCode('6901234567892')!.mnemonic).toBe('kqs');
  });

  it('renaming an item replaces its 助记码; an inactive item is not found unless asked', () => {
    catalog.upsert({ code: '6901234567892', name: '纯净水', priceFen: 200, businessType: 2 });
    expect(catalog.search('kqs')).toEqual([]);
    expect(catalog.search('cjs').map((i) => i.code)).toEqual(['6901234567892']);
    catalog.setActive('6901234567892', false);
    expect(catalog.search('cjs')).toEqual([]);
    expect(catalog.search('cjs', { includeInactive: true }).map((i) => i.code)).toEqual(['6901234567892']);
  });

  it('fills the 助记码 of items written without one when the catalog starts', () => {
    t.store.db
      .prepare(
        "INSERT INTO catalog_items (code, name, price_fen, business_type, active, updated_at) VALUES ('9', '冰红茶', 300, 2, 1, 1)",
      )
      .run();
    expect(catalog.search('bhc')).toEqual([]);
    const again = createCatalog({ store: t.store, now: () => t.clock.t });
    expect(again.search('bhc').map((i) => i.code)).toEqual(['9']);
  });

  it('an import gives new and renamed items their 助记码, in the same transaction', () => {
    const csv = Buffer.from('编码,名称,价格\r\n6901234567892,纯净水,2.00\r\n8001,冰红茶 1L,3.00\r\n', 'utf8');
    const p = previewCatalogImport(t.store, csv, { fileName: 'a.csv' });
    applyCatalogImport(t.store, p, { now: () => t.clock.t });
    expect(catalog.search('kqs')).toEqual([]);
    expect(catalog.search('cjs').map((i) => i.code)).toEqual(['6901234567892']);
    expect(catalog.search('bhc1').map((i) => i.mnemonic)).toEqual(['bhc1l']);
    const todo = t.store.db.prepare('SELECT count(*) FROM catalog_items WHERE mnemonic IS NULL').pluck().get();
    expect(todo).toBe(0);
  });

  it('the 助记码 prefix search walks the index, not the table', () => {
    const plan = (
      t.store.db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT ci.code FROM catalog_mnemonics m JOIN catalog_items ci ON ci.code = m.code
           WHERE m.key >= 'kqs' AND m.key < 'kqs\u{10FFFF}' AND (ci.active = 1 OR 0 = 1) ORDER BY m.key LIMIT 20`,
        )
        .all() as { detail: string }[]
    )
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(
      /SEARCH m USING PRIMARY KEY \(key>\? AND key<\?\)|SEARCH m USING (COVERING )?INDEX .*\(key>\? AND key<\?\)/,
    );
    expect(plan).not.toMatch(/SCAN ci(\s|$)/);
    expect(plan).not.toMatch(/SCAN m(\s|$)/);
  });
});
