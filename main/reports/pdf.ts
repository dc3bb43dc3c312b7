/**
 * The PDF hook for the shell. The core cannot make a PDF itself (that needs a browser engine);
 * the Electron shell can, with `webContents.printToPDF`. At start-up the Electron shell
 * registers a printer here; `report.export` with format 'pdf' then uses it. The browser shell
 * registers none: the supervisor screen opens the print view and the browser prints it (or
 * saves it as PDF) instead.
 *
 * The Electron shell registers `createElectronPrinting(...)` (main/electron/printing.ts) here
 * right after start-up.
 */

export interface ReportPdfPrinter {
  /** Render a whole HTML document (app/report/print.ts `html`) to PDF bytes at the given page size. */
  printToPdf(html: string, pageSizeMicrons: { width: number; height: number }): Promise<Uint8Array>;
}

let printer: ReportPdfPrinter | null = null;

/** Called by the Electron shell once at start-up (null to remove). */
export function setReportPdfPrinter(p: ReportPdfPrinter | null): void {
  printer = p;
}

export function reportPdfPrinter(): ReportPdfPrinter | null {
  return printer;
}
