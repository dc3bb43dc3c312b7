import { formatYuan } from '../../../app/money.js';
import { isWaiting } from '../../../app/payment/state.js';
import { clearCounter } from '../actions.js';
import { BillPanel } from '../components/BillPanel.js';
import { Entry } from '../components/Entry.js';
import { FnBar } from '../components/FnBar.js';
import { LateOutcomeCard } from '../components/LateOutcome.js';
import { NoticeLine } from '../components/Notice.js';
import { PayCodeEntry } from '../components/PayCodeEntry.js';
import { PaymentView } from '../components/PaymentView.js';
import { QrChooser } from '../components/QrChooser.js';
import { QuickKeys } from '../components/QuickKeys.js';
import type { MessageKey } from '../i18n/index.js';
import { useT } from '../i18n/useT.js';
import { SplitParts } from '../split/SplitParts.js';
import { useS } from '../split/texts.js';
import {
  selectBill,
  selectBillAttempt,
  selectPartlyPaid,
  selectPhase,
  useCounter,
  type Phase,
} from '../store/index.js';

function headlineKey(phase: Phase): MessageKey {
  switch (phase) {
    case 'idle':
      return 'head.idle';
    case 'building':
      return 'head.building';
    case 'collect':
      return 'head.collect';
    case 'recharge-card':
      return 'head.recharge-card';
    case 'recharge-amount':
      return 'head.recharge-amount';
    case 'paying':
      return 'pay.state.sent';
    case 'paid':
      return 'head.paid';
    case 'declined':
      return 'head.declined';
    case 'unconfirmed':
      return 'head.unconfirmed';
  }
}

/** The counter: the bill on the left; on the right what is happening and what to type next. */
export function Counter() {
  const { t } = useT();
  const phase = useCounter(selectPhase);
  const bill = useCounter(selectBill);
  const attempt = useCounter(selectBillAttempt);
  // The tender that closed the bill, when it was cash (split payment: earlier parts gave no change).
  const closing = bill?.status === 'paid' ? bill.tenders.at(-1) : undefined;
  const cash = closing?.kind === 'cash' ? closing : null;
  const partly = useCounter(selectPartlyPaid);
  // A paid part of a bill not yet covered: the headline and the panel speak of the rest.
  const partDone = partly && attempt !== null && attempt.state === 'paid';
  const { S } = useS();

  return (
    <>
      <main className="counter" data-testid="counter-screen">
        <BillPanel />
        <section className="action">
          <LateOutcomeCard />
          <h1 className={`headline headline-${phase}`} data-testid="status-text" data-phase={phase}>
            {partDone || (partly && !attempt) ? (
              S('head.partly')
            ) : attempt && !(phase === 'paid' && cash) ? (
              <span className="headline-payment" data-testid="payment-status" data-state={attempt.state}>
                {isWaiting(attempt.state) && <span className="spinner" aria-hidden="true" />}
                {attempt.payTypeCode && attempt.state === 'awaiting-payer'
                  ? t('pay.qr.title')
                  : t(`pay.state.${attempt.state}`)}
              </span>
            ) : phase === 'paying' ? (
              // Locked for a payment that is not a KouDaiLQ attempt: a back office's own QR charge (校园卡套餐).
              t('head.paying-other')
            ) : (
              t(headlineKey(phase))
            )}
          </h1>
          {bill && bill.status === 'open' && bill.dueFen > 0 && (phase === 'collect' || phase === 'declined') && (
            <div className="due" data-testid="due">
              {partly ? S('due.rest') : t('bill.due')} <strong>{formatYuan(bill.dueFen)}</strong>
            </div>
          )}
          <SplitParts />
          {cash && cash.changeFen !== null && (
            <section className="change" data-testid="cash-change" data-fen={cash.changeFen}>
              <div className="change-label">
                {t('cash.paid', { tendered: formatYuan(cash.tenderedFen ?? cash.amountFen) })}
              </div>
              <div className="change-amount">{formatYuan(cash.changeFen)}</div>
            </section>
          )}
          {attempt && !cash && !partDone && <PaymentView attempt={attempt} />}
          {(phase === 'collect' || phase === 'declined') && (
            <>
              <p className="hint">{partly ? S('hint.partly') : t('pay.scanHint')}</p>
              <PayCodeEntry />
              <QrChooser />
            </>
          )}
          {phase !== 'collect' && phase !== 'declined' && phase !== 'paying' && <Entry />}
          {(phase === 'paid' || phase === 'unconfirmed') && (
            <button
              type="button"
              className={`btn ${phase === 'unconfirmed' ? 'btn-next-quiet' : 'btn-next'}`}
              data-testid="next-sale"
              onClick={() => void clearCounter()}
            >
              {t('key.newSale')} <kbd>Enter</kbd>
            </button>
          )}
          <NoticeLine />
          {(phase === 'idle' || phase === 'building') && <QuickKeys />}
        </section>
      </main>
      <FnBar />
    </>
  );
}
