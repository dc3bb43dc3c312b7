import { useCallback } from 'react';
import { errorText } from '../../i18n/index.js';
import { useT } from '../../i18n/useT.js';
import { isAppError, useSup } from './sup-store.js';
import { supText, type SupLocale, type SupTextKey } from './texts.js';

/** The screen's words in the current locale. */
export function useS(): { S: (k: SupTextKey, p?: Record<string, string | number>) => string; locale: SupLocale } {
  const { locale } = useT();
  const S = useCallback((k: SupTextKey, p?: Record<string, string | number>) => supText(locale, k, p), [locale]);
  return { S, locale };
}

/** Show a failed command on the supervisor screen's message line. */
export function useShowError(): (e: unknown, override?: string) => void {
  const { locale } = useT();
  return useCallback(
    (e: unknown, override?: string) => {
      const n = isAppError(e)
        ? { tone: 'error' as const, text: override ?? errorText(locale, e), code: e.code }
        : { tone: 'error' as const, text: override ?? String(e) };
      useSup.getState().setNotice(n);
    },
    [locale],
  );
}

export function SupNoticeLine() {
  const notice = useSup((s) => s.notice);
  return (
    <div
      className={`sup-notice sup-notice-${notice?.tone ?? 'none'}`}
      data-testid="sup-notice"
      data-tone={notice?.tone ?? 'none'}
      data-code={notice?.code}
      role={notice?.tone === 'error' ? 'alert' : 'status'}
    >
      {notice?.text ?? ''}
    </div>
  );
}

export function Loading() {
  const { S } = useS();
  return (
    <p className="sup-muted" data-testid="sup-loading">
      {S('loading')}
    </p>
  );
}
