import { useEffect } from 'react';
import { nextSale, stopWaiting } from './actions.js';
import { AmountEntry } from './components/AmountEntry.js';
import { BillPanel } from './components/BillPanel.js';
import { NoticeLine } from './components/Notice.js';
import { PayCodeEntry } from './components/PayCodeEntry.js';
import { PaymentView } from './components/PaymentView.js';
import { StatusBar } from './components/StatusBar.js';
import type { MessageKey } from './i18n/index.js';
import { useT } from './i18n/useT.js';
import { selectAttempt, selectBill, selectPhase, useCounter, type Phase } from './store/index.js';

function headlineKey(phase: Phase, attemptState: string | undefined): MessageKey {
  switch (phase) {
    case 'idle':
      return 'amount.hint';
    case 'collect':
    case 'declined':
      return phase === 'declined' ? 'pay.state.declined' : 'pay.scanPrompt';
    case 'paying':
      return attemptState === 'awaiting-payer' ? 'pay.state.awaiting-payer' : 'pay.state.sent';
    case 'paid':
      return 'pay.state.paid';
    case 'unconfirmed':
      return 'pay.state.unconfirmed';
  }
}

const LIVE_STATES = new Set(['created', 'sent', 'awaiting-payer']);

function isTextField(el: Element | null): boolean {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

export function App() {
  const { t, locale } = useT();
  const phase = useCounter(selectPhase);
  const bill = useCounter(selectBill);
  const attempt = useCounter(selectAttempt);
  const hydrated = useCounter((s) => s.hydrated);
  const shownAttempt = attempt && bill && attempt.billId === bill.id ? attempt : null;

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  // Keys that work wherever focus is: Esc backs out / stops waiting; Enter starts the next sale.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.isComposing) return;
      const p = selectPhase(useCounter.getState());
      if (e.key === 'Escape') {
        if (p === 'paying') {
          e.preventDefault();
          void stopWaiting();
        } else {
          useCounter.getState().setNotice(null);
        }
      } else if (e.key === 'Enter' && !isTextField(document.activeElement) && (p === 'paid' || p === 'unconfirmed')) {
        e.preventDefault();
        void nextSale();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const headline = headlineKey(phase, shownAttempt?.state);

  return (
    <div className="app" data-testid="app-root" data-phase={phase} data-hydrated={hydrated ? 'yes' : 'no'}>
      <StatusBar />
      <main className="counter">
        <BillPanel />
        <section className="action">
          <h1 className={`headline headline-${phase}`} data-testid="status-text" data-phase={phase}>
            {shownAttempt ? (
              <span className="headline-payment" data-testid="payment-status" data-state={shownAttempt.state}>
                {LIVE_STATES.has(shownAttempt.state) && <span className="spinner" aria-hidden="true" />}
                {t(`pay.state.${shownAttempt.state}`)}
              </span>
            ) : (
              t(headline)
            )}
          </h1>
          {shownAttempt && <PaymentView attempt={shownAttempt} />}
          {(phase === 'collect' || phase === 'declined') && (
            <>
              <p className="hint">{t('pay.scanHint')}</p>
              <PayCodeEntry />
            </>
          )}
          {(phase === 'idle' || phase === 'paid' || phase === 'unconfirmed') && <AmountEntry />}
          {(phase === 'paid' || phase === 'unconfirmed') && (
            <button type="button" className="btn btn-next" data-testid="next-sale" onClick={() => void nextSale()}>
              {t('key.newSale')} <kbd>Enter</kbd>
            </button>
          )}
          <NoticeLine />
        </section>
      </main>
      <footer className="keys" data-testid="key-hints">
        <span>
          <kbd>Enter</kbd> {t('key.enter')}
        </span>
        <span>
          <kbd>Esc</kbd> {t('key.esc')}
        </span>
      </footer>
    </div>
  );
}
