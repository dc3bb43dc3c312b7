import { z } from 'zod';
import { fenToYuanString, MAX_FEN } from '../money.js';
import type { ErrorCode } from '../errors.js';
import { LIMITS, type Validated } from './gateway-schema.js';

/**
 * KouDaiLQ ScanCode (the payer scans the counter's QR): the request, its wire body and how the QR
 * content is found in the reply. Shared by the gateway client, the sandbox and the screens.
 * Framework-free. A ScanCode success only means a QR was issued; the Query loop confirms payment.
 */

export const SCANCODE_PATH = 'api/3Pay/KouDaiLQ/ScanCode';

/**
 * The one list of QR pay types the gateway accepts in `payTypeCode`: WeChat, Alipay, UnionPay
 * (云闪付) and the WeChat + Alipay aggregate code.
 */
export const QR_PAY_TYPES = ['wxPubQR', 'alipayQR', 'unionpayDynamic', 'dynamicPay'] as const;
export type QrPayType = (typeof QR_PAY_TYPES)[number];
export const QrPayTypeSchema = z.enum(QR_PAY_TYPES);
export const DEFAULT_QR_PAY_TYPE: QrPayType = 'dynamicPay';

/** `tradeFrom` "1": the request comes from a counter. */
export const TRADE_FROM_COUNTER = '1';

/** The longest QR content kept with an attempt (a URL; real ones are well under 200). */
export const QR_CONTENT_MAX = 1000;

export const ScanCodeRequestSchema = z
  .object({
    businessType: z.number().int().min(1).max(7),
    operatorNo: z.string().min(1).max(LIMITS.operatorNo),
    billNum: z.string().min(1).max(LIMITS.billNum),
    amountFen: z.number().int().min(1).max(MAX_FEN),
    payTypeCode: QrPayTypeSchema,
    cardNo: z.string().max(LIMITS.cardNo).optional(),
  })
  .strict();
export type ScanCodeRequest = z.input<typeof ScanCodeRequestSchema>;

export interface ScanCodeWireBody {
  BusinessType: number;
  operatorNo: string;
  billNum: string;
  /** Yuan with exactly two decimals, written into the JSON text as a number. */
  summary: string;
  cardNo?: string;
  payTypeCode: QrPayType;
  tradeFrom: string;
}

/** Validate a ScanCode request and build its wire body. Nothing here touches the network. */
export function buildScanCodeBody(req: unknown): Validated<ScanCodeWireBody> {
  const parsed = ScanCodeRequestSchema.safeParse(req);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? 'request');
    const limit =
      field === 'payTypeCode'
        ? `one of ${QR_PAY_TYPES.join(', ')}`
        : issue && 'maximum' in issue
          ? Number(issue.maximum)
          : (issue?.message ?? 'valid');
    const code: ErrorCode = field === 'amountFen' ? 'amount-out-of-range' : 'invalid-input';
    return { ok: false, error: { code, message: `${field}: must be ${String(limit)}`, details: { field, limit } } };
  }
  const r = parsed.data;
  const body: ScanCodeWireBody = {
    BusinessType: r.businessType,
    operatorNo: r.operatorNo,
    billNum: r.billNum,
    summary: fenToYuanString(r.amountFen),
    payTypeCode: r.payTypeCode,
    tradeFrom: TRADE_FROM_COUNTER,
  };
  if (r.cardNo !== undefined && r.cardNo !== '') body.cardNo = r.cardNo;
  return { ok: true, value: body };
}

/** Serialise with `summary` written from its exact decimal string, never through float yuan. */
export function serializeScanCodeBody(body: ScanCodeWireBody): string {
  if (!/^\d+\.\d{2}$/.test(body.summary))
    throw new RangeError(`summary must be a two-decimal yuan string, got ${body.summary}`);
  const parts = [
    `"BusinessType":${JSON.stringify(body.BusinessType)}`,
    `"operatorNo":${JSON.stringify(body.operatorNo)}`,
    `"billNum":${JSON.stringify(body.billNum)}`,
    `"summary":${body.summary}`,
  ];
  if (body.cardNo !== undefined) parts.push(`"cardNo":${JSON.stringify(body.cardNo)}`);
  parts.push(`"payTypeCode":${JSON.stringify(body.payTypeCode)}`, `"tradeFrom":${JSON.stringify(body.tradeFrom)}`);
  return `{${parts.join(',')}}`;
}

// ---------------------------------------------------------------------------
// Finding the QR content in a reply
// ---------------------------------------------------------------------------

/** A URL-like string: a scheme and `://` (http, https, weixin, alipays, upwallet …), no spaces. */
const URL_LIKE = /^[a-z][a-z0-9+.-]{1,20}:\/\/\S+$/i;

export type QrFound = { ok: true; content: string; field: string } | { ok: false; code: 'qr-missing'; message: string };

/** A dotted path such as `qrcode` or `payInfo.codeUrl`: letters, digits, `_` and `-` per segment. */
export const QrFieldPathSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, { message: 'a dotted path such as qrcode or payInfo.codeUrl' });

function getCaseless(obj: Record<string, unknown>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

function parseBody(text: string): unknown {
  let v: unknown = JSON.parse(text.replace(/^\uFEFF/, '').trim());
  if (typeof v === 'string' && v.trim().startsWith('{')) v = JSON.parse(v.replace(/^\uFEFF/, ''));
  return v;
}

function firstUrlLike(node: unknown, path: string, depth: number): { content: string; field: string } | null {
  if (depth > 6) return null;
  if (typeof node === 'string') {
    const t = node.trim();
    return URL_LIKE.test(t) && t.length <= QR_CONTENT_MAX ? { content: t, field: path } : null;
  }
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const f = firstUrlLike(node[i], `${path}[${i}]`, depth + 1);
      if (f) return f;
    }
    return null;
  }
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      const f = firstUrlLike(v, `${path}.${k}`, depth + 1);
      if (f) return f;
    }
  }
  return null;
}

/**
 * Find the QR content in a ScanCode reply body. With `fieldPath` (config gateway.scanCodeQrField)
 * the named field inside `tag` (keys matched without regard to case); without it, the first
 * URL-like string anywhere in `tag` (or `tag` itself when it is a string). No field, an empty
 * one or one longer than QR_CONTENT_MAX → `qr-missing` naming what was looked for.
 */
export function findQrContent(text: string, fieldPath?: string | null): QrFound {
  let body: unknown;
  try {
    body = parseBody(text);
  } catch {
    return { ok: false, code: 'qr-missing', message: 'the ScanCode reply is not JSON: no QR content' };
  }
  const tag = body && typeof body === 'object' ? getCaseless(body as Record<string, unknown>, 'tag') : undefined;
  if (fieldPath) {
    let cur: unknown = tag;
    for (const seg of fieldPath.split('.')) {
      cur =
        cur && typeof cur === 'object' && !Array.isArray(cur)
          ? getCaseless(cur as Record<string, unknown>, seg)
          : undefined;
    }
    const value = typeof cur === 'string' ? cur.trim() : typeof cur === 'number' ? String(cur) : '';
    if (value === '')
      return { ok: false, code: 'qr-missing', message: `tag.${fieldPath}: no QR content in the ScanCode reply` };
    if (value.length > QR_CONTENT_MAX)
      return {
        ok: false,
        code: 'qr-missing',
        message: `tag.${fieldPath}: at most ${QR_CONTENT_MAX} characters (got ${value.length})`,
      };
    return { ok: true, content: value, field: `tag.${fieldPath}` };
  }
  const found = firstUrlLike(tag, 'tag', 0);
  if (!found)
    return {
      ok: false,
      code: 'qr-missing',
      message: 'tag: no URL-like string (http(s)://, weixin://, alipays:// …) in the ScanCode reply',
    };
  return { ok: true, ...found };
}
