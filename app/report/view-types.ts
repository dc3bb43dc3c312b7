import type { ReportLocale } from './labels.js';
import type { ReportData, ReportTenderKind } from './schema.js';

/**
 * The report as every output shows it: headline figures, then sections of rows. Built once
 * from ReportData by `buildReportView()` (./view.ts); the screen renders it, the print view
 * prints it, the CSV and XLSX writers write it. Every money cell keeps its exact value in fen
 * next to the text, so an export writes numbers (not text) and a test can compare any output
 * with the screen cell by cell.
 */

export type CellType = 'text' | 'money' | 'count';

export type ReportCell =
  | { type: 'money'; value: number; text: string }
  | { type: 'count'; value: number; text: string }
  | { type: 'text'; value: string; text: string };

export interface ReportColumn {
  key: string;
  label: string;
  type: CellType;
}

export interface ReportRow {
  /** Stable within its section (a tender kind, an operator number, 'total', …). */
  key: string;
  cells: ReportCell[];
  emphasis?: 'total' | 'warn';
}

export interface ReportSection {
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
}

export interface ReportFigure {
  id: string;
  label: string;
  cell: ReportCell;
  tone: 'normal' | 'ok' | 'warn' | 'bad';
}

export interface ReportMeta {
  key: string;
  label: string;
  text: string;
}

/** One stacked bar of the by-hour chart. */
export interface ChartHourBar {
  key: string;
  label: string;
  /** Net fen per tender kind in this hour. */
  byKind: Record<ReportTenderKind, number>;
  totalFen: number;
  count: number;
}

export interface ReportChart {
  hours: ChartHourBar[];
  /** Whether hours of different days were folded into hours of the day (range reports). */
  foldedByHourOfDay: boolean;
  tenders: { kind: ReportTenderKind; label: string; netFen: number; count: number }[];
}

export interface ReportView {
  locale: ReportLocale;
  kind: ReportData['kind'];
  title: string;
  meta: ReportMeta[];
  figures: ReportFigure[];
  warnings: string[];
  sections: ReportSection[];
  chart: ReportChart;
  /** The data the view was built from (the exports keep the terminal and times from it). */
  data: ReportData;
}

export interface BuildViewOptions {
  locale?: ReportLocale;
  /** For a Z report whose ledger changed after it was issued (see report.z). */
  amended?: boolean;
}
