import { z } from 'zod';
import { fenToYuanString, MAX_FEN } from '../money.js';
import type { ErrorCode } from '../errors.js';
import type { AppErrorData } from '../result.js';
import { asciiTrim, foldKeys, JsonSyntaxError, parseJsonNode, toPlain, type JsonNode } from './reply-json.js';

/**
 * The KouDaiLQ barcode-pay wire format (seed 003, docs/ARCHITECTURE.md §6.1), shared by the main-process
 * gateway client, the sandbox gateway and the renderer (which may pre-validate input).
 * Framework-free: no Node, DOM or Electron imports.
 */

export const BARCODE_PATH = 'api/3Pay/KouDaiLQ/BarCode';
export const QUERY_PATH = 'api/3Pay/KouDaiLQ/Query';

/** Seed limits. */
export const LIMITS = {
  operatorNo: 32,
  billNum: 32,
  barCode: 40,
  cardNo: 20,
  /** The stored-value recharge business type: the only one where cardNo is required. */
  rechargeBusinessType: 7,
} as const;

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/** What the engine asks the client to send. Money is integer fen; `summary` is derived at the edge. */
export const BarCodeRequestSchema = z
  .object({
    businessType: z.number().int().min(1).max(7),
    operatorNo: z.string().min(1).max(LIMITS.operatorNo),
    billNum: z.string().min(1).max(LIMITS.billNum),
    amountFen: z.number().int().min(1).max(MAX_FEN),
    barCode: z.string().min(1).max(LIMITS.barCode),
    cardNo: z.string().max(LIMITS.cardNo).optional(),
  })
  .superRefine((req, ctx) => {
    if (req.businessType === LIMITS.rechargeBusinessType && (req.cardNo === undefined || req.cardNo === '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['cardNo'],
        message: 'cardNo: required for BusinessType 7 (stored-value card recharge)',
        params: { limit: 'required for BusinessType 7' },
      });
    }
  });
export type BarCodeRequest = z.input<typeof BarCodeRequestSchema>;

export const QueryRequestSchema = z.object({
  billNum: z.string().min(1).max(LIMITS.billNum),
  /** The gateway's id of the payment record (from the BarCode reply); may be empty when unknown. */
  autoid: z.string().max(64).optional(),
  /** Configurable per deployment; may be empty. */
  billtype: z.string().max(32).optional(),
  paytype: z.string().max(32).optional(),
});
export type QueryRequest = z.input<typeof QueryRequestSchema>;

/** The BarCode body exactly as it goes on the wire. `summary` is a decimal string rendered as a JSON number. */
export interface BarCodeWireBody {
  BusinessType: number;
  operatorNo: string;
  billNum: string;
  /** Yuan with exactly two decimals, e.g. "12.34" — written into the JSON text as the number 12.34. */
  summary: string;
  cardNo?: string;
  barCode: string;
}

export interface QueryWireBody {
  billnum: string;
  autoid: string;
  billtype: string;
  paytype: string;
}

/** A validation failure: names the field and the limit; nothing was sent. */
export interface RequestViolation extends AppErrorData {
  code: ErrorCode;
  message: string;
  details: { field: string; limit: string | number; actual?: string | number };
}

export type Validated<T> = { ok: true; value: T } | { ok: false; error: RequestViolation };

function describeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): RequestViolation {
  const field = String(issue.path[0] ?? 'request');
  const raw = input[field];
  const actual =
    typeof raw === 'string' ? raw.length : typeof raw === 'number' ? raw : raw === undefined ? 'missing' : typeof raw;
  let limit: string | number = issue.message;
  let message: string;
  switch (issue.code) {
    case 'too_big': {
      limit = Number(issue.maximum);
      message =
        typeof raw === 'string'
          ? `${field}: at most ${limit} characters (got ${actual})`
          : `${field}: at most ${limit} (got ${String(raw)})`;
      break;
    }
    case 'too_small': {
      limit = Number(issue.minimum);
      message =
        typeof raw === 'string'
          ? `${field}: required, at least ${limit} character(s)`
          : `${field}: at least ${limit} (got ${raw === undefined ? 'nothing' : String(raw)})`;
      break;
    }
    case 'invalid_type':
      limit = issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`;
      message = `${field}: must be ${limit} (got ${raw === undefined ? 'nothing' : typeof raw})`;
      break;
    case 'custom': {
      const params = (issue as { params?: { limit?: string } }).params;
      limit = params?.limit ?? issue.message;
      message = issue.message;
      break;
    }
    default:
      message = `${field}: ${issue.message}`;
  }
  if (field === 'businessType') {
    limit = 'an integer 1–7';
    message = `businessType: must be an integer 1–7 (got ${String(raw)})`;
  }
  if (field === 'amountFen' && issue.code === 'invalid_type') {
    limit = 'an integer number of fen';
  }
  if (
    field === 'amountFen' &&
    issue.code !== 'too_big' &&
    issue.code !== 'too_small' &&
    issue.code !== 'invalid_type'
  ) {
    limit = 'an integer number of fen';
    message = `amountFen: must be an integer number of fen (got ${String(raw)})`;
  }
  const code: ErrorCode =
    field === 'barCode' && issue.code === 'too_big'
      ? 'barcode-too-long'
      : field === 'barCode'
        ? 'barcode-invalid'
        : field === 'amountFen'
          ? 'amount-out-of-range'
          : 'invalid-input';
  return { code, message, details: { field, limit, actual } };
}

/** Validate a BarCode request and build its wire body. Nothing here touches the network. */
export function buildBarCodeBody(req: unknown): Validated<BarCodeWireBody> {
  const input = (req !== null && typeof req === 'object' ? req : {}) as Record<string, unknown>;
  const parsed = BarCodeRequestSchema.safeParse(req);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue)
      return {
        ok: false,
        error: {
          code: 'invalid-input',
          message: 'request: invalid',
          details: { field: 'request', limit: 'an object' },
        },
      };
    return { ok: false, error: describeIssue(issue, input) };
  }
  const r = parsed.data;
  const body: BarCodeWireBody = {
    BusinessType: r.businessType,
    operatorNo: r.operatorNo,
    billNum: r.billNum,
    summary: fenToYuanString(r.amountFen),
    barCode: r.barCode,
  };
  if (r.cardNo !== undefined && r.cardNo !== '') body.cardNo = r.cardNo;
  return { ok: true, value: body };
}

/**
 * Serialise the BarCode body. `summary` goes out as a JSON number written from the exact decimal
 * string ("12.34" → 12.34), never through float arithmetic on yuan.
 */
export function serializeBarCodeBody(body: BarCodeWireBody): string {
  if (!/^\d+\.\d{2}$/.test(body.summary))
    throw new RangeError(`summary must be a two-decimal yuan string, got ${body.summary}`);
  const parts = [
    `"BusinessType":${JSON.stringify(body.BusinessType)}`,
    `"operatorNo":${JSON.stringify(body.operatorNo)}`,
    `"billNum":${JSON.stringify(body.billNum)}`,
    `"summary":${body.summary}`,
  ];
  if (body.cardNo !== undefined) parts.push(`"cardNo":${JSON.stringify(body.cardNo)}`);
  parts.push(`"barCode":${JSON.stringify(body.barCode)}`);
  return `{${parts.join(',')}}`;
}

export function buildQueryBody(req: unknown): Validated<QueryWireBody> {
  const input = (req !== null && typeof req === 'object' ? req : {}) as Record<string, unknown>;
  const parsed = QueryRequestSchema.safeParse(req);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue)
      return {
        ok: false,
        error: {
          code: 'invalid-input',
          message: 'request: invalid',
          details: { field: 'request', limit: 'an object' },
        },
      };
    return { ok: false, error: describeIssue(issue, input) };
  }
  const r = parsed.data;
  return {
    ok: true,
    value: { billnum: r.billNum, autoid: r.autoid ?? '', billtype: r.billtype ?? '', paytype: r.paytype ?? '' },
  };
}

// ---------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------

export interface PayStatusTag {
  billnum: string;
  autoid: string;
  billstatus: string;
  paystatus: string;
  paystatusdesc: string;
}

/** A reply the gateway actually gave, normalised. */
export interface GatewayReply {
  errcode: number;
  errmsg: string;
  /** Always present; fields are '' when the gateway left them (or the whole tag) out. */
  tag: PayStatusTag;
  /** False when the reply carried no tag object at all. */
  tagPresent: boolean;
  /**
   * errcode was written exactly as the integer 0 (the JSON number `0` or the string "0"), or is
   * not zero. False for a zero written any other way (`0.0`, `-0`, `1e-400`, " 0"): such a reply
   * is never paid (app/payment/classify.ts). Absent on replies built in code (not read from text).
   */
  errcodeExact?: boolean;
  /**
   * Keys (ASCII lower case, tag keys as `tag.<key>`) given more than once with different values,
   * literally or in another case (`{"ErrCode":0,"errcode":1}`). A reply with conflicts is unknown:
   * never paid, never declined.
   */
  conflicts?: string[];
}

// Trimmed of ASCII whitespace only: a value padded with Unicode spaces (U+3000, U+00A0 …) stays
// as it is and matches nothing in the status tables.
const looseText = z
  .union([z.string(), z.number(), z.boolean(), z.null(), z.undefined()])
  .transform((v) => (v === null || v === undefined ? '' : asciiTrim(String(v))));

const errcodeSchema = z.union([
  z.number().int(),
  z
    .string()
    .trim()
    .regex(/^[+-]?\d{1,15}$/)
    .transform((s) => Number(s)),
]);

const tagSchema = z.object({
  billnum: looseText,
  autoid: looseText,
  billstatus: looseText,
  paystatus: looseText,
  paystatusdesc: looseText,
});

const replySchema = z.object({
  errcode: errcodeSchema,
  errmsg: looseText,
  tag: z.union([tagSchema, z.null(), z.undefined()]),
});

/**
 * An object's fields under ASCII-lower-cased keys (the .NET family sometimes answers `ErrCode`,
 * `Tag`, `PayStatus`), first occurrence kept, with the keys that conflict.
 */
function foldObject(node: Extract<JsonNode, { kind: 'object' }>): {
  plain: Record<string, unknown>;
  nodes: Map<string, JsonNode>;
  conflicts: string[];
} {
  const { fields, conflicts } = foldKeys(node);
  const plain: Record<string, unknown> = {};
  for (const [k, v] of fields) plain[k] = toPlain(v);
  return { plain, nodes: fields, conflicts };
}

function isExactZero(node: JsonNode | undefined): boolean {
  return (node?.kind === 'number' && node.raw === '0') || (node?.kind === 'string' && node.value === '0');
}

export type ParsedReply = { ok: true; reply: GatewayReply } | { ok: false; message: string };

/**
 * Parse a reply body. Tolerates: a UTF-8 BOM, errcode as a string, extra fields, key case,
 * a missing or null tag, tag fields as numbers, and a JSON document double-encoded as a JSON string.
 * Reads the raw text (app/payment/reply-json.ts), so it also reports what JSON.parse would hide:
 * how errcode was written (`errcodeExact`) and duplicate keys with different values (`conflicts`).
 */
export function parseGatewayReply(text: string): ParsedReply {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return { ok: false, message: 'empty body' };
  let node: JsonNode;
  try {
    node = parseJsonNode(body);
    if (node.kind === 'string' && node.value.trim().startsWith('{'))
      node = parseJsonNode(node.value.replace(/^\uFEFF/, ''));
  } catch (e) {
    const why = e instanceof JsonSyntaxError ? e.message : String(e);
    return { ok: false, message: `not JSON: ${why}; body starts ${JSON.stringify(body.slice(0, 80))}` };
  }
  if (node.kind !== 'object') {
    return { ok: false, message: `not a JSON object; body starts ${JSON.stringify(body.slice(0, 80))}` };
  }
  const folded = foldObject(node);
  const top = folded.plain;
  const conflicts = [...folded.conflicts];
  const tagNode = folded.nodes.get('tag');
  if (tagNode?.kind === 'object') {
    const t = foldObject(tagNode);
    top['tag'] = t.plain;
    conflicts.push(...t.conflicts.map((k) => `tag.${k}`));
  }
  const parsed = replySchema.safeParse(top);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      message: `reply does not match: ${issue ? `${issue.path.join('.') || 'reply'}: ${issue.message}` : 'invalid'}`,
    };
  }
  const tag = parsed.data.tag;
  return {
    ok: true,
    reply: {
      errcode: parsed.data.errcode,
      errmsg: parsed.data.errmsg,
      tag: tag ?? { billnum: '', autoid: '', billstatus: '', paystatus: '', paystatusdesc: '' },
      tagPresent: tag !== null && tag !== undefined,
      errcodeExact: parsed.data.errcode !== 0 || isExactZero(folded.nodes.get('errcode')),
      conflicts,
    },
  };
}

/** Mask a payment code for logs and screens: first 4 and last 2 characters kept. */
export function maskBarCode(code: string): string {
  if (code.length <= 6) return '*'.repeat(code.length);
  return `${code.slice(0, 4)}${'*'.repeat(code.length - 6)}${code.slice(-2)}`;
}
