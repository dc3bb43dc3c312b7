import { fenToYuanString } from '../../app/money.js';
import type { ReportCell, ReportView } from '../../app/report/view.js';

/**
 * A report flattened into rows of cells: the one layout both export writers (CSV, XLSX) write,
 * so the two files have the same rows in the same places. Money is written as a decimal
 * number of yuan with two places (exactly the fen value: no floating point on the way), counts
 * as integers, everything else as text.
 */

export type TableCell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; /** A decimal literal, e.g. "-12.50", "3". */ text: string; format: 'money' | 'integer' }
  | null;

export type TableRowStyle = 'title' | 'section' | 'header' | 'total' | 'note' | 'normal';

export interface TableRow {
  style: TableRowStyle;
  cells: TableCell[];
}

export interface Table {
  name: string;
  rows: TableRow[];
  /** Suggested column widths in characters. */
  widths: number[];
}

const txt = (text: string): TableCell => ({ kind: 'text', text });

export function cellOf(c: ReportCell): TableCell {
  if (c.type === 'money') return { kind: 'number', text: fenToYuanString(c.value), format: 'money' };
  if (c.type === 'count') return { kind: 'number', text: String(c.value), format: 'integer' };
  return txt(c.value);
}

/** The report as rows: title, meta, headline figures, warnings, then every section with its header. */
export function reportTable(view: ReportView): Table {
  const rows: TableRow[] = [];
  const blank = (): void => {
    rows.push({ style: 'normal', cells: [] });
  };
  rows.push({ style: 'title', cells: [txt(view.title)] });
  for (const m of view.meta) rows.push({ style: 'normal', cells: [txt(m.label), txt(m.text)] });
  blank();
  for (const f of view.figures) rows.push({ style: 'normal', cells: [txt(f.label), cellOf(f.cell)] });
  if (view.warnings.length > 0) {
    blank();
    for (const w of view.warnings) rows.push({ style: 'note', cells: [txt(w)] });
  }
  for (const s of view.sections) {
    blank();
    rows.push({ style: 'section', cells: [txt(s.title)] });
    rows.push({ style: 'header', cells: s.columns.map((c) => txt(c.label)) });
    for (const r of s.rows)
      rows.push({ style: r.emphasis === 'total' ? 'total' : 'normal', cells: r.cells.map(cellOf) });
  }
  const widths: number[] = [];
  for (const r of rows) {
    if (r.style === 'title' || r.style === 'section' || r.style === 'note') continue;
    r.cells.forEach((c, i) => {
      if (!c) return;
      // CJK characters take two columns.
      const w = [...c.text].reduce((s, ch) => s + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
      widths[i] = Math.min(60, Math.max(widths[i] ?? 8, w + 2));
    });
  }
  return { name: view.title, rows, widths };
}
