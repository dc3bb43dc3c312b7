import { z } from 'zod';
import { joinUrl, parseJsonObject, postText, unparseableReply, type TransportFailure } from '../kesion/http.js';
import {
  EnvelopeSchema,
  encodeAmount,
  invalid,
  MAX_AMOUNT_FEN,
  MAX_BODY_TEXT,
  MAX_ITEMS,
  MAX_SUBJECT,
  PackagesDataSchema,
  PackageTypeSchema,
  PayMoneyDataSchema,
  PayMoneyTypeSchema,
  PayTypeSchema,
  qrContentOf,
  QR_CHANNELS,
  SuccessDataSchema,
  USER_ID,
  type AmountUnit,
  type CampusInvalid,
  type Packages,
  type PackageType,
  type PayMoneyType,
  type PayType,
  type SuccessParam,
  type SuccessRecord,
} from './schema.js';

/**
 * The smart-campus 一卡通 pay client: SearchPayPackages (the student and the packages), PayMoney
 * (a ping++ charge on a QR channel) and SearchSuccessData (confirms the payment). Every call has a
 * timeout; nothing is retried here; never throws for network trouble.
 */

export interface CampusClientOptions {
  /** {WebPath}: the site root including any virtual directory, e.g. "http://host/zhxy/". */
  webPath: string;
  /** The controller segment between WebPath and the action (default "api/Pay"). */
  controller?: string;
  /** Unit of PayMoney `amount` (default "fen", per the seed's table). */
  amountUnit?: AmountUnit;
  /** What SearchSuccessData is asked with (default "ids", per the seed's table). */
  successParam?: SuccessParam;
  /** Channels the counter may use (default alipay_qr and wx_pub_qr). */
  channels?: readonly string[];
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The campus system answered `error` ≠ 0; `message` is its text. */
export interface CampusRefused {
  kind: 'refused';
  error: number;
  message: string;
  durationMs: number;
}

export type CampusResult<T> =
  { kind: 'ok'; value: T; durationMs: number } | CampusRefused | TransportFailure | CampusInvalid;

export interface PayMoneyRequest {
  channel: string;
  subject: string;
  body: string;
  amountFen: number;
  userID: string;
  empName: string;
  itemIDs: readonly string[];
  type: PayMoneyType;
}

export interface CampusCharge {
  recordIDs: string[];
  chargeId: string;
  orderNo: string;
  channel: string;
  amountFen: number;
  paid: boolean;
  /** Unix seconds, or null. */
  expiresAt: number | null;
  /** What the payer scans (e.g. https://qr.alipay.com/…, weixin://wxpay/…). */
  qrContent: string;
}

export interface SuccessQuery {
  recordIDs: readonly string[];
  userID: string;
  orderNumber: string;
}

export type SuccessOutcome = { paid: true; records: SuccessRecord[] } | { paid: false; message: string };

export interface CampusClient {
  readonly urls: { searchPayPackages: string; payMoney: string; searchSuccessData: string };
  searchPayPackages(
    req: { userID: string; type: PackageType; payType: PayType },
    opts?: CallOptions,
  ): Promise<CampusResult<Packages>>;
  /** Creates a charge. Not idempotent: never create a second charge while one is open (see README). */
  payMoney(req: PayMoneyRequest, opts?: CallOptions): Promise<CampusResult<CampusCharge>>;
  /** `error` ≠ 0 is read as "not paid (yet)" and returned as `{ paid: false, message }`. */
  searchSuccessData(q: SuccessQuery, opts?: CallOptions): Promise<CampusResult<SuccessOutcome>>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export function createCampusClient(options: CampusClientOptions): CampusClient {
  const base = new URL(options.webPath);
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new TypeError(`campus webPath must be http(s): ${options.webPath}`);
  const controller = (options.controller ?? 'api/Pay').replace(/^\/+|\/+$/g, '');
  const unit = options.amountUnit ?? 'fen';
  const successParam = options.successParam ?? 'ids';
  const channels = new Set(options.channels ?? QR_CHANNELS);
  const urls = {
    searchPayPackages: joinUrl(options.webPath, `${controller}/SearchPayPackages`),
    payMoney: joinUrl(options.webPath, `${controller}/PayMoney`),
    searchSuccessData: joinUrl(options.webPath, `${controller}/SearchSuccessData`),
  };

  async function call<T>(
    url: string,
    body: Record<string, unknown>,
    parse: (data: unknown, o: Record<string, unknown>) => z.ZodSafeParseResult<T>,
    opts: CallOptions,
    refusedAsValue?: (message: string) => T,
  ): Promise<CampusResult<T>> {
    const http = await postText({
      url,
      body: JSON.stringify(body),
      contentType: 'application/json; charset=utf-8',
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
    if (!env.success || !Number.isInteger(env.data.error)) return unparseable('not a campus reply: no numeric `error`');
    if (env.data.error !== 0) {
      if (refusedAsValue) return { kind: 'ok', value: refusedAsValue(env.data.message), durationMs: http.durationMs };
      return { kind: 'refused', error: env.data.error, message: env.data.message, durationMs: http.durationMs };
    }
    const parsed = parse(json.value['data'], json.value);
    if (!parsed.success) return unparseable(`reply fields: ${z.prettifyError(parsed.error)}`);
    return { kind: 'ok', value: parsed.data, durationMs: http.durationMs };
  }

  function checkUser(userID: string): CampusInvalid | null {
    return USER_ID.test(userID) ? null : invalid('userID', '1–32 letters, digits, _ or -', 'not a user id');
  }

  return {
    urls,
    async searchPayPackages(req, opts = {}) {
      const bad = checkUser(req.userID);
      if (bad) return bad;
      if (!PackageTypeSchema.safeParse(req.type).success)
        return invalid('type', '0 card packages, 1 SMS', `${String(req.type)} is not a type`);
      if (!PayTypeSchema.safeParse(req.payType).success)
        return invalid('payType', '0 new, 1 upgrade', `${String(req.payType)} is not a pay type`);
      return call(
        urls.searchPayPackages,
        { userID: req.userID, type: req.type, payType: req.payType },
        (d) => PackagesDataSchema.safeParse(d),
        opts,
      );
    },

    async payMoney(req, opts = {}) {
      if (!channels.has(req.channel))
        return invalid(
          'channel',
          `one of ${[...channels].join(', ')}`,
          `${req.channel.slice(0, 20)} is not a QR channel`,
        );
      const subject = req.subject.trim();
      if (subject.length < 1 || subject.length > MAX_SUBJECT)
        return invalid('subject', `1–${MAX_SUBJECT} characters`, `${subject.length} characters`);
      const body = req.body.trim();
      if (body.length < 1 || body.length > MAX_BODY_TEXT)
        return invalid('body', `1–${MAX_BODY_TEXT} characters`, `${body.length} characters`);
      if (!Number.isSafeInteger(req.amountFen) || req.amountFen < 1 || req.amountFen > MAX_AMOUNT_FEN) {
        return invalid('amount', `1–${MAX_AMOUNT_FEN} fen`, `${String(req.amountFen)} is out of range`);
      }
      const bad = checkUser(req.userID);
      if (bad) return bad;
      const empName = req.empName.trim();
      if (empName.length < 1 || empName.length > 50)
        return invalid('empName', '1–50 characters', `${empName.length} characters`);
      const ids = [...new Set(req.itemIDs.map((s) => s.trim()).filter((s) => s !== ''))];
      if (ids.length === 0) return invalid('itemIDs', 'at least 1 package', 'nothing selected');
      if (ids.length > MAX_ITEMS) return invalid('itemIDs', `at most ${MAX_ITEMS} packages`, `${ids.length} selected`);
      if (ids.some((id) => !/^[A-Za-z0-9_-]{1,32}$/.test(id)))
        return invalid('itemIDs', '1–32 letters or digits each', 'not a package id');
      if (!PayMoneyTypeSchema.safeParse(req.type).success)
        return invalid('type', '0 buy, 1 upgrade, 2 renew', `${String(req.type)} is not a type`);
      return call<CampusCharge>(
        urls.payMoney,
        {
          channel: req.channel,
          subject,
          body,
          amount: encodeAmount(req.amountFen, unit),
          userID: req.userID,
          empName,
          itemIDs: ids.join(','),
          type: req.type,
        },
        (d) => {
          const p = PayMoneyDataSchema.safeParse(d);
          if (!p.success) return p as unknown as z.ZodSafeParseResult<CampusCharge>;
          const c = p.data.chargeData;
          const issue = (message: string) =>
            ({
              success: false,
              error: new z.ZodError([{ code: 'custom', path: ['chargeData'], message, input: d }]),
            }) as z.ZodSafeParseResult<CampusCharge>;
          // ping++ amounts are always fen: a mismatch means the amount unit is configured wrongly.
          if (c.amount !== req.amountFen)
            return issue(`charge.amount ${c.amount} fen ≠ requested ${req.amountFen} fen (check amountUnit)`);
          const qr = qrContentOf(c);
          if (!qr) return issue(`charge.credential.${c.channel} has no QR content`);
          if (p.data.recordIDs.length === 0) return issue('recordIDs is empty');
          return {
            success: true,
            data: {
              recordIDs: p.data.recordIDs,
              chargeId: c.id,
              orderNo: c.order_no,
              channel: c.channel,
              amountFen: c.amount,
              paid: c.paid,
              expiresAt: c.time_expire ?? null,
              qrContent: qr,
            },
          };
        },
        opts,
      );
    },

    async searchSuccessData(q, opts = {}) {
      let body: Record<string, unknown>;
      if (successParam === 'ids') {
        const ids = [...new Set(q.recordIDs.map((s) => s.trim()).filter((s) => s !== ''))];
        if (ids.length === 0 || ids.length > MAX_ITEMS)
          return invalid('ids', `1–${MAX_ITEMS} record ids`, `${ids.length} given`);
        body = { ids: ids.join(',') };
      } else {
        const bad = checkUser(q.userID);
        if (bad) return bad;
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(q.orderNumber))
          return invalid('orderNumber', '1–64 letters or digits', 'not an order number');
        body = { userID: q.userID, orderNumber: q.orderNumber };
      }
      return call<SuccessOutcome>(
        urls.searchSuccessData,
        body,
        (d) => {
          const r = SuccessDataSchema.safeParse(d);
          return r.success
            ? { success: true, data: { paid: true, records: r.data } }
            : (r as unknown as z.ZodSafeParseResult<SuccessOutcome>);
        },
        opts,
        (message) => ({ paid: false, message }),
      );
    },
  };
}
