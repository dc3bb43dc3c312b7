import { useCallback } from 'react';
import { selectLocale, useCounter, type Notice } from '../store/index.js';
import { errorText, translate, type Locale, type MessageKey, type Params } from './index.js';

/** Translate with the current locale; re-renders when the locale changes. */
export function useT(): { t: (key: MessageKey, params?: Params) => string; locale: Locale } {
  const locale = useCounter(selectLocale);
  const t = useCallback((key: MessageKey, params?: Params) => translate(locale, key, params), [locale]);
  return { t, locale };
}

export function noticeText(locale: Locale, n: Notice): string {
  switch (n.kind) {
    case 'key':
      return translate(locale, n.key as MessageKey, n.params);
    case 'error-code':
      return errorText(locale, { code: n.code });
    case 'text':
      return locale === 'en' ? n.en : n.zh;
  }
}
