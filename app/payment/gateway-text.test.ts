import { describe, expect, it } from 'vitest';
import { gatewayMessageForDisplay } from './gateway-text.js';

describe('gatewayMessageForDisplay', () => {
  it('drops the wallet code prefix and keeps the words', () => {
    expect(gatewayMessageForDisplay('NOTENOUGH: 用户余额不足，请更换支付方式')).toBe('用户余额不足，请更换支付方式');
    expect(gatewayMessageForDisplay('AUTHCODEEXPIRE:付款码已过期')).toBe('付款码已过期');
    expect(gatewayMessageForDisplay('SYSTEMERROR： 系统超时，请稍后查询支付结果')).toBe('系统超时，请稍后查询支付结果');
  });
  it('shows nothing for a bare code, and leaves other text alone', () => {
    expect(gatewayMessageForDisplay('USERPAYING')).toBe('');
    expect(gatewayMessageForDisplay('ORDERNOTEXIST:')).toBe('');
    expect(gatewayMessageForDisplay(null)).toBe('');
    expect(gatewayMessageForDisplay('用户取消支付')).toBe('用户取消支付');
    expect(gatewayMessageForDisplay('Http 500: x')).toBe('Http 500: x');
  });
});
