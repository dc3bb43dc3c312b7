/**
 * The catalog import template offered on the 商品导入 tab: the columns the importer reads
 * (main/catalog/import.ts, HEADER_ALIASES) under their Chinese names, and example rows a
 * supervisor overwrites. The XLSX goes through the project's writer (main/files/xlsx.ts), the
 * CSV through papaparse with a BOM (main/files/csv.ts), so Excel opens both right.
 * Codes are text (a 13-digit EAN must not become 6.90123E+12); prices are yuan with two places.
 */
import { tableToCsv } from '../files/csv.js';
import type { Table, TableCell } from '../files/table.js';
import { writeXlsx } from '../files/xlsx.js';

export const TEMPLATE_HEADER = ['编码', '名称', '价格(元)', '业务类型', '快捷键', '启用'] as const;

/** code, name, price (yuan), business type, quick key ('' = none), active (1/0). */
export const TEMPLATE_EXAMPLES: readonly (readonly [string, string, string, string, string, string])[] = [
  ['6901234567892', '矿泉水 550ml', '2.00', '2', '1', '1'],
  ['6954767410388', '可口可乐 Coke 330ml', '3.50', '2', '', '1'],
];

const text = (t: string): TableCell => ({ kind: 'text', text: t });
const num = (t: string, format: 'money' | 'integer'): TableCell =>
  t === '' ? null : { kind: 'number', text: t, format };

export function templateTable(): Table {
  return {
    name: '商品',
    widths: [18, 28, 10, 10, 8, 6],
    rows: [
      { style: 'header', cells: TEMPLATE_HEADER.map(text) },
      ...TEMPLATE_EXAMPLES.map(([code, name, price, type, key, active]) => ({
        style: 'normal' as const,
        cells: [
          text(code),
          text(name),
          num(price, 'money'),
          num(type, 'integer'),
          num(key, 'integer'),
          num(active, 'integer'),
        ],
      })),
    ],
  };
}

export function importTemplate(
  format: 'csv' | 'xlsx',
  modified?: Date,
): { fileName: string; mimeType: string; bytes: Buffer } {
  if (format === 'csv') {
    return {
      fileName: '商品导入模板.csv',
      mimeType: 'text/csv;charset=utf-8',
      bytes: Buffer.from(tableToCsv(templateTable()), 'utf8'),
    };
  }
  return {
    fileName: '商品导入模板.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: writeXlsx([templateTable()], modified ? { modified } : {}),
  };
}
