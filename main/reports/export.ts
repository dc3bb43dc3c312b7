import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportFileName } from '../../app/report/file-name.js';
import { buildReportPrint, type ReportPaper } from '../../app/report/print.js';
import type { ReportView } from '../../app/report/view.js';
import { AppError } from '../../app/result.js';
import { reportCsv } from '../files/csv.js';
import { reportXlsx } from '../files/xlsx.js';
import { reportPdfPrinter } from './pdf.js';

export type ExportFormat = 'csv' | 'xlsx' | 'html' | 'pdf';

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

export const MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

/**
 * A report view as a file. Every format is written from the same ReportView, so the numbers
 * are the screen's. PDF needs the shell's printer (main/reports/pdf.ts): without one the
 * answer is `invalid-input` with details.reason 'pdf-unavailable' (use the print view).
 */
export async function exportReport(
  view: ReportView,
  format: ExportFormat,
  paper: ReportPaper = 'a4',
): Promise<ExportedFile> {
  const base = reportFileName(view.data, format);
  switch (format) {
    case 'csv':
      return { fileName: base, mimeType: MIME.csv, bytes: reportCsv(view) };
    case 'xlsx':
      return { fileName: base, mimeType: MIME.xlsx, bytes: reportXlsx(view) };
    case 'html':
      return {
        fileName: base.replace(/\.html$/, `-${paper}.html`),
        mimeType: MIME.html,
        bytes: Buffer.from(buildReportPrint(view, paper).html, 'utf8'),
      };
    case 'pdf': {
      const printer = reportPdfPrinter();
      if (!printer) {
        throw new AppError(
          'invalid-input',
          'this shell cannot write PDF files: open the print view and print or save it as PDF',
          {
            field: 'format',
            reason: 'pdf-unavailable',
          },
        );
      }
      const print = buildReportPrint(view, paper);
      const pdf = await printer.printToPdf(print.html, print.pageSizeMicrons);
      return { fileName: base.replace(/\.pdf$/, `-${paper}.pdf`), mimeType: MIME.pdf, bytes: Buffer.from(pdf) };
    }
  }
}

/** Keep a copy under `<dataDir>/exports/` (the supervisor can find it again; diagnostics can list it). */
export function saveExport(dataDir: string, file: ExportedFile): string {
  const dir = join(dataDir, 'exports');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, file.fileName);
  writeFileSync(target, file.bytes);
  return target;
}
