import { noticeText, useT } from '../i18n/useT.js';
import { useCounter } from '../store/index.js';

/** The one message line: errors, warnings and confirmations, in the cashier's language. */
export function NoticeLine() {
  const { locale } = useT();
  const notice = useCounter((s) => s.notice);
  return (
    <div
      className={`notice ${notice ? `notice-${notice.tone}` : 'notice-empty'}`}
      data-testid="notice"
      data-tone={notice?.tone ?? 'none'}
      data-code={notice?.kind === 'error-code' ? notice.code : undefined}
      role="status"
      aria-live="polite"
    >
      {notice ? noticeText(locale, notice) : '\u00a0'}
    </div>
  );
}
