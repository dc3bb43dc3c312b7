import { describe, expect, it } from 'vitest';
import { supText, supTextKeys } from './texts.js';

describe('supervisor screen words', () => {
  it('has every word in both languages, with the same placeholders', () => {
    const zh = supTextKeys('zh-CN').sort();
    expect(supTextKeys('en').sort()).toEqual(zh);
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of zh) {
      expect(supText('en', k).trim(), k).not.toBe('');
      expect(holes(supText('en', k)), k).toEqual(holes(supText('zh-CN', k)));
    }
    expect(supText('zh-CN', 'close.confirm', { counted: '¥1', expected: '¥2', difference: '-¥1' })).toBe(
      '实点 ¥1，应有 ¥2，差额 -¥1。确认交班？',
    );
  });
});
