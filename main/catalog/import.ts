/**
 * Catalog import from CSV or XLSX: parse → preview (items + per-row errors) → apply
 * (all or nothing, one transaction).
 *
 * Files:
 *  - CSV: RFC 4180 (quoted fields, doubled quotes, newlines inside quotes, CRLF or LF);
 *    delimiter comma, tab or semicolon (detected from the header line); UTF-8 with or
 *    without BOM, UTF-16 with BOM (Excel's "Unicode text"), and GBK/GB18030 (what Excel
 *    on Chinese Windows writes for "CSV") — detected when the bytes are not valid UTF-8,
 *    and reported in the preview so the installer can confirm the text reads right.
 *  - XLSX: the first worksheet (see xlsx.ts).
 *
 * Columns (header row, any order, Chinese or English, case-insensitive):
 *   code 编码/条码/商品编码/货号 · name 名称/商品名称/品名 · price 价格/单价/售价 (yuan)
 *   businessType 业务类型 (optional, default from options) · quickKey 快捷键 (optional)
 *   active 启用/状态 (optional: 1/0, yes/no, true/false, 是/否, 启用/停用)
 */
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { MNEMONIC_RESET } from './catalog.js';
import { decodeText, parseCsv } from './import-csv.js';
import { buildPreview } from './import-rows.js';
import { MAX_IMPORT_BYTES, type ImportOptions, type ImportPreview } from './import-types.js';
import { createMnemonicFiller } from './mnemonics.js';
import { readFirstSheet, XlsxError } from './xlsx.js';

export { decodeText, detectDelimiter, parseCsv, type CsvRecord } from './import-csv.js';
export {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  type ImportFormat,
  type ImportOptions,
  type ImportPreview,
  type RowError,
  type TextEncoding,
} from './import-types.js';

/** Parse a catalog file into a preview. Nothing is written. */
export function previewCatalogImport(store: Store, file: Buffer, opts: ImportOptions): ImportPreview {
  if (file.length > MAX_IMPORT_BYTES)
    throw new AppError('invalid-input', `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, {
      field: 'file',
    });
  const lower = opts.fileName.toLowerCase();
  const isZip = file.length >= 4 && file.readUInt32LE(0) === 0x04034b50;
  const existsStmt = store.db.prepare('SELECT 1 FROM catalog_items WHERE code = ?').pluck();
  const existing = (codes: string[]) => codes.reduce((n, c) => n + (existsStmt.get(c) ? 1 : 0), 0);

  if (lower.endsWith('.xlsx') || isZip) {
    let sheet;
    try {
      sheet = readFirstSheet(file);
    } catch (e) {
      if (e instanceof XlsxError)
        throw new AppError('invalid-input', `cannot read the workbook: ${e.message}`, {
          field: 'file',
          reason: 'xlsx',
        });
      throw e;
    }
    const rows = sheet.rows.map((r) => ({
      line: r.rowNumber,
      cells: r.cells.map((c) => ({ text: c.text, numeric: c.type === 'number' })),
    }));
    return buildPreview('xlsx', null, [`sheet: ${sheet.name}`], rows, opts, existing);
  }
  if (lower.endsWith('.xls'))
    throw new AppError('invalid-input', 'old .xls files are not supported: save as .xlsx or CSV UTF-8', {
      field: 'file',
      reason: 'xls',
    });
  const { text, encoding } = decodeText(file);
  const notes: string[] = [];
  if (encoding === 'gbk')
    notes.push('the file was read as GBK (Chinese Windows encoding): check that the names below read correctly');
  const records = parseCsv(text);
  const rows = records.map((r) => ({ line: r.line, cells: r.fields.map((f) => ({ text: f, numeric: false })) }));
  return buildPreview('csv', encoding, notes, rows, opts, existing);
}

export interface ApplyResult {
  inserted: number;
  updated: number;
  /** Items deactivated because they were missing from the file (mode 'replace'). */
  deactivated: number;
}

/**
 * Apply a preview: all rows or none. Refused when the preview has errors.
 * mode 'merge' (default) inserts and updates; 'replace' also deactivates every active item
 * missing from the file (never deletes: old bills refer to codes).
 */
export function applyCatalogImport(
  store: Store,
  preview: ImportPreview,
  opts: { now: () => number; by?: string | null; mode?: 'merge' | 'replace'; fileName?: string },
): ApplyResult {
  if (preview.errors.length > 0) {
    throw new AppError('invalid-input', `the file has ${preview.errors.length} error(s); fix them and preview again`, {
      field: 'file',
      errors: preview.errors.slice(0, 20),
    });
  }
  const { db } = store;
  const at = opts.now();
  const exists = db.prepare('SELECT 1 FROM catalog_items WHERE code = ?').pluck();
  const clearKey = db.prepare('UPDATE catalog_items SET quick_key = NULL, updated_at = ? WHERE quick_key = ?');
  const upsert = db.prepare(
    `INSERT INTO catalog_items (code, name, price_fen, business_type, quick_key, active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET ${MNEMONIC_RESET}, name = excluded.name, price_fen = excluded.price_fen, business_type = excluded.business_type,
       quick_key = excluded.quick_key, active = excluded.active, updated_at = excluded.updated_at`,
  );
  const mnemonics = createMnemonicFiller(store);
  return store.tx(() => {
    let inserted = 0;
    let updated = 0;
    // Free every quick key the file assigns first, so keys can move between items.
    for (const it of preview.items)
      if (it.quickKey !== null && it.quickKey !== undefined) clearKey.run(at, it.quickKey);
    for (const it of preview.items) {
      if (exists.get(it.code)) updated++;
      else inserted++;
      upsert.run(it.code, it.name, it.priceFen, it.businessType, it.quickKey ?? null, it.active === false ? 0 : 1, at);
    }
    // 助记码 of the new items and of the renamed ones, in the same transaction.
    mnemonics.fill();
    let deactivated = 0;
    if (opts.mode === 'replace') {
      db.exec('CREATE TEMP TABLE IF NOT EXISTS import_codes (code TEXT PRIMARY KEY)');
      db.exec('DELETE FROM temp.import_codes');
      const put = db.prepare('INSERT OR IGNORE INTO temp.import_codes (code) VALUES (?)');
      for (const it of preview.items) put.run(it.code);
      deactivated = db
        .prepare(
          'UPDATE catalog_items SET active = 0, quick_key = NULL, updated_at = ? WHERE active = 1 AND code NOT IN (SELECT code FROM temp.import_codes)',
        )
        .run(at).changes;
      db.exec('DELETE FROM temp.import_codes');
    }
    audit(store, {
      action: 'catalog.import',
      operatorNo: opts.by ?? null,
      subject: 'catalog',
      detail: {
        fileName: opts.fileName ?? null,
        format: preview.format,
        encoding: preview.encoding,
        inserted,
        updated,
        deactivated,
        mode: opts.mode ?? 'merge',
      },
    });
    return { inserted, updated, deactivated };
  });
}
