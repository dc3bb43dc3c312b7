import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fenToYuanString, parseYuan } from '../../app/money.js';
import { buildReportView, type ReportCell, type ReportView } from '../../app/report/view.js';
import { createBillService } from '../bills/bill-service.js';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { readFirstSheet, type XlsxSheet } from '../catalog/xlsx.js';
import { createReportService } from '../reports/report-service.js';
import { buildEveryKindOfShift } from '../reports/test-ledger.js';
import { createShiftService } from '../store/shifts.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { csvField, reportCsv } from './csv.js';
import { columnName, reportXlsx, sheetName, writeXlsx, xmlEscape } from './xlsx.js';

/** "-1,234.50" / "12.5" → fen, through the app's own parser (no floats). */
function toFen(text: string): number {
  const neg = text.startsWith('-');
  const r = parseYuan(neg ? text.slice(1) : text, { allowZero: true });
  if (!r.ok) throw new Error(`not money: ${text}`);
  return neg ? -r.fen : r.fen;
}

function sheetSection(sheet: XlsxSheet, title: string): string[][] {
  const i = sheet.rows.findIndex((r) => r.cells[0]?.text === title);
  if (i < 0) throw new Error(`section ${title} not in the sheet`);
  const out: string[][] = [];
  // Title row, header row, then data rows until an empty row.
  for (let j = i + 2; j < sheet.rows.length; j++) {
    const cells = sheet.rows[j]!.cells;
    if (cells.length === 0 || cells.every((c) => c.text === '')) break;
    out.push(cells.map((c) => c.text));
  }
  return out;
}

/** Every part of a zip by name (fflate: an unzipper independent of the writer). */
function unzipParts(buf: Buffer): Map<string, string> {
  return new Map(
    Object.entries(unzipSync(new Uint8Array(buf))).map(([name, data]) => [name, Buffer.from(data).toString('utf8')]),
  );
}

function cellValue(c: ReportCell): string | number {
  return c.value;
}

describe('report export round trip', () => {
  let ts: TempStore;
  let view: ReportView;

  beforeEach(() => {
    ts = tempStore();
    const now = () => ts.clock.t;
    const bills = createBillService({ store: ts.store, now, terminalNo: 'T01', random: () => 0.25 });
    const shifts = createShiftService({ store: ts.store, now });
    const reports = createReportService({ store: ts.store, terminalNo: 'T01', now, utcOffsetMinutes: () => 480 });
    const built = buildEveryKindOfShift({ store: ts.store, bills, shifts, clock: ts.clock });
    shifts.close({
      closedBy: 'S01',
      countDetail: { '10000': 3, '5000': 1, '2000': 1, '100': 1 },
      differenceNote: '找零多给了',
    });
    view = buildReportView(reports.issueZ(built.shiftId, 'S01'), { locale: 'zh-CN' });
  });
  afterEach(() => ts.cleanup());

  it('XLSX read back equals the screen numbers, section by section and cell by cell', () => {
    const buf = reportXlsx(view);
    const sheet = readFirstSheet(buf);
    expect(sheet.name).toBe(view.title);
    expect(sheet.rows[0]!.cells[0]!.text).toBe(view.title);
    let compared = 0;
    for (const section of view.sections) {
      const rows = sheetSection(sheet, section.title);
      expect(rows.length, section.id).toBe(section.rows.length);
      section.rows.forEach((r, ri) => {
        r.cells.forEach((c, ci) => {
          const got = rows[ri]![ci] ?? '';
          if (c.type === 'money') {
            expect(toFen(got), `${section.id}/${r.key}/${section.columns[ci]!.key}`).toBe(cellValue(c));
            compared++;
          } else if (c.type === 'count') {
            expect(Number(got), `${section.id}/${r.key}`).toBe(cellValue(c));
            compared++;
          } else {
            expect(got).toBe(c.value);
          }
        });
      });
    }
    expect(compared).toBeGreaterThan(80);
    // Money cells are numbers with a money format, not text.
    const parts = unzipParts(buf);
    const sheetXml = parts.get('xl/worksheets/sheet1.xml')!;
    const net = view.figures.find((f) => f.id === 'net')!;
    expect(sheetXml).toContain(`<v>${fenToYuanString(net.cell.value as number)}</v>`);
    expect(sheetXml).not.toMatch(/t="s"[^>]*><v>-?\d+\.\d{2}<\/v>/);
    const styles = parts.get('xl/styles.xml')!;
    expect(styles).toContain('formatCode="#,##0.00"');
  });

  it('XLSX opens in exceljs with number cells in the money format', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(reportXlsx(view)).buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe(view.title);
    const net = view.figures.find((f) => f.id === 'net')!;
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(1).value === net.label) row = n;
    });
    expect(row).toBeGreaterThan(0);
    const cell = ws.getRow(row).getCell(2);
    expect(cell.type).toBe(ExcelJS.ValueType.Number);
    expect(cell.numFmt).toBe('#,##0.00');
    expect(Math.round((cell.value as number) * 100)).toBe(net.cell.value);
  });

  it('writes a zip that unzip accepts, with the parts Excel needs', () => {
    const buf = reportXlsx(view);
    const file = join(ts.dir, 'report.xlsx');
    writeFileSync(file, buf);
    const parts = unzipParts(buf);
    const names = [...parts.keys()];
    expect(names).toEqual(
      expect.arrayContaining([
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/workbook.xml',
        'xl/_rels/workbook.xml.rels',
        'xl/styles.xml',
        'xl/sharedStrings.xml',
        'xl/worksheets/sheet1.xml',
        'docProps/core.xml',
      ]),
    );
    let unzip: string | null = null;
    try {
      unzip = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (unzip !== null) expect(unzip).toMatch(/No errors detected/);
    // Every part is well-formed enough to have one root element.
    for (const [name, xml] of parts) {
      expect(xml.startsWith('<?xml'), name).toBe(true);
    }
  });

  it('CSV has a BOM, CRLF lines and the same numbers as the screen', () => {
    const csv = reportCsv(view).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1).split('\r\n')[0]).toBe(view.title);
    const lines = csv.slice(1).split('\r\n');
    const tenders = view.sections.find((s) => s.id === 'tenders')!;
    const at = lines.indexOf(tenders.title);
    expect(at).toBeGreaterThan(0);
    const total = lines[at + 1 + tenders.rows.length]!.split(',');
    const totalRow = tenders.rows.find((r) => r.key === 'total')!;
    expect(total[0]).toBe(totalRow.cells[0]!.text);
    expect(toFen(total[5]!)).toBe(totalRow.cells[5]!.value);
    const cashSection = view.sections.find((s) => s.id === 'cash')!;
    const c = lines.indexOf(cashSection.title);
    const change = lines.slice(c, c + 12).find((l) => l.startsWith('找零,'))!;
    expect(change).toBe(`找零,${(-(view.data.cash.changeFen / 100)).toFixed(2)}`);
  });

  it('quotes and defuses spreadsheet formulas in text, never in numbers', () => {
    expect(csvField({ kind: 'text', text: '=HYPERLINK("x")' })).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField({ kind: 'text', text: '+86 138' })).toBe(`'+86 138`);
    expect(csvField({ kind: 'text', text: 'a,b' })).toBe('"a,b"');
    expect(csvField({ kind: 'text', text: '多行\n文本' })).toBe('"多行\n文本"');
    expect(csvField({ kind: 'number', text: '-12.50', format: 'money' })).toBe('-12.50');
    expect(csvField(null)).toBe('');
  });
});

describe('xlsx writer', () => {
  it('names columns and sheets as Excel wants', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
    const used = new Set<string>();
    expect(sheetName('a/b:c*d?[e]', used)).toBe('a b c d  e');
    expect(sheetName('x'.repeat(40), used)).toHaveLength(31);
    expect(sheetName('x'.repeat(40), used)).toBe(`${'x'.repeat(27)} (2)`);
    expect(xmlEscape('<a & "b">\u0001')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  });

  it('round-trips text with markup, control characters and spaces, and refuses a non-number in a number cell', () => {
    const buf = writeXlsx([
      {
        name: 'T',
        widths: [10, 10],
        rows: [
          {
            style: 'header',
            cells: [
              { kind: 'text', text: '<b>&"收银"' },
              { kind: 'text', text: ' 前后空格 ' },
            ],
          },
          {
            style: 'normal',
            cells: [null, { kind: 'number', text: '0.01', format: 'money' }, { kind: 'text', text: 'bell\u0007' }],
          },
        ],
      },
    ]);
    const sheet = readFirstSheet(buf);
    expect(sheet.rows[0]!.cells.map((c) => c.text)).toEqual(['<b>&"收银"', ' 前后空格 ']);
    expect(sheet.rows[1]!.cells.map((c) => [c.text, c.type])).toEqual([
      ['', 'empty'],
      ['0.01', 'number'],
      ['bell', 'string'],
    ]);
    expect(() =>
      writeXlsx([
        {
          name: 'T',
          widths: [],
          rows: [{ style: 'normal', cells: [{ kind: 'number', text: '1e5', format: 'integer' }] }],
        },
      ]),
    ).toThrow(/not a decimal/);
  });
});
