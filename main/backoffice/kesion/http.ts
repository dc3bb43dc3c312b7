/**
 * A small HTTP transport for the back-office clients: one POST with a timeout on every call,
 * no retries, and a classification of what went wrong that says whether the request may have
 * reached the server (`maybeDelivered`). The callers decide what a failure means; a call that
 * is not idempotent must check the server's state before it is sent again.
 */
import { errorCode, NOT_DELIVERED_CODES as NOT_DELIVERED } from '../../net/fetch-errors.js';

export type TransportFailureKind = 'timeout' | 'refused' | 'reset' | 'http-5xx' | 'http-4xx' | 'unparseable';

export interface TransportFailure {
  kind: 'transport-failure';
  failure: TransportFailureKind;
  /** False only when the request provably never reached the server (connection refused, DNS). */
  maybeDelivered: boolean;
  status?: number;
  message: string;
  durationMs: number;
}

export interface HttpText {
  kind: 'http';
  status: number;
  text: string;
  durationMs: number;
}

function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    if (typeof cur === 'object' && cur !== null && 'message' in cur) {
      parts.push(String((cur as { message: unknown }).message));
      cur = (cur as { cause?: unknown }).cause;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  return parts.join(': ');
}

/**
 * Join a base URL and an endpoint path with exactly one slash, whatever either side carries:
 * the KesionEDU seed writes `http://xx.com//webapi/school/SaveBatchBill`, and a configured base
 * may or may not end with `/`. A path prefix in the base (a WebPath such as `/zhxy`) is kept.
 */
export function joinUrl(base: string, path: string): string {
  const u = new URL(base);
  const basePath = u.pathname.replace(/\/+/g, '/').replace(/\/+$/, '');
  const tail = path.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
  u.pathname = `${basePath}/${tail}`;
  return u.toString();
}

export interface PostOptions {
  url: string;
  body: string;
  contentType: string;
  timeoutMs: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  now?: () => number;
}

export async function postText(opts: PostOptions): Promise<HttpText | TransportFailure> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const elapsed = () => Math.round(now() - started);
  const timeout = AbortSignal.timeout(Math.max(1, opts.timeoutMs));
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  const doFetch = opts.fetch ?? globalThis.fetch;
  const fail = (
    failure: TransportFailureKind,
    message: string,
    maybeDelivered: boolean,
    status?: number,
  ): TransportFailure => {
    const f: TransportFailure = {
      kind: 'transport-failure',
      failure,
      maybeDelivered,
      message: message.slice(0, 300),
      durationMs: elapsed(),
    };
    if (status !== undefined) f.status = status;
    return f;
  };
  let res: Response;
  let text: string;
  try {
    res = await doFetch(opts.url, {
      method: 'POST',
      headers: { 'content-type': opts.contentType, accept: 'application/json, text/json, */*' },
      body: opts.body,
      signal,
      redirect: 'manual',
    });
    text = new TextDecoder('utf-8').decode(await res.arrayBuffer());
  } catch (e) {
    if (signal.aborted)
      return fail('timeout', timeout.aborted ? `no answer within ${opts.timeoutMs} ms` : 'aborted', true);
    const code = errorCode(e);
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
      return fail('timeout', errorText(e), true);
    if (code && NOT_DELIVERED.has(code)) return fail('refused', errorText(e), false);
    return fail('reset', errorText(e) || 'connection failed', true);
  }
  const status = res.status;
  if (status >= 500) return fail('http-5xx', `HTTP ${status}: ${text.trim().slice(0, 200)}`, true, status);
  if (status >= 400) return fail('http-4xx', `HTTP ${status}: ${text.trim().slice(0, 200)}`, true, status);
  if (status < 200 || status >= 300) return fail('unparseable', `HTTP ${status}: not a reply`, true, status);
  return { kind: 'http', status, text, durationMs: elapsed() };
}

/** Parse a JSON object body (a leading BOM is tolerated). */
export function parseJsonObject(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (v && typeof v === 'object' && !Array.isArray(v)) return { ok: true, value: v as Record<string, unknown> };
    return { ok: false, message: 'reply is not a JSON object' };
  } catch {
    return { ok: false, message: `reply is not JSON: ${text.trim().slice(0, 80)}` };
  }
}

/** The transport failure for an answer that arrived but cannot be read (it may have been acted on). */
export function unparseableReply(http: HttpText, message: string): TransportFailure {
  return {
    kind: 'transport-failure',
    failure: 'unparseable',
    maybeDelivered: true,
    status: http.status,
    message: message.slice(0, 300),
    durationMs: http.durationMs,
  };
}
