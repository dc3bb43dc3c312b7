import Papa from 'papaparse';
import type { ReportView } from '../../app/report/view.js';
import { reportTable, type Table, type TableCell } from './table.js';

/**
 * CSV for Excel (and everything else): UTF-8 with a byte-order mark (without it Excel on a
 * Chinese Windows reads UTF-8 as GBK and shows mojibake), CRLF line ends, RFC 4180 quoting
 * (papaparse's unparse; it also quotes text with leading or trailing white space).
 * Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a
 * leading apostrophe; numbers are written as plain numbers, so "-12.50" stays a number.
 */

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

const UNPARSE: Papa.UnparseConfig = {
  newline: '\r\n',
  // Our own formula guard below: papaparse's would also quote the field, and cannot tell numbers from text.
  escapeFormulae: false,
  quotes: (value: unknown) => typeof value === 'string' && /^\s|\s$/.test(value),
};

/** The text written for one cell, before quoting. */
function cellText(cell: TableCell): string {
  if (cell === null) return '';
  if (cell.kind === 'number') return cell.text;
  return FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text;
}

export function csvField(cell: TableCell): string {
  return Papa.unparse([[cellText(cell)]], UNPARSE);
}

export function tableToCsv(table: Table): string {
  return (
    BOM +
    Papa.unparse(
      table.rows.map((r) => r.cells.map(cellText)),
      UNPARSE,
    ) +
    '\r\n'
  );
}

/** The report as CSV bytes (UTF-8 with BOM). */
export function reportCsv(view: ReportView): Buffer {
  return Buffer.from(tableToCsv(reportTable(view)), 'utf8');
}
