import { describe, expect, it } from 'vitest';
import { classifyReply } from './classify.js';
import type { GatewayReply } from './gateway-schema.js';

const reply = (errcode: number, errmsg: string, paystatus: string, paystatusdesc = ''): GatewayReply => ({
  errcode,
  errmsg,
  tag: { billnum: 'T01-1', autoid: '9', billstatus: '', paystatus, paystatusdesc },
  tagPresent: true,
});

describe('classifyReply: a decline says why', () => {
  it('a PAYERROR with a known reason gives the specific sentence, still a decline', () => {
    const c = classifyReply(reply(1, 'NOTENOUGH: 用户余额不足，请更换付款方式', 'PAYERROR', '余额不足'));
    expect(c.verdict).toBe('declined');
    expect(c.zh).toContain('余额不足');
    expect(c.rule).toMatch(/^errmsg:/);
  });
  it('a PAYERROR without a known reason keeps the generic decline sentence', () => {
    const c = classifyReply(reply(0, '', 'PAYERROR', ''));
    expect(c).toMatchObject({ verdict: 'declined', rule: 'paystatus:PAYERROR' });
  });
  it('an in-progress-sounding message never turns a PAYERROR into anything but a decline', () => {
    const c = classifyReply(reply(1, 'SYSTEMERROR: 系统超时，请稍后查询支付结果', 'PAYERROR'));
    expect(c.verdict).toBe('declined');
  });
  it('only errcode 0 with SUCCESS is paid', () => {
    expect(classifyReply(reply(0, '', 'SUCCESS')).verdict).toBe('paid');
    expect(classifyReply(reply(1, '', 'SUCCESS')).verdict).toBe('unknown');
  });
});
