import type { ErrorCode } from '../errors.js';
import { formatYuan } from '../money.js';
import { classifyReply, type NextStep } from './classify.js';
import type { GatewayReply } from './gateway-schema.js';
import type { AttemptReason, AttemptState } from './state.js';

/**
 * Cashier-facing text for everything that can happen to a payment: each payment-related error
 * code, each attempt state and reason, each known gateway paystatus / errmsg pattern (those live
 * in classify.ts with their text). Chinese first, English available, and always the next step.
 */

export interface PaymentOutcomeText {
  zh: string;
  en: string;
  next: NextStep;
}

/** Error codes (app/errors.ts) that a payment flow can produce, with their text. */
export const PAYMENT_ERROR_TEXT = {
  'qr-missing': {
    zh: '支付平台没有返回二维码，未扣款。请改为扫描顾客付款码',
    en: 'The gateway returned no QR code; nothing was charged. Scan the customer’s code instead.',
    next: 'rescan',
  },
  'payment-declined': {
    zh: '支付未成功，未扣款。请顾客重新出示付款码，或收取现金',
    en: 'The payment was declined; nothing was charged. Rescan or take cash.',
    next: 'rescan',
  },
  'payment-in-progress': {
    zh: '该单正在收款中，请等待结果，勿重复扫码',
    en: 'A payment for this bill is in progress. Wait for the result; do not scan again.',
    next: 'check-phone',
  },
  'payment-not-found': {
    zh: '找不到这笔支付记录，请联系主管',
    en: 'This payment record was not found. Call a supervisor.',
    next: 'call-supervisor',
  },
  'barcode-invalid': {
    zh: '这不是有效的付款码，请让顾客打开微信或支付宝的付款码后重新扫码',
    en: 'That is not a valid payment code. Ask the customer to open the WeChat/Alipay pay code and rescan.',
    next: 'rescan',
  },
  'payment-code-invalid': {
    zh: '付款码无效，未扣款。请让顾客刷新付款码后重新扫描',
    en: 'Not a valid payment code; nothing was charged. Ask the customer to refresh the code and scan again.',
    next: 'rescan',
  },
  'barcode-too-long': {
    zh: '付款码过长（最多 40 位），请重新扫码',
    en: 'The payment code is too long (max 40 characters). Rescan.',
    next: 'rescan',
  },
  'gateway-unreachable': {
    zh: '无法连接支付网关，未扣款。请检查网络，或收取现金',
    en: 'Cannot reach the payment gateway; nothing was charged. Check the network or take cash.',
    next: 'take-cash',
  },
  'gateway-timeout': {
    zh: '支付网关响应超时，结果未知，正在继续查询。请勿重复收款',
    en: 'The payment gateway timed out; the result is unknown and still being checked. Do not collect again.',
    next: 'check-phone',
  },
  'gateway-bad-reply': {
    zh: '支付网关返回了无法识别的结果，正在继续查询。请勿重复收款',
    en: 'The payment gateway sent an unreadable reply; still checking. Do not collect again.',
    next: 'check-phone',
  },
  'gateway-business-error': {
    zh: '支付平台返回错误，结果尚未确认，正在继续查询。如持续出现请联系主管',
    en: 'The payment platform returned an error; the result is not confirmed and is still being checked. Call a supervisor if it persists.',
    next: 'call-supervisor',
  },
  'gateway-offline': {
    zh: '支付网关当前离线，无法扫码收款。请收取现金或其他方式',
    en: 'The payment gateway is offline; barcode payment is unavailable. Take cash or another tender.',
    next: 'take-cash',
  },
  'bill-locked': {
    zh: '该单有一笔支付尚未确认，已锁定：不能再次扫码、修改或收现金。请等待结果或联系主管',
    en: 'This bill has an unconfirmed payment and is locked: no rescan, edit or cash. Wait or call a supervisor.',
    next: 'call-supervisor',
  },
  'bill-already-paid': {
    zh: '该单已付款，请勿重复收款',
    en: 'This bill is already paid. Do not collect again.',
    next: 'none',
  },
  'bill-not-open': {
    zh: '该单当前不能收款',
    en: 'This bill cannot take a payment now.',
    next: 'none',
  },
  'bill-empty': {
    zh: '该单没有应收金额',
    en: 'Nothing to collect on this bill.',
    next: 'none',
  },
  'amount-out-of-range': {
    zh: '金额超出范围（须大于 0 且不超过 99,999,999.99 元）',
    en: 'Amount out of range (must be above 0 and at most ¥99,999,999.99).',
    next: 'none',
  },
  'supervisor-required': {
    zh: '此操作需要主管授权',
    en: 'This needs a supervisor.',
    next: 'call-supervisor',
  },
  'invalid-input': {
    zh: '支付信息不完整或超出长度限制，未发送。请联系主管检查设置',
    en: 'The payment request is incomplete or too long and was not sent. Ask a supervisor to check the settings.',
    next: 'call-supervisor',
  },
} as const satisfies Partial<Record<ErrorCode, PaymentOutcomeText>>;

export type PaymentErrorCode = keyof typeof PAYMENT_ERROR_TEXT;

export function isPaymentErrorCode(code: string): code is PaymentErrorCode {
  return Object.prototype.hasOwnProperty.call(PAYMENT_ERROR_TEXT, code);
}

const REASON_TEXT: Partial<Record<AttemptReason, PaymentOutcomeText>> = {
  'not-delivered': PAYMENT_ERROR_TEXT['gateway-unreachable'],
  'transport-timeout': PAYMENT_ERROR_TEXT['gateway-timeout'],
  'transport-reset': {
    zh: '与支付网关的连接中断，结果未知，正在继续查询。请勿重复收款',
    en: 'The connection to the gateway dropped; the result is unknown and still being checked. Do not collect again.',
    next: 'check-phone',
  },
  'transport-http-5xx': {
    zh: '支付网关暂时故障，结果未知，正在继续查询。请勿重复收款',
    en: 'The payment gateway had an error; the result is unknown and still being checked. Do not collect again.',
    next: 'check-phone',
  },
  'transport-http-4xx': {
    zh: '支付网关拒绝了请求（可能是设置问题），结果未知，正在继续查询。请联系主管检查设置',
    en: 'The gateway rejected the request (likely a settings problem); still checking. Ask a supervisor to check the settings.',
    next: 'call-supervisor',
  },
  'transport-unparseable': PAYMENT_ERROR_TEXT['gateway-bad-reply'],
  'transport-refused': {
    zh: '暂时无法连接支付网关，正在继续查询。请勿重复收款',
    en: 'Cannot reach the payment gateway right now; still checking. Do not collect again.',
    next: 'check-phone',
  },
  deadline: {
    zh: '等待超时，支付结果尚未确认。系统会在后台继续查询；未确认前该单保持锁定，请勿让顾客重复付款。请联系主管处理',
    en: 'Waiting time is over and the payment is not confirmed. It keeps being checked in the background; the bill stays locked. Do not let the customer pay twice. Call a supervisor.',
    next: 'call-supervisor',
  },
  'stopped-by-cashier': {
    zh: '已停止等待（不代表支付失败）。系统会在后台继续查询；未确认前该单保持锁定。如顾客手机显示已付款，请联系主管',
    en: 'Stopped waiting (this is not a decline). The payment keeps being checked in the background; the bill stays locked. If the customer’s phone shows it paid, call a supervisor.',
    next: 'call-supervisor',
  },
  'supervisor-paid': { zh: '主管已确认收款成功', en: 'A supervisor confirmed the payment.', next: 'none' },
  'supervisor-declined': {
    zh: '主管已确认该笔支付未成功，未扣款',
    en: 'A supervisor confirmed the payment failed; nothing was charged.',
    next: 'rescan',
  },
  'supervisor-cancelled': { zh: '该笔支付已由主管关闭', en: 'A supervisor closed this payment.', next: 'none' },
  'qr-shown': {
    zh: '请顾客用手机扫描二维码付款',
    en: 'Ask the customer to scan the QR code with the phone and pay.',
    next: 'check-phone',
  },
  'qr-missing': PAYMENT_ERROR_TEXT['qr-missing'],
};

export type OutcomeInput =
  | {
      state: AttemptState;
      reason?: AttemptReason | string | null | undefined;
      /** The last gateway reply, if any: the most specific text comes from it. */
      reply?: GatewayReply | null | undefined;
      /** Or just its parts, as stored with the attempt. */
      errcode?: number | null | undefined;
      errmsg?: string | null | undefined;
      paystatus?: string | null | undefined;
      paystatusdesc?: string | null | undefined;
      amountFen?: number | null | undefined;
      /** A QR attempt (ScanCode): while the payer has not paid, the text asks them to scan. */
      qr?: boolean | undefined;
    }
  | { errorCode: ErrorCode | string; message?: string | null | undefined };

function replyFrom(input: Extract<OutcomeInput, { state: AttemptState }>): GatewayReply | null {
  if (input.reply) return input.reply;
  if (input.errcode === undefined || input.errcode === null) {
    if (!input.paystatus && !input.errmsg) return null;
  }
  return {
    errcode: input.errcode ?? 0,
    errmsg: input.errmsg ?? '',
    tag: {
      billnum: '',
      autoid: '',
      billstatus: '',
      paystatus: input.paystatus ?? '',
      paystatusdesc: input.paystatusdesc ?? '',
    },
    tagPresent: true,
  };
}

function withAmount(t: PaymentOutcomeText, amountFen: number | null | undefined): PaymentOutcomeText {
  if (amountFen === null || amountFen === undefined || !Number.isSafeInteger(amountFen)) return t;
  const y = formatYuan(amountFen);
  return { zh: `${t.zh}（${y}）`, en: `${t.en} (${y})`, next: t.next };
}

const GENERIC_ERROR: PaymentOutcomeText = {
  zh: '出现问题，请联系主管',
  en: 'Something went wrong. Call a supervisor.',
  next: 'call-supervisor',
};

/**
 * One sentence for the cashier plus the next step, for an attempt (state + reason + last reply)
 * or for an error code.
 */
export function describePaymentOutcome(input: OutcomeInput): PaymentOutcomeText {
  if ('errorCode' in input) {
    return isPaymentErrorCode(input.errorCode) ? { ...PAYMENT_ERROR_TEXT[input.errorCode] } : { ...GENERIC_ERROR };
  }
  const reason = (input.reason ?? undefined) as AttemptReason | undefined;
  const reply = replyFrom(input);
  const c = reply ? classifyReply(reply) : null;
  const byReason = reason ? REASON_TEXT[reason] : undefined;

  switch (input.state) {
    case 'created':
      return { zh: '正在发起支付…', en: 'Starting the payment…', next: 'none' };
    case 'sent':
      if (byReason) return { ...byReason };
      return {
        zh: '已发送支付请求，等待支付平台回复…',
        en: 'Payment request sent; waiting for the platform…',
        next: 'none',
      };
    case 'awaiting-payer':
      if ((reason === 'qr-shown' || input.qr) && (!c || c.verdict === 'in-progress' || reason === 'qr-shown'))
        return { ...REASON_TEXT['qr-shown']! };
      if (c && c.verdict !== 'paid' && c.verdict !== 'declined') return { zh: c.zh, en: c.en, next: c.next };
      if (byReason) return { ...byReason };
      return {
        zh: '顾客正在手机上确认支付（可能需要输入密码），请稍候',
        en: 'The customer is confirming on the phone (may need a password). Please wait.',
        next: 'check-phone',
      };
    case 'paid':
      if (reason === 'supervisor-paid') return withAmount(REASON_TEXT['supervisor-paid']!, input.amountFen);
      return withAmount({ zh: '支付成功', en: 'Paid', next: 'none' }, input.amountFen);
    case 'declined':
      if (reason === 'not-delivered' || reason === 'supervisor-declined' || reason === 'qr-missing')
        return { ...REASON_TEXT[reason]! };
      if (c && c.verdict === 'declined') return { zh: c.zh, en: c.en, next: c.next };
      return { ...PAYMENT_ERROR_TEXT['payment-declined'] };
    case 'unconfirmed':
      if (reason === 'stopped-by-cashier') return { ...REASON_TEXT['stopped-by-cashier']! };
      return { ...REASON_TEXT['deadline']! };
    case 'cancelled':
      return { ...REASON_TEXT['supervisor-cancelled']! };
  }
}
