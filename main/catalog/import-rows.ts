/** Catalog import: header → field mapping and row validation into a preview (see import.ts). */
import { parseYuan } from '../../app/money.js';
import { AppError } from '../../app/result.js';
import { itemProblems, type CatalogItemInput } from './catalog.js';
import {
  MAX_IMPORT_ROWS,
  type ImportFormat,
  type ImportOptions,
  type ImportPreview,
  type RowError,
  type TextEncoding,
} from './import-types.js';

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

export interface Cell {
  text: string;
  numeric: boolean;
}

export function buildPreview(
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
