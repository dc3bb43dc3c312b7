/**
 * Reports (X, Z, date range): the data schema main fills in, and everything that turns it
 * into what people see — the view (sections of formatted cells with exact values), charts
 * (SVG), the print view (A4 / 80 mm). Pure: no Node, no DOM; used by main (exports) and the
 * renderer (screen, print) alike, so the numbers are the same everywhere.
 */
export * from './schema.js';
export * from './labels.js';
export * from './format.js';
export * from './cash.js';
export * from './view.js';
export * from './chart.js';
export * from './print.js';
export * from './file-name.js';
