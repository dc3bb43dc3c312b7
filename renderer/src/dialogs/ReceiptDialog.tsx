import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ReceiptLayout } from '../../../app/contract/receipt.js';
import { buildReceipt, type PaperWidthMm } from '../../../app/receipt/receipt.js';
import { errorText } from '../i18n/index.js';
import { call } from '../actions.js';
import { useT } from '../i18n/useT.js';
import { useCounter } from '../store/index.js';
import { Modal } from './Modal.js';

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

/** `auto`: opened by 付款后自动打印 (config receipt.autoPrint): prints once as soon as the receipt is ready. */
export function ReceiptDialog({ billId, reprint, auto = false }: { billId: number; reprint: boolean; auto?: boolean }) {
  const { t, locale } = useT();
  const bill = useCounter((s) =>
    s.bill?.id === billId ? s.bill : s.lastCompleted?.id === billId ? s.lastCompleted : null,
  );
  const info = useCounter((s) => s.appInfo);
  const session = useCounter((s) => s.session);
  // The saved width (config printer.paperWidthMm) and the shop's texts come from the core; the
  // 58/80 buttons only change this preview.
  const [layout, setLayout] = useState<ReceiptLayout | null>(null);
  const [paper, setPaper] = useState<PaperWidthMm | null>(null);
  const [printedAt] = useState(() => Date.now());
  const [result, setResult] = useState<{ state: 'printed' | 'browser' | 'failed'; text: string } | null>(null);
  // A campus package sale (校园卡套餐) prints its student, card no., class and validity too.
  const [campusLines, setCampusLines] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void call('campus.receiptLines', { billId }, { quiet: true }).then((r) => {
      if (live && r) setCampusLines(r.lines);
    });
    return () => {
      live = false;
    };
  }, [billId]);
  useEffect(() => {
    let live = true;
    void call('receipt.layout', {}, { quiet: true }).then((l) => {
      if (!live) return;
      const fallback: ReceiptLayout = {
        paperWidthMm: 80,
        texts: { shopName: null, headerLines: [], footerLines: [], autoPrint: false },
      };
      setLayout(l ?? fallback);
      setPaper((p) => p ?? (l ?? fallback).paperWidthMm);
    });
    return () => {
      live = false;
    };
  }, []);

  const receipt = useMemo(() => {
    if (!bill || !layout || paper === null) return null;
    const operatorName = session?.operator?.operatorNo === bill.operatorNo ? session.operator.name : null;
    return buildReceipt({
      bill,
      terminalNo: info?.terminalNo ?? '',
      operatorName,
      paperWidthMm: paper,
      printedAt,
      reprint,
      sandbox: info?.sandbox === true,
      shopName: layout.texts.shopName,
      header: layout.texts.headerLines,
      footer: [...campusLines, ...layout.texts.footerLines],
    });
  }, [bill, info, session, paper, printedAt, reprint, layout, campusLines]);

  function choose(p: PaperWidthMm) {
    setPaper(p);
    setResult(null);
  }

  /**
   * Under Electron the core prints on the counter's receipt printer at the roll's page size;
   * in the browser shell (no printer hook) the browser prints this preview instead.
   */
  async function print() {
    if (paper === null) return;
    setResult(null);
    if (info?.shell === 'electron') {
      let failed: string | null = null;
      const r = await call(
        'receipt.print',
        { billId, paperWidthMm: paper, reprint },
        { onError: (e) => ((failed = errorText(locale, e)), true) },
      );
      if (r) {
        setResult({
          state: 'printed',
          text: t('receipt.printedOn', { printer: r.printer ?? t('receipt.defaultPrinter'), paper: r.paperWidthMm }),
        });
        useCounter.getState().setNotice({ tone: 'ok', kind: 'key', key: 'receipt.printed' });
      } else setResult({ state: 'failed', text: t('receipt.failed', { reason: failed ?? '' }) });
      return;
    }
    try {
      window.print();
      setResult({ state: 'browser', text: t('receipt.sentToBrowser', { paper }) });
      // Audited and counted like the core's own printing (history.printed).
      if (bill) void call('history.printed', { billNo: bill.billNo, reprint }, { quiet: true });
    } catch (e) {
      setResult({ state: 'failed', text: t('receipt.failed', { reason: e instanceof Error ? e.message : String(e) }) });
    }
  }

  const autoDone = useRef(false);
  useEffect(() => {
    if (!auto || autoDone.current || !receipt) return;
    autoDone.current = true;
    void print();
  });

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'ArrowLeft' || e.key === '5') choose(58);
    else if (e.key === 'ArrowRight' || e.key === '8') choose(80);
  }

  return (
    <Modal
      title={reprint ? `${t('receipt.title')} · ${t('receipt.reprint')}` : t('receipt.title')}
      testid="receipt-dialog"
      wide
    >
      <div className="receipt-dialog" onKeyDown={onKeyDown} data-auto={auto ? 'yes' : 'no'}>
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
              <button
                type="button"
                className="btn btn-primary"
                data-testid="receipt-print"
                data-autofocus
                onClick={() => void print()}
              >
                {t('receipt.print')} <kbd>Enter</kbd>
              </button>
            </div>
            {result && (
              <p
                className={`notice ${result.state === 'failed' ? 'notice-error' : 'notice-ok'}`}
                role="status"
                data-testid="receipt-print-result"
                data-state={result.state}
              >
                {result.text}
              </p>
            )}
            <div className="receipt-paper" data-paper={paper} data-saved-paper={layout?.paperWidthMm}>
              <ReceiptPreview html={receipt.body} css={receipt.css} />
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}
