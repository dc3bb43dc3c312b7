import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  IMPORT_PART_BYTES,
  IMPORT_PREVIEW_TTL_MS,
  type ImportPreviewView,
  type ImportResult,
} from '../../app/contract/catalog-import.js';
import { createCatalog, type Catalog } from '../catalog/catalog.js';
import { silentLogger } from '../log.js';
import { createSessionService } from '../session/session-service.js';
import { createTerminalSettings } from '../session/terminal-settings.js';
import { audit, listAudit } from '../store/audit.js';
import { createOperatorService } from '../store/operators.js';
import { createSettings } from '../store/settings.js';
import { createShiftService } from '../store/shifts.js';
import { tempStore, TEST_EPOCH, type TempStore } from '../store/test-helpers.js';
import { createCatalogImportHandlers, rowErrorKind } from './catalog.js';
import { createDispatch, type CallContext, type Dispatch, type HandlerMap } from './dispatch.js';
import { createSessionHandlers } from './session.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'catalog', 'fixtures');
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const fixture64 = (name: string) => readFileSync(join(fixtures, name)).toString('base64');

const CHEAP = { N: 1024, r: 8, p: 1, keyLength: 32 };
const SUP_PIN = { supervisorNo: 'S01', supervisorPin: '9876' };

describe('catalog import commands through dispatch (real store, sessions, supervisor access)', () => {
  let t: TempStore;
  let dispatch: Dispatch;
  let catalog: Catalog;
  const office: CallContext = { transport: 'memory', connectionId: 'office' };
  const counter: CallContext = { transport: 'memory', connectionId: 'counter' };

  async function call<T = unknown>(command: string, input: unknown, ctx = office): Promise<T> {
    const r = await dispatch(command, input, ctx);
    if (!r.ok)
      throw Object.assign(new Error(`${command}: ${r.error.code} ${r.error.message ?? ''}`), {
        code: r.error.code,
        details: r.error.details,
      });
    return r.value as T;
  }
  async function fails(
    command: string,
    input: unknown,
    ctx = office,
  ): Promise<{ code: string; message?: string; details?: Record<string, unknown> }> {
    const r = await dispatch(command, input, ctx);
    if (r.ok) throw new Error(`${command} should have failed`);
    return r.error;
  }
  const preview = (csv: string, mode: 'merge' | 'replace' = 'merge', ctx = office, fileName = 'items.csv') =>
    call<ImportPreviewView>('catalog.importPreview', { fileName, mode, contentBase64: b64(csv) }, ctx);
  const count = () => catalog.count({ includeInactive: true });

  beforeEach(async () => {
    t = tempStore();
    const { store } = t;
    const now = () => t.clock.t;
    // Sessions on their own clock: moving the import's clock past a preview's expiry must not lock the screen.
    const sessionNow = () => TEST_EPOCH;
    const operators = createOperatorService({ store, now: sessionNow, scrypt: CHEAP });
    await operators.add({ operatorNo: 'C01', name: '收银员甲', role: 'cashier', pin: '1234' });
    await operators.add({ operatorNo: 'S01', name: '主管乙', role: 'supervisor', pin: '9876' });
    const shifts = createShiftService({ store, now: sessionNow });
    const settings = createTerminalSettings({
      settings: createSettings({ store, now: sessionNow }),
      defaults: { businessType: 1 },
    });
    const sessions = createSessionService({
      operators,
      shifts,
      settings,
      now: sessionNow,
      audit: (e) => audit(store, e),
    });
    const handlers = createCatalogImportHandlers({ store, now, log: silentLogger, defaultBusinessType: () => 1 });
    dispatch = createDispatch({ ...createSessionHandlers({ sessions }), ...handlers } as unknown as HandlerMap, {
      log: silentLogger,
      checkAccess: sessions.checkAccess,
    });
    catalog = createCatalog({ store, now });
    catalog.upsert({ code: 'KEEP', name: '不变', priceFen: 100, businessType: 2 });
    catalog.upsert({ code: 'PRICE', name: '改价', priceFen: 500, businessType: 2, quickKey: 5 });
    catalog.upsert({ code: 'OTHER', name: '不在文件里', priceFen: 300, businessType: 2, quickKey: 7 });
    await call('session.signIn', { operatorNo: 'S01', pin: '9876' }, office);
    await call('session.signIn', { operatorNo: 'C01', pin: '1234' }, counter);
  });
  afterEach(() => t.cleanup());

  const GOOD = 'code,name,price,quickKey\nKEEP,不变,1.00,\nPRICE,改价,6.50,5\nNEW1,新商品,12.30,7\n';

  it('previews new / changed / unchanged with the rows that change, then applies them all, audited', async () => {
    const p = await preview(GOOD);
    expect(p).toMatchObject({
      fileName: 'items.csv',
      mode: 'merge',
      format: 'csv',
      canApply: true,
      errors: [],
      changesTruncated: false,
    });
    expect(p.counts).toEqual({ rows: 3, new: 1, changed: 1, unchanged: 1, deactivated: 0, keyCleared: 1, errors: 0 });
    expect(p.changes.map((c) => [c.kind, c.line, c.code, c.fields])).toEqual([
      ['changed', 3, 'PRICE', ['priceFen']],
      ['new', 4, 'NEW1', ['name', 'priceFen', 'businessType', 'quickKey', 'active']],
      ['key-cleared', null, 'OTHER', ['quickKey']],
    ]);
    expect(p.changes[0]).toMatchObject({ before: { priceFen: 500 }, after: { priceFen: 650 } });
    expect(p.expiresAt).toBe(t.clock.t + IMPORT_PREVIEW_TTL_MS);
    // A preview writes nothing.
    expect(catalog.byCode('NEW1')).toBeNull();

    const r = await call<ImportResult>('catalog.importApply', { previewId: p.previewId });
    expect(r).toEqual({
      fileName: 'items.csv',
      mode: 'merge',
      new: 1,
      changed: 1,
      unchanged: 1,
      deactivated: 0,
      keyCleared: 1,
      activeItems: 4,
    });
    expect(catalog.byCode('NEW1')).toMatchObject({ name: '新商品', priceFen: 1230, quickKey: 7 });
    expect(catalog.byCode('PRICE')!.priceFen).toBe(650);
    expect(catalog.byCode('OTHER')!.quickKey).toBeNull();
    expect(catalog.search('新商品').map((i) => i.code)).toEqual(['NEW1']);
    expect(listAudit(t.store, { action: 'catalog.import' })[0]).toMatchObject({
      operatorNo: 'S01',
      detail: { fileName: 'items.csv', inserted: 1 },
    });
    // Used up.
    expect((await fails('catalog.importApply', { previewId: p.previewId })).details).toMatchObject({
      problem: 'preview-expired',
    });
  });

  it('keeps what the file has no column for (business type, quick key, active) on items it updates', async () => {
    catalog.setActive('KEEP', false);
    const p = await preview('编码,名称,价格\nPRICE,改价,7.00\nKEEP,不变,1.00\nFRESH,新的,2.00\n');
    expect(p.counts).toMatchObject({ new: 1, changed: 1, unchanged: 1, keyCleared: 0 });
    expect(p.changes.map((c) => [c.code, c.fields])).toEqual([
      ['PRICE', ['priceFen']],
      ['FRESH', ['name', 'priceFen', 'businessType', 'quickKey', 'active']],
    ]);
    await call('catalog.importApply', { previewId: p.previewId });
    expect(catalog.byCode('PRICE')).toMatchObject({ priceFen: 700, quickKey: 5, businessType: 2 });
    expect(catalog.byCode('KEEP', { includeInactive: true })!.active).toBe(false);
    // New items take the terminal's business type.
    expect(catalog.byCode('FRESH')).toMatchObject({ businessType: 1, quickKey: null, active: true });
  });

  it('lists every bad row with line, field and reason, and refuses to apply any of it', async () => {
    const p = await call<ImportPreviewView>('catalog.importPreview', {
      fileName: 'catalog-errors.csv',
      mode: 'merge',
      contentBase64: fixture64('catalog-errors.csv'),
    });
    expect(p.canApply).toBe(false);
    expect(p.counts).toMatchObject({ rows: 7, new: 1, errors: 6 });
    expect(p.errors.map((e) => [e.line, e.field, e.kind])).toEqual([
      [3, 'price', 'price-format'],
      [4, 'price', 'price-format'],
      [5, 'name', 'name-length'],
      [6, 'code', 'duplicate-code'],
      [7, 'businessType', 'business-type'],
      [8, 'quickKey', 'quick-key-range'],
    ]);
    expect(p.errors[3]).toMatchObject({ ref: 2, value: 'A1', reason: 'duplicate of line 2' });
    const before = count();
    const e = await fails('catalog.importApply', { previewId: p.previewId });
    expect(e).toMatchObject({ code: 'invalid-input', details: { problem: 'has-errors', errors: 6 } });
    expect(count()).toBe(before);
    expect(catalog.byCode('A1')).toBeNull();
  });

  it('names whole-file problems (missing columns, old .xls, empty) instead of rows', async () => {
    expect(
      (await fails('catalog.importPreview', { fileName: 'a.csv', mode: 'merge', contentBase64: b64('foo,bar\n1,2\n') }))
        .details,
    ).toMatchObject({
      problem: 'missing-columns',
      missing: ['code', 'name', 'price'],
    });
    expect(
      (await fails('catalog.importPreview', { fileName: 'a.csv', mode: 'merge', contentBase64: '' })).details,
    ).toMatchObject({ problem: 'empty' });
    expect(
      (
        await fails('catalog.importPreview', {
          fileName: 'a.csv',
          mode: 'merge',
          contentBase64: b64('code,name,price\nA,"open,1\n'),
        })
      ).details,
    ).toMatchObject({
      problem: 'csv-syntax',
      line: 2,
    });
    expect(
      (await fails('catalog.importPreview', { fileName: 'a.exe', mode: 'merge', contentBase64: b64('x') })).message,
    ).toMatch(/\.csv or \.xlsx/);
    // A header without rows previews but never applies (in replace mode it would switch everything off).
    const p = await preview('code,name,price\n', 'replace');
    expect(p).toMatchObject({ canApply: false, counts: { rows: 0, deactivated: 3 } });
    expect((await fails('catalog.importApply', { previewId: p.previewId })).details).toMatchObject({
      problem: 'empty',
    });
    expect(catalog.count()).toBe(3);
  });

  it('reads XLSX the same way', async () => {
    const p = await call<ImportPreviewView>('catalog.importPreview', {
      fileName: 'catalog.xlsx',
      mode: 'merge',
      contentBase64: fixture64('catalog.xlsx'),
    });
    expect(p).toMatchObject({ format: 'xlsx', sheet: '商品', encoding: null, counts: { new: 5, errors: 1 } });
    expect(p.errors[0]).toMatchObject({ line: 8, field: 'price', kind: 'price-empty' });
  });

  it('forgets a preview after its time, and keeps it to the connection that made it', async () => {
    const p = await preview(GOOD);
    expect((await fails('catalog.importApply', { previewId: p.previewId }, counter)).code).toBe('supervisor-required');
    expect(
      (await fails('catalog.importApply', { previewId: p.previewId, auth: SUP_PIN }, counter)).details,
    ).toMatchObject({ problem: 'preview-expired' });
    t.clock.t += IMPORT_PREVIEW_TTL_MS;
    expect((await fails('catalog.importApply', { previewId: p.previewId })).details).toMatchObject({
      problem: 'preview-expired',
    });
    expect(catalog.byCode('NEW1')).toBeNull();
    // Well-formed ids only.
    expect((await fails('catalog.importApply', { previewId: '../x' })).code).toBe('invalid-input');
  });

  it('refuses a cashier; a supervisor PIN on the cashier screen authorises', async () => {
    const input = { fileName: 'items.csv', mode: 'merge', contentBase64: b64(GOOD) };
    expect((await fails('catalog.importPreview', input, counter)).code).toBe('supervisor-required');
    expect(
      (
        await fails(
          'catalog.importPreview',
          { ...input, auth: { supervisorNo: 'C01', supervisorPin: '1234' } },
          counter,
        )
      ).code,
    ).toBe('supervisor-required');
    expect(
      (
        await fails(
          'catalog.importPreview',
          { ...input, auth: { supervisorNo: 'S01', supervisorPin: '0000' } },
          counter,
        )
      ).code,
    ).toBe('pin-wrong');
    const p = await call<ImportPreviewView>('catalog.importPreview', { ...input, auth: SUP_PIN }, counter);
    await call('catalog.importApply', { previewId: p.previewId, auth: SUP_PIN }, counter);
    expect(listAudit(t.store, { action: 'catalog.import' })[0]).toMatchObject({ operatorNo: 'S01' });
    expect(listAudit(t.store, { action: 'supervisor.authorise' }).length).toBeGreaterThanOrEqual(2);
    // Not signed in at all.
    expect((await fails('catalog.importPreview', input, { transport: 'memory', connectionId: 'nobody' })).code).toBe(
      'not-signed-in',
    );
  });

  it('limits the size: one call carries a part, an upload at most 10 MB; large files go in parts, in order', async () => {
    const tooBig = 'A'.repeat(4 * Math.ceil(IMPORT_PART_BYTES / 3) + 4);
    const e = await fails('catalog.importPreview', { fileName: 'big.csv', mode: 'merge', contentBase64: tooBig });
    expect(e.code).toBe('invalid-input');
    expect(e.message).toMatch(/512 KB/);
    expect(e.message).toMatch(/10 MB/);
    const e2 = await fails('catalog.importUpload', {
      fileName: 'big.csv',
      totalBytes: 11 * 1024 * 1024,
      offset: 0,
      contentBase64: b64('x'),
    });
    expect(e2.message).toMatch(/larger than 10 MB/);

    // A real catalog of 20 000 rows (≈ 0.7 MB) in parts.
    const lines = ['编码,名称,价格'];
    for (let i = 0; i < 20_000; i++)
      lines.push(
        `BULK${String(i).padStart(6, '0')},批量商品 第${i}号 加长的名称用来凑够大小,${(i % 900) + 1}.${String(i % 100).padStart(2, '0')}`,
      );
    const file = Buffer.from(lines.join('\r\n'), 'utf8');
    expect(file.length).toBeGreaterThan(IMPORT_PART_BYTES);
    let offset: number;
    // Out of order: refused.
    const first = await call<{ uploadId: string; complete: boolean }>('catalog.importUpload', {
      fileName: 'bulk.csv',
      totalBytes: file.length,
      offset: 0,
      contentBase64: file.subarray(0, IMPORT_PART_BYTES).toString('base64'),
    });
    const uploadId = first.uploadId;
    offset = IMPORT_PART_BYTES;
    expect(first.complete).toBe(false);
    expect(
      (
        await fails('catalog.importUpload', {
          uploadId,
          fileName: 'bulk.csv',
          totalBytes: file.length,
          offset: 7,
          contentBase64: b64('x'),
        })
      ).details,
    ).toMatchObject({
      problem: 'upload-order',
      expected: IMPORT_PART_BYTES,
    });
    // Preview before the last part: refused.
    expect(
      (await fails('catalog.importPreview', { fileName: 'bulk.csv', mode: 'merge', uploadId })).details,
    ).toMatchObject({ problem: 'upload-incomplete' });
    while (offset < file.length) {
      const part = file.subarray(offset, offset + IMPORT_PART_BYTES);
      const r = await call<{ uploadId: string; receivedBytes: number; complete: boolean }>('catalog.importUpload', {
        uploadId,
        fileName: 'bulk.csv',
        totalBytes: file.length,
        offset,
        contentBase64: part.toString('base64'),
      });
      offset = r.receivedBytes;
      expect(r.complete).toBe(offset === file.length);
    }
    const p = await call<ImportPreviewView>('catalog.importPreview', { fileName: 'bulk.csv', mode: 'merge', uploadId });
    expect(p.counts).toMatchObject({ rows: 20_000, new: 20_000, errors: 0 });
    expect(p.changes).toHaveLength(200);
    expect(p.changesTruncated).toBe(true);
    // The upload is used up by its preview.
    expect(
      (await fails('catalog.importPreview', { fileName: 'bulk.csv', mode: 'merge', uploadId })).details,
    ).toMatchObject({ problem: 'upload-unknown' });
    const r = await call<ImportResult>('catalog.importApply', { previewId: p.previewId });
    expect(r.new).toBe(20_000);
    expect(catalog.byCode('BULK019999')).toMatchObject({ priceFen: ((19_999 % 900) + 1) * 100 + 99 });
  });

  it('refuses to apply when the catalog changed after the preview, and writes nothing', async () => {
    const p = await preview(GOOD);
    catalog.upsert({ code: 'PRICE', name: '改价', priceFen: 520, businessType: 2, quickKey: 5 });
    const e = await fails('catalog.importApply', { previewId: p.previewId });
    expect(e.details).toMatchObject({ problem: 'catalog-changed' });
    expect(catalog.byCode('NEW1')).toBeNull();
    expect(catalog.byCode('PRICE')!.priceFen).toBe(520);
    expect(catalog.byCode('OTHER')!.quickKey).toBe(7);
    // A fresh preview shows the change and applies.
    const again = await preview(GOOD);
    expect(again.changes[0]).toMatchObject({ code: 'PRICE', before: { priceFen: 520 } });
    await call('catalog.importApply', { previewId: again.previewId });
    expect(catalog.byCode('PRICE')!.priceFen).toBe(650);
  });

  it('is all or nothing when the database refuses a row mid-way', async () => {
    const p = await preview('code,name,price\nZ1,第一,1.00\nZ2,第二,2.00\nZ3,第三,3.00\nPRICE,改价,9.99\n');
    t.store.db.exec(
      `CREATE TRIGGER no_z3 BEFORE INSERT ON catalog_items WHEN NEW.code = 'Z3' BEGIN SELECT RAISE(ABORT, 'refused by test'); END`,
    );
    const e = await fails('catalog.importApply', { previewId: p.previewId });
    expect(e.code).toBe('internal-error');
    expect(catalog.byCode('Z1')).toBeNull();
    expect(catalog.byCode('Z2')).toBeNull();
    expect(catalog.byCode('PRICE')!.priceFen).toBe(500);
    expect(count()).toBe(3);
    expect(listAudit(t.store, { action: 'catalog.import' })).toEqual([]);
  });

  it('replace mode lists and deactivates what the file no longer has (never deletes)', async () => {
    const p = await preview('code,name,price\nKEEP,不变,1.00\n', 'replace');
    expect(p.counts).toMatchObject({ unchanged: 1, deactivated: 2 });
    expect(p.changes.map((c) => [c.kind, c.code, c.fields])).toEqual([
      ['deactivated', 'OTHER', ['quickKey', 'active']],
      ['deactivated', 'PRICE', ['quickKey', 'active']],
    ]);
    const r = await call<ImportResult>('catalog.importApply', { previewId: p.previewId });
    expect(r).toMatchObject({ mode: 'replace', deactivated: 2, activeItems: 1 });
    expect(count()).toBe(3);
    expect(catalog.byCode('PRICE', { includeInactive: true })).toMatchObject({ active: false, quickKey: null });
  });
});

describe('rowErrorKind', () => {
  it('classifies the service reasons', () => {
    expect(rowErrorKind({ field: 'code', reason: 'duplicate of line 12' })).toEqual({
      kind: 'duplicate-code',
      ref: 12,
    });
    expect(rowErrorKind({ field: 'code', reason: '1–40 characters, no spaces' })).toEqual({
      kind: 'code-format',
      ref: null,
    });
    expect(rowErrorKind({ field: 'quickKey', reason: 'quick key also used on line 3' })).toEqual({
      kind: 'duplicate-quick-key',
      ref: 3,
    });
    expect(rowErrorKind({ field: 'price', reason: 'price: empty' }).kind).toBe('price-empty');
    expect(rowErrorKind({ field: 'active', reason: 'use 1/0' }).kind).toBe('active-format');
    expect(rowErrorKind({ field: 'weird', reason: '?' }).kind).toBe('other');
  });
});
