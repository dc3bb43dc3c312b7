import type { ReportView } from '../../app/report/view.js';
import { reportTable, type Table, type TableCell } from './table.js';

/**
 * CSV for Excel (and everything else): UTF-8 with a byte-order mark (without it Excel on a
 * Chinese Windows reads UTF-8 as GBK and shows mojibake), CRLF line ends, RFC 4180 quoting.
 * Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a
 * leading apostrophe; numbers are written as plain numbers, so "-12.50" stays a number.
 */

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(cell: TableCell): string {
  if (cell === null) return '';
  if (cell.kind === 'number') return cell.text;
  let t = cell.text;
  if (FORMULA_START.test(t)) t = `'${t}`;
  return /[",\r\n]|^\s|\s$/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function tableToCsv(table: Table): string {
  const lines = table.rows.map((r) => r.cells.map(csvField).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** The report as CSV bytes (UTF-8 with BOM). */
export function reportCsv(view: ReportView): Buffer {
  return Buffer.from(tableToCsv(reportTable(view)), 'utf8');
}
