import { describe, expect, it } from 'vitest';
import { BUSINESS_TYPE_LABELS } from '../../../app/business-types.js';
import { PAYMENT_ERROR_TEXT } from '../../../app/payment/messages.js';
import { reportLabel, reportLabelKeys } from '../../../app/report/labels.js';
import { scannerTexts } from '../screens/scanner/texts.js';
import { BUSINESS_TYPES, FIELD_LABELS, SETUP_TEXTS } from '../screens/setup/texts.js';
import { supText, supTextKeys } from '../screens/supervisor/texts.js';
import { ERROR_TEXT, MESSAGES } from './index.js';
import { CATALOGS } from './instance.js';
import { withoutRawCodes } from './raw-codes.js';

/**
 * Issue 11 item 26: Chinese text uses Chinese punctuation (no ASCII '?', no straight quotes),
 * and each concept has one label table (the business types).
 */

const CJK = /[\u4e00-\u9fff]/;

function strings(v: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof v === 'string') out.push([path, v]);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, `${path}.${k}`, out);
  return out;
}

const ZH_CATALOGS: [string, unknown][] = [
  ['messages', MESSAGES['zh-CN']],
  ['errors', ERROR_TEXT['zh-CN']],
  ['supervisor', Object.fromEntries(supTextKeys('zh-CN').map((k) => [k, supText('zh-CN', k)]))],
  ['reports', Object.fromEntries(reportLabelKeys('zh-CN').map((k) => [k, reportLabel('zh-CN', k)]))],
  ['setup', SETUP_TEXTS['zh-CN']],
  ['setupFields', Object.fromEntries(Object.entries(FIELD_LABELS).map(([k, v]) => [k, v.zh]))],
  ['scanner', scannerTexts('zh-CN')],
  ['payments', Object.fromEntries(Object.entries(PAYMENT_ERROR_TEXT).map(([k, v]) => [k, v.zh]))],
  // Every namespace of the zh-CN catalog (recovery, gateway, receipt… included).
  ...Object.entries(CATALOGS['zh-CN']).map(([ns, v]): [string, unknown] => [`catalog:${ns}`, v]),
];

/** Texts that name the ASCII character itself (the characters a path may not contain). */
const NAMES_THE_CHARACTER = new Set(['catalog:gateway.path.bad-chars']);

/** Problems of one Chinese string: ASCII '?' or straight quotes. */
function zhPunctuationProblems(s: string): string[] {
  if (!CJK.test(s)) return [];
  const p: string[] = [];
  if (/\?/.test(s)) p.push("ASCII '?' (use ？)");
  if (/"/.test(s)) p.push('straight " (use “ ”)');
  if (/'/.test(s)) p.push("straight ' (use ‘ ’)");
  return p;
}

describe('zh-CN catalogs', () => {
  it('finds the problems it is meant to find', () => {
    expect(zhPunctuationProblems('确认交班?')).toHaveLength(1);
    expect(zhPunctuationProblems('请在"异常处理"中查询')).toHaveLength(1);
    expect(zhPunctuationProblems('确认交班？请在“异常处理”中查询')).toEqual([]);
    expect(zhPunctuationProblems('What?')).toEqual([]);
  });

  it.each(ZH_CATALOGS)('%s: Chinese text has no ASCII ? and no straight quotes', (_name, catalog) => {
    const bad = strings(catalog, _name)
      .map(([path, s]) => [path, s, zhPunctuationProblems(s)] as const)
      .filter(([path, , p]) => p.length > 0 && !NAMES_THE_CHARACTER.has(path))
      .map(([path, s, p]) => `${path}: ${s} — ${p.join(', ')}`);
    expect(bad).toEqual([]);
  });
});

describe('business types: one label table', () => {
  it('setup, the status bar / Ctrl+B (messages) and the reports all say the same', () => {
    for (const [n, l] of Object.entries(BUSINESS_TYPE_LABELS)) {
      expect(MESSAGES['zh-CN'][`bt.${n}` as keyof (typeof MESSAGES)['zh-CN']]).toBe(l.zh);
      expect(MESSAGES.en[`bt.${n}` as keyof (typeof MESSAGES)['en']]).toBe(l.en);
      expect(reportLabel('zh-CN', `bt.${n}` as Parameters<typeof reportLabel>[1])).toBe(l.zh);
      expect(reportLabel('en', `bt.${n}` as Parameters<typeof reportLabel>[1])).toBe(l.en);
      expect(BUSINESS_TYPES[Number(n)]).toEqual({ zh: `${n} ${l.zh}`, en: `${n} ${l.en}` });
    }
    expect(Object.keys(BUSINESS_TYPES)).toEqual(Object.keys(BUSINESS_TYPE_LABELS));
  });
});

describe('raw error codes at the display edge', () => {
  it('turns a bracketed error code into its words and leaves other text alone', () => {
    expect(withoutRawCodes('无法处理此条码（invalid-input）', 'zh-CN')).toBe(
      `无法处理此条码：${ERROR_TEXT['zh-CN']['invalid-input']}`,
    );
    expect(withoutRawCodes('This scan could not be used (invalid-input)', 'en')).toBe(
      `This scan could not be used: ${ERROR_TEXT.en['invalid-input']}`,
    );
    expect(withoutRawCodes('找不到商品：6901234567892', 'zh-CN')).toBe('找不到商品：6901234567892');
    expect(withoutRawCodes('成人票（含导览）', 'zh-CN')).toBe('成人票（含导览）');
    expect(withoutRawCodes('（no-such-code）', 'zh-CN')).toBe('（no-such-code）');
  });
});
