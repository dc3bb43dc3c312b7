import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReportTarget } from '../../../../app/contract/supervisor.js';
import { hoursChartSvg, tendersChartSvg } from '../../../../app/report/chart.js';
import { buildReportPrint, type ReportPaper } from '../../../../app/report/print.js';
import type { ReportData } from '../../../../app/report/schema.js';
import { buildReportView, type ReportSection } from '../../../../app/report/view.js';
import { errorText } from '../../i18n/index.js';
import { useT } from '../../i18n/useT.js';
import { downloadBase64, printReport, sheetOf } from './files.js';
import { isAppError, supCall, useSup } from './sup-store.js';
import { supText } from './texts.js';

/**
 * A report on screen: headline figures, warnings, the charts (SVG made by app/report/chart.ts),
 * then every section as a table — all from buildReportView, the same model the print view and
 * the exports use. Cells carry `data-value` (fen for money) so tests compare exact numbers.
 */

function SectionTable({ section }: { section: ReportSection }) {
  return (
    <section className="sup-section" data-testid={`report-section-${section.id}`}>
      <h3>{section.title}</h3>
      <div className="sup-table-wrap">
        <table className="sup-table">
          <thead>
            <tr>
              {section.columns.map((c) => (
                <th key={c.key} className={c.type === 'text' ? 'sup-t' : 'sup-n'}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {section.rows.map((r) => (
              <tr key={r.key} data-row={r.key} className={r.emphasis ? `sup-row-${r.emphasis}` : undefined}>
                {r.cells.map((c, i) => (
                  <td
                    key={section.columns[i]?.key ?? i}
                    data-col={section.columns[i]?.key}
                    data-type={c.type}
                    data-value={String(c.value)}
                    className={`${c.type === 'text' ? 'sup-t' : 'sup-n'}${c.type === 'money' && (c.value as number) < 0 ? ' sup-neg' : ''}`}
                  >
                    {c.text}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The print view inside a shadow root (its CSS adopted there, so the page's CSP allows it). */
function PrintPreview({ html, css, paper }: { html: string; css: string; paper: ReportPaper }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheetOf(`:host{display:block;background:#fff;padding:12px;}${css}`)];
    root.innerHTML = html;
  }, [html, css]);
  return (
    <div ref={ref} className={`sup-preview sup-preview-${paper}`} data-testid="print-preview" data-paper={paper} />
  );
}

export interface ReportPanelProps {
  data: ReportData;
  /** What `report.export` should export (the same report). */
  target: ReportTarget;
  amended?: boolean;
}

export function ReportPanel({ data, target, amended }: ReportPanelProps) {
  const { locale } = useT();
  const S = (k: Parameters<typeof supText>[1], p?: Record<string, string | number>) => supText(locale, k, p);
  const view = useMemo(() => buildReportView(data, { locale, amended: amended ?? false }), [data, locale, amended]);
  const hours = useMemo(() => hoursChartSvg(view.chart, { locale }), [view, locale]);
  const tenders = useMemo(() => tendersChartSvg(view.chart, { locale }), [view, locale]);
  const [preview, setPreview] = useState<ReportPaper | null>(null);
  const print = useMemo(() => (preview ? buildReportPrint(view, preview) : null), [view, preview]);
  const pdf = useSup((s) => s.check?.pdfAvailable ?? false);
  const setNotice = useSup((s) => s.setNotice);
  const [exporting, setExporting] = useState(false);

  async function exportAs(format: 'csv' | 'xlsx' | 'pdf') {
    if (exporting) return;
    setExporting(true);
    try {
      const f = await supCall('report.export', {
        report: target,
        format,
        locale,
        ...(format === 'pdf' ? { paper: 'a4' as const } : {}),
      });
      downloadBase64(f.fileName, f.mimeType, f.base64);
      setNotice({
        tone: 'ok',
        text: S('export.done', { file: f.fileName }) + (f.savedTo ? S('export.savedTo', { path: f.savedTo }) : ''),
      });
    } catch (e) {
      setNotice({
        tone: 'error',
        text: isAppError(e) ? errorText(locale, e) : String(e),
        ...(isAppError(e) ? { code: e.code } : {}),
      });
    } finally {
      setExporting(false);
    }
  }

  return (
    <article
      className="sup-report"
      data-testid="report-view"
      data-kind={view.kind}
      data-shift-id={data.shifts.length === 1 ? data.shifts[0]!.id : undefined}
    >
      <header className="sup-report-head">
        <div>
          <h2 data-testid="report-title">{view.title}</h2>
          <dl className="sup-meta">
            {view.meta.map((m) => (
              <div key={m.key} data-meta={m.key}>
                <dt>{m.label}</dt>
                <dd>{m.text}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="sup-actions" data-testid="report-actions">
          <button
            type="button"
            className="btn"
            data-testid="export-xlsx"
            disabled={exporting}
            onClick={() => void exportAs('xlsx')}
          >
            {S('export.xlsx')}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="export-csv"
            disabled={exporting}
            onClick={() => void exportAs('csv')}
          >
            {S('export.csv')}
          </button>
          {pdf && (
            <button
              type="button"
              className="btn"
              data-testid="export-pdf"
              disabled={exporting}
              onClick={() => void exportAs('pdf')}
            >
              {S('export.pdf')}
            </button>
          )}
          <button type="button" className="btn" data-testid="print-a4" onClick={() => setPreview('a4')}>
            {S('print.a4')}
          </button>
          <button type="button" className="btn" data-testid="print-80" onClick={() => setPreview('80mm')}>
            {S('print.80')}
          </button>
        </div>
      </header>

      {preview && print ? (
        <div className="sup-preview-box">
          <div className="sup-actions">
            <button
              type="button"
              className="btn btn-primary"
              data-testid="print-now"
              onClick={() => printReport(print)}
            >
              {S('print.now')}
            </button>
            <button type="button" className="btn" data-testid="print-back" onClick={() => setPreview(null)}>
              {S('print.back')}
            </button>
          </div>
          <PrintPreview html={print.body} css={print.css} paper={preview} />
        </div>
      ) : (
        <>
          <div className="sup-figures">
            {view.figures.map((f) => (
              <div
                key={f.id}
                className={`sup-figure sup-tone-${f.tone}`}
                data-testid={`report-figure-${f.id}`}
                data-value={String(f.cell.value)}
              >
                <div className="sup-figure-label">{f.label}</div>
                <div className="sup-figure-value">{f.cell.text}</div>
              </div>
            ))}
          </div>
          {view.warnings.length > 0 && (
            <ul className="sup-warnings" data-testid="report-warnings">
              {view.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <div className="sup-charts">
            <div className="sup-chart" data-testid="report-chart-hours" dangerouslySetInnerHTML={{ __html: hours }} />
            <div
              className="sup-chart"
              data-testid="report-chart-tenders"
              dangerouslySetInnerHTML={{ __html: tenders }}
            />
          </div>
          {view.sections.map((s) => (
            <SectionTable key={s.id} section={s} />
          ))}
        </>
      )}
    </article>
  );
}
