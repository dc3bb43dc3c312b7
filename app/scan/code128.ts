/**
 * Code 128 encoder (ISO/IEC 15417), pure: text → symbol values → bars. Used to show the scanner
 * pairing code on screen as a barcode every scanner reads in its factory setup.
 *
 * Code sets: B for printable ASCII, C for runs of digits (two per symbol), A for control
 * characters; the encoder picks them the usual way (C for a leading run of ≥ 4 digits or a
 * whole even-length number, for ≥ 6 digits inside the text and ≥ 4 at its end; SHIFT for a
 * single control character inside B). Only ASCII 0–127 is encodable (no FNC4 extended range).
 *
 * Bars come in modules (the narrowest bar width): a renderer scales them and adds the quiet
 * zone (at least 10 modules each side, `CODE128_QUIET_ZONE`).
 */

/** Bar/space widths (bar first) of the 107 symbols; 106 is the stop pattern (7 elements, 13 modules). */
export const CODE128_PATTERNS: readonly string[] = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
];

export const CODE128 = {
  SHIFT: 98,
  CODE_C: 99,
  CODE_B: 100,
  CODE_A: 101,
  START_A: 103,
  START_B: 104,
  START_C: 105,
  STOP: 106,
} as const;

/** Recommended quiet zone each side, in modules. */
export const CODE128_QUIET_ZONE = 10;

type CodeSet = 'A' | 'B' | 'C';

export class Code128Error extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'Code128Error';
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function digitRun(codes: number[], from: number): number {
  let n = 0;
  while (from + n < codes.length && isDigit(codes[from + n]!)) n++;
  return n;
}

function valueIn(set: 'A' | 'B', c: number): number | null {
  if (set === 'B') return c >= 32 && c <= 127 ? c - 32 : null;
  if (c >= 32 && c <= 95) return c - 32;
  if (c >= 0 && c <= 31) return c + 64;
  return null;
}

/** The symbol values of `text`: start, data, checksum, stop. Throws Code128Error for empty or non-ASCII text. */
export function encodeCode128Values(text: string): number[] {
  if (text.length === 0) throw new Code128Error('Code 128: nothing to encode');
  if (text.length > 80) throw new Code128Error('Code 128: at most 80 characters');
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) throw new Code128Error(`Code 128: character ${JSON.stringify(text[i])} at ${i} is not ASCII`);
    codes.push(c);
  }

  const values: number[] = [];
  let set: CodeSet;
  const lead = digitRun(codes, 0);
  if (lead >= 4 || (lead === codes.length && lead % 2 === 0)) {
    set = 'C';
    values.push(CODE128.START_C);
  } else {
    // A only when a control character comes before any lower-case letter.
    const firstCtl = codes.findIndex((c) => c < 32);
    const firstLower = codes.findIndex((c) => c >= 96);
    set = firstCtl >= 0 && (firstLower < 0 || firstCtl < firstLower) ? 'A' : 'B';
    values.push(set === 'A' ? CODE128.START_A : CODE128.START_B);
  }

  let i = 0;
  while (i < codes.length) {
    const c = codes[i]!;
    if (set === 'C') {
      if (i + 1 < codes.length && isDigit(c) && isDigit(codes[i + 1]!)) {
        values.push((c - 48) * 10 + (codes[i + 1]! - 48));
        i += 2;
        continue;
      }
      // Leave C for whatever the next character needs.
      const next: 'A' | 'B' = c < 32 ? 'A' : 'B';
      values.push(next === 'A' ? CODE128.CODE_A : CODE128.CODE_B);
      set = next;
      continue;
    }
    // In A or B: a long enough digit run goes to C (an odd run keeps its first digit here).
    const run = digitRun(codes, i);
    const atEnd = i + run === codes.length;
    if (run >= (atEnd ? 4 : 6)) {
      if (run % 2 === 1) {
        values.push(valueIn(set, c)!);
        i++;
      }
      values.push(CODE128.CODE_C);
      set = 'C';
      continue;
    }
    const here = valueIn(set, c);
    if (here !== null) {
      values.push(here);
      i++;
      continue;
    }
    const other: 'A' | 'B' = set === 'A' ? 'B' : 'A';
    const nextCode = codes[i + 1];
    // One character of the other set, then back: SHIFT; otherwise switch.
    if (nextCode !== undefined && valueIn(set, nextCode) !== null && valueIn(other, nextCode) === null) {
      values.push(CODE128.SHIFT, valueIn(other, c)!);
      i++;
      continue;
    }
    values.push(other === 'A' ? CODE128.CODE_A : CODE128.CODE_B);
    set = other;
  }

  values.push(code128Checksum(values), CODE128.STOP);
  return values;
}

/** Modulo-103 checksum of the start symbol and the data symbols (weights 1, 1, 2, 3, …). */
export function code128Checksum(startAndData: readonly number[]): number {
  let sum = startAndData[0] ?? 0;
  for (let i = 1; i < startAndData.length; i++) sum += startAndData[i]! * i;
  return sum % 103;
}

export interface Code128Bar {
  /** Left edge, in modules from the start of the symbol (quiet zone not included). */
  x: number;
  /** Width in modules (1–4). */
  w: number;
}

export interface Code128Symbol {
  text: string;
  values: number[];
  bars: Code128Bar[];
  /** Total width in modules, without quiet zones. */
  modules: number;
}

/** Encode `text` into bars ready to draw (SVG rects, canvas, print). */
export function encodeCode128(text: string): Code128Symbol {
  const values = encodeCode128Values(text);
  const bars: Code128Bar[] = [];
  let x = 0;
  for (const v of values) {
    const pattern = CODE128_PATTERNS[v]!;
    for (let k = 0; k < pattern.length; k++) {
      const w = pattern.charCodeAt(k) - 48;
      if (k % 2 === 0) bars.push({ x, w });
      x += w;
    }
  }
  // The stop pattern ends with a bar: the final 2-module termination bar is part of it.
  return { text, values, bars, modules: x };
}

/** The symbol as a string of modules: '1' bar, '0' space (for tests and plain renderers). */
export function code128Modules(symbol: Pick<Code128Symbol, 'bars' | 'modules'>): string {
  const out = new Array<string>(symbol.modules).fill('0');
  for (const b of symbol.bars) for (let k = 0; k < b.w; k++) out[b.x + k] = '1';
  return out.join('');
}
