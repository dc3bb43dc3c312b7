import { useEffect, useState } from 'react';
import type { DisplayView } from '../../../app/display/view.js';
import type { DisplayApi } from './connect.js';
import { Slideshow } from './Slideshow.js';
import { displayText, failureText, walletText, yuan } from './text.js';
import { PaymentQr } from '../components/PaymentQr.js';

/**
 * The customer display: a second screen turned toward the payer. It shows what the core pushes
 * (`display.changed`, app/display/view.ts) and nothing else; it has no buttons and takes no input.
 */
export function DisplayApp({ api }: { api: DisplayApi | null }) {
  const [view, setView] = useState<DisplayView | null>(null);
  const [linked, setLinked] = useState(false);

  useEffect(() => {
    if (!api) return;
    let alive = true;
    const read = (): void => {
      void api.state().then((r) => {
        if (alive && r.ok) setView(r.value);
      });
    };
    const offChange = api.onChange((next) => setView((cur) => (cur && next.rev <= cur.rev ? cur : next)));
    const offLink = api.onLink((open) => {
      setLinked(open);
      // (Re)opened: the core may have restarted or moved on meanwhile; read the whole view again.
      if (open) read();
    });
    read();
    return () => {
      alive = false;
      offChange();
      offLink();
    };
  }, [api]);

  const locale = view?.locale ?? 'zh-CN';
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = displayText(locale, 'title');
  }, [locale]);

  if (!api) {
    return (
      <main className="cd-root cd-message" data-testid="display-no-token">
        {displayText('zh-CN', 'noToken')}
      </main>
    );
  }
  if (!view) {
    return (
      <main className="cd-root cd-message" data-testid="display-connecting">
        {displayText('zh-CN', 'offline')}
      </main>
    );
  }
  return (
    <main
      className={`cd-root cd-phase-${view.phase}`}
      data-testid="display"
      data-phase={view.phase}
      data-rev={view.rev}
      data-linked={linked ? 'yes' : 'no'}
    >
      {view.phase === 'idle' ? <Slideshow view={view} /> : <BillScreen view={view} />}
      {!linked && (
        <div className="cd-offline" data-testid="display-offline">
          {displayText(view.locale, 'offline')}
        </div>
      )}
    </main>
  );
}

function BillScreen({ view }: { view: DisplayView }) {
  const l = view.locale;
  return (
    <div className="cd-bill">
      <section className="cd-items" aria-label={displayText(l, 'items')}>
        <h2>{displayText(l, 'items')}</h2>
        <ol data-testid="display-lines">
          {view.lines
            .map((line, i) => ({ line, i }))
            .reverse()
            .map(({ line, i }) => (
              <li key={i} className="cd-line" data-index={i}>
                <span className="cd-line-name">{line.name}</span>
                <span className="cd-line-qty">×{line.quantity}</span>
                <span className="cd-line-amount">{yuan(line.amountFen)}</span>
              </li>
            ))}
        </ol>
        {view.moreLines > 0 && <p className="cd-more">{displayText(l, 'more', { n: view.moreLines })}</p>}
        <p className="cd-total">
          <span>{displayText(l, 'total')}</span>
          <span data-testid="display-total">{yuan(view.totalFen)}</span>
        </p>
      </section>
      <section className="cd-status" data-testid="display-status">
        <StatusPanel view={view} />
      </section>
    </div>
  );
}

function StatusPanel({ view }: { view: DisplayView }) {
  const l = view.locale;
  const due = (
    <div className="cd-due">
      <span className="cd-due-label">{displayText(l, 'due')}</span>
      <span className="cd-due-amount" data-testid="display-due">
        {yuan(view.dueFen)}
      </span>
      {view.paidFen > 0 && (
        <span className="cd-paid-so-far" data-testid="display-paid-so-far">
          {displayText(l, 'paidSoFar', { amount: yuan(view.paidFen) })}
        </span>
      )}
    </div>
  );
  switch (view.phase) {
    case 'paid':
      return (
        <div className="cd-result cd-ok" data-testid="display-paid">
          <span className="cd-result-mark" aria-hidden="true">
            ✓
          </span>
          <strong>{displayText(l, 'paid')}</strong>
          <span className="cd-result-line">{displayText(l, 'paidAmount', { amount: yuan(view.paidFen) })}</span>
          {view.changeFen !== null && view.changeFen > 0 && (
            <span className="cd-result-line">{displayText(l, 'change', { amount: yuan(view.changeFen) })}</span>
          )}
          <span className="cd-thanks">{displayText(l, 'thanks')}</span>
        </div>
      );
    case 'failed':
      return (
        <>
          {due}
          <div className="cd-result cd-bad" data-testid="display-failed">
            <strong>{displayText(l, 'failed')}</strong>
            <span className="cd-result-line">{view.failure ? failureText(l, view.failure) : ''}</span>
          </div>
        </>
      );
    case 'checking':
      return (
        <>
          {due}
          <p className="cd-prompt cd-wait" data-testid="display-checking">
            {displayText(l, 'checking')}
          </p>
        </>
      );
    case 'paying':
      return (
        <>
          {due}
          {view.qr ? (
            <div className="cd-qr" data-testid="display-qr" data-pay-type={view.qr.payTypeCode}>
              <div className="cd-qr-slot">
                <PaymentQr content={view.qr.content} size={320} label={displayText(l, 'qrSlot')} />
              </div>
              <p className="cd-prompt">{displayText(l, 'scanQr', { wallet: walletText(l, view.qr.payTypeCode) })}</p>
            </div>
          ) : (
            <p className="cd-prompt cd-wait" data-testid="display-paying">
              {displayText(l, 'paying')}
            </p>
          )}
        </>
      );
    default:
      return (
        <>
          {due}
          <p className="cd-prompt cd-show-code" data-testid="display-show-code">
            {displayText(l, 'showCode')}
          </p>
        </>
      );
  }
}
