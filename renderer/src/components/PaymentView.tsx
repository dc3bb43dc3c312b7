import type { AttemptView } from '../../../app/contract/schemas.js';
import { formatYuan } from '../../../app/money.js';
import { stopWaiting } from '../actions.js';
import { useNow } from '../hooks.js';
import { PaymentQr } from './PaymentQr.js';
import type { MessageKey } from '../i18n/index.js';
import { useT } from '../i18n/useT.js';
import { selectPaymentLive, useCounter } from '../store/index.js';
import { gatewayMessageForDisplay } from '../../../app/payment/gateway-text.js';
import { isWaiting } from '../../../app/payment/state.js';

/**
 * What is happening with the payment, in words the customer at the counter understands:
 * sending, waiting for the password (seconds against the deadline), paid, failed with the
 * reason and next step, or unconfirmed with what happens next.
 */
export function PaymentView({ attempt }: { attempt: AttemptView }) {
  if (attempt.state === 'unconfirmed') return <UnconfirmedCard attempt={attempt} />;
  return <PaymentProgress attempt={attempt} />;
}

/**
 * 未确认: one sentence on what happened, one on what to do, and the bill number in large type
 * (the cashier may need to read it out or write it down). The next sale is a small button:
 * nothing here should be pressed by reflex.
 */
function UnconfirmedCard({ attempt }: { attempt: AttemptView }) {
  const { t } = useT();
  const billNo = useCounter((s) => (s.bill && s.bill.id === attempt.billId ? s.bill.billNo : null));
  return (
    <section
      className="payment payment-warn payment-unconfirmed"
      data-testid="payment-view"
      data-state="unconfirmed"
      data-attempt-id={attempt.id}
    >
      <p className="unconfirmed-what" data-testid="payment-reason">
        {t('pay.unconfirmedWhat', { amount: formatYuan(attempt.amountFen) })}
      </p>
      {billNo && (
        <div className="unconfirmed-bill">
          <span className="unconfirmed-bill-label">{t('late.billNo')}</span>
          <span className="unconfirmed-bill-no mono" data-testid="unconfirmed-bill-no">
            {billNo}
          </span>
        </div>
      )}
      <p className="unconfirmed-do" data-testid="payment-next">
        {t('pay.unconfirmedDo')}
      </p>
    </section>
  );
}

/** A QR attempt: the QR large (once the gateway issued it), for the payer to scan. */
function QrPanel({ attempt }: { attempt: AttemptView }) {
  const { t } = useT();
  const type = t(`pay.qr.${attempt.payTypeCode ?? 'dynamicPay'}` as MessageKey);
  return (
    <div className="payment-qr-panel" data-testid="payment-qr-panel">
      {attempt.qrContent ? (
        <PaymentQr content={attempt.qrContent} size={232} label={t('pay.qr.alt', { type })} />
      ) : (
        <p className="payment-qr-making" data-testid="payment-qr-making">
          {t('pay.qr.making')}
        </p>
      )}
    </div>
  );
}

function PaymentProgress({ attempt }: { attempt: AttemptView }) {
  const { t, locale } = useT();
  const live = useCounter(selectPaymentLive);
  const skew = useCounter((s) => s.clockSkewMs);
  const now = useNow(live) + skew;
  const state = attempt.state;
  const elapsed = Math.max(0, Math.floor((now - attempt.createdAt) / 1000));
  const limit = Math.max(1, Math.round((attempt.deadlineAt - attempt.createdAt) / 1000));
  const pct = Math.min(100, Math.max(0, ((now - attempt.createdAt) / (attempt.deadlineAt - attempt.createdAt)) * 100));
  const outcomeText = attempt.outcome ? (locale === 'en' ? attempt.outcome.en : attempt.outcome.zh) : null;
  const tone =
    state === 'paid'
      ? 'ok'
      : state === 'declined' || state === 'cancelled'
        ? 'bad'
        : state === 'unconfirmed'
          ? 'warn'
          : 'live';
  const nextKey = attempt.outcome ? (`pay.next.${attempt.outcome.next}` as MessageKey) : null;

  return (
    <section
      className={`payment payment-${tone}`}
      data-testid="payment-view"
      data-state={state}
      data-attempt-id={attempt.id}
    >
      <div className="payment-meta">
        <span>
          {t('pay.amount')} <strong data-testid="payment-amount">{formatYuan(attempt.amountFen)}</strong>
        </span>
        {attempt.payTypeCode ? (
          <span data-testid="payment-qr-type">
            {t('pay.qr.type')} {t(`pay.qr.${attempt.payTypeCode}` as MessageKey)}
          </span>
        ) : (
          <span>
            {t('pay.code')} <span className="mono">{attempt.barCodeMasked}</span>
          </span>
        )}
      </div>
      {attempt.payTypeCode && isWaiting(state) && <QrPanel attempt={attempt} />}
      {isWaiting(state) && (
        <>
          <div className="progress" aria-hidden="true">
            <div className="progress-bar" style={{ width: `${pct}%` }} />
          </div>
          <div className="payment-elapsed" data-testid="payment-elapsed" data-elapsed={elapsed} data-limit={limit}>
            {t('pay.elapsed', { elapsed, limit })}
          </div>
          {outcomeText && (
            <div className="payment-reason" data-testid="payment-reason">
              {outcomeText}
            </div>
          )}
          <button type="button" className="btn btn-stop" data-testid="stop-waiting" onClick={() => void stopWaiting()}>
            {t('pay.stopWaiting')} <kbd>Esc</kbd>
          </button>
          <div className="hint">{t('pay.stopWaitingHint')}</div>
        </>
      )}
      {!isWaiting(state) && outcomeText && (
        <div className="payment-reason" data-testid="payment-reason">
          {outcomeText}
        </div>
      )}
      {gatewayMessageForDisplay(attempt.lastMessage) !== '' &&
        gatewayMessageForDisplay(attempt.lastMessage) !== outcomeText &&
        state !== 'paid' && (
          <div className="payment-gateway" data-testid="payment-gateway-message">
            {t('pay.gatewaySays', { message: gatewayMessageForDisplay(attempt.lastMessage) })}
          </div>
        )}
      {(state === 'declined' || state === 'cancelled') && (
        <div className="payment-next" data-testid="payment-next">
          {nextKey && t(nextKey) !== '' ? t(nextKey) : t('pay.declinedNext')}
        </div>
      )}
      {state === 'paid' && (
        <div className="payment-next" data-testid="payment-next">
          {t('pay.paidNext')}
        </div>
      )}
    </section>
  );
}
