import type { ReportPrint } from '../../../../app/report/print.js';

/**
 * Getting a report out of the page: a download of an exported file, and printing the print
 * view. Under the page's CSP (no inline styles) the print view's CSS goes into constructed
 * stylesheets, which CSP does not govern; the HTML is ours and escaped (app/report/print.ts).
 */

/** Offer bytes (base64 from `report.export`) as a file download. */
export function downloadBase64(fileName: string, mimeType: string, base64: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function sheetOf(css: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  return sheet;
}

/**
 * Print the report: the print view goes into a host element that is the only thing shown
 * in print media, with the report's own @page size (A4 or 80 mm × its length), then the
 * browser's print (in the browser shell: print or "save as PDF"; in Electron the shell may
 * print it to PDF itself through main/reports/pdf.ts).
 */
export function printReport(print: ReportPrint): void {
  const host = document.createElement('div');
  host.className = 'cp-print-host';
  host.setAttribute('data-testid', 'print-host');
  host.innerHTML = print.body;
  const sheet = sheetOf(
    `${print.pageCss}${print.css}` +
      `@media screen{.cp-print-host{display:none !important;}}` +
      `@media print{body>*:not(.cp-print-host){display:none !important;}.cp-print-host{display:block;}html,body{background:#fff;height:auto;}}`,
  );
  document.body.appendChild(host);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const cleanup = () => {
    host.remove();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    window.removeEventListener('afterprint', cleanup);
  };
  window.addEventListener('afterprint', cleanup);
  window.print();
  // Some engines never fire afterprint when printing is unavailable.
  setTimeout(cleanup, 60_000);
}
