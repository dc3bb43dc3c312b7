import { useRef } from 'react';
import { formatYuan } from '../../../app/money.js';
import { acknowledgeLateOutcome } from '../actions.js';
import { focusEntry } from '../focus.js';
import { useT } from '../i18n/useT.js';
import { selectFirstLateOutcome, useLateOutcomes } from '../store/late-outcomes.js';

function clock(ms: number, locale: string): string {
  return new Date(ms).toLocaleTimeString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}

/**
 * A payment the cashier stopped waiting for was settled later (app/contract/late-outcome.ts):
 * what happened, what to do, the bill number in large type and the amount. It stays until
 * acknowledged (知道了: the button, or Enter in the empty entry field while nothing is being built
 * or collected — actions.submitEntry). A payment in progress is never interrupted by it.
 */
export function LateOutcomeCard() {
  const { t, locale } = useT();
  const notice = useLateOutcomes(selectFirstLateOutcome);
  const more = useLateOutcomes((s) => s.notices.length - 1);
  const pending = useLateOutcomes((s) => (notice ? s.pending.includes(notice.id) : false));
  const ref = useRef<HTMLButtonElement>(null);

  if (!notice) return null;
  const paid = notice.outcome === 'paid';
  const amount = formatYuan(notice.amountFen);
  const time = clock(notice.resolvedAt, locale);
  return (
    <section
      className={`late-outcome ${paid ? 'late-paid' : 'late-not-paid'}`}
      data-testid="late-outcome"
      data-notice-id={notice.id}
      data-outcome={notice.outcome}
      role="alert"
    >
      <div className="late-head">
        <strong>{t(paid ? 'late.title.paid' : 'late.title.notPaid')}</strong>
        {more > 0 && (
          <span className="late-more" data-testid="late-outcome-more">
            {t('late.more', { n: more })}
          </span>
        )}
        <button
          type="button"
          ref={ref}
          className="btn btn-primary late-ack"
          data-testid="late-outcome-ack"
          disabled={pending}
          onClick={() => {
            void acknowledgeLateOutcome(notice.id).then(focusEntry);
          }}
        >
          {t('late.ack')} <kbd>Enter</kbd>
        </button>
      </div>
      <div className="late-bill">
        <span className="late-bill-label">{t('late.billNo')}</span>
        <span className="late-bill-no mono" data-testid="late-outcome-bill">
          {notice.billNo}
        </span>
        <span className="late-amount" data-testid="late-outcome-amount" data-fen={notice.amountFen}>
          {amount}
        </span>
      </div>
      <p className="late-what">{t(paid ? 'late.what.paid' : 'late.what.notPaid', { amount, time })}</p>
      <p className="late-do">{t(paid ? 'late.do.paid' : 'late.do.notPaid')}</p>
    </section>
  );
}
