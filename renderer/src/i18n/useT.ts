import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { selectLocale, useCounter, type Notice } from '../store/index.js';
import { errorText, translate, type Locale, type MessageKey, type Params } from './index.js';
import { i18n } from './instance.js';

type PlainT = (key: string, options?: { replace?: Params }) => string;

/**
 * Translate with the current locale (the counter store's, which the core persists); re-renders
 * when the locale changes. react-i18next gives the text function fixed to that locale.
 */
export function useT(): { t: (key: MessageKey, params?: Params) => string; locale: Locale } {
  const locale = useCounter(selectLocale);
  const { t: fixed } = useTranslation('messages', { i18n, lng: locale, useSuspense: false });
  const plain = fixed as unknown as PlainT;
  const t = useCallback(
    (key: MessageKey, params?: Params) => (params ? plain(key, { replace: params }) : plain(key)),
    [plain],
  );
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
