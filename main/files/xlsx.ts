import type { ReportView } from '../../app/report/view.js';
import { reportTable, type Table, type TableCell, type TableRowStyle } from './table.js';
import { createZip, type ZipEntry } from './zip.js';

/**
 * An XLSX (Office Open XML SpreadsheetML) writer: a zip (main/files/zip.ts, fflate) of the
 * minimal parts Excel, WPS and LibreOffice open without a repair prompt — content types,
 * package and workbook relationships, workbook, styles, shared strings, one worksheet per
 * table, document properties.
 *
 * Numbers are written as the decimal literal given (money "12.50" exactly, never a float's
 * digits) with a number format: money `#,##0.00`, counts `#,##0`. Text goes through the
 * shared-string table. Characters XML 1.0 forbids are dropped.
 *
 * Why not exceljs (tried): it stores a number as a JavaScript double, so "12.50" is written as
 * 12.5 and "-0.10" as -0.1 — the cell text a reader sees changes (main/handlers/supervisor.test.ts
 * reads "-0.10" back); and its API is async where reportXlsx is synchronous. The sheet XML
 * here is small and fixed; the zip container, the part that needs a library, is fflate's.
 */

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Excel sheet names: ≤ 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string, used: Set<string>): string {
  let base =
    name
      .replace(/[:\\/?*[\]]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    base = base.slice(0, 31 - suffix.length);
    candidate = base + suffix;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

// Style indexes into cellXfs (see STYLES).
const XF = {
  default: 0,
  title: 1,
  bold: 2,
  money: 3,
  moneyBold: 4,
  integer: 5,
  integerBold: 6,
} as const;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${NS_MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>
<fonts count="3">
<font><sz val="11"/><name val="Microsoft YaHei"/><family val="2"/><charset val="134"/></font>
<font><b/><sz val="14"/><name val="Microsoft YaHei"/><family val="2"/><charset val="134"/></font>
<font><b/><sz val="11"/><name val="Microsoft YaHei"/><family val="2"/><charset val="134"/></font>
</fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="3" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

function styleOf(cell: NonNullable<TableCell>, row: TableRowStyle): number {
  const bold = row === 'total' || row === 'header';
  if (cell.kind === 'number') {
    if (cell.format === 'money') return bold ? XF.moneyBold : XF.money;
    return bold ? XF.integerBold : XF.integer;
  }
  if (row === 'title') return XF.title;
  if (row === 'section' || bold) return XF.bold;
  return XF.default;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

export interface XlsxOptions {
  /** Modification time stored in the zip entries and the document properties. */
  modified?: Date;
  creator?: string;
}

/** Write tables as a workbook, one worksheet each. */
export function writeXlsx(tables: readonly Table[], opts: XlsxOptions = {}): Buffer {
  if (tables.length === 0) throw new Error('xlsx: at least one sheet');
  const modified = opts.modified ?? new Date();
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const sst = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  let stringRefs = 0;
  const used = new Set<string>();
  const names: string[] = [];
  const sheets: string[] = tables.map((table) => {
    names.push(sheetName(table.name, used));
    const rows: string[] = [];
    let maxCol = 0;
    table.rows.forEach((row, ri) => {
      const r = ri + 1;
      const cells: string[] = [];
      row.cells.forEach((cell, ci) => {
        if (cell === null) return;
        const ref = `${columnName(ci)}${r}`;
        const s = styleOf(cell, row.style);
        if (cell.kind === 'number') {
          if (!NUMBER.test(cell.text)) throw new Error(`xlsx: ${ref} is not a decimal number: ${cell.text}`);
          cells.push(`<c r="${ref}" s="${s}"><v>${cell.text}</v></c>`);
        } else {
          if (cell.text === '') return;
          stringRefs++;
          cells.push(`<c r="${ref}" s="${s}" t="s"><v>${sst(cell.text)}</v></c>`);
        }
        maxCol = Math.max(maxCol, ci + 1);
      });
      rows.push(cells.length > 0 ? `<row r="${r}">${cells.join('')}</row>` : `<row r="${r}"/>`);
    });
    const dim = table.rows.length > 0 && maxCol > 0 ? `A1:${columnName(maxCol - 1)}${table.rows.length}` : 'A1';
    const cols =
      table.widths.length > 0
        ? `<cols>${table.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.max(4, Math.min(80, w)).toFixed(1)}" customWidth="1"/>`).join('')}</cols>`
        : '';
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
      `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><dimension ref="${dim}"/>` +
      `<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>${cols}` +
      `<sheetData>${rows.join('')}</sheetData>` +
      `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
    );
  });

  const sharedStrings =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<sst xmlns="${NS_MAIN}" count="${stringRefs}" uniqueCount="${strings.length}">` +
    strings.map((s) => `<si><t${/^\s|\s$/.test(s) ? ' xml:space="preserve"' : ''}>${xmlEscape(s)}</t></si>`).join('') +
    `</sst>`;

  const workbook =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>` +
    names.map((n, i) => `<sheet name="${xmlEscape(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    `</sheets></workbook>`;

  const workbookRels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    names
      .map(
        (_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join('') +
    `<Relationship Id="rId${names.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${names.length + 2}" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>` +
    `</Relationships>`;

  const rootRels =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Relationships xmlns="${NS_PKG_REL}">` +
    `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
    `<Relationship Id="rId3" Type="${NS_REL}/extended-properties" Target="docProps/app.xml"/>` +
    `</Relationships>`;

  const contentTypes =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    names
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join('') +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
    `</Types>`;

  const iso = modified.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const creator = xmlEscape(opts.creator ?? 'Counterpay');
  const core =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${xmlEscape(tables[0]!.name)}</dc:title><dc:creator>${creator}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified>` +
    `</cp:coreProperties>`;
  const app =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${creator}</Application></Properties>`;

  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: contentTypes, mtime: modified },
    { name: '_rels/.rels', data: rootRels, mtime: modified },
    { name: 'docProps/core.xml', data: core, mtime: modified },
    { name: 'docProps/app.xml', data: app, mtime: modified },
    { name: 'xl/workbook.xml', data: workbook, mtime: modified },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels, mtime: modified },
    { name: 'xl/styles.xml', data: STYLES, mtime: modified },
    { name: 'xl/sharedStrings.xml', data: sharedStrings, mtime: modified },
    ...sheets.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data, mtime: modified })),
  ];
  return createZip(entries);
}

/** The report as an XLSX workbook (one sheet, the same rows as the CSV). */
export function reportXlsx(view: ReportView): Buffer {
  return writeXlsx([reportTable(view)], { modified: new Date(view.data.generatedAt) });
}
