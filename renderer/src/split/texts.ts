import { useCallback } from 'react';
import { CATALOGS, fill, type Params } from '../i18n/instance.js';
import type { Notice } from '../store/index.js';
import { selectLocale, useCounter } from '../store/index.js';

/** Texts of split payment (namespace `split` of the catalogs). */
const TEXT = { 'zh-CN': CATALOGS['zh-CN'].split, en: CATALOGS.en.split };
export type SplitKey = keyof (typeof TEXT)['zh-CN'];

export function useS(): { S: (key: SplitKey, params?: Params) => string } {
  const locale = useCounter(selectLocale);
  const S = useCallback((key: SplitKey, params?: Params) => fill(TEXT[locale][key], params), [locale]);
  return { S };
}

/** A notice in both languages from a split text. */
export function splitNotice(tone: Notice['tone'], key: SplitKey, params?: Params): Notice {
  return { tone, kind: 'text', zh: fill(TEXT['zh-CN'][key], params), en: fill(TEXT.en[key], params) };
}
