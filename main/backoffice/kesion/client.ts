import { z } from 'zod';
import { joinUrl, parseJsonObject, postText, unparseableReply, type TransportFailure } from './http.js';
import {
  EnvelopeSchema,
  InitializeReplySchema,
  invalid,
  KesionTypeSchema,
  MAX_BATCH_IDS,
  OrderInfoReplySchema,
  SaveBatchBillReplySchema,
  SaveSignUpOrderReplySchema,
  SignupStudentSchema,
  validateIdList,
  validateUsernameList,
  type BatchBill,
  type InitializeBill,
  type KesionInvalid,
  type KesionType,
  type OrderInfo,
  type SignupStudent,
} from './schema.js';

/**
 * The KesionEDU 网校 webapi client for institution batch enrollment (机构批量代报名):
 *   1. InitializeBatchBill  → balance, total and course details (the preview)
 *   2. SaveBatchBill        → orderid / payorderid (the seed)
 *   3. SaveSignUpOrder      → paid from the institution's balance, or confirm a counter collection
 *   +  order info           → the status check to run before any retry of step 3
 * Every call has a timeout; nothing is retried here. Never throws for network trouble.
 */

export const PATHS = {
  initialize: 'webapi/school/InitializeBatchBill',
  saveBatchBill: 'webapi/school/SaveBatchBill',
  saveSignUpOrder: 'webapi/school/SaveSignUpOrder',
  /** ASSUMPTION: neither the seed nor the issue names this endpoint; configurable. */
  orderInfo: 'webapi/school/GetOrderInfo',
} as const;

export type AuthPlacement = 'query' | 'body';

export interface KesionClientOptions {
  /** The site root, e.g. "http://xx.com/" — "http://xx.com//" (as in the seed) works too. */
  baseUrl: string;
  apptoken: string;
  apikey?: string | null;
  /** Where `apptoken`/`apikey` travel: the query string (default) or the form body. */
  authPlacement?: AuthPlacement;
  timeoutMs?: number;
  orderInfoPath?: string;
  maxIds?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The ERP answered `result:false`; `msg` is its text, to be shown to the user as is. */
export interface KesionRefused {
  kind: 'refused';
  msg: string;
  durationMs: number;
}

export type KesionResult<T> =
  { kind: 'ok'; value: T; msg: string; durationMs: number } | KesionRefused | TransportFailure | KesionInvalid;

export interface InitializeRequest {
  type: KesionType;
  /** Course / class / camp ids: "1,2 3" or an array. */
  courseIds: string | readonly (string | number)[];
  /** Student accounts; each may carry a real name and mobile (sent in `signup_json`). */
  students: string | readonly (string | SignupStudent)[];
}

export interface SaveBatchBillRequest {
  type: KesionType;
  courseIds: string | readonly (string | number)[];
  userIds: string | readonly (string | number)[];
}

export interface SaveSignUpOrderRequest {
  payOrderId: string;
  payId: string;
}

export type SignUpOutcome =
  | { paid: true; msg: string }
  /** `result:false` with a `url`: the order must be paid online at that address. */
  | { paid: false; url: string; msg: string };

export interface KesionClient {
  readonly urls: Readonly<Record<keyof typeof PATHS, string>>;
  initializeBatchBill(
    req: InitializeRequest,
    opts?: CallOptions,
  ): Promise<KesionResult<InitializeBill & { students: SignupStudent[] }>>;
  saveBatchBill(req: SaveBatchBillRequest, opts?: CallOptions): Promise<KesionResult<BatchBill>>;
  /**
   * NOT idempotent: never call twice for one payOrderId without `orderInfo` first. A result of
   * kind `transport-failure` with `maybeDelivered: true` means the ERP may have recorded it.
   * `result:false` with a url is returned as ok with `paid:false` (the caller chooses).
   */
  saveSignUpOrder(req: SaveSignUpOrderRequest, opts?: CallOptions): Promise<KesionResult<SignUpOutcome>>;
  orderInfo(payOrderId: string, opts?: CallOptions): Promise<KesionResult<OrderInfo>>;
  /**
   * Connection probe without side effects: InitializeBatchBill with the credentials only (no
   * type, courses or students), which a site refuses at parameter validation. Any well-formed
   * `{result, msg}` reply comes back as `ok` with that msg.
   */
  probe(opts?: CallOptions): Promise<KesionResult<{ result: boolean; msg: string }>>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const PAY_ORDER_ID = /^[A-Za-z0-9_-]{1,40}$/;
const PAY_ID = /^\d{1,10}$/;

export function createKesionClient(options: KesionClientOptions): KesionClient {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new TypeError(`kesion baseUrl must be http(s): ${options.baseUrl}`);
  if (!options.apptoken) throw new TypeError('kesion apptoken is required');
  const placement = options.authPlacement ?? 'query';
  const maxIds = options.maxIds ?? MAX_BATCH_IDS;
  const urls = {
    initialize: joinUrl(options.baseUrl, PATHS.initialize),
    saveBatchBill: joinUrl(options.baseUrl, PATHS.saveBatchBill),
    saveSignUpOrder: joinUrl(options.baseUrl, PATHS.saveSignUpOrder),
    orderInfo: joinUrl(options.baseUrl, options.orderInfoPath ?? PATHS.orderInfo),
  };
  const auth: Record<string, string> = { apptoken: options.apptoken };
  if (options.apikey) auth['apikey'] = options.apikey;

  async function call<T>(
    url: string,
    params: Record<string, string>,
    parse: (o: Record<string, unknown>, msg: string) => z.ZodSafeParseResult<T>,
    opts: CallOptions,
  ): Promise<KesionResult<T>> {
    const target = new URL(url);
    const form = new URLSearchParams(params);
    for (const [k, v] of Object.entries(auth)) {
      if (placement === 'query') target.searchParams.set(k, v);
      else form.set(k, v);
    }
    const http = await postText({
      url: target.toString(),
      body: form.toString(),
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
      timeoutMs: opts.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    if (http.kind !== 'http') return http;
    const unparseable = (message: string): TransportFailure => unparseableReply(http, message);
    const json = parseJsonObject(http.text);
    if (!json.ok) return unparseable(json.message);
    const env = EnvelopeSchema.safeParse(json.value);
    if (!env.success) return unparseable(`not a KesionEDU reply: ${z.prettifyError(env.error)}`);
    const parsed = parse(json.value, env.data.msg);
    if (parsed.success) return { kind: 'ok', value: parsed.data, msg: env.data.msg, durationMs: http.durationMs };
    if (!env.data.result) return { kind: 'refused', msg: env.data.msg, durationMs: http.durationMs };
    return unparseable(`reply fields: ${z.prettifyError(parsed.error)}`);
  }

  /** Parse with `schema` only when result is true; otherwise fail so that the caller sees `refused`. */
  function whenTrue<S extends z.ZodType>(schema: S) {
    return (o: Record<string, unknown>): z.ZodSafeParseResult<z.output<S>> => {
      const env = EnvelopeSchema.parse(o);
      if (!env.result) return { success: false, error: new z.ZodError([]) } as z.ZodSafeParseResult<z.output<S>>;
      return schema.safeParse(o) as z.ZodSafeParseResult<z.output<S>>;
    };
  }

  function checkType(type: unknown): KesionInvalid | null {
    return KesionTypeSchema.safeParse(type).success
      ? null
      : invalid('type', '1 course, 2 class, 3 camp', `${String(type)} is not a type`);
  }

  return {
    urls,
    async initializeBatchBill(req, opts = {}) {
      const bad = checkType(req.type);
      if (bad) return bad;
      const courses = validateIdList('courseids', req.courseIds, maxIds);
      if (!courses.ok) return courses.error;
      const list = typeof req.students === 'string' ? [req.students] : req.students;
      const names = validateUsernameList(
        'signup_username',
        list.flatMap((s) => (typeof s === 'string' ? [s] : [s.username])).join(','),
        maxIds,
      );
      if (!names.ok) return names.error;
      const detail = new Map<string, SignupStudent>();
      for (const s of list) {
        if (typeof s === 'string') continue;
        const p = SignupStudentSchema.safeParse(s);
        if (!p.success) {
          const issue = p.error.issues[0];
          return invalid(`signup_json.${issue?.path.join('.') ?? ''}`, issue?.message ?? 'invalid', 'invalid student');
        }
        if (!detail.has(p.data.username.toLowerCase())) detail.set(p.data.username.toLowerCase(), p.data);
      }
      const students = names.ids.map((u) => detail.get(u.toLowerCase()) ?? { username: u });
      const r = await call(
        urls.initialize,
        {
          type: String(req.type),
          courseids: courses.ids.join(','),
          signup_username: names.ids.join(','),
          signup_json: JSON.stringify(students),
        },
        whenTrue(InitializeReplySchema),
        opts,
      );
      return r.kind === 'ok' ? { ...r, value: { ...r.value, students } } : r;
    },

    async saveBatchBill(req, opts = {}) {
      const bad = checkType(req.type);
      if (bad) return bad;
      const courses = validateIdList('courseids', req.courseIds, maxIds);
      if (!courses.ok) return courses.error;
      const users = validateIdList('userids', req.userIds, maxIds);
      if (!users.ok) return users.error;
      return call(
        urls.saveBatchBill,
        { type: String(req.type), courseids: courses.ids.join(','), userids: users.ids.join(',') },
        whenTrue(SaveBatchBillReplySchema),
        opts,
      );
    },

    async saveSignUpOrder(req, opts = {}) {
      if (!PAY_ORDER_ID.test(req.payOrderId))
        return invalid('payOrderID', '1–40 letters, digits, _ or -', 'not a pay order id');
      if (!PAY_ID.test(req.payId)) return invalid('payid', '1–10 digits', 'not a payment id');
      return call<SignUpOutcome>(
        urls.saveSignUpOrder,
        { payOrderID: req.payOrderId, payid: req.payId },
        (o): z.ZodSafeParseResult<SignUpOutcome> => {
          const env = EnvelopeSchema.parse(o);
          const extra = SaveSignUpOrderReplySchema.parse(o);
          if (env.result) return { success: true, data: { paid: true, msg: env.msg } };
          if (extra.url) return { success: true, data: { paid: false, url: extra.url, msg: env.msg } };
          return { success: false, error: new z.ZodError([]) as z.ZodError<SignUpOutcome> };
        },
        opts,
      );
    },

    async orderInfo(payOrderId, opts = {}) {
      if (!PAY_ORDER_ID.test(payOrderId))
        return invalid('payorderid', '1–40 letters, digits, _ or -', 'not a pay order id');
      return call(urls.orderInfo, { payorderid: payOrderId }, whenTrue(OrderInfoReplySchema), opts);
    },

    async probe(opts = {}) {
      return call(urls.initialize, {}, (o) => EnvelopeSchema.safeParse(o), opts);
    },
  };
}
