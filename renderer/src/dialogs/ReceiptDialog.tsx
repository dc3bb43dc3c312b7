import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { buildReceipt, type PaperWidthMm } from '../../../app/receipt/receipt.js';
import { call } from '../actions.js';
import { useT } from '../i18n/useT.js';
import { useCounter } from '../store/index.js';
import { Modal } from './Modal.js';

const PAPER_KEY = 'counterpay.receiptPaper';

function initialPaper(): PaperWidthMm {
  try {
    return localStorage.getItem(PAPER_KEY) === '58' ? 58 : 80;
  } catch {
    return 80;
  }
}

/**
 * The receipt as it prints, at its real width. The HTML comes from app/receipt (escaped); it
 * is shown in a shadow root with a constructed stylesheet, which the page's CSP allows
 * (`style-src 'self'` forbids <style> blocks and style attributes, not CSSOM).
 */
export function ReceiptPreview({ html, css }: { html: string; css: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`:host{display:block}${css}`);
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = html;
  }, [html, css]);
  return <div ref={host} className="receipt-host receipt-print" data-testid="receipt-preview" />;
}

export function ReceiptDialog({ billId, reprint }: { billId: number; reprint: boolean }) {
  const { t } = useT();
  const bill = useCounter((s) => (s.bill?.id === billId ? s.bill : s.lastCompleted?.id === billId ? s.lastCompleted : null));
  const info = useCounter((s) => s.appInfo);
  const session = useCounter((s) => s.session);
  const [paper, setPaper] = useState<PaperWidthMm>(initialPaper);
  const [printedAt] = useState(() => Date.now());

  const receipt = useMemo(() => {
    if (!bill) return null;
    const operatorName = session?.operator?.operatorNo === bill.operatorNo ? session.operator.name : null;
    return buildReceipt({
      bill,
      terminalNo: info?.terminalNo ?? '',
      operatorName,
      paperWidthMm: paper,
      printedAt,
      reprint,
      sandbox: info?.sandbox === true,
    });
  }, [bill, info, session, paper, printedAt, reprint]);

  function choose(p: PaperWidthMm) {
    setPaper(p);
    try {
      localStorage.setItem(PAPER_KEY, String(p));
    } catch {
      // no storage
    }
  }

  /**
   * Under Electron the core prints on the counter's receipt printer at the roll's page size;
   * in the browser shell (no printer hook) the browser prints this preview instead.
   */
  async function print() {
    if (info?.shell === 'electron') {
      const r = await call('receipt.print', { billId, paperWidthMm: paper, reprint });
      if (r) useCounter.getState().setNotice({ tone: 'ok', kind: 'key', key: 'receipt.printed' });
      return;
    }
    window.print();
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'ArrowLeft' || e.key === '5') choose(58);
    else if (e.key === 'ArrowRight' || e.key === '8') choose(80);
  }

  return (
    <Modal title={reprint ? `${t('receipt.title')} · ${t('receipt.reprint')}` : t('receipt.title')} testid="receipt-dialog" wide>
      <div className="receipt-dialog" onKeyDown={onKeyDown}>
        {!receipt ? (
          <p className="dialog-text">{t('receipt.none')}</p>
        ) : (
          <>
            <div className="receipt-tools">
              <span>{t('receipt.paper')}</span>
              {([58, 80] as const).map((p) => (
                <button
                  key={p}
                  type="button"
                  className={`btn ${paper === p ? 'btn-selected' : ''}`}
                  data-testid={`receipt-paper-${p}`}
                  aria-pressed={paper === p}
                  onClick={() => choose(p)}
                >
                  {p} mm
                </button>
              ))}
              <button type="button" className="btn btn-primary" data-testid="receipt-print" data-autofocus onClick={() => void print()}>
                {t('receipt.print')} <kbd>Enter</kbd>
              </button>
            </div>
            <div className="receipt-paper" data-paper={paper}>
              <ReceiptPreview html={receipt.body} css={receipt.css} />
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}
