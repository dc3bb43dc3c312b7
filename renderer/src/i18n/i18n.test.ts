import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../app/errors.js';
import { MAX_FEN } from '../../../app/money.js';
import { amountErrorText, errorText, ERROR_TEXT, LOCALES, MESSAGES, translate } from './index.js';
import { noticeText } from './useT.js';

describe('error-code messages', () => {
  for (const locale of LOCALES) {
    it(`has a non-empty ${locale} text for every code in ERROR_CODES`, () => {
      const missing = ERROR_CODES.filter((code) => {
        const text = (ERROR_TEXT[locale] as Record<string, string | undefined>)[code];
        return typeof text !== 'string' || text.trim() === '';
      });
      expect(missing).toEqual([]);
    });
    it(`has no ${locale} text for a code that does not exist`, () => {
      const extra = Object.keys(ERROR_TEXT[locale]).filter((k) => !(ERROR_CODES as readonly string[]).includes(k));
      expect(extra).toEqual([]);
    });
  }

  it('shows Chinese text by default and English when switched', () => {
    expect(errorText('zh-CN', { code: 'bill-locked' })).toMatch(/锁定/);
    expect(errorText('en', { code: 'bill-locked' })).toMatch(/locked/);
  });

  it('falls back to the internal-error text for an unknown code', () => {
    expect(errorText('zh-CN', { code: 'no-such-code' })).toBe(ERROR_TEXT['zh-CN']['internal-error']);
  });

  it('gives every Chinese error text Chinese characters', () => {
    for (const code of ERROR_CODES) expect(ERROR_TEXT['zh-CN'][code]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('screen messages', () => {
  it('has every zh-CN key in English, non-empty unless the Chinese is empty too', () => {
    const zh = MESSAGES['zh-CN'] as Record<string, string>;
    const en = MESSAGES.en as Record<string, string | undefined>;
    const missing = Object.keys(zh).filter((k) => typeof en[k] !== 'string' || (en[k] === '' && zh[k] !== ''));
    expect(missing).toEqual([]);
    const extra = Object.keys(en).filter((k) => !(k in zh));
    expect(extra).toEqual([]);
  });

  it('keeps the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const zh = MESSAGES['zh-CN'] as Record<string, string>;
    const en = MESSAGES.en as Record<string, string>;
    for (const k of Object.keys(zh)) expect({ k, p: names(en[k] ?? '') }).toEqual({ k, p: names(zh[k] ?? '') });
  });

  it('fills placeholders', () => {
    expect(translate('zh-CN', 'pay.elapsed', { elapsed: 7, limit: 60 })).toBe('已等待 7 秒 / 最长 60 秒');
    expect(translate('en', 'link.outbox', { n: 3 })).toBe('3 waiting to upload');
  });

  it('names the limit when an amount is too large', () => {
    expect(amountErrorText('zh-CN', { reason: 'too-large', maxFen: MAX_FEN })).toContain('99,999,999.99');
    expect(amountErrorText('en', { reason: 'too-many-decimals' })).toMatch(/two decimals/);
  });
});

describe('disk-full text (issue 11, item 4)', () => {
  it('says 磁盘已满 and names the data folder the core reported', () => {
    const zh = errorText('zh-CN', { code: 'disk-full', details: { dataDir: 'D:\\Counterpay', cause: 'SQLITE_FULL' } });
    expect(zh).toContain('磁盘已满');
    expect(zh).toContain('D:\\Counterpay');
    expect(errorText('zh-CN', { code: 'disk-full' })).not.toContain('{');
    expect(errorText('en', { code: 'disk-full', details: { dataDir: '/data' } })).toContain('/data');
    // The counter's notices carry the details through.
    expect(
      noticeText('zh-CN', {
        tone: 'error',
        kind: 'error-code',
        code: 'disk-full',
        details: { dataDir: '/srv/counterpay' },
      }),
    ).toContain('/srv/counterpay');
  });
});
