import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { listAudit } from '../store/audit.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createCatalog } from './catalog.js';
import { applyCatalogImport, decodeText, parseCsv, previewCatalogImport } from './import.js';
import { readFirstSheet, readWorkbookParts, XlsxError } from './xlsx.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(fixtures, name));

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('CSV parsing (RFC 4180)', () => {
  it('handles quotes, doubled quotes, delimiters and newlines inside quotes, CRLF and a missing final newline', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n\r\n1,,3';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 5, fields: ['1', '', '3'] },
    ]);
  });

  it('keeps every record and the physical line it starts on, whatever the quoting and line ends (property)', () => {
    const field = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('', '"', '""', 'a,b', 'x\ny', 'x\r\ny', ' 前后 ', '价格'),
    );
    const record = fc.array(field, { minLength: 1, maxLength: 5 }).filter((r) => !(r.length === 1 && r[0] === ''));
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (records, eol, blankLines) => {
          const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
          let text = '';
          let line = 1;
          const want: { line: number; fields: string[] }[] = [];
          for (const r of records) {
            if (blankLines) {
              text += eol;
              line++;
            }
            want.push({ line, fields: r });
            const written = r.map(quote).join(',');
            text += written + eol;
            line += 1 + (written.match(/\r\n|\r|\n/g)?.length ?? 0);
          }
          expect(parseCsv(text, ',')).toEqual(want);
        },
      ),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('detects tab and semicolon delimiters', () => {
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(parseCsv('a;b\n1;2')[1]!.fields).toEqual(['1', '2']);
  });

  it('refuses an unclosed quote and a stray quote with the line', () => {
    expect(appError(() => parseCsv('a,b\n1,"open\n2,3')).details).toMatchObject({ line: 2 });
    expect(appError(() => parseCsv('a,b\n1,x"y')).details).toMatchObject({ line: 2 });
    expect(appError(() => parseCsv('a,b\n1,"x"y')).details).toMatchObject({ line: 2 });
  });

  it('decodes UTF-8 (with and without BOM), UTF-16 and GBK', () => {
    expect(decodeText(Buffer.from('\ufeff名称', 'utf8'))).toEqual({ text: '名称', encoding: 'utf-8-bom' });
    expect(decodeText(Buffer.from('名称', 'utf8'))).toEqual({ text: '名称', encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称', 'utf16le')]))).toEqual({
      text: '名称',
      encoding: 'utf-16le',
    });
    expect(decodeText(fixture('catalog-gbk.csv')).encoding).toBe('gbk');
    expect(decodeText(fixture('catalog-gbk.csv')).text).toContain('农夫山泉');
  });
});

describe('catalog import preview', () => {
  it('reads a UTF-8-BOM CSV written by Python csv (Excel dialect)', () => {
    const p = previewCatalogImport(t.store, fixture('catalog-utf8-bom.csv'), { fileName: 'catalog-utf8-bom.csv' });
    expect(p).toMatchObject({
      format: 'csv',
      encoding: 'utf-8-bom',
      totalRows: 4,
      errors: [],
      newCount: 4,
      existingCount: 0,
    });
    expect(p.columns).toEqual({
      商品编码: 'code',
      商品名称: 'name',
      '售价(元)': 'price',
      业务类型: 'businessType',
      快捷键: 'quickKey',
      启用: 'active',
    });
    expect(p.items.map(({ line, ...i }) => [line, i])).toEqual([
      [2, { code: '6901234567892', name: '农夫山泉 550ml', priceFen: 200, businessType: 2, quickKey: 1, active: true }],
      [
        3,
        { code: '6901234567893', name: '面包, "全麦"', priceFen: 550, businessType: 2, quickKey: null, active: true },
      ],
      [4, { code: '6901234567894', name: '多行\n名称', priceFen: 1230, businessType: 2, quickKey: 2, active: false }],
      [6, { code: 'T-ADULT', name: '成人票', priceFen: 8000, businessType: 1, quickKey: 3, active: true }],
    ]);
  });

  it('reads a GBK CSV and says so', () => {
    const p = previewCatalogImport(t.store, fixture('catalog-gbk.csv'), { fileName: 'catalog-gbk.csv' });
    expect(p.encoding).toBe('gbk');
    expect(p.notes.join(' ')).toMatch(/GBK/);
    expect(p.items.map((i) => i.name)).toContain('农夫山泉 550ml');
    expect(p.errors).toEqual([]);
  });

  it('reports every bad row with line, field and reason', () => {
    const p = previewCatalogImport(t.store, fixture('catalog-errors.csv'), { fileName: 'catalog-errors.csv' });
    expect(p.items.map((i) => i.code)).toEqual(['A1']);
    expect(p.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'price'],
      [4, 'price'],
      [5, 'name'],
      [6, 'code'],
      [7, 'businessType'],
      [8, 'quickKey'],
    ]);
    expect(p.errors[1]).toMatchObject({ value: '1.005', reason: expect.stringMatching(/decimals/) });
    expect(p.errors[3]!.reason).toMatch(/duplicate of line 2/);
    expect(appError(() => applyCatalogImport(t.store, p, { now: () => 1 })).details).toMatchObject({ field: 'file' });
    expect(createCatalog({ store: t.store, now: () => 1 }).count({ includeInactive: true })).toBe(0);
  });

  it('refuses a file without the required columns', () => {
    const e = appError(() => previewCatalogImport(t.store, Buffer.from('foo,bar\n1,2\n'), { fileName: 'x.csv' }));
    expect(e.details).toMatchObject({ field: 'header', missing: ['code', 'name', 'price'] });
  });

  it('reads an openpyxl workbook (inline strings, numbers, a formula without cached value)', () => {
    const p = previewCatalogImport(t.store, fixture('catalog.xlsx'), { fileName: 'catalog.xlsx' });
    expect(p.format).toBe('xlsx');
    expect(p.notes).toContain('sheet: 商品');
    expect(p.items.map((i) => [i.line, i.code, i.name, i.priceFen, i.quickKey])).toEqual([
      [2, '6901234567892', '农夫山泉 550ml', 200, 1],
      [3, '6901234567893', '面包 <全麦> & 果酱', 550, null],
      [4, '6901234567894', '计算价格', 1230, null],
      [5, '6901234567895', '数字编码', 880, null],
      [7, 'BOOL1', '布尔启用', 100, null],
    ]);
    expect(p.errors).toEqual([{ line: 8, field: 'price', reason: 'price: empty', value: '' }]);
  });

  it('reads an Excel-style workbook (shared strings, rich text, phonetic runs, cached formulas, first sheet by relationship)', () => {
    const sheet = readFirstSheet(fixture('catalog-shared-strings.xlsx'));
    expect(sheet.name).toBe('价目表');
    expect(sheet.rows.map((r) => r.rowNumber)).toEqual([1, 2, 3, 5]);
    expect(sheet.rows[1]!.cells.map((c) => c.text)).toEqual(['6901234567892', '特价 矿泉水', '1.5', '启用']);
    expect(sheet.rows[2]!.cells.map((c) => c.text)).toEqual(['JP01', '东京', '3', '停用']);
    expect(sheet.rows[3]!.cells.map((c) => [c.text, c.type])).toEqual([
      ['42', 'number'],
      ['无坐标', 'string'],
      ['12.300000000000001', 'number'],
      ['TRUE', 'boolean'],
    ]);
    const p = previewCatalogImport(t.store, fixture('catalog-shared-strings.xlsx'), {
      fileName: 'prices.xlsx',
      defaultBusinessType: 1,
    });
    expect(p.items.map((i) => [i.code, i.name, i.priceFen, i.active, i.businessType])).toEqual([
      ['6901234567892', '特价 矿泉水', 150, true, 1],
      ['JP01', '东京', 300, false, 1],
      ['42', '无坐标', 1230, true, 1],
    ]);
    expect(p.errors).toEqual([]);
  });

  it('rounds float noise in number cells but refuses real extra decimals', () => {
    const csvLike = (price: string) => {
      const sheet = `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>code</t></is></c><c t="inlineStr"><is><t>name</t></is></c><c t="inlineStr"><is><t>price</t></is></c></row><row r="2"><c t="inlineStr"><is><t>X</t></is></c><c t="inlineStr"><is><t>x</t></is></c><c><v>${price}</v></c></row></sheetData></worksheet>`;
      return makeZip({
        'xl/workbook.xml': '<workbook><sheets><sheet name="S" sheetId="1"/></sheets></workbook>',
        'xl/worksheets/sheet1.xml': sheet,
      });
    };
    expect(
      previewCatalogImport(t.store, csvLike('12.300000000000001'), { fileName: 'a.xlsx' }).items[0]!.priceFen,
    ).toBe(1230);
    expect(
      previewCatalogImport(t.store, csvLike('0.30000000000000004'), { fileName: 'a.xlsx' }).items[0]!.priceFen,
    ).toBe(30);
    expect(previewCatalogImport(t.store, csvLike('1.005'), { fileName: 'a.xlsx' }).errors[0]).toMatchObject({
      field: 'price',
      value: '1.005',
    });
  });

  it('refuses damaged and legacy workbooks clearly', () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
    expect(appError(() => previewCatalogImport(t.store, ole, { fileName: 'old.xlsx' })).message).toMatch(/\.xls/);
    const xlsx = fixture('catalog.xlsx');
    expect(
      appError(() => previewCatalogImport(t.store, xlsx.subarray(0, xlsx.length - 200), { fileName: 'cut.xlsx' }))
        .details,
    ).toMatchObject({
      reason: 'xlsx',
    });
    expect(() => readWorkbookParts(Buffer.from('hello'))).toThrow(XlsxError);
  });
});

describe('catalog import apply', () => {
  it('is all or nothing, updates existing codes, moves quick keys, and is audited', () => {
    const catalog = createCatalog({ store: t.store, now: () => t.clock.t });
    catalog.upsert({ code: '6901234567892', name: '旧名', priceFen: 150, businessType: 2 });
    catalog.upsert({ code: 'OLD', name: '旧商品', priceFen: 100, businessType: 2, quickKey: 3 });
    const p = previewCatalogImport(t.store, fixture('catalog-utf8-bom.csv'), { fileName: 'catalog-utf8-bom.csv' });
    expect(p).toMatchObject({ existingCount: 1, newCount: 3 });
    const r = applyCatalogImport(t.store, p, { now: () => t.clock.t, by: 'S01', fileName: 'catalog-utf8-bom.csv' });
    expect(r).toEqual({ inserted: 3, updated: 1, deactivated: 0 });
    expect(catalog.byCode('6901234567892')).toMatchObject({ name: '农夫山泉 550ml', priceFen: 200, quickKey: 1 });
    expect(catalog.byCode('OLD')).toMatchObject({ quickKey: null, active: true }); // key 3 moved to T-ADULT
    expect(catalog.byCode('T-ADULT')!.quickKey).toBe(3);
    expect(catalog.byCode('6901234567894')).toBeNull(); // imported inactive
    expect(catalog.byCode('6901234567894', { includeInactive: true })!.active).toBe(false);
    expect(listAudit(t.store, { action: 'catalog.import' })[0]).toMatchObject({
      operatorNo: 'S01',
      detail: { inserted: 3, updated: 1, format: 'csv' },
    });
  });

  it('replace mode deactivates what the file no longer lists, never deletes', () => {
    const catalog = createCatalog({ store: t.store, now: () => t.clock.t });
    catalog.upsert({ code: 'GONE', name: '下架', priceFen: 100, businessType: 2 });
    const p = previewCatalogImport(t.store, fixture('catalog.xlsx'), { fileName: 'catalog.xlsx' });
    const withoutBad = { ...p, errors: [] };
    const r = applyCatalogImport(t.store, withoutBad, { now: () => t.clock.t, mode: 'replace' });
    expect(r.deactivated).toBe(1);
    expect(catalog.byCode('GONE', { includeInactive: true })!.active).toBe(false);
  });

  it('rolls back every row when one fails in the database', () => {
    const p = previewCatalogImport(t.store, fixture('catalog-utf8-bom.csv'), { fileName: 'c.csv' });
    const broken = { ...p, items: [...p.items, { ...p.items[0]!, code: 'BAD', priceFen: -5, line: 99 }] };
    expect(() => applyCatalogImport(t.store, broken, { now: () => 1 })).toThrow(/CHECK/);
    expect(createCatalog({ store: t.store, now: () => 1 }).count({ includeInactive: true })).toBe(0);
  });
});

/** A minimal zip (deflated entries) for synthetic workbooks. */
function makeZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const raw = Buffer.from(content, 'utf8');
    const data = deflateRawSync(raw);
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(files).length, 8);
  eocd.writeUInt16LE(Object.keys(files).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
