import { useCallback } from 'react';
import { selectLocale, useCounter, type Notice } from '../store/index.js';
import { errorText, translate, type Locale, type MessageKey, type Params } from './index.js';

/** Translate with the current locale; re-renders when the locale changes. */
export function useT(): { t: (key: MessageKey, params?: Params) => string; locale: Locale } {
  const locale = useCounter(selectLocale);
  const t = useCallback((key: MessageKey, params?: Params) => translate(locale, key, params), [locale]);
  return { t, locale };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

export function noticeText(locale: Locale, n: Notice): string {
  switch (n.kind) {
    case 'key':
      return translate(locale, n.key, n.params);
    case 'error-code': {
      const base = errorText(locale, n.details ? { code: n.code, details: n.details } : { code: n.code });
      const retryAt = n.details?.retryAt;
      if (n.code === 'pin-locked-out' && typeof retryAt === 'number') {
        return `${base}${locale === 'en' ? '. ' : '。'}${translate(locale, 'err.retryAt', { time: clockTime(retryAt) })}`;
      }
      return base;
    }
    case 'text':
      return locale === 'en' ? n.en : n.zh;
  }
}
