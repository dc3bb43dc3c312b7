import { TENDER_KINDS, type ReportData } from './schema.js';
import { viewContext } from './view-context.js';
import { viewFigures, viewMeta, viewWarnings } from './view-head.js';
import { chartHours } from './view-hours.js';
import { addMoneySections } from './view-sales.js';
import { addStatusSections } from './view-status.js';
import { addDiscountSection } from './view-discounts.js';
import type { BuildViewOptions, ReportChart, ReportSection, ReportView } from './view-types.js';

/**
 * The report view: `buildReportView()` turns ReportData into what every output shows (the
 * types are in ./view-types.ts). The head is built in ./view-head.ts, the money sections in
 * ./view-sales.ts, the bill and payment sections in ./view-status.ts, the hours in ./view-hours.ts.
 */

export type * from './view-types.js';
export { chartHours } from './view-hours.js';

/** Build the view of a report. Pure and deterministic: the same data gives the same view. */
export function buildReportView(data: ReportData, opts: BuildViewOptions = {}): ReportView {
  const locale = opts.locale ?? 'zh-CN';
  const c = viewContext(data, locale);
  const { L } = c;
  const meta = viewMeta(c);
  const figures = viewFigures(c);
  const warnings = viewWarnings(c, opts.amended === true);
  const sections: ReportSection[] = [];
  const hours = chartHours(data, locale);
  addMoneySections(c, sections, hours);
  addDiscountSection(c, sections);
  addStatusSections(c, sections, warnings);

  const chart: ReportChart = {
    hours: hours.bars,
    foldedByHourOfDay: hours.folded,
    tenders: TENDER_KINDS.map((kind) => {
      const t = data.tenders.find((x) => x.kind === kind);
      return { kind, label: L(`tender.${kind}`), netFen: t?.netFen ?? 0, count: t?.salesCount ?? 0 };
    }),
  };

  return {
    locale,
    kind: data.kind,
    title: L(data.kind === 'x' ? 'title.x' : data.kind === 'z' ? 'title.z' : 'title.range'),
    meta,
    figures,
    warnings,
    sections,
    chart,
    data,
  };
}

/** A section by id (tests and exports). */
export function findSection(view: ReportView, id: string): ReportSection | undefined {
  return view.sections.find((s) => s.id === id);
}
