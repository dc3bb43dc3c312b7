/**
 * Money at the Xiaobao edge. Counterpay keeps integer fen everywhere; the ERP speaks yuan as JSON
 * numbers with up to two decimals. Conversion is string arithmetic only — no float multiplies.
 */

/** Seed limit for rechargeAmount / refundAmount: 0.01 – 99,999,999 yuan. */
export const MIN_AMOUNT_FEN = 1;
export const MAX_AMOUNT_FEN = 9_999_999_900;

export class MoneyError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'MoneyError';
  }
}

/** 12345 → "123.45", -5 → "-0.05". Integer fen only. */
export function fenToYuanString(fen: number, field = 'amount'): string {
  if (!Number.isSafeInteger(fen)) throw new MoneyError(field, `must be an integer number of fen (got ${String(fen)})`);
  const neg = fen < 0;
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const s = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return neg ? `-${s}` : s;
}

/**
 * "123.45" / "123.4" / "123" / 123.45 → 12345 fen. A JSON number is read through its shortest
 * decimal representation (String(n)), which is exact for yuan values with ≤ 2 decimals.
 * More than two decimals, exponents or non-numbers are refused, naming `field`.
 */
export function yuanToFen(value: string | number, field = 'amount'): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new MoneyError(field, `not a yuan amount with at most 2 decimals (got ${JSON.stringify(text)})`);
  const [, sign, whole, frac = ''] = m;
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new MoneyError(field, 'out of range');
  return sign && fen !== 0 ? -fen : fen;
}

/** Enforce the seed's 0.01–99,999,999 yuan limit on an integer-fen amount. */
export function checkAmountFen(fen: number, field: string): void {
  if (!Number.isSafeInteger(fen)) throw new MoneyError(field, `must be an integer number of fen (got ${String(fen)})`);
  if (fen < MIN_AMOUNT_FEN || fen > MAX_AMOUNT_FEN) {
    throw new MoneyError(field, `must be between 0.01 and 99999999 yuan (1–9999999900 fen); got ${fen} fen`);
  }
}

/**
 * A yuan amount that serializes as a bare JSON number with exactly the digits of its decimal
 * string ("123.45" → 123.45) — see `toJsonText`.
 */
export class Yuan {
  constructor(readonly text: string) {
    if (!/^-?\d+\.\d{2}$/.test(text)) throw new MoneyError('amount', `bad yuan text ${JSON.stringify(text)}`);
  }
  static fromFen(fen: number, field = 'amount'): Yuan {
    return new Yuan(fenToYuanString(fen, field));
  }
  toJSON(): string {
    return `\u0000yuan:${this.text}\u0000`;
  }
}

/**
 * JSON text where every Yuan becomes a bare number written from its decimal string: the body is
 * built without float formatting, and it is this exact text that is signed and sent.
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000yuan:(-?\d+\.\d{2})\\u0000"/g, '$1');
}
