import { z } from 'zod';
import { silentLogger } from '../../log.js';
import { addOneMonth, CHANGED_ORDERS_MAX_SPAN_MS, formatXbDateTime, parseXbDateTime, splitWindows } from './dates.js';
import { toJsonText } from './money.js';
import {
  AccountTranDataSchema,
  AnyEnvelopeSchema,
  ChangedOrderSchema,
  DETAIL_ENDPOINTS,
  GetChangedOrdersRequestSchema,
  GetTranOrderListRequestSchema,
  TranOrderSchema,
  OrderIdRequestSchema,
  RechargeAccountTranRequestSchema,
  RefundAccountTranRequestSchema,
  TokenReplySchema,
  envelope,
  type AnyEnvelope,
  type ChangedOrder,
  type DetailEndpoint,
  type DetailOf,
  type GetTranOrderListRequest,
  type TranOrder,
} from './schemas.js';
import { SIGN_METHOD, xbSign } from './sign.js';
import { accountTranBody, checkSpan, toOrderId } from './client-requests.js';
import {
  codeOf,
  invalidRequest,
  parseEnvelope,
  READ,
  tokenOf,
  WRITE,
  type Mode,
  type RawReply,
} from './client-replies.js';
import { createPost } from './client-transport.js';
import { collectTranOrders } from './client-paging.js';
import {
  DEFAULT_SUCCESS,
  DEFAULT_TOKEN_INVALID_CODES,
  XiaobaoError,
  type AccountTranInput,
  type ListTranOrdersInput,
  type XiaobaoClientOptions,
} from './client-types.js';

/**
 * The typed Xiaobao ERP open-API client.
 *
 * - URLs: `{baseUrl}/OpenApi/{Endpoint}` for the ten endpoints, `{baseUrl}/token/get_token` for the
 *   token (baseUrl e.g. https://openplatform-api.xiaobao100.com/open-erp).
 * - Every OpenApi call carries token, corp-id, xb-timestamp (ms), xb-sign-method: sha256, xb-sign
 *   (sign.ts) over the body text exactly as sent.
 * - Success rule (configurable): default `code == 200`; alternative `state == 0`.
 * - Seed limits are checked before anything is sent; errors name the field and the limit.
 * - Token cached until shortly before it expires; refreshed once on HTTP 401 or a token-invalid
 *   code (default 401) in the reply, then the call is repeated once.
 * - Every request has a timeout (AbortSignal). Reads (token, lists, details) are retried on
 *   network errors, timeouts and 5xx with backoff; posts (RechargeAccountTran,
 *   RefundAccountTran) never are: their failure is reported with `outcomeUnknown` so the
 *   exactly-once poster (poster.ts) can look the order up first.
 * - Logs carry the endpoint, timing and result code only: never the token, secret, key id or sign.
 */

export * from './client-types.js';

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createXiaobaoClient(opts: XiaobaoClientOptions) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const encoding = opts.signEncoding ?? 'hex';
  const success = opts.success ?? DEFAULT_SUCCESS;
  const tokenInvalid = new Set<number>(opts.tokenInvalidCodes ?? DEFAULT_TOKEN_INVALID_CODES);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const readRetries = opts.readRetries ?? 2;
  const retryDelayMs = opts.retryDelayMs ?? 500;
  const tokenTtlMs = opts.tokenTtlMs ?? 2 * 3_600_000;
  const tokenMarginMs = opts.tokenMarginMs ?? 60_000;
  const pageSize = opts.pageSize ?? 50;
  const maxPages = opts.maxPages ?? 200;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const log = (opts.logger ?? silentLogger).child('xiaobao');
  const doFetch = opts.fetch ?? fetch;

  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  const counters = { requests: 0, tokenFetches: 0 };

  const post = createPost({ timeoutMs, now, log, doFetch, counters });

  const isSuccess = (env: AnyEnvelope) => codeOf(env, success.field) === success.value;
  const isTokenInvalid = (env: AnyEnvelope) => {
    const c = codeOf(env, 'code') ?? codeOf(env, 'state');
    return c !== null && tokenInvalid.has(c);
  };

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const endpoint = 'token/get_token';
    const body = JSON.stringify({ accessKeyId: opts.accessKeyId, accessKeySecret: opts.accessKeySecret });
    let lastErr: unknown;
    for (let attempt = 0; attempt <= readRetries; attempt++) {
      if (attempt > 0) await sleep(retryDelayMs * 2 ** (attempt - 1));
      try {
        counters.tokenFetches++;
        const raw = await post(endpoint, `${base}/token/get_token`, {}, body, READ, signal);
        if (raw.status >= 500) {
          lastErr = new XiaobaoError('http', endpoint, `HTTP ${raw.status}`, { status: raw.status });
          continue;
        }
        const env = parseEnvelope(endpoint, raw, TokenReplySchema);
        if (!isSuccess(env) || env.data == null) {
          throw new XiaobaoError(
            'token',
            endpoint,
            `token refused (${success.field} ${String(env[success.field] ?? '-')}: ${env.message ?? ''})`,
            {
              status: raw.status,
              code: env[success.field] ?? undefined,
            },
          );
        }
        const { token, ttl } = tokenOf(env.data, tokenTtlMs, now);
        cached = { token, expiresAt: now() + Math.max(0, ttl - tokenMarginMs) };
        log.info('token obtained', { validForMs: Math.max(0, ttl - tokenMarginMs) });
        return token;
      } catch (e) {
        if (e instanceof XiaobaoError && (e.kind === 'timeout' || e.kind === 'network')) {
          lastErr = e;
          continue;
        }
        throw e;
      }
    }
    throw lastErr instanceof Error ? lastErr : new XiaobaoError('token', endpoint, 'no token');
  }

  async function token(signal?: AbortSignal): Promise<string> {
    if (cached && now() < cached.expiresAt) return cached.token;
    if (!inflight) {
      inflight = fetchToken(signal).finally(() => {
        inflight = null;
      });
    }
    return inflight;
  }

  /**
   * Validate the request as it will be sent (the JSON text, re-parsed), sign it, send it,
   * check the reply. Reads retry; writes do not. A token-invalid reply refreshes once.
   */
  async function call<D extends z.ZodType>(
    endpoint: string,
    request: unknown,
    requestSchema: z.ZodType,
    dataSchema: D,
    mode: Mode,
    signal?: AbortSignal,
  ): Promise<NonNullable<z.infer<D>>> {
    const replySchema = envelope(dataSchema);
    const bodyText = toJsonText(request);
    const check = requestSchema.safeParse(JSON.parse(bodyText));
    if (!check.success) throw invalidRequest(endpoint, check.error);
    const url = `${base}/OpenApi/${endpoint}`;
    let refreshed = false;
    let attempt = 0;
    for (;;) {
      const tok = await token(signal);
      const timestamp = String(now());
      const headers = {
        token: tok,
        'corp-id': opts.corpId,
        'xb-timestamp': timestamp,
        'xb-sign-method': SIGN_METHOD,
        'xb-sign': xbSign(
          {
            method: 'POST',
            accessKeyId: opts.accessKeyId,
            timestamp,
            url,
            body: bodyText,
            accessKeySecret: opts.accessKeySecret,
          },
          encoding,
        ),
      };
      let raw: RawReply;
      try {
        raw = await post(endpoint, url, headers, bodyText, mode, signal);
      } catch (e) {
        if (mode === READ && attempt < readRetries && e instanceof XiaobaoError && !(signal?.aborted ?? false)) {
          await sleep(retryDelayMs * 2 ** attempt++);
          continue;
        }
        throw e;
      }
      if (raw.status === 401 && !refreshed) {
        cached = null;
        refreshed = true;
        log.info('token refused, refreshing', { endpoint });
        continue;
      }
      if (raw.status >= 500) {
        if (mode === READ && attempt < readRetries) {
          await sleep(retryDelayMs * 2 ** attempt++);
          continue;
        }
        throw new XiaobaoError('http', endpoint, `HTTP ${raw.status}`, { status: raw.status, outcomeUnknown: true });
      }
      if (raw.status >= 400) {
        throw new XiaobaoError('http', endpoint, `HTTP ${raw.status}`, { status: raw.status, outcomeUnknown: false });
      }
      const env: unknown = parseEnvelope(endpoint, raw, AnyEnvelopeSchema);
      const typed = env as AnyEnvelope;
      if (!isSuccess(typed)) {
        if (isTokenInvalid(typed) && !refreshed) {
          cached = null;
          refreshed = true;
          log.info('token invalid, refreshing', { endpoint, code: typed.code ?? typed.state });
          continue;
        }
        const code = typed[success.field] ?? typed.code ?? typed.state ?? undefined;
        log.warn('api error', { endpoint, code, message: typed.message });
        throw new XiaobaoError('api', endpoint, `${success.field} ${String(code)}: ${typed.message ?? ''}`, {
          code: code ?? undefined,
          status: raw.status,
          outcomeUnknown: false,
        });
      }
      const parsed = replySchema.safeParse(env);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue ? issue.path.map(String).join('.') : '';
        throw new XiaobaoError('bad-reply', endpoint, `reply field ${field}: ${issue?.message ?? 'invalid'}`, {
          field,
          outcomeUnknown: mode === WRITE,
        });
      }
      const data = (parsed.data as { data?: unknown }).data;
      if (data === undefined || data === null) {
        throw new XiaobaoError('bad-reply', endpoint, 'reply has no data', {
          field: 'data',
          outcomeUnknown: mode === WRITE,
        });
      }
      return data as NonNullable<z.infer<D>>;
    }
  }

  const client = {
    /** Current token (cached). */
    token: (signal?: AbortSignal) => token(signal),
    /** Forget the cached token (the next call fetches one). */
    invalidateToken(): void {
      cached = null;
    },
    counters: () => ({ ...counters }),

    /** One page of GetTranOrderList. The span beginDate–endDate must be ≤ 1 calendar month. */
    async getTranOrderListPage(req: GetTranOrderListRequest, signal?: AbortSignal): Promise<TranOrder[]> {
      const ep = 'GetTranOrderList';
      const check = GetTranOrderListRequestSchema.safeParse(req);
      if (!check.success) throw invalidRequest(ep, check.error);
      const from = parseXbDateTime(req.beginDate, 'beginDate');
      const to = parseXbDateTime(req.endDate, 'endDate');
      checkSpan(ep, from, to, 'beginDate', 'endDate', addOneMonth(from), '1 month');
      return call(ep, req, GetTranOrderListRequestSchema, z.array(TranOrderSchema), READ, signal);
    },

    /**
     * Every order in [from, to]: split into ≤ 1-month windows, each paged to the end (an empty
     * page, or a page with nothing new — some servers repeat the last page). Deduplicated by id;
     * bounded by maxPages per window.
     */
    async listTranOrders(input: ListTranOrdersInput, signal?: AbortSignal): Promise<TranOrder[]> {
      const ep = 'GetTranOrderList';
      let windows: [number, number][];
      try {
        windows = splitWindows(input.from, input.to, addOneMonth);
      } catch (e) {
        throw new XiaobaoError('invalid-request', ep, (e as Error).message, { field: 'endDate', limit: '≥ beginDate' });
      }
      return collectTranOrders(ep, windows, input, pageSize, maxPages, (req) =>
        client.getTranOrderListPage(req, signal),
      );
    },

    /** GetChangedOrders for one window of at most 7 days. */
    async getChangedOrders(req: { startTime: string; endTime: string }, signal?: AbortSignal): Promise<ChangedOrder[]> {
      const ep = 'GetChangedOrders';
      const check = GetChangedOrdersRequestSchema.safeParse(req);
      if (!check.success) throw invalidRequest(ep, check.error);
      const from = parseXbDateTime(req.startTime, 'startTime');
      const to = parseXbDateTime(req.endTime, 'endTime');
      checkSpan(ep, from, to, 'startTime', 'endTime', from + CHANGED_ORDERS_MAX_SPAN_MS, '7 days');
      return call(ep, req, GetChangedOrdersRequestSchema, z.array(ChangedOrderSchema), READ, signal);
    },

    /** Changed orders over any range: split into ≤ 7-day windows, deduplicated by id (latest change kept). */
    async listChangedOrders(input: { from: number; to: number }, signal?: AbortSignal): Promise<ChangedOrder[]> {
      const ep = 'GetChangedOrders';
      let windows: [number, number][];
      try {
        windows = splitWindows(input.from, input.to, (s) => s + CHANGED_ORDERS_MAX_SPAN_MS);
      } catch (e) {
        throw new XiaobaoError('invalid-request', ep, (e as Error).message, { field: 'endTime', limit: '≥ startTime' });
      }
      const seen = new Map<number, ChangedOrder>();
      for (const [from, to] of windows) {
        for (const o of await client.getChangedOrders(
          { startTime: formatXbDateTime(from), endTime: formatXbDateTime(to) },
          signal,
        ))
          seen.set(o.id, o);
      }
      return [...seen.values()];
    },

    /** One of the six Get…OrderDetail endpoints. */
    async getOrderDetail<E extends DetailEndpoint>(
      endpoint: E,
      id: number,
      signal?: AbortSignal,
    ): Promise<DetailOf<E>> {
      const req = { id };
      const check = OrderIdRequestSchema.safeParse(req);
      if (!check.success) throw invalidRequest(endpoint, check.error);
      const data = await call(
        endpoint,
        req,
        OrderIdRequestSchema,
        DETAIL_ENDPOINTS[endpoint] as z.ZodType,
        READ,
        signal,
      );
      return data as DetailOf<E>;
    },

    /** RechargeAccountTran. Never retried; returns the new order id (`data`). */
    async rechargeAccountTran(input: AccountTranInput, signal?: AbortSignal): Promise<number> {
      const ep = 'RechargeAccountTran';
      const body = accountTranBody(ep, 'rechargeAmount', input);
      return toOrderId(
        ep,
        await call(ep, body, RechargeAccountTranRequestSchema, AccountTranDataSchema, WRITE, signal),
      );
    },

    /** RefundAccountTran. Never retried; returns the new order id (`data`). */
    async refundAccountTran(input: AccountTranInput, signal?: AbortSignal): Promise<number> {
      const ep = 'RefundAccountTran';
      const body = accountTranBody(ep, 'refundAmount', input);
      return toOrderId(ep, await call(ep, body, RefundAccountTranRequestSchema, AccountTranDataSchema, WRITE, signal));
    },
  };
  return client;
}

export type XiaobaoClient = ReturnType<typeof createXiaobaoClient>;
