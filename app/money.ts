/**
 * Money is an integer number of fen (分) everywhere inside Counterpay.
 * Conversions to and from yuan strings happen only at the edges (UI input,
 * gateway `summary`, back-office amounts) and only through this module.
 */

/** Largest amount a single bill or tender may carry: 99,999,999.99 yuan. */
export const MAX_FEN = 9_999_999_999;

export type Fen = number;

export type ParseYuanError =
  | { reason: 'empty' }
  | { reason: 'not-a-number' }
  | { reason: 'too-many-decimals' }
  | { reason: 'not-positive' }
  | { reason: 'too-large'; maxFen: number };

export type ParseYuanResult = { ok: true; fen: Fen } | { ok: false; error: ParseYuanError };

const YUAN_PATTERN = /^(\d+)(?:\.(\d*))?$/;

/**
 * Parse a yuan amount typed by a person ("12", "12.5", "12.50", "0.01") into fen.
 * Rejects negatives, zero, more than two decimals and anything above MAX_FEN.
 * Never goes through floating point.
 */
export function parseYuan(input: string, opts: { allowZero?: boolean } = {}): ParseYuanResult {
  const text = input.trim().replace(/^¥/, '').replace(/,/g, '');
  if (text === '') return { ok: false, error: { reason: 'empty' } };
  if (text.startsWith('-')) return { ok: false, error: { reason: 'not-positive' } };
  const m = YUAN_PATTERN.exec(text);
  if (!m) return { ok: false, error: { reason: 'not-a-number' } };
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (frac.length > 2) return { ok: false, error: { reason: 'too-many-decimals' } };
  // Guard against absurdly long digit strings before converting.
  if (whole.replace(/^0+/, '').length > 9) return { ok: false, error: { reason: 'too-large', maxFen: MAX_FEN } };
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (fen > MAX_FEN) return { ok: false, error: { reason: 'too-large', maxFen: MAX_FEN } };
  if (fen === 0 && !opts.allowZero) return { ok: false, error: { reason: 'not-positive' } };
  return { ok: true, fen };
}

/** Integer fen → yuan string with exactly two decimals, e.g. 1234 → "12.34". */
export function fenToYuanString(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return `${sign}${whole}.${frac.toString().padStart(2, '0')}`;
}

/** Display form with the yuan sign and thousands separators: 123456 → "¥1,234.56". */
export function formatYuan(fen: Fen): string {
  const s = fenToYuanString(fen);
  const neg = s.startsWith('-');
  const [whole, frac] = (neg ? s.slice(1) : s).split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}¥${grouped}.${frac}`;
}

/**
 * Convert a yuan value received from a gateway or back office (number or string,
 * e.g. 12.3, "12.30") into fen without float drift. Returns null when the value
 * is not a non-negative decimal with at most two places.
 */
export function yuanValueToFen(value: number | string): Fen | null {
  // String(number) is the shortest exact round-trip form (12.3 → "12.3", 1.005 → "1.005").
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}
