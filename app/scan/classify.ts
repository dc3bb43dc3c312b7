import { splitAim } from './aim.js';

/**
 * Classify scanned text (pure). Rules, in this order — payment-code prefixes first, because a
 * payment code must never be taken for anything else:
 *
 *  1. WeChat Pay 付款码: 18 digits starting 10–15.
 *  2. Alipay 付款码: 16–24 digits starting 25–30.
 *  3. UnionPay / 云闪付 付款码: 19 digits starting 62.
 *  4. Product codes with a valid GS1 check digit: EAN-13 (13 digits), EAN-8 (8), UPC-A (12).
 *  5. Stored-value card: the configured pattern (full match).
 *  6. Anything else: unknown.
 *
 * Before matching: leading/trailing CR, LF, Tab and spaces are trimmed, a leading AIM
 * identifier (`]E0`, `]Q1`, …) is stripped, and full-width digits (from an IME) are folded to
 * ASCII.
 */

export const SCAN_KINDS = ['wechat', 'alipay', 'unionpay', 'ean13', 'ean8', 'upca', 'card', 'unknown'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

export const SCAN_CATEGORIES = ['payment-code', 'product', 'card', 'unknown'] as const;
export type ScanCategory = (typeof SCAN_CATEGORIES)[number];

/** The category of each kind (a screen reads a ScanOutcome's `kind` with it). */
export const KIND_CATEGORY: Readonly<Record<ScanKind, ScanCategory>> = {
  wechat: 'payment-code',
  alipay: 'payment-code',
  unionpay: 'payment-code',
  ean13: 'product',
  ean8: 'product',
  upca: 'product',
  card: 'card',
  unknown: 'unknown',
};

export interface ClassifyOptions {
  /** Regular-expression source for stored-value card numbers; matched against the whole text. */
  cardPattern?: string | undefined;
}

export interface ClassifiedScan {
  kind: ScanKind;
  category: ScanCategory;
  /** The normalised text (trimmed, AIM id stripped). */
  text: string;
  /** The AIM identifier that was stripped, if any. */
  aim: string | null;
  /**
   * Whether the card pattern accepts the text, whatever `kind` won. A card number can look like
   * a product or payment code; recharge-card mode uses this to accept it anyway.
   */
  matchesCardPattern: boolean;
}

/** Longest text we try to classify; anything longer is unknown (and never reaches a regex). */
export const MAX_CLASSIFY_LENGTH = 256;

const EDGE_WHITESPACE = /^[\r\n\t \u0000]+|[\r\n\t \u0000]+$/g;
const FULLWIDTH_DIGITS = /[\uFF10-\uFF19]/g;
const ALL_DIGITS = /^[0-9]+$/;

export function normaliseScanText(raw: string): { text: string; aim: string | null } {
  let text = raw.replace(EDGE_WHITESPACE, '');
  const split = splitAim(text);
  text = split.data.replace(EDGE_WHITESPACE, '');
  if (FULLWIDTH_DIGITS.test(text)) {
    text = text.replace(FULLWIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30));
  }
  return { text, aim: split.aim };
}

/** GS1 mod-10 check digit over all digits but the last; true when the last digit matches. */
export function hasValidGs1CheckDigit(digits: string): boolean {
  const n = digits.length;
  if (n < 2 || !ALL_DIGITS.test(digits)) return false;
  let sum = 0;
  // Weights 3,1,3,1… from the rightmost data digit (the one just before the check digit).
  for (let i = n - 2, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) {
    sum += (digits.charCodeAt(i) - 48) * w;
  }
  const check = (10 - (sum % 10)) % 10;
  return check === digits.charCodeAt(n - 1) - 48;
}

/** Compute the GS1 check digit for data digits (used by tests, fixtures and the simulator). */
export function gs1CheckDigit(dataDigits: string): string {
  let sum = 0;
  for (let i = dataDigits.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) {
    sum += (dataDigits.charCodeAt(i) - 48) * w;
  }
  return String((10 - (sum % 10)) % 10);
}

const cardRegexCache = new Map<string, RegExp | null>();

/** Compile a card pattern (full-match). Invalid patterns yield null (never throw). */
export function compileCardPattern(source: string | undefined): RegExp | null {
  if (source === undefined || source === '') return null;
  const cached = cardRegexCache.get(source);
  if (cached !== undefined) return cached;
  let re: RegExp | null;
  try {
    re = new RegExp(`^(?:${source})$`);
  } catch {
    re = null;
  }
  if (cardRegexCache.size > 32) cardRegexCache.clear();
  cardRegexCache.set(source, re);
  return re;
}

export function isValidCardPattern(source: string): boolean {
  return compileCardPattern(source) !== null;
}

export type Wallet = 'wechat' | 'alipay' | 'unionpay';

/**
 * THE wallet payment-code rule table (付款码), declared once: digits only, a length range and a
 * two-digit prefix range. Used by the scan classifier here and by the payment engine before
 * anything is sent (app/payment/payment-code.ts); the sandbox declines what it does not match.
 */
export const WALLET_CODE_RULES: readonly {
  wallet: Wallet;
  minLength: number;
  maxLength: number;
  minPrefix: number;
  maxPrefix: number;
}[] = [
  { wallet: 'wechat', minLength: 18, maxLength: 18, minPrefix: 10, maxPrefix: 15 },
  { wallet: 'alipay', minLength: 16, maxLength: 24, minPrefix: 25, maxPrefix: 30 },
  { wallet: 'unionpay', minLength: 19, maxLength: 19, minPrefix: 62, maxPrefix: 62 },
];

/** The wallet whose payment code `text` looks like (digits only, WALLET_CODE_RULES), or null. */
export function walletOfCode(text: string): Wallet | null {
  if (typeof text !== 'string' || !ALL_DIGITS.test(text)) return null;
  const len = text.length;
  const prefix = (text.charCodeAt(0) - 48) * 10 + (text.charCodeAt(1) - 48);
  for (const r of WALLET_CODE_RULES) {
    if (len >= r.minLength && len <= r.maxLength && prefix >= r.minPrefix && prefix <= r.maxPrefix) return r.wallet;
  }
  return null;
}

function paymentKind(text: string): Wallet | null {
  return walletOfCode(text);
}

function productKind(text: string): 'ean13' | 'ean8' | 'upca' | null {
  const len = text.length;
  if (len !== 13 && len !== 8 && len !== 12) return null;
  if (!hasValidGs1CheckDigit(text)) return null;
  return len === 13 ? 'ean13' : len === 8 ? 'ean8' : 'upca';
}

export function classifyScan(raw: string, options: ClassifyOptions = {}): ClassifiedScan {
  const { text, aim } = normaliseScanText(typeof raw === 'string' ? raw : '');
  if (text.length === 0 || text.length > MAX_CLASSIFY_LENGTH) {
    return { kind: 'unknown', category: 'unknown', text, aim, matchesCardPattern: false };
  }
  const cardRe = compileCardPattern(options.cardPattern);
  const matchesCardPattern = cardRe !== null && cardRe.test(text);

  if (ALL_DIGITS.test(text)) {
    const pay = paymentKind(text);
    if (pay) return { kind: pay, category: 'payment-code', text, aim, matchesCardPattern };
    const product = productKind(text);
    if (product) return { kind: product, category: 'product', text, aim, matchesCardPattern };
  }
  if (matchesCardPattern) return { kind: 'card', category: 'card', text, aim, matchesCardPattern };
  return { kind: 'unknown', category: 'unknown', text, aim, matchesCardPattern };
}

/**
 * Mask a scan for logs: payment codes are bearer credentials for about a minute, so only the
 * first 4 and last 4 characters are kept. Product codes are not secret and stay readable.
 */
export function maskScanText(text: string, category?: ScanCategory): string {
  if (category === 'product') return text;
  if (text.length <= 8) return '*'.repeat(text.length);
  return `${text.slice(0, 4)}${'*'.repeat(text.length - 8)}${text.slice(-4)}`;
}
