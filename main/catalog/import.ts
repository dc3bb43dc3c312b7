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
import Papa from 'papaparse';
import { parseYuan } from '../../app/money.js';
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { itemProblems, MNEMONIC_RESET, type CatalogItemInput } from './catalog.js';
import { createMnemonicFiller } from './mnemonics.js';
import { readFirstSheet, XlsxError } from './xlsx.js';

export type ImportFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gbk';

export interface RowError {
  /** 1-based line (CSV: the physical line the record starts on) or row number (XLSX). */
  line: number;
  field: string;
  reason: string;
  value?: string;
}

export interface ImportPreview {
  format: ImportFormat;
  encoding: TextEncoding | null;
  /** Note for the person importing (e.g. the file was read as GBK). */
  notes: string[];
  /** Header → field mapping that was recognised. */
  columns: Record<string, string>;
  /** Data rows read (blank rows skipped). */
  totalRows: number;
  items: (CatalogItemInput & { line: number })[];
  errors: RowError[];
  /** Codes already in the catalog (will be updated) vs new. */
  existingCount: number;
  newCount: number;
}

export interface ImportOptions {
  fileName: string;
  /** Business type for rows without one. Default 2 (own retail). */
  defaultBusinessType?: number;
  /** Stop collecting errors after this many (the file is refused anyway). Default 200. */
  maxErrors?: number;
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

// ───────────────────────── text decoding ─────────────────────────

export function decodeText(buf: Buffer): { text: string; encoding: TextEncoding } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return { text: new TextDecoder('utf-16le').decode(swapped), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    /* not UTF-8 */
  }
  let gbk: InstanceType<typeof TextDecoder>;
  try {
    gbk = new TextDecoder('gb18030', { fatal: true });
  } catch {
    throw new AppError(
      'invalid-input',
      'the file is not UTF-8 (probably GBK); save it as "CSV UTF-8" and import again',
      { field: 'file', reason: 'encoding' },
    );
  }
  try {
    return { text: gbk.decode(buf), encoding: 'gbk' };
  } catch {
    throw new AppError(
      'invalid-input',
      'the file is neither UTF-8 nor GBK text; save it as "CSV UTF-8" and import again',
      { field: 'file', reason: 'encoding' },
    );
  }
}

// ───────────────────────── CSV (RFC 4180) ─────────────────────────

export interface CsvRecord {
  line: number;
  fields: string[];
}

export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Parse CSV text (papaparse). Throws (with the line) on a quote that is never closed, text
 * after a closing quote, or a quote inside an unquoted field. Records that are entirely empty
 * are skipped. Each record keeps the physical line it starts on (quoted fields may span lines).
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvRecord[] {
  const out: CsvRecord[] = [];
  let start = 0;
  let line = 1;
  let failure: AppError | null = null;
  const fail = (reason: string, at: number) =>
    new AppError('invalid-input', `line ${at}: ${reason}`, { field: 'file', line: at });
  Papa.parse<string[]>(text, {
    delimiter,
    quoteChar: '"',
    escapeChar: '"',
    step: (row, parser) => {
      const end = row.meta.cursor;
      const raw = text.slice(start, end);
      const errors = row.errors.map((e) => e.code);
      if (errors.includes('InvalidQuotes')) failure = fail('text after a closing quote', line);
      else if (errors.includes('MissingQuotes')) failure = fail('a quoted field is never closed', line);
      else if (errors.length > 0) failure = fail(row.errors[0]!.message, line);
      else {
        // papaparse keeps a stray quote in an unquoted field as text; RFC 4180 does not allow it.
        const stray = row.data.some((f) => f.includes('"') && !raw.includes(`"${f.replace(/"/g, '""')}"`));
        if (stray) failure = fail('a quote inside an unquoted field', line);
      }
      if (failure) {
        parser.abort();
        return;
      }
      if (!(row.data.length === 1 && row.data[0] === '')) out.push({ line, fields: row.data });
      line += raw.match(/\r\n|\r|\n/g)?.length ?? 0;
      start = end;
    },
  });
  if (failure) throw failure;
  return out;
}

// ───────────────────────── mapping ─────────────────────────

const HEADER_ALIASES: Record<string, string[]> = {
  code: ['code', 'barcode', 'sku', 'itemcode', '编码', '条码', '商品编码', '商品条码', '货号', '编号'],
  name: ['name', 'itemname', 'productname', '名称', '商品名称', '品名', '商品名', '项目名称'],
  price: ['price', 'unitprice', 'priceyuan', '价格', '单价', '售价', '零售价', '价格元', '单价元', '售价元'],
  businessType: ['businesstype', 'business_type', 'type', '业务类型'],
  quickKey: ['quickkey', 'quick_key', 'hotkey', '快捷键'],
  active: ['active', 'enabled', 'status', '启用', '状态', '是否启用'],
};

function normaliseHeader(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s()（）\-_]/g, '')
    .replace(/^\ufeff/, '');
}

function mapColumns(header: string[]): {
  index: Record<string, number>;
  columns: Record<string, string>;
  missing: string[];
} {
  const index: Record<string, number> = {};
  const columns: Record<string, string> = {};
  header.forEach((h, i) => {
    const norm = normaliseHeader(h);
    for (const [field, aliases] of Object.entries(HEADER_ALIASES)) {
      if (index[field] === undefined && aliases.some((a) => normaliseHeader(a) === norm)) {
        index[field] = i;
        columns[h.trim()] = field;
      }
    }
  });
  const missing = ['code', 'name', 'price'].filter((f) => index[f] === undefined);
  return { index, columns, missing };
}

function parseActive(v: string): boolean | null {
  const s = v.trim().toLowerCase();
  if (s === '') return true;
  if (['1', 'y', 'yes', 'true', '是', '启用', '在售', 'active'].includes(s)) return true;
  if (['0', 'n', 'no', 'false', '否', '停用', '停售', 'inactive'].includes(s)) return false;
  return null;
}

/** A price cell from XLSX may be a float with binary noise (12.300000000000001). */
function priceFromNumberCell(text: string): number | null {
  const x = Number(text);
  if (!Number.isFinite(x) || x < 0) return null;
  const fen = Math.round(x * 100);
  if (Math.abs(fen - x * 100) > 1e-6 * Math.max(1, Math.abs(x * 100))) return null;
  return Number.isSafeInteger(fen) ? fen : null;
}

interface Cell {
  text: string;
  numeric: boolean;
}

function buildPreview(
  format: ImportFormat,
  encoding: TextEncoding | null,
  notes: string[],
  rows: { line: number; cells: Cell[] }[],
  opts: ImportOptions,
  existing: (codes: string[]) => number,
): ImportPreview {
  const maxErrors = opts.maxErrors ?? 200;
  const defaultType = opts.defaultBusinessType ?? 2;
  const errors: RowError[] = [];
  const addError = (e: RowError) => {
    if (errors.length < maxErrors) errors.push(e);
  };
  const header = rows[0];
  if (!header) throw new AppError('invalid-input', 'the file is empty', { field: 'file', reason: 'empty' });
  const { index, columns, missing } = mapColumns(header.cells.map((c) => c.text));
  if (missing.length > 0) {
    throw new AppError(
      'invalid-input',
      `missing column(s): ${missing.join(', ')} (header: ${header.cells.map((c) => c.text).join(' | ')})`,
      {
        field: 'header',
        missing,
        line: header.line,
      },
    );
  }
  const data = rows.slice(1).filter((r) => r.cells.some((c) => c.text.trim() !== ''));
  if (data.length > MAX_IMPORT_ROWS) {
    throw new AppError('invalid-input', `at most ${MAX_IMPORT_ROWS} rows per import`, {
      field: 'file',
      max: MAX_IMPORT_ROWS,
    });
  }
  const items: ImportPreview['items'] = [];
  const seen = new Map<string, number>();
  const keys = new Map<number, number>();
  for (const r of data) {
    const cell = (f: string): Cell =>
      index[f] === undefined ? { text: '', numeric: false } : (r.cells[index[f]!] ?? { text: '', numeric: false });
    const code = cell('code').text.trim();
    const name = cell('name').text.trim();
    const priceCell = cell('price');
    let priceFen: number = NaN;
    const rowErrors: RowError[] = [];
    if (priceCell.numeric) {
      const f = priceFromNumberCell(priceCell.text);
      if (f === null)
        rowErrors.push({
          line: r.line,
          field: 'price',
          reason: 'not a price in yuan with at most 2 decimals',
          value: priceCell.text,
        });
      else priceFen = f;
    } else {
      const p = parseYuan(priceCell.text.replace(/元$/, ''), { allowZero: true });
      if (p.ok) priceFen = p.fen;
      else rowErrors.push({ line: r.line, field: 'price', reason: `price: ${p.error.reason}`, value: priceCell.text });
    }
    const typeText = cell('businessType').text.trim();
    const businessType = typeText === '' ? defaultType : Number(typeText);
    const keyText = cell('quickKey').text.trim();
    const quickKey = keyText === '' ? null : Number(keyText);
    const active = parseActive(cell('active').text);
    if (active === null)
      rowErrors.push({
        line: r.line,
        field: 'active',
        reason: 'use 1/0, 是/否 or 启用/停用',
        value: cell('active').text,
      });
    const item: CatalogItemInput = { code, name, priceFen, businessType, quickKey, active: active ?? true };
    for (const p of itemProblems(item)) {
      if (p.field === 'price' && rowErrors.some((e) => e.field === 'price')) continue;
      const value =
        p.field === 'businessType'
          ? typeText
          : p.field === 'quickKey'
            ? keyText
            : p.field === 'code'
              ? code
              : p.field === 'name'
                ? name
                : priceCell.text;
      rowErrors.push({ line: r.line, field: p.field, reason: p.reason, value });
    }
    if (code !== '' && seen.has(code))
      rowErrors.push({ line: r.line, field: 'code', reason: `duplicate of line ${seen.get(code)}`, value: code });
    if (quickKey !== null && Number.isInteger(quickKey) && keys.has(quickKey)) {
      rowErrors.push({
        line: r.line,
        field: 'quickKey',
        reason: `quick key also used on line ${keys.get(quickKey)}`,
        value: keyText,
      });
    }
    if (code !== '' && !seen.has(code)) seen.set(code, r.line);
    if (quickKey !== null && Number.isInteger(quickKey) && !keys.has(quickKey)) keys.set(quickKey, r.line);
    if (rowErrors.length > 0) rowErrors.forEach(addError);
    else items.push({ ...item, name, line: r.line });
  }
  const existingCount = existing(items.map((i) => i.code));
  if (errors.length >= maxErrors) notes.push(`only the first ${maxErrors} errors are listed`);
  return {
    format,
    encoding,
    notes,
    columns,
    totalRows: data.length,
    items,
    errors,
    existingCount,
    newCount: items.length - existingCount,
  };
}

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
