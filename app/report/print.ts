import { hoursChartSvg, tendersChartSvg } from './chart.js';
import type { ReportSection, ReportView } from './view.js';

/**
 * The print view of a report, for A4 paper (office printer, "save as PDF") and 80 mm thermal
 * paper (the counter's receipt printer). Pure HTML text built from the same ReportView as the
 * screen and the exports, with an explicit page size (drivers otherwise print a strip of an A4
 * page on a roll, a known failure elsewhere).
 *
 * - `html`: a whole document with its own stylesheet. The Electron shell prints it to PDF
 *   with `webContents.printToPDF({ pageSize })` (see main/reports/pdf.ts for the hook).
 * - `pageCss` + `css` + `body`: the same report in parts, for a page whose CSP forbids inline
 *   styles: the renderer adopts the CSS as a constructed stylesheet and prints the page.
 * Every value is HTML-escaped.
 */

export type ReportPaper = 'a4' | '80mm';

export interface ReportPrint {
  paper: ReportPaper;
  html: string;
  /** `@page` rule only. */
  pageCss: string;
  /** Styles of the report body (scoped under `.cp-report`). */
  css: string;
  body: string;
  /** For Electron's printToPDF / print({ pageSize }), in microns. */
  pageSizeMicrons: { width: number; height: number };
}

const e = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Columns kept on 80 mm paper: the label, the first count and the last money column. */
function narrowColumns(section: ReportSection): number[] {
  const keep = [0];
  const countCol = section.columns.findIndex((c, i) => i > 0 && c.type === 'count');
  let moneyCol = -1;
  section.columns.forEach((c, i) => {
    if (i > 0 && c.type === 'money') moneyCol = i;
  });
  if (countCol > 0) keep.push(countCol);
  if (moneyCol > 0) keep.push(moneyCol);
  if (keep.length === 1 && section.columns.length > 1) keep.push(1);
  return keep;
}

function sectionHtml(section: ReportSection, paper: ReportPaper): string {
  const cols = paper === 'a4' ? section.columns.map((_, i) => i) : narrowColumns(section);
  const head = cols.map((i) => {
    const c = section.columns[i]!;
    return `<th class="${c.type === 'text' ? 't' : 'n'}">${e(c.label)}</th>`;
  });
  const rows = section.rows.map((r) => {
    const cells = cols.map((i) => {
      const cell = r.cells[i];
      if (!cell) return '<td></td>';
      return `<td class="${cell.type === 'text' ? 't' : 'n'}">${e(cell.text)}</td>`;
    });
    return `<tr class="${r.emphasis ?? ''}" data-row="${e(r.key)}">${cells.join('')}</tr>`;
  });
  return `<section class="sec" data-section="${e(section.id)}"><h2>${e(section.title)}</h2><table><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

export function buildReportPrint(view: ReportView, paper: ReportPaper = 'a4'): ReportPrint {
  const a4 = paper === 'a4';
  const figures = view.figures
    .map(
      (f) =>
        `<div class="fig ${f.tone}" data-figure="${e(f.id)}"><div class="fl">${e(f.label)}</div><div class="fv">${e(f.cell.text)}</div></div>`,
    )
    .join('');
  const meta = view.meta
    .map((m) => `<div class="meta-row"><span class="ml">${e(m.label)}</span><span class="mv">${e(m.text)}</span></div>`)
    .join('');
  const warnings =
    view.warnings.length > 0
      ? `<ul class="warnings">${view.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>`
      : '';
  const charts = a4
    ? `<div class="charts">${hoursChartSvg(view.chart, { locale: view.locale, width: 680, height: 240 })}${tendersChartSvg(view.chart, { locale: view.locale, width: 680 })}</div>`
    : '';
  const sections = view.sections.map((s) => sectionHtml(s, paper)).join('');
  const body = `<article class="cp-report ${a4 ? 'a4' : 'roll'}" data-kind="${view.kind}"><h1>${e(view.title)}</h1><div class="meta">${meta}</div><div class="figs">${figures}</div>${warnings}${charts}${sections}</article>`;

  const font = `"Noto Sans CJK SC","Microsoft YaHei","PingFang SC","SimSun",sans-serif`;
  const css = [
    `.cp-report{box-sizing:border-box;color:#000;background:#fff;font-family:${font};}`,
    `.cp-report h1{margin:0 0 2mm;}`,
    `.cp-report h2{margin:4mm 0 1mm;font-size:1.05em;border-bottom:1px solid #000;}`,
    `.cp-report table{border-collapse:collapse;width:100%;}`,
    `.cp-report th,.cp-report td{padding:0.4mm 1mm;vertical-align:top;}`,
    `.cp-report th{font-weight:bold;border-bottom:1px solid #999;}`,
    `.cp-report .t{text-align:left;}.cp-report .n{text-align:right;white-space:nowrap;}`,
    `.cp-report tr.total td{font-weight:bold;border-top:1px solid #000;}`,
    `.cp-report tr.warn td{font-weight:bold;}`,
    `.cp-report .meta-row{display:flex;gap:3mm;break-inside:avoid;}`,
    `.cp-report .ml{color:#333;white-space:nowrap;min-width:18mm;}`,
    `.cp-report .figs{display:flex;flex-wrap:wrap;gap:1.5mm;margin:2mm 0;}`,
    `.cp-report .fig{border:1px solid #999;padding:1mm 2mm;}`,
    `.cp-report .fig.bad{border:2px solid #000;}`,
    `.cp-report .fl{font-size:0.85em;}.cp-report .fv{font-weight:bold;}`,
    `.cp-report .warnings{margin:2mm 0;padding-left:4mm;font-weight:bold;}`,
    `.cp-report section{break-inside:avoid;}`,
    `.cp-report .charts svg{display:block;max-width:100%;height:auto;margin:2mm 0;}`,
    a4
      ? `.cp-report.a4{width:186mm;font-size:10pt;}.cp-report.a4 h1{font-size:16pt;}.cp-report.a4 .meta{columns:2;column-gap:8mm;}`
      : `.cp-report.roll{width:72mm;margin:0 auto;padding:2mm 0;font-size:8.5pt;line-height:1.3;}.cp-report.roll h1{font-size:11pt;text-align:center;}.cp-report.roll .figs{display:block;}.cp-report.roll .fig{display:flex;justify-content:space-between;border:0;padding:0;}.cp-report.roll .fig.bad{border:0;}.cp-report.roll .meta-row{justify-content:space-between;}.cp-report.roll .ml{min-width:0;}`,
  ].join('');

  // Page size: A4 portrait; on a roll, tall enough for every row (no strip of an A4 page).
  const rowCount =
    view.sections.reduce((s, sec) => s + sec.rows.length + 2, 0) +
    view.meta.length * 2 +
    view.figures.length +
    view.warnings.length * 2 +
    6;
  const rollHeightMm = Math.max(120, Math.ceil(rowCount * 4.6 + 20));
  const pageCss = a4 ? `@page{size:A4 portrait;margin:12mm;}` : `@page{size:80mm ${rollHeightMm}mm;margin:0;}`;
  const pageSizeMicrons = a4 ? { width: 210_000, height: 297_000 } : { width: 80_000, height: rollHeightMm * 1000 };
  const lang = view.locale === 'zh-CN' ? 'zh-CN' : 'en';
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${e(view.title)} ${e(view.data.terminalNo)}</title><style>${pageCss}html,body{margin:0;padding:0;background:#fff;}${css}</style></head><body>${body}</body></html>`;
  return { paper, html, pageCss, css, body, pageSizeMicrons };
}
