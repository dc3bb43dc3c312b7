import { formatMoney } from './format.js';
import { reportLabel, type ReportLocale } from './labels.js';
import { TENDER_KINDS, type ReportTenderKind } from './schema.js';
import type { ReportChart } from './view.js';

/**
 * Charts of a report as SVG text, drawn here without a chart library: takings by hour
 * (stacked by tender) and takings by tender (horizontal bars). Pure string building: the
 * screen inserts the same SVG the print view prints. Only presentation attributes are used
 * (no `style` attributes, no script), so a strict CSP (`style-src 'self'`) accepts it; every
 * text is XML-escaped.
 */

export const TENDER_COLORS: Readonly<Record<ReportTenderKind, string>> = {
  barcode: '#2f6fdf',
  cash: '#2e9e5b',
  'stored-value': '#d98a1c',
  'campus-qr': '#8a4fc7',
};

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A "nice" axis maximum ≥ v (1, 2, 2.5, 5 × 10^k), in fen; at least ¥1. */
export function niceMax(v: number): number {
  const floor = 100;
  if (v <= floor) return floor;
  const exp = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= v) return Math.round(m * exp);
  return Math.round(10 * exp);
}

/** Short money for axis labels: ¥1.2万 / ¥850 (zh) or ¥12k (en). */
function axisMoney(fen: number, locale: ReportLocale): string {
  const yuan = fen / 100;
  if (locale === 'zh-CN' && Math.abs(yuan) >= 10_000) return `¥${trim(yuan / 10_000)}万`;
  if (locale === 'en' && Math.abs(yuan) >= 1_000) return `¥${trim(yuan / 1_000)}k`;
  return `¥${trim(yuan)}`;
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(n >= 10 ? 1 : 2).replace(/\.?0+$/, '');
}

export interface ChartOptions {
  locale?: ReportLocale;
  width?: number;
  height?: number;
}

/** Takings by hour, stacked by tender kind. Negative (refund-heavy) parts are not drawn; the total label is net. */
export function hoursChartSvg(chart: ReportChart, opts: ChartOptions = {}): string {
  const locale = opts.locale ?? 'zh-CN';
  const W = opts.width ?? 720;
  const H = opts.height ?? 260;
  const m = { top: 28, right: 12, bottom: 44, left: 64 };
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  const title = reportLabel(locale, 'chart.hours');
  const bars = chart.hours;
  const stackTop = (b: (typeof bars)[number]) => TENDER_KINDS.reduce((s, k) => s + Math.max(0, b.byKind[k]), 0);
  const max = niceMax(Math.max(0, ...bars.map(stackTop)));
  const y = (fen: number) => m.top + plotH - (fen / max) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<text x="${m.left}" y="16" font-size="13" font-weight="bold" fill="#222">${esc(title)}</text>`,
  );
  // Legend.
  let lx = W - m.right;
  for (const k of [...TENDER_KINDS].reverse()) {
    const label = reportLabel(locale, `tender.${k}`);
    const w = 14 + label.length * (locale === 'zh-CN' ? 11 : 6.5) + 12;
    lx -= w;
    out.push(`<rect x="${lx.toFixed(1)}" y="7" width="10" height="10" fill="${TENDER_COLORS[k]}"/>`);
    out.push(`<text x="${(lx + 14).toFixed(1)}" y="16" fill="#333">${esc(label)}</text>`);
  }
  // Grid and y axis.
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const gy = y(v).toFixed(1);
    out.push(
      `<line x1="${m.left}" x2="${W - m.right}" y1="${gy}" y2="${gy}" stroke="${i === 0 ? '#888' : '#e3e3e3'}" stroke-width="1"/>`,
    );
    out.push(
      `<text x="${m.left - 6}" y="${(Number(gy) + 4).toFixed(1)}" text-anchor="end" fill="#555">${esc(axisMoney(v, locale))}</text>`,
    );
  }
  if (bars.length === 0) {
    out.push(
      `<text x="${m.left + plotW / 2}" y="${m.top + plotH / 2}" text-anchor="middle" fill="#888">${esc(reportLabel(locale, 'none'))}</text>`,
    );
  }
  const slot = bars.length > 0 ? plotW / bars.length : plotW;
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  const everyNth = Math.max(1, Math.ceil(bars.length / Math.max(1, Math.floor(plotW / 44))));
  bars.forEach((b, i) => {
    const x = m.left + i * slot + (slot - barW) / 2;
    let acc = 0;
    const tip = `${b.label} ${formatMoney(b.totalFen)}`;
    out.push(`<g data-hour="${esc(b.key)}"><title>${esc(tip)}</title>`);
    for (const k of TENDER_KINDS) {
      const v = Math.max(0, b.byKind[k]);
      if (v === 0) continue;
      const y0 = y(acc + v);
      const h = y(acc) - y0;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${barW.toFixed(1)}" height="${Math.max(0.5, h).toFixed(1)}" fill="${TENDER_COLORS[k]}"/>`,
      );
      acc += v;
    }
    out.push('</g>');
    if (i % everyNth === 0) {
      out.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${H - m.bottom + 14}" text-anchor="middle" fill="#444">${esc(b.label)}</text>`,
      );
    }
  });
  out.push('</svg>');
  return out.join('');
}

/** Takings by tender kind: one horizontal bar each, net amount and number of payments. */
export function tendersChartSvg(chart: ReportChart, opts: ChartOptions = {}): string {
  const locale = opts.locale ?? 'zh-CN';
  const W = opts.width ?? 720;
  const rowH = 30;
  const m = { top: 28, right: 150, bottom: 8, left: 110 };
  const H = opts.height ?? m.top + m.bottom + rowH * chart.tenders.length;
  const plotW = W - m.left - m.right;
  const title = reportLabel(locale, 'chart.tenders');
  const max = niceMax(Math.max(0, ...chart.tenders.map((t) => t.netFen)));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<text x="${m.left}" y="16" font-size="13" font-weight="bold" fill="#222">${esc(title)}</text>`,
  ];
  chart.tenders.forEach((t, i) => {
    const top = m.top + i * rowH;
    const w = (Math.max(0, t.netFen) / max) * plotW;
    out.push(`<g data-tender="${t.kind}">`);
    out.push(`<text x="${m.left - 8}" y="${top + 19}" text-anchor="end" fill="#333">${esc(t.label)}</text>`);
    out.push(`<rect x="${m.left}" y="${top + 6}" width="${plotW}" height="18" fill="#f1f1f1"/>`);
    if (w > 0)
      out.push(
        `<rect x="${m.left}" y="${top + 6}" width="${w.toFixed(1)}" height="18" fill="${TENDER_COLORS[t.kind]}"/>`,
      );
    out.push(
      `<text x="${W - m.right + 8}" y="${top + 19}" fill="#222">${esc(`${formatMoney(t.netFen)} · ${t.count}`)}</text>`,
    );
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('');
}
