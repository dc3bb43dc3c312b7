/**
 * The PDF hook for the shell. The core cannot make a PDF itself (that needs a browser engine);
 * the Electron shell can, with `webContents.printToPDF`. At start-up the Electron shell
 * registers a printer here; `report.export` with format 'pdf' then uses it. The browser shell
 * registers none: the supervisor screen opens the print view and the browser prints it (or
 * saves it as PDF) instead.
 *
 * What the Electron shell does (main/electron/main.ts, after createCore):
 *
 *   setReportPdfPrinter({
 *     async printToPdf(html, pageSizeMicrons) {
 *       const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, javascript: false } });
 *       try {
 *         await win.loadURL('data:text/html;charset=utf-8,' + encodeURIComponent(html));
 *         return await win.webContents.printToPDF({
 *           pageSize: { width: pageSizeMicrons.width / 25_400, height: pageSizeMicrons.height / 25_400 }, // inches
 *           printBackground: true,
 *           margins: { marginType: 'none' },  // the HTML's own @page rule sets the margins
 *         });
 *       } finally {
 *         win.destroy();
 *       }
 *     },
 *   });
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
