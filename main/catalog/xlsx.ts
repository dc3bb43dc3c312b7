/**
 * A small XLSX reader: enough to read the first worksheet of a workbook as rows of text.
 * An .xlsx file is a zip of XML parts: fflate unzips the parts we need, and we pick cells
 * out of the XML.
 *
 * Supported: stored and deflated entries, shared strings (including rich text; phonetic
 * runs are skipped), inline strings, formula results, numbers, booleans. Not supported
 * (refused with a clear error): encrypted workbooks, old .xls files, zip64.
 *
 * Why not exceljs here (it writes our exports, main/files/xlsx.ts): its reader is async only,
 * and the import preview is synchronous end to end (main/handlers/catalog.ts); it also turns
 * date-formatted numbers into Date objects and rich text into objects, where the import wants
 * the stored text of each cell.
 */
import { unzipSync } from 'fflate';

/** A workbook that cannot be read; the message says why in words an installer can act on. */
export class XlsxError extends Error {
  override name = 'XlsxError';
}

const MAX_PART_BYTES = 200 * 1024 * 1024;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** The XML parts of a workbook we read (workbook, relationships, shared strings, worksheets). */
export function readWorkbookParts(buf: Buffer): Map<string, string> {
  if (buf.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new XlsxError(
      'this is an old .xls or an encrypted workbook; save it as .xlsx (Excel Workbook) without a password',
    );
  }
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50)
    throw new XlsxError('not a zip archive (an .xlsx file is one)');
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(buf.buffer, buf.byteOffset, buf.length), {
      filter: (f) => {
        if (!/^xl\/.*\.(xml|rels)$/.test(f.name)) return false;
        if (f.originalSize > MAX_PART_BYTES)
          throw new XlsxError(`part ${f.name} is too large (${f.originalSize} bytes)`);
        if (f.compression !== 0 && f.compression !== 8)
          throw new XlsxError(`zip compression method ${f.compression} is not supported`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof XlsxError) throw e;
    throw new XlsxError(`damaged or truncated zip archive (${(e as Error).message})`);
  }
  const parts = new Map<string, string>();
  for (const [name, data] of Object.entries(files))
    parts.set(name, Buffer.from(data.buffer, data.byteOffset, data.length).toString('utf8'));
  return parts;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITY[e]!;
  });
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decodeXml(m[1]!) : null;
}

/** Text of all <t> elements in a fragment, skipping phonetic runs (<rPh>). */
function textOf(fragment: string): string {
  const withoutPhonetic = fragment.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  let out = '';
  for (const m of withoutPhonetic.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += decodeXml(m[1]!);
  return out;
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) out.push(m[1] === undefined ? '' : textOf(m[1]));
  return out;
}

/** "A" → 0, "Z" → 25, "AA" → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

export interface XlsxCell {
  /** Text as shown for strings; for numbers the stored decimal text (e.g. "12.5"). */
  text: string;
  type: 'string' | 'number' | 'boolean' | 'error' | 'empty';
}

export interface XlsxSheet {
  name: string;
  /** Rows in sheet order with their 1-based row number; cells by column (gaps are empty). */
  rows: { rowNumber: number; cells: XlsxCell[] }[];
}

/** Read the first worksheet of an .xlsx workbook. */
export function readFirstSheet(buf: Buffer): XlsxSheet {
  const parts = readWorkbookParts(buf);
  const part = (name: string): string | null => parts.get(name) ?? null;
  const workbook = part('xl/workbook.xml');
  if (workbook === null) throw new XlsxError('no xl/workbook.xml: not an Excel workbook');
  const firstSheet = /<sheet\s[^>]*>/.exec(workbook)?.[0];
  if (!firstSheet) throw new XlsxError('the workbook has no sheets');
  const sheetName = attr(firstSheet, 'name') ?? 'Sheet1';
  const rid = attr(firstSheet, 'r:id');
  let sheetPath = 'xl/worksheets/sheet1.xml';
  const rels = part('xl/_rels/workbook.xml.rels');
  if (rid && rels) {
    for (const m of rels.matchAll(/<Relationship\s[^>]*>/g)) {
      if (attr(m[0], 'Id') === rid) {
        const target = attr(m[0], 'Target');
        if (target) sheetPath = resolvePath('xl/workbook.xml', target);
      }
    }
  }
  const sheetXml = part(sheetPath);
  if (sheetXml === null) throw new XlsxError(`the first sheet (${sheetPath}) is missing`);
  const strings = sharedStrings(part('xl/sharedStrings.xml') ?? '');

  const rows: XlsxSheet['rows'] = [];
  let implicitRow = 0;
  for (const rm of sheetXml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rAttr = /\sr="(\d+)"/.exec(rm[1]!);
    const rowNumber = rAttr ? Number(rAttr[1]) : implicitRow + 1;
    implicitRow = rowNumber;
    const cells: XlsxCell[] = [];
    let implicitCol = -1;
    for (const cm of (rm[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const tag = `<c${cm[1]!}>`;
      const ref = attr(tag, 'r');
      const col = ref ? columnIndex(/^[A-Za-z]+/.exec(ref)?.[0] ?? 'A') : implicitCol + 1;
      implicitCol = col;
      const t = attr(tag, 't') ?? 'n';
      const inner = cm[2] ?? '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let cell: XlsxCell;
      if (t === 's') cell = { text: v === undefined ? '' : (strings[Number(v)] ?? ''), type: 'string' };
      else if (t === 'inlineStr') cell = { text: textOf(inner), type: 'string' };
      else if (t === 'str') cell = { text: v === undefined ? '' : decodeXml(v), type: 'string' };
      else if (t === 'b') cell = { text: v === '1' ? 'TRUE' : 'FALSE', type: 'boolean' };
      else if (t === 'e') cell = { text: v === undefined ? '' : decodeXml(v), type: 'error' };
      // A formula saved without its cached result has an empty <v/>: no value.
      else
        cell =
          v === undefined || v.trim() === ''
            ? { text: '', type: 'empty' }
            : { text: decodeXml(v).trim(), type: 'number' };
      while (cells.length < col) cells.push({ text: '', type: 'empty' });
      cells[col] = cell;
    }
    rows.push({ rowNumber, cells });
  }
  return { name: sheetName, rows };
}
