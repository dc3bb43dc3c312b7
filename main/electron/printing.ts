import type { BrowserWindow, BrowserWindowConstructorOptions, WebContentsPrintOptions } from 'electron';
import type { ShellPrinting } from '../core.js';
import type { ReportPdfPrinter } from '../reports/pdf.js';

/**
 * Printing for the core, done by Electron: each job renders its HTML in a hidden, sandboxed,
 * script-less window and prints it at an explicit page size — receipts silently on the receipt
 * printer (an 80 mm roll must not get an A4 page), reports to PDF. Electron is injected so this
 * is unit-tested without the binary.
 */
type WindowLike = Pick<BrowserWindow, 'loadURL' | 'destroy'> & {
  webContents: Pick<BrowserWindow['webContents'], 'print' | 'printToPDF'>;
};
export type WindowFactory = (options: BrowserWindowConstructorOptions) => WindowLike;

const HIDDEN: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
};

function dataUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

export function createElectronPrinting(newWindow: WindowFactory): ShellPrinting & ReportPdfPrinter {
  return {
    async printReceipt(html, { pageSizeMicrons, deviceName }) {
      const win = newWindow(HIDDEN);
      try {
        await win.loadURL(dataUrl(html));
        const options: WebContentsPrintOptions = {
          silent: true,
          printBackground: false,
          margins: { marginType: 'none' },
          pageSize: { width: pageSizeMicrons.width, height: pageSizeMicrons.height },
          ...(deviceName ? { deviceName } : {}),
        };
        await new Promise<void>((resolve, reject) => {
          win.webContents.print(options, (success, failureReason) =>
            success ? resolve() : reject(new Error(failureReason || 'print failed')),
          );
        });
      } finally {
        win.destroy();
      }
    },
    async printToPdf(html, pageSizeMicrons) {
      const win = newWindow(HIDDEN);
      try {
        await win.loadURL(dataUrl(html));
        const pdf = await win.webContents.printToPDF({
          pageSize: { width: pageSizeMicrons.width / 25_400, height: pageSizeMicrons.height / 25_400 },
          printBackground: true,
          // printToPDF takes margins in inches (no marginType); the HTML's @page rule sets its own.
          margins: { top: 0, bottom: 0, left: 0, right: 0 },
          preferCSSPageSize: true,
        });
        return new Uint8Array(pdf);
      } finally {
        win.destroy();
      }
    },
  };
}
