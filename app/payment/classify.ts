import type { GatewayReply } from './gateway-schema.js';
import { asciiTrim, asciiUpper } from './reply-json.js';

/**
 * How a gateway reply is read. ONE place decides what is paid, what is still in progress,
 * what is a definitive decline, and what is unknown (= keep querying).
 *
 * Rule (docs/ARCHITECTURE.md §6.1, sister deployments): paid ONLY when errcode == 0 AND paystatus is in
 * PAID_PAYSTATUS. Unknown is never failed: an unlisted status or an unclassified business error
 * keeps the attempt alive and queried.
 */

export type NextStep = 'rescan' | 'check-phone' | 'take-cash' | 'call-supervisor' | 'none';

export type Verdict = 'paid' | 'in-progress' | 'declined' | 'unknown';

export interface StatusEntry {
  verdict: Verdict;
  zh: string;
  en: string;
  next: NextStep;
  /** Where the value comes from. */
  source: string;
}

/**
 * paystatus values, upper-cased. Only the 'paid' rows can ever mark money as received, and only
 * together with errcode 0.
 */
export const PAYSTATUS_TABLE: Readonly<Record<string, StatusEntry>> = {
  // --- paid (with errcode 0 only) ---
  SUCCESS: { verdict: 'paid', zh: '支付成功', en: 'Paid', next: 'none', source: 'KouDaiLQ / WeChat trade_state' },
  TRADE_SUCCESS: { verdict: 'paid', zh: '支付成功', en: 'Paid', next: 'none', source: 'Alipay trade_status' },
  TRADE_FINISHED: {
    verdict: 'paid',
    zh: '支付成功（交易完结）',
    en: 'Paid (trade finished)',
    next: 'none',
    source: 'Alipay trade_status',
  },
  // --- still in progress: the payer is confirming on the phone ---
  USERPAYING: {
    verdict: 'in-progress',
    zh: '顾客正在手机上确认支付（可能需要输入密码），请稍候',
    en: 'The customer is confirming on the phone (may need a password). Please wait.',
    next: 'check-phone',
    source: 'WeChat micropay trade_state',
  },
  WAIT_BUYER_PAY: {
    verdict: 'in-progress',
    zh: '等待顾客在手机上确认支付，请稍候',
    en: 'Waiting for the customer to confirm on the phone.',
    next: 'check-phone',
    source: 'Alipay trade_status',
  },
  NOTPAY: {
    verdict: 'in-progress',
    zh: '尚未付款，等待顾客确认',
    en: 'Not paid yet; waiting for the customer.',
    next: 'check-phone',
    source: 'WeChat trade_state (order exists, not yet paid)',
  },
  // --- definitive failures: no money was taken ---
  PAYERROR: {
    verdict: 'declined',
    zh: '支付失败（银行或顾客取消），未扣款。请顾客重新出示付款码或改用其他方式',
    en: 'Payment failed (bank refused or customer cancelled); nothing was charged. Rescan or use another tender.',
    next: 'rescan',
    source: 'WeChat trade_state',
  },
  CLOSED: {
    verdict: 'declined',
    zh: '交易已关闭，未扣款。请重新扫码或改用其他方式',
    en: 'The trade is closed; nothing was charged. Rescan or use another tender.',
    next: 'rescan',
    source: 'WeChat trade_state',
  },
  REVOKED: {
    verdict: 'declined',
    zh: '交易已撤销，款项不会扣除（已扣将原路退回）。请重新扫码或改用其他方式',
    en: 'The trade was reversed; the customer is not charged. Rescan or use another tender.',
    next: 'rescan',
    source: 'WeChat trade_state',
  },
  TRADE_CLOSED: {
    verdict: 'declined',
    zh: '交易已关闭，未扣款。请重新扫码或改用其他方式',
    en: 'The trade is closed; nothing was charged. Rescan or use another tender.',
    next: 'rescan',
    source: 'Alipay trade_status',
  },
  // REFUND (WeChat: "转入退款") is deliberately NOT listed: paid then refunded is a case for a
  // supervisor, so it stays 'unknown' and visible.
};

export interface MessagePattern {
  id: string;
  /** Tested against `${errmsg} ${paystatusdesc}` (case-insensitive for ASCII codes). */
  pattern: RegExp;
  verdict: 'declined' | 'in-progress' | 'unknown';
  zh: string;
  en: string;
  next: NextStep;
}

/**
 * Business-error (errcode != 0) messages. Checked IN ORDER; the first match wins. The
 * keep-querying rows come first so that a message that mentions both "already paid" or
 * "system busy" and a failure word is never read as a decline.
 * Upstream codes (WeChat err_code, Alipay sub_code) are matched when the gateway passes them on;
 * the Chinese phrases are the texts those wallets and the KouDaiLQ family show.
 */
export const ERRMSG_PATTERNS: readonly MessagePattern[] = [
  // ---- must never be read as a decline: the money may be (or be about to be) taken ----
  {
    id: 'already-paid',
    pattern: /ORDERPAID|TRADE_HAS_SUCCESS|订单已支付|已支付成功|重复支付/i,
    verdict: 'unknown',
    zh: '网关提示该单可能已付款，正在查询确认，请稍候',
    en: 'The gateway says this bill may already be paid; querying to confirm.',
    next: 'check-phone',
  },
  {
    id: 'payer-confirming',
    pattern: /USERPAYING|WAIT_BUYER_PAY|输入(支付)?密码|用户支付中|支付中|等待用户|等待买家/i,
    verdict: 'in-progress',
    zh: '顾客正在手机上确认支付（可能需要输入密码），请稍候',
    en: 'The customer is confirming on the phone (may need a password). Please wait.',
    next: 'check-phone',
  },
  {
    id: 'system-busy',
    pattern:
      /SYSTEMERROR|SYSTEM_ERROR|BANKERROR|UNKNOW|系统(繁忙|错误|异常|超时)|稍后|网络(异常|超时)|超时|处理中|银行系统/i,
    verdict: 'unknown',
    zh: '支付平台暂时无法确认结果，正在继续查询，请勿重复收款',
    en: 'The payment platform cannot confirm yet; still checking. Do not collect again.',
    next: 'check-phone',
  },
  {
    id: 'order-not-found',
    pattern: /ORDERNOTEXIST|TRADE_NOT_EXIST|订单不存在|交易不存在|单据不存在|未找到/i,
    verdict: 'unknown',
    zh: '支付平台暂未查到该笔交易，正在继续查询',
    en: 'The payment platform has no record of this trade yet; still checking.',
    next: 'check-phone',
  },
  {
    id: 'bill-number-reused',
    pattern: /OUT_TRADE_NO_USED|商户订单号重复|单号重复|订单号重复/i,
    verdict: 'unknown',
    zh: '单号与已有交易冲突，无法自动确认，请联系主管核对',
    en: 'The bill number clashes with an existing trade; a supervisor must check it.',
    next: 'call-supervisor',
  },
  // ---- definitive declines: nothing was charged ----
  {
    id: 'insufficient-balance',
    pattern: /NOTENOUGH|BALANCE_NOT_ENOUGH|余额不足/i,
    verdict: 'declined',
    zh: '顾客余额不足，未扣款。请顾客更换付款方式后重新出示付款码，或收取现金',
    en: 'Insufficient balance; nothing was charged. Ask for another payment method and rescan, or take cash.',
    next: 'rescan',
  },
  {
    id: 'code-expired-or-used',
    pattern:
      /AUTHCODEEXPIRE|AUTH_CODE_EXPIRE|付款码已过期|二维码已过期|条码已过期|已过期|仅限使用一次|已使用|已被使用/i,
    verdict: 'declined',
    zh: '付款码已过期或已使用，未扣款。请顾客刷新付款码后重新扫码',
    en: 'The payment code expired or was already used; nothing was charged. Ask the customer to refresh it and rescan.',
    next: 'rescan',
  },
  {
    id: 'code-invalid',
    pattern:
      /AUTH_CODE_INVALID|AUTH_CODE_ERROR|PAYMENT_AUTH_CODE_INVALID|付款码无效|授权码无效|条码无效|二维码无效|付款码错误|授权码错误|条码错误/i,
    verdict: 'declined',
    zh: '付款码无效，未扣款。请顾客刷新付款码后重新扫码',
    en: 'The payment code is not valid; nothing was charged. Ask the customer to refresh it and rescan.',
    next: 'rescan',
  },
  {
    id: 'payer-cancelled',
    pattern: /用户取消|顾客取消|买家取消|USER_CANCEL|取消支付/i,
    verdict: 'declined',
    zh: '顾客已取消支付，未扣款。如需继续请重新扫码',
    en: 'The customer cancelled; nothing was charged. Rescan to try again.',
    next: 'rescan',
  },
  {
    id: 'payer-limit',
    pattern: /AMOUNT_(DAY|MONTH)_LIMIT|LIMIT_ERROR|超出(支付)?限额|超过(支付)?限额|额度不足|限额/i,
    verdict: 'declined',
    zh: '超出顾客的支付限额，未扣款。请顾客更换付款方式，或收取现金',
    en: "Over the customer's payment limit; nothing was charged. Ask for another method or take cash.",
    next: 'take-cash',
  },
  {
    id: 'payer-account',
    pattern:
      /PAYER_ACCOUNT_ABNORMAL|BUYER_ENABLE_STATUS_FORBID|BUYER_MISMATCH|账户异常|账号异常|账户被冻结|账户已冻结|账户受限|风险|RISK/i,
    verdict: 'declined',
    zh: '顾客账户受限或存在风险，未扣款。请改用其他付款方式或收取现金',
    en: "The customer's account is restricted; nothing was charged. Use another tender or take cash.",
    next: 'take-cash',
  },
  {
    id: 'trade-closed',
    pattern: /ORDERCLOSED|ORDERREVERSED|TRADE_HAS_CLOSE|交易已关闭|订单已关闭|已撤销|已冲正/i,
    verdict: 'declined',
    zh: '交易已关闭或撤销，未扣款。请重新扫码或改用其他方式',
    en: 'The trade is closed or reversed; nothing was charged. Rescan or use another tender.',
    next: 'rescan',
  },
  {
    id: 'payment-failed',
    pattern: /PAYMENT_FAIL|NO_PAYMENT_INSTRUMENTS_AVAILABLE|支付失败|扣款失败|付款失败/i,
    verdict: 'declined',
    zh: '支付失败，未扣款。请顾客重新出示付款码，或收取现金',
    en: 'The payment failed; nothing was charged. Rescan or take cash.',
    next: 'rescan',
  },
];

export interface ReplyClassification {
  verdict: Verdict;
  /** Stable id: 'paystatus:SUCCESS', 'errmsg:insufficient-balance', 'unlisted-paystatus', 'business-error'. */
  rule: string;
  zh: string;
  en: string;
  next: NextStep;
}

/**
 * The table key of a paystatus: ASCII whitespace trimmed, ASCII letters upper-cased, nothing else.
 * Unicode case folding would turn `ſuccess` into SUCCESS and `TRADE_ﬁNISHED` into TRADE_FINISHED;
 * Unicode spaces would be trimmed away. Both stay as they are here, so they match nothing.
 */
export function paystatusKey(paystatus: string): string {
  return asciiUpper(asciiTrim(paystatus));
}

/** The paystatus values that can mean money received (with errcode exactly 0). */
export const PAID_PAYSTATUS: readonly string[] = Object.keys(PAYSTATUS_TABLE).filter(
  (k) => PAYSTATUS_TABLE[k]!.verdict === 'paid',
);

/**
 * THE rule for money received, in one place: errcode is exactly the integer 0 (a JSON number 0
 * or the string "0"), the paystatus is in the paid set after ASCII trimming and upper-casing,
 * and no key of the reply conflicts with a duplicate of itself.
 */
export function meetsPaidRule(reply: GatewayReply): boolean {
  return (
    reply.errcode === 0 &&
    Object.is(reply.errcode, 0) &&
    reply.errcodeExact !== false &&
    (reply.conflicts === undefined || reply.conflicts.length === 0) &&
    PAID_PAYSTATUS.includes(paystatusKey(reply.tag.paystatus))
  );
}

export function lookupPaystatus(paystatus: string): StatusEntry | undefined {
  const key = paystatusKey(paystatus);
  return Object.prototype.hasOwnProperty.call(PAYSTATUS_TABLE, key) ? PAYSTATUS_TABLE[key] : undefined;
}

export function matchErrmsg(text: string): MessagePattern | undefined {
  return ERRMSG_PATTERNS.find((p) => p.pattern.test(text));
}

const UNKNOWN_ZH = '支付结果尚未确认，正在继续查询，请勿重复收款';
const UNKNOWN_EN = 'The result is not confirmed yet; still checking. Do not collect again.';

/** Classify one reply (BarCode or Query). Pure. */
export function classifyReply(reply: GatewayReply): ReplyClassification {
  if (reply.conflicts && reply.conflicts.length > 0) {
    // Two answers in one reply: neither can be trusted. Keep querying.
    return { verdict: 'unknown', rule: 'conflicting-keys', zh: UNKNOWN_ZH, en: UNKNOWN_EN, next: 'check-phone' };
  }
  if (reply.errcode === 0 && (reply.errcodeExact === false || !Object.is(reply.errcode, 0))) {
    // A zero written as 0.0, -0, 1e-400 …: not the gateway's success code. Keep querying.
    return { verdict: 'unknown', rule: 'errcode-not-exact', zh: UNKNOWN_ZH, en: UNKNOWN_EN, next: 'check-phone' };
  }
  const status = paystatusKey(reply.tag.paystatus);
  const entry = status === '' ? undefined : lookupPaystatus(status);
  if (entry && entry.verdict === 'declined') {
    // A decline: the gateway's own words usually say why (余额不足, 付款码已过期 …). When they
    // match a known decline, that is the more useful sentence for the cashier.
    const specific = matchErrmsg(`${reply.errmsg} ${reply.tag.paystatusdesc}`);
    if (specific && specific.verdict === 'declined') {
      return {
        verdict: 'declined',
        rule: `errmsg:${specific.id}`,
        zh: specific.zh,
        en: specific.en,
        next: specific.next,
      };
    }
  }
  if (reply.errcode === 0) {
    if (entry && entry.verdict === 'paid' && !meetsPaidRule(reply)) {
      return { verdict: 'unknown', rule: 'paid-rule-not-met', zh: UNKNOWN_ZH, en: UNKNOWN_EN, next: 'check-phone' };
    }
    if (entry)
      return { verdict: entry.verdict, rule: `paystatus:${status}`, zh: entry.zh, en: entry.en, next: entry.next };
    // errcode 0, no or unlisted paystatus: the current in-progress state per the sister docs,
    // but we cannot name it — keep querying.
    return {
      verdict: 'unknown',
      rule: status === '' ? 'no-paystatus' : 'unlisted-paystatus',
      zh: UNKNOWN_ZH,
      en: UNKNOWN_EN,
      next: 'check-phone',
    };
  }
  // errcode != 0: never paid, whatever paystatus says.
  if (entry && entry.verdict === 'declined') {
    return { verdict: 'declined', rule: `paystatus:${status}`, zh: entry.zh, en: entry.en, next: entry.next };
  }
  if (entry && entry.verdict === 'in-progress') {
    return { verdict: 'in-progress', rule: `paystatus:${status}`, zh: entry.zh, en: entry.en, next: entry.next };
  }
  const text = `${reply.errmsg} ${reply.tag.paystatusdesc}`;
  const m = matchErrmsg(text);
  if (entry && entry.verdict === 'paid') {
    // Contradiction (error code with a success status): never paid, never declined. Query on.
    return {
      verdict: 'unknown',
      rule: 'error-with-success-status',
      zh: UNKNOWN_ZH,
      en: UNKNOWN_EN,
      next: 'check-phone',
    };
  }
  if (m) return { verdict: m.verdict, rule: `errmsg:${m.id}`, zh: m.zh, en: m.en, next: m.next };
  return { verdict: 'unknown', rule: 'business-error', zh: UNKNOWN_ZH, en: UNKNOWN_EN, next: 'check-phone' };
}
