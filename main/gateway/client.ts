import { BAR_CODE_MAX } from '../../app/limits.js';
import {
  BARCODE_PATH,
  buildBarCodeBody,
  buildQueryBody,
  maskBarCode,
  parseGatewayReply,
  QUERY_PATH,
  serializeBarCodeBody,
  type BarCodeRequest,
  type GatewayReply,
  type QueryRequest,
  type RequestViolation,
} from '../../app/payment/gateway-schema.js';
import type { AttemptEvent, RequestKind, TransportFailureKind } from '../../app/payment/state.js';
import { errorCode, NOT_DELIVERED_CODES } from '../net/fetch-errors.js';

/**
 * The KouDaiLQ gateway client (main process). Validates before sending, never throws for
 * network trouble, and answers with a discriminated union the payment engine feeds straight
 * into the attempt state machine (app/payment/state.ts).
 */

export type GatewayLog = (event: string, fields: Record<string, unknown>) => void;

export interface GatewayClientOptions {
  /** e.g. "https://pay.example.com/" or "http://127.0.0.1:43123/" (a path prefix is kept). */
  baseUrl: string;
  barCodePath?: string;
  queryPath?: string;
  /** One number for both, or per request. Defaults: BarCode 15 s, Query 5 s. */
  timeoutMs?: number | { barCode?: number; query?: number };
  /** Defaults for the Query body (deployment-specific, may be empty). */
  billtype?: string;
  paytype?: string;
  /** Extra headers (e.g. an auth key). Sent, never logged. */
  headers?: Record<string, string>;
  log?: GatewayLog;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
  /**
   * The longest bill number this gateway is sent (config gateway.maxBillNumLength, default 20:
   * the Query endpoints allow 20 in `billnum`). A longer one is refused here: nothing is sent.
   */
  maxBillNumLength?: number;
}

export interface CallOptions {
  timeoutMs?: number;
  /** Abort from outside (e.g. shutdown); reported as a timeout. */
  signal?: AbortSignal;
}

export type GatewayReplyResult = { kind: 'reply'; status: number; durationMs: number } & GatewayReply;

export interface TransportFailureResult {
  kind: 'transport-failure';
  failure: TransportFailureKind;
  status?: number;
  message: string;
  durationMs: number;
}

/** The request broke a limit: it names the field and the limit. Nothing was sent. */
export interface InvalidRequestResult {
  kind: 'invalid';
  error: RequestViolation;
}

export type GatewayCallResult = GatewayReplyResult | TransportFailureResult | InvalidRequestResult;

export interface GatewayClient {
  barCode(req: BarCodeRequest, opts?: CallOptions): Promise<GatewayCallResult>;
  query(req: QueryRequest, opts?: CallOptions): Promise<GatewayCallResult>;
  readonly barCodeUrl: string;
  readonly queryUrl: string;
}

export const DEFAULT_BARCODE_TIMEOUT_MS = 15_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 5_000;

const TLS_CODE = /^(CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH)/;

function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    if (cur instanceof Error || (typeof cur === 'object' && cur !== null && 'message' in cur)) {
      const m = String((cur as { message: unknown }).message);
      const c = (cur as { code?: unknown }).code;
      parts.push(typeof c === 'string' && !m.includes(c) ? `${m} (${c})` : m);
      cur = (cur as { cause?: unknown }).cause;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  return parts.join(': ');
}

/** Classify a fetch rejection. `timedOut` when our own timeout (or the caller's signal) fired. */
export function classifyFetchError(e: unknown, timedOut: boolean): { failure: TransportFailureKind; message: string } {
  const name = (e as { name?: unknown } | null)?.name;
  if (timedOut || name === 'TimeoutError' || name === 'AbortError')
    return { failure: 'timeout', message: errorText(e) || 'timed out' };
  const code = errorCode(e);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return { failure: 'timeout', message: errorText(e) };
  if (code && (NOT_DELIVERED_CODES.has(code) || TLS_CODE.test(code)))
    return { failure: 'refused', message: errorText(e) };
  // ECONNRESET, UND_ERR_SOCKET ("other side closed"), EPIPE and anything unknown: the request may
  // have been delivered.
  return { failure: 'reset', message: errorText(e) || 'connection failed' };
}

/** Long digit runs (payment codes echoed back, up to the code's limit) are masked in logged text. */
const CODE_LIKE = new RegExp(`\\d{12,${BAR_CODE_MAX}}`, 'g');
function scrub(text: string, max = 200): string {
  const t = text.length > max ? `${text.slice(0, max)}…` : text;
  return t.replace(CODE_LIKE, (d) => maskBarCode(d));
}

function joinUrl(base: string, path: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return new URL(path.replace(/^\/+/, ''), b).toString();
}

function decode(buf: ArrayBuffer, contentType: string | null): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    try {
      return new TextDecoder(charset).decode(buf);
    } catch {
      /* unknown label: fall back to UTF-8 */
    }
  }
  // TextDecoder drops a leading UTF-8 BOM; parseGatewayReply strips one too.
  return new TextDecoder('utf-8').decode(buf);
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const base = new URL(options.baseUrl); // throws at construction on a bad URL: a config error, not a payment one
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new TypeError(`gateway baseUrl must be http(s): ${options.baseUrl}`);
  const barCodeUrl = joinUrl(options.baseUrl, options.barCodePath ?? BARCODE_PATH);
  const queryUrl = joinUrl(options.baseUrl, options.queryPath ?? QUERY_PATH);
  const t = options.timeoutMs;
  const barCodeTimeout = typeof t === 'number' ? t : (t?.barCode ?? DEFAULT_BARCODE_TIMEOUT_MS);
  const queryTimeout = typeof t === 'number' ? t : (t?.query ?? DEFAULT_QUERY_TIMEOUT_MS);
  const log: GatewayLog = options.log ?? (() => {});
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => performance.now());
  const extraHeaders = { ...(options.headers ?? {}) };

  async function post(
    op: 'barcode' | 'query',
    url: string,
    body: string,
    logFields: Record<string, unknown>,
    timeoutMs: number,
    external: AbortSignal | undefined,
  ): Promise<GatewayReplyResult | TransportFailureResult> {
    const started = now();
    const timeoutSignal = AbortSignal.timeout(Math.max(1, timeoutMs));
    const signal = external ? AbortSignal.any([timeoutSignal, external]) : timeoutSignal;
    const elapsed = () => Math.round(now() - started);
    log('gateway.request', { op, url: new URL(url).pathname, timeoutMs, ...logFields });

    const fail = (failure: TransportFailureKind, message: string, status?: number): TransportFailureResult => {
      const r: TransportFailureResult = {
        kind: 'transport-failure',
        failure,
        message: scrub(message, 300),
        durationMs: elapsed(),
      };
      if (status !== undefined) r.status = status;
      log('gateway.failure', {
        op,
        billNum: logFields['billNum'],
        failure,
        status,
        message: r.message,
        durationMs: r.durationMs,
      });
      return r;
    };

    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          accept: 'application/json, text/json, */*',
          ...extraHeaders,
        },
        body,
        signal,
        redirect: 'manual',
      });
      text = decode(await res.arrayBuffer(), res.headers.get('content-type'));
    } catch (e) {
      const c = classifyFetchError(e, signal.aborted);
      return fail(c.failure, signal.aborted && timeoutSignal.aborted ? `no answer within ${timeoutMs} ms` : c.message);
    }

    const status = res.status;
    if (status >= 500) return fail('http-5xx', `HTTP ${status}: ${text.trim().slice(0, 200)}`, status);
    if (status >= 400) return fail('http-4xx', `HTTP ${status}: ${text.trim().slice(0, 200)}`, status);
    if (status < 200 || status >= 300) {
      return fail(
        'unparseable',
        `HTTP ${status}${res.headers.get('location') ? ` → ${res.headers.get('location')}` : ''}: not a gateway reply`,
        status,
      );
    }
    const parsed = parseGatewayReply(text);
    if (!parsed.ok) return fail('unparseable', parsed.message, status);
    const r = parsed.reply;
    const out: GatewayReplyResult = { kind: 'reply', status, durationMs: elapsed(), ...r };
    log('gateway.reply', {
      op,
      billNum: logFields['billNum'],
      status,
      durationMs: out.durationMs,
      errcode: r.errcode,
      errmsg: scrub(r.errmsg),
      billstatus: r.tag.billstatus,
      paystatus: r.tag.paystatus,
      paystatusdesc: scrub(r.tag.paystatusdesc),
      autoid: r.tag.autoid,
    });
    return out;
  }

  const maxBillNum = options.maxBillNumLength ?? 20;
  function billNumTooLong(billNum: unknown): RequestViolation | null {
    if (typeof billNum !== 'string' || billNum.length <= maxBillNum) return null;
    return {
      code: 'invalid-input',
      message: `billNum: at most ${maxBillNum} characters (got ${billNum.length})`,
      details: { field: 'billNum', limit: maxBillNum, actual: billNum.length },
    };
  }

  return {
    barCodeUrl,
    queryUrl,
    async barCode(req, opts = {}) {
      const tooLong = billNumTooLong((req as { billNum?: unknown })?.billNum);
      if (tooLong) {
        log('gateway.invalid', { op: 'barcode', ...tooLong.details, message: tooLong.message });
        return { kind: 'invalid', error: tooLong };
      }
      const built = buildBarCodeBody(req);
      if (!built.ok) {
        log('gateway.invalid', {
          op: 'barcode',
          billNum: (req as { billNum?: unknown })?.billNum,
          ...built.error.details,
          message: built.error.message,
        });
        return { kind: 'invalid', error: built.error };
      }
      const b = built.value;
      return post(
        'barcode',
        barCodeUrl,
        serializeBarCodeBody(b),
        {
          billNum: b.billNum,
          businessType: b.BusinessType,
          operatorNo: b.operatorNo,
          summary: b.summary,
          barCode: maskBarCode(b.barCode),
          ...(b.cardNo !== undefined ? { cardNo: maskBarCode(b.cardNo) } : {}),
        },
        opts.timeoutMs ?? barCodeTimeout,
        opts.signal,
      );
    },
    async query(req, opts = {}) {
      const withDefaults = {
        ...req,
        billtype: req.billtype ?? options.billtype,
        paytype: req.paytype ?? options.paytype,
      };
      // The configured maximum governs the numbers we issue (BarCode). A query asks about a number
      // the gateway already holds: an attempt sent before the maximum was lowered keeps its longer
      // number and must still be queried with it (up to the BarCode limit, checked below).
      const built = buildQueryBody(withDefaults);
      if (!built.ok) {
        log('gateway.invalid', {
          op: 'query',
          billNum: req.billNum,
          ...built.error.details,
          message: built.error.message,
        });
        return { kind: 'invalid', error: built.error };
      }
      const b = built.value;
      return post(
        'query',
        queryUrl,
        JSON.stringify(b),
        { billNum: b.billnum, autoid: b.autoid },
        opts.timeoutMs ?? queryTimeout,
        opts.signal,
      );
    },
  };
}

/**
 * Turn a call result into the state-machine event. `invalid` gives null: nothing was sent, so
 * nothing happened to the attempt (validate with buildBarCodeBody before committing one).
 */
export function callResultToEvent(result: GatewayCallResult, request: RequestKind): AttemptEvent | null {
  switch (result.kind) {
    case 'reply': {
      const { errcode, errmsg, tag, tagPresent, errcodeExact, conflicts } = result;
      return {
        type: 'gateway-reply',
        request,
        reply: {
          errcode,
          errmsg,
          tag,
          tagPresent,
          ...(errcodeExact !== undefined ? { errcodeExact } : {}),
          ...(conflicts !== undefined ? { conflicts } : {}),
        },
      };
    }
    case 'transport-failure': {
      const ev: AttemptEvent = { type: 'transport-failure', request, failure: result.failure, message: result.message };
      if (result.status !== undefined) ev.status = result.status;
      return ev;
    }
    case 'invalid':
      return null;
  }
}
