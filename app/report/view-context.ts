import { formatCount, formatMoney, formatReportTime } from './format.js';
import { reportLabel, type ReportLabelKey, type ReportLocale } from './labels.js';
import type { ReportData } from './schema.js';
import type { CellType, ReportCell, ReportColumn, ReportRow, ReportSection } from './view-types.js';

/** What every part of the view is built with: the data, its locale's labels, its local times. */
export interface ViewContext {
  data: ReportData;
  locale: ReportLocale;
  L(key: ReportLabelKey, params?: Record<string, string | number>): string;
  /** A time in the report's own UTC offset. */
  time(ms: number): string;
  col(key: string, label: ReportLabelKey, type: CellType): ReportColumn;
}

export function viewContext(data: ReportData, locale: ReportLocale): ViewContext {
  const L = (key: ReportLabelKey, params?: Record<string, string | number>) => reportLabel(locale, key, params);
  const off = data.utcOffsetMinutes;
  const time = (ms: number) => formatReportTime(ms, off);
  const col = (key: string, label: ReportLabelKey, type: CellType): ReportColumn => ({ key, label: L(label), type });
  return { data, locale, L, time, col };
}

/** −n without a negative zero. */
export const neg = (n: number): number => (n === 0 ? 0 : -n);
export const money = (fen: number): ReportCell => ({
  type: 'money',
  value: fen === 0 ? 0 : fen,
  text: formatMoney(fen),
});
export const count = (n: number): ReportCell => ({ type: 'count', value: n, text: formatCount(n) });
export const text = (s: string): ReportCell => ({ type: 'text', value: s, text: s });

/**
 * A section whose last row is its total: the total label, then each count or money column
 * summed over the rows (a text column stays empty).
 */
export function totalledSection(
  c: ViewContext,
  id: string,
  title: ReportLabelKey,
  columns: ReportColumn[],
  rows: ReportRow[],
): ReportSection {
  const sum = (i: number) => rows.reduce((s, r) => s + (r.cells[i]!.value as number), 0);
  const cells = columns.map((column, i): ReportCell => {
    if (i === 0) return text(c.L('row.total'));
    if (column.type === 'count') return count(sum(i));
    return column.type === 'money' ? money(sum(i)) : text('');
  });
  return { id, title: c.L(title), columns, rows: [...rows, { key: 'total', emphasis: 'total', cells }] };
}
