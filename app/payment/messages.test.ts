import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.js';
import { classifyReply, ERRMSG_PATTERNS, PAYSTATUS_TABLE } from './classify.js';
import type { GatewayReply } from './gateway-schema.js';
import { describePaymentOutcome, PAYMENT_ERROR_TEXT } from './messages.js';
import { ATTEMPT_STATES, type AttemptReason } from './state.js';

const NEXT = ['rescan', 'check-phone', 'take-cash', 'call-supervisor', 'none'];
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

function reply(errcode: number, paystatus: string, errmsg = ''): GatewayReply {
  return {
    errcode,
    errmsg,
    tag: { billnum: '', autoid: '', billstatus: '', paystatus, paystatusdesc: '' },
    tagPresent: true,
  };
}

describe('payment error codes', () => {
  it('every payment-related code exists in app/errors and has zh + en + next', () => {
    for (const [code, t] of Object.entries(PAYMENT_ERROR_TEXT)) {
      expect(ERROR_CODES as readonly string[]).toContain(code);
      expect(hasChinese(t.zh)).toBe(true);
      expect(t.en.length).toBeGreaterThan(5);
      expect(NEXT).toContain(t.next);
      expect(describePaymentOutcome({ errorCode: code })).toEqual(t);
    }
    for (const code of ERROR_CODES.filter(
      (c) => c.startsWith('payment-') || c.startsWith('gateway-') || c.startsWith('barcode-'),
    )) {
      expect(Object.keys(PAYMENT_ERROR_TEXT)).toContain(code);
    }
  });
  it('unknown codes fall back to calling a supervisor', () => {
    expect(describePaymentOutcome({ errorCode: 'store-corrupt' }).next).toBe('call-supervisor');
  });
});

describe('classification tables', () => {
  it('every paystatus row and errmsg pattern has text and a next step', () => {
    for (const e of [...Object.values(PAYSTATUS_TABLE), ...ERRMSG_PATTERNS]) {
      expect(hasChinese(e.zh)).toBe(true);
      expect(e.en.length).toBeGreaterThan(3);
      expect(NEXT).toContain(e.next);
    }
  });
  it('only errcode 0 with a listed paid status is paid', () => {
    expect(classifyReply(reply(0, 'SUCCESS')).verdict).toBe('paid');
    expect(classifyReply(reply(0, 'TRADE_SUCCESS')).verdict).toBe('paid');
    expect(classifyReply(reply(0, 'TRADE_FINISHED')).verdict).toBe('paid');
    expect(classifyReply(reply(1, 'SUCCESS', '支付成功')).verdict).toBe('unknown');
    expect(classifyReply(reply(0, 'REFUND')).verdict).toBe('unknown');
    expect(classifyReply(reply(0, '')).verdict).toBe('unknown');
  });
  it('reads in-progress and definitive failures', () => {
    expect(classifyReply(reply(0, 'USERPAYING')).verdict).toBe('in-progress');
    expect(classifyReply(reply(0, 'WAIT_BUYER_PAY')).verdict).toBe('in-progress');
    expect(classifyReply(reply(0, 'NOTPAY')).verdict).toBe('in-progress');
    for (const s of ['PAYERROR', 'CLOSED', 'REVOKED', 'TRADE_CLOSED'])
      expect(classifyReply(reply(0, s)).verdict).toBe('declined');
    expect(classifyReply(reply(1, 'USERPAYING', '需要用户输入支付密码')).verdict).toBe('in-progress');
    expect(classifyReply(reply(1, '', 'NOTENOUGH: 用户余额不足')).rule).toBe('errmsg:insufficient-balance');
    expect(classifyReply(reply(1, '', '付款码已过期，请刷新')).verdict).toBe('declined');
    expect(classifyReply(reply(1, '', '每个二维码仅限使用一次，请刷新后再试')).verdict).toBe('declined');
    expect(classifyReply(reply(-1, '', 'AUTH_CODE_INVALID')).verdict).toBe('declined');
  });
  it('never declines on messages that mean "maybe paid" or "system busy", even with failure words', () => {
    expect(classifyReply(reply(1, '', '支付失败：系统繁忙，请稍后再查询')).verdict).toBe('unknown');
    expect(classifyReply(reply(1, '', 'ORDERPAID 订单已支付')).verdict).toBe('unknown');
    expect(classifyReply(reply(1, '', 'SYSTEMERROR')).verdict).toBe('unknown');
    expect(classifyReply(reply(1, '', '订单不存在')).verdict).toBe('unknown');
    expect(classifyReply(reply(500, '', 'Object reference not set to an instance of an object.')).verdict).toBe(
      'unknown',
    );
  });
});

describe('describePaymentOutcome', () => {
  const REASONS: (AttemptReason | undefined)[] = [
    undefined,
    'committed',
    'request-sent',
    'paid',
    'payer-confirming',
    'unclear-reply',
    'declined-by-gateway',
    'not-delivered',
    'transport-timeout',
    'transport-reset',
    'transport-http-5xx',
    'transport-http-4xx',
    'transport-unparseable',
    'transport-refused',
    'deadline',
    'stopped-by-cashier',
    'supervisor-paid',
    'supervisor-declined',
    'supervisor-cancelled',
  ];
  it('has text and a next step for every state × reason', () => {
    for (const state of ATTEMPT_STATES) {
      for (const reason of REASONS) {
        const t = describePaymentOutcome({ state, reason });
        expect(hasChinese(t.zh), `${state}/${reason}`).toBe(true);
        expect(t.en.length).toBeGreaterThan(3);
        expect(NEXT).toContain(t.next);
      }
    }
  });
  it('stop waiting is never described as a failure', () => {
    const t = describePaymentOutcome({ state: 'unconfirmed', reason: 'stopped-by-cashier' });
    expect(t.zh).toContain('不代表支付失败');
    expect(t.en).toMatch(/not a decline/);
    expect(t.next).toBe('call-supervisor');
  });
  it('uses the gateway reply for the most specific text', () => {
    const d = describePaymentOutcome({
      state: 'declined',
      reason: 'declined-by-gateway',
      errcode: 1,
      errmsg: 'NOTENOUGH 余额不足',
    });
    expect(d.zh).toContain('余额不足');
    expect(d.next).toBe('rescan');
    const w = describePaymentOutcome({ state: 'awaiting-payer', reply: reply(0, 'USERPAYING') });
    expect(w.next).toBe('check-phone');
    const p = describePaymentOutcome({ state: 'paid', amountFen: 1234 });
    expect(p.zh).toBe('支付成功（¥12.34）');
    expect(describePaymentOutcome({ state: 'declined', reason: 'not-delivered' }).next).toBe('take-cash');
    expect(describePaymentOutcome({ state: 'sent', reason: 'transport-timeout' }).zh).toContain('勿重复收款');
  });
});
