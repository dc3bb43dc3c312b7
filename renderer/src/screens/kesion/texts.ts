import { useCallback } from 'react';
import { errorText, type Locale } from '../../i18n/index.js';
import { CATALOGS, fill, type Params } from '../../i18n/instance.js';
import { selectLocale, useCounter } from '../../store/index.js';

/** Texts of 机构报名 (namespace `kesion` of the catalogs). */
const TEXT = { 'zh-CN': CATALOGS['zh-CN'].kesion, en: CATALOGS.en.kesion };
export type KesionKey = keyof (typeof TEXT)['zh-CN'];

export function kText(locale: Locale, key: KesionKey, params?: Params): string {
  return fill(TEXT[locale][key], params);
}

export function useK(): { K: (key: KesionKey, params?: Params) => string; locale: Locale } {
  const locale = useCounter(selectLocale);
  const K = useCallback((key: KesionKey, params?: Params) => kText(locale, key, params), [locale]);
  return { K, locale };
}

const RULES = ['numeric', 'digits', 'empty', 'max', 'chars', 'length'] as const;
type Rule = (typeof RULES)[number];

/**
 * The text of a refused command: a list rule names the field (as labelled on screen), the
 * offending value and the limit; a KesionEDU refusal shows its msg verbatim; anything else the
 * shared error text.
 */
export function kesionErrorText(
  locale: Locale,
  error: { code: string; details?: Record<string, unknown> | undefined },
): { field: 'courseIds' | 'students' | null; text: string } {
  const d = error.details ?? {};
  if (error.code === 'kesion-list-invalid') {
    const field = d.field === 'students' ? 'students' : 'courseIds';
    const rule = (RULES as readonly string[]).includes(String(d.rule)) ? (d.rule as Rule) : 'empty';
    const text = kText(locale, `rule.${rule}`, {
      field: kText(locale, field),
      value: typeof d.value === 'string' ? d.value : '',
      max: typeof d.max === 'number' ? d.max : 200,
    });
    return { field, text };
  }
  const base = errorText(locale, error);
  if (error.code === 'kesion-refused' && typeof d.msg === 'string' && d.msg !== '')
    return { field: null, text: `${base}${locale === 'en' ? ': ' : '：'}${d.msg}` };
  return { field: null, text: base };
}
