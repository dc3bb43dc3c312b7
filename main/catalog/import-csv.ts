/** Catalog import: reading the bytes of a CSV file as text, and RFC 4180 records (see import.ts). */
import Papa from 'papaparse';
import { AppError } from '../../app/result.js';
import type { TextEncoding } from './import-types.js';

// ───────────────────────── text decoding ─────────────────────────

export function decodeText(buf: Buffer): { text: string; encoding: TextEncoding } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return { text: new TextDecoder('utf-16le').decode(swapped), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    /* not UTF-8 */
  }
  let gbk: InstanceType<typeof TextDecoder>;
  try {
    gbk = new TextDecoder('gb18030', { fatal: true });
  } catch {
    throw new AppError(
      'invalid-input',
      'the file is not UTF-8 (probably GBK); save it as "CSV UTF-8" and import again',
      { field: 'file', reason: 'encoding' },
    );
  }
  try {
    return { text: gbk.decode(buf), encoding: 'gbk' };
  } catch {
    throw new AppError(
      'invalid-input',
      'the file is neither UTF-8 nor GBK text; save it as "CSV UTF-8" and import again',
      { field: 'file', reason: 'encoding' },
    );
  }
}

// ───────────────────────── CSV (RFC 4180) ─────────────────────────

export interface CsvRecord {
  line: number;
  fields: string[];
}

export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Parse CSV text (papaparse). Throws (with the line) on a quote that is never closed, text
 * after a closing quote, or a quote inside an unquoted field. Records that are entirely empty
 * are skipped. Each record keeps the physical line it starts on (quoted fields may span lines).
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvRecord[] {
  const out: CsvRecord[] = [];
  let start = 0;
  let line = 1;
  let failure: AppError | null = null;
  const fail = (reason: string, at: number) =>
    new AppError('invalid-input', `line ${at}: ${reason}`, { field: 'file', line: at });
  Papa.parse<string[]>(text, {
    delimiter,
    quoteChar: '"',
    escapeChar: '"',
    step: (row, parser) => {
      const end = row.meta.cursor;
      const raw = text.slice(start, end);
      const errors = row.errors.map((e) => e.code);
      if (errors.includes('InvalidQuotes')) failure = fail('text after a closing quote', line);
      else if (errors.includes('MissingQuotes')) failure = fail('a quoted field is never closed', line);
      else if (errors.length > 0) failure = fail(row.errors[0]!.message, line);
      else {
        // papaparse keeps a stray quote in an unquoted field as text; RFC 4180 does not allow it.
        const stray = row.data.some((f) => f.includes('"') && !raw.includes(`"${f.replace(/"/g, '""')}"`));
        if (stray) failure = fail('a quote inside an unquoted field', line);
      }
      if (failure) {
        parser.abort();
        return;
      }
      if (!(row.data.length === 1 && row.data[0] === '')) out.push({ line, fields: row.data });
      line += raw.match(/\r\n|\r|\n/g)?.length ?? 0;
      start = end;
    },
  });
  if (failure) throw failure;
  return out;
}
