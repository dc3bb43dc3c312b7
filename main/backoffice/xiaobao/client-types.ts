/** The Xiaobao client's options, inputs and error (main/backoffice/xiaobao/client.ts). */
import type { Logger } from '../../log.js';
import type { GetTranOrderListRequest } from './schemas.js';
import type { SignEncoding } from './sign.js';

export interface SuccessRule {
  field: 'code' | 'state';
  value: number;
}
/** Documented default: the seed's reply has `code` (状态码); 200 is the assumed success value. */
export const DEFAULT_SUCCESS: SuccessRule = { field: 'code', value: 200 };
/** Assumed codes that mean "token missing, invalid or expired" in a reply body. */
export const DEFAULT_TOKEN_INVALID_CODES = [401] as const;

export interface XiaobaoClientOptions {
  baseUrl: string;
  accessKeyId: string;
  accessKeySecret: string;
  corpId: string;
  signEncoding?: SignEncoding;
  success?: SuccessRule;
  tokenInvalidCodes?: readonly number[];
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Extra attempts for reads (default 2). Posts are never retried. */
  readRetries?: number;
  /** First backoff (doubles per retry; default 500 ms). */
  retryDelayMs?: number;
  /** Token lifetime when the reply does not say (default 2 h) and the safety margin (default 60 s). */
  tokenTtlMs?: number;
  tokenMarginMs?: number;
  pageSize?: number;
  /** Bound on pages per date window (default 200). */
  maxPages?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  fetch?: typeof fetch;
}

export type XiaobaoErrorKind =
  'invalid-request' | 'timeout' | 'network' | 'http' | 'api' | 'token' | 'bad-reply' | 'paging';

export class XiaobaoError extends Error {
  readonly kind: XiaobaoErrorKind;
  readonly endpoint: string;
  /** The offending field and its limit, for 'invalid-request' and 'paging'. */
  readonly field: string | undefined;
  readonly limit: string | undefined;
  readonly status: number | undefined;
  readonly code: number | string | undefined;
  /** True when the request may have been applied by the ERP (timeout, reset, 5xx, garbled reply). */
  readonly outcomeUnknown: boolean;
  constructor(
    kind: XiaobaoErrorKind,
    endpoint: string,
    message: string,
    extra: {
      field?: string;
      limit?: string;
      status?: number;
      code?: number | string;
      outcomeUnknown?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(`xiaobao ${endpoint}: ${message}`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'XiaobaoError';
    this.kind = kind;
    this.endpoint = endpoint;
    this.field = extra.field;
    this.limit = extra.limit;
    this.status = extra.status;
    this.code = extra.code;
    this.outcomeUnknown = extra.outcomeUnknown ?? false;
  }
}

export interface AccountTranInput {
  stuInfoId: number;
  /** Integer fen; 1 – 9,999,999,900 (0.01 – 99,999,999 yuan). */
  amountFen: number;
  accounts: {
    accountName: string;
    amountFen: number;
    /** Counterpay's bill number (流水单号). */
    orderNumber: string;
    simplePaymentMethodTradeNo?: string;
    comment?: string;
    oppositeAccount?: string;
  }[];
  comment?: string;
  commentOuter?: string;
  schoolId?: number;
  sellerId?: number;
  operatorId?: number;
  /** Epoch ms; sent as China-time datetime. */
  dealDate?: number;
  tags?: string[];
}

export interface ListTranOrdersInput {
  from: number;
  to: number;
  schoolId?: number;
  tranOrderType?: GetTranOrderListRequest['tranOrderType'];
  dateType?: 1 | 2;
}
