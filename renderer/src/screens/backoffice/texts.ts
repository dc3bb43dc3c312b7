import { useCallback } from 'react';
import { CATALOGS, fill, type Params } from '../../i18n/instance.js';
import { selectLocale, useCounter } from '../../store/index.js';

/** Texts of the back-office pills and setup sections (namespace `backoffice` of the catalogs). */
const TEXT = { 'zh-CN': CATALOGS['zh-CN'].backoffice, en: CATALOGS.en.backoffice };
export type BoKey = keyof (typeof TEXT)['zh-CN'];
export type BoLocale = 'zh-CN' | 'en';

export function boText(locale: BoLocale, key: BoKey, params?: Params): string {
  return fill(TEXT[locale][key], params);
}

export function useBo(): { B: (key: BoKey, params?: Params) => string; locale: BoLocale } {
  const locale = useCounter(selectLocale);
  const B = useCallback((key: BoKey, params?: Params) => boText(locale, key, params), [locale]);
  return { B, locale };
}
