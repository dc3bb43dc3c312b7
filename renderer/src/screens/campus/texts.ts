import { useCallback } from 'react';
import { CATALOGS, fill, type Params } from '../../i18n/instance.js';
import { selectLocale, useCounter } from '../../store/index.js';

/** Texts of 校园卡套餐 (namespace `campus` of the catalogs): the code labels are declared there once. */
const TEXT = { 'zh-CN': CATALOGS['zh-CN'].campus, en: CATALOGS.en.campus };
export type CampusKey = keyof (typeof TEXT)['zh-CN'];

export function useC(): { C: (key: CampusKey, params?: Params) => string; locale: 'zh-CN' | 'en' } {
  const locale = useCounter(selectLocale);
  const C = useCallback((key: CampusKey, params?: Params) => fill(TEXT[locale][key], params), [locale]);
  return { C, locale };
}
