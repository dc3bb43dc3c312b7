import { describe, expect, it } from 'vitest';
import { signPath, signString, xbSign } from './sign.js';

/**
 * Known-answer tests for the xb-sign recipe. Each expected digest was computed ONCE outside this
 * code, with coreutils/openssl on the exact concatenation spelled out in `spelled`, e.g.
 *
 *   printf '%s' 'sha256POSTAK123451700000000000open-erpOpenApiGetTranOrderList{"pageIndex":1,"pageSize":50}SK-secret' | sha256sum
 *
 * (the terminal and file are UTF-8, so the Chinese characters are hashed as UTF-8 bytes), and
 * pasted here as literals. base64 came from `… | openssl dgst -sha256 -binary | base64`.
 */
const KEY = { accessKeyId: 'AK12345', accessKeySecret: 'SK-secret', timestamp: 1700000000000 };

describe('xb-sign known answers', () => {
  it('GetTranOrderList: full URL → host and every "/" removed; method upper-cased', () => {
    const body = '{"pageIndex":1,"pageSize":50}';
    const input = {
      ...KEY,
      method: 'post',
      url: 'https://openplatform-api.xiaobao100.com/open-erp/OpenApi/GetTranOrderList',
      body,
    };
    const spelled =
      'sha256POSTAK123451700000000000open-erpOpenApiGetTranOrderList{"pageIndex":1,"pageSize":50}SK-secret';
    expect(signString(input)).toBe(spelled);
    expect(xbSign(input)).toBe('b0204519f53d7201fa951057944e34ee3c21690ffcd2c91303327f8815ea943a');
    // The same request through a path-only URL, and a host with a port: same digest.
    expect(xbSign({ ...input, url: '/open-erp/OpenApi/GetTranOrderList' })).toBe(
      'b0204519f53d7201fa951057944e34ee3c21690ffcd2c91303327f8815ea943a',
    );
    expect(xbSign({ ...input, url: 'http://127.0.0.1:4999/open-erp/OpenApi/GetTranOrderList' })).toBe(
      'b0204519f53d7201fa951057944e34ee3c21690ffcd2c91303327f8815ea943a',
    );
  });

  it('RechargeAccountTran with a UTF-8 Chinese body: hex (default), HEX and base64', () => {
    const body =
      '{"stuInfoId":42,"rechargeAmount":100.5,"comment":"学员充值","accountInfos":[{"accountName":"微信","amount":100.5,"orderNumber":"T01-261204-0001"}]}';
    const input = {
      ...KEY,
      method: 'POST',
      url: 'https://openplatform-api.xiaobao100.com/open-erp/OpenApi/RechargeAccountTran',
      body,
    };
    expect(signString(input)).toBe(
      'sha256POSTAK123451700000000000open-erpOpenApiRechargeAccountTran{"stuInfoId":42,"rechargeAmount":100.5,"comment":"学员充值","accountInfos":[{"accountName":"微信","amount":100.5,"orderNumber":"T01-261204-0001"}]}SK-secret',
    );
    expect(xbSign(input)).toBe('ac9a3c9678808856f2ef1c531753565d38028e34098a57bb3f7e7eb3dab75cde');
    expect(xbSign(input, 'HEX')).toBe('AC9A3C9678808856F2EF1C531753565D38028E34098A57BB3F7E7EB3DAB75CDE');
    expect(xbSign(input, 'base64')).toBe('rJo8lniAiFby7xxTF1NWXTgCjjQJile7P35+s9q3XN4=');
  });

  it('signs the body exactly as sent: a space changes the digest', () => {
    const input = {
      ...KEY,
      method: 'POST',
      url: 'https://openplatform-api.xiaobao100.com/open-erp/OpenApi/GetChangedOrders',
      body: '{"startTime":"2026-12-01T00:00:00", "endTime":"2026-12-04T00:00:00"}',
    };
    expect(xbSign(input)).toBe('4d2824cbac5d95ee996e0638d694b59d41870d12dae037aa5a24c53b319a0f6d');
    expect(xbSign({ ...input, body: input.body.replace(', ', ',') })).not.toBe(
      '4d2824cbac5d95ee996e0638d694b59d41870d12dae037aa5a24c53b319a0f6d',
    );
  });

  it('signPath drops scheme, host, port, query and every slash', () => {
    expect(signPath('https://h.example/open-erp/OpenApi/X?a=1')).toBe('open-erpOpenApiX');
    expect(signPath('/a//b/c/')).toBe('abc');
  });
});
