import { describe, expect, it } from 'vitest';
import { isRelativeGatewayPath } from '../../../../app/contract/setup.js';
import {
  gatewayText,
  pathProblem,
  pathProblemText,
  urlProblem,
  urlProblemText,
  type PathProblem,
  type UrlProblem,
} from './url-check.js';

describe('首次设置: the URL check answers in the screen language', () => {
  it('finds what is wrong with a typed URL', () => {
    const cases: [string, UrlProblem | null, boolean?][] = [
      ['https://pay.example.cn/', null],
      ['http://192.168.1.5:8080/', null],
      ['pay.example.cn', 'no-scheme'],
      ['192.168.1.5:8080', 'no-scheme'],
      ['localhost:4780/', 'no-scheme'],
      ['pay.example.cn:8080/api', 'no-scheme'],
      ['ftp://pay.example.cn/', 'bad-scheme'],
      ['http:/pay.example.cn', 'invalid'],
      ['http://pay example.cn', 'spaces'],
      ['http://updates.example.cn/', 'not-https', true],
      ['https://updates.example.cn/', null, true],
    ];
    for (const [value, expected, httpsOnly] of cases)
      expect(urlProblem(value, { httpsOnly: httpsOnly ?? false }), value).toBe(expected);
  });

  it('says it in Chinese with Chinese punctuation, and in English for the English screen', () => {
    const problems: UrlProblem[] = ['no-scheme', 'bad-scheme', 'not-https', 'invalid', 'too-long', 'spaces'];
    for (const p of problems) {
      const zh = urlProblemText('zh-CN', p, '192.168.1.5:8080');
      // Latin script only inside URLs and the scheme names the installer has to type.
      const words = zh.replace(/https?:\/\/\S*|https?/g, '').match(/[A-Za-z]{2,}/g) ?? [];
      expect(words, `${p}: ${zh}`).toEqual([]);
      expect(zh).not.toMatch(/[?"']/);
      const en = urlProblemText('en', p);
      expect(en).not.toMatch(/[\u4e00-\u9fff]/);
      expect(en.length).toBeGreaterThan(10);
    }
    expect(urlProblemText('zh-CN', 'no-scheme', '192.168.1.5:8080')).toBe(
      '网址须以 http:// 或 https:// 开头，例如 http://192.168.1.5:8080',
    );
    expect(urlProblemText('en', 'no-scheme', 'pay.example.cn')).toBe(
      'A URL must start with http:// or https://, e.g. http://pay.example.cn',
    );
  });

  it('checks gateway paths by the same rule as main, and explains each problem in both languages', () => {
    const cases: [string, PathProblem | null][] = [
      ['api/3Pay/KouDaiLQ/Query', null],
      ['/api/3Pay/KouDaiLQ/BarCode', null],
      ['', 'required'],
      ['https://evil.example.net/pay', 'absolute'],
      ['//evil.example.net/pay', 'absolute'],
      ['../../pay', 'dot-dot'],
      ['api\\..\\pay', 'bad-chars'],
      ['%2e%2e/pay', 'bad-chars'],
    ];
    for (const [value, expected] of cases) {
      expect(pathProblem(value), value).toBe(expected);
      if (value !== '') expect(isRelativeGatewayPath(value), value).toBe(expected === null);
      if (expected) {
        expect(pathProblemText('zh-CN', expected)).toMatch(/[\u4e00-\u9fff]/);
        expect(pathProblemText('en', expected)).not.toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('names the gateway in use and why a saved secret was not sent', () => {
    expect(
      gatewayText('zh-CN', 'inUseEnv', { url: 'http://127.0.0.1:9100/', variable: 'COUNTERPAY_GATEWAY_URL' }),
    ).toBe('实际使用的网关：http://127.0.0.1:9100/（由环境变量 COUNTERPAY_GATEWAY_URL 指定，上面填写的地址不生效）。');
    expect(gatewayText('zh-CN', 'authNotSent', { origin: 'https://pay.example.cn' })).toContain(
      'https://pay.example.cn',
    );
  });
});
