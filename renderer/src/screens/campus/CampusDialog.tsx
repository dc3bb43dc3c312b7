import { useEffect, useMemo, useRef, useState } from 'react';
import type { CampusSale, CampusStudent } from '../../../../app/contract/campus.js';
import { formatYuan } from '../../../../app/money.js';
import { campusReceiptLines } from '../../../../app/receipt/campus-lines.js';
import { buildReceipt } from '../../../../app/receipt/receipt.js';
import { call, connection } from '../../actions/connection.js';
import { clearFinishedSale } from '../../actions/bill.js';
import { PaymentQr } from '../../components/PaymentQr.js';
import { refreshCounter } from '../../counter-refresh.js';
import { Modal } from '../../dialogs/Modal.js';
import { ReceiptPreview } from '../../dialogs/ReceiptDialog.js';
import { errorText } from '../../i18n/index.js';
import { focusEntry } from '../../focus.js';
import { useCounter } from '../../store/index.js';
import { CampusForm } from './CampusForm.js';
import { claimCampusScans } from './scan.js';
import { useC } from './texts.js';
import './campus.css';

type Channel = 'alipay_qr' | 'wx_pub_qr';
const ENDED = new Set(['expired', 'cancelled', 'failed', 'unknown']);

function close(): void {
  useCounter.getState().openDialog(null);
  focusEntry();
}

/** 校园卡套餐 (Ctrl+K): student → packages → QR charge → confirmed → receipt. */
export function CampusDialog() {
  const { C, locale } = useC();
  const [status, setStatus] = useState<{ configured: boolean; channels: Channel[] } | null>(null);
  const [sale, setSale] = useState<CampusSale | null>(null);
  const [resumed, setResumed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [askCancel, setAskCancel] = useState(false);
  const [retryChannel, setRetryChannel] = useState<Channel>('alipay_qr');
  const billId = sale?.billId ?? null;

  useEffect(() => {
    let live = true;
    void call('campus.status', {}, { quiet: true }).then((s) => {
      if (!live || !s) return;
      setStatus({ configured: s.configured, channels: s.channels });
      if (s.sale && s.sale.state !== 'paid' && s.sale.billStatus !== 'voided') {
        setSale(s.sale);
        setResumed(s.sale.state === 'pending');
      }
    });
    return () => {
      live = false;
    };
  }, []);

  // Every scan is this screen's while it is open; the form takes it as a user id.
  const formScan = useRef<((text: string) => void) | null>(null);
  useEffect(() => claimCampusScans((text) => formScan.current?.(text)), []);

  useEffect(
    () =>
      connection().api.on('campus.changed', (s) => {
        if (billId !== null && s.billId === billId) {
          setSale(s);
          void refreshCounter();
        }
      }),
    [billId],
  );

  // A new QR offers the channel of the last one first.
  const lastChannel = sale?.channel;
  useEffect(() => {
    if (lastChannel === 'alipay_qr' || lastChannel === 'wx_pub_qr') setRetryChannel(lastChannel);
  }, [lastChannel]);

  const fail = (e: Parameters<typeof errorText>[1]) => {
    setError(errorText(locale, e));
    return true;
  };

  async function start(input: {
    student: CampusStudent;
    type: 0 | 1;
    payType: 0 | 1;
    payMoneyType: 0 | 1 | 2;
    itemIDs: string[];
    channel: Channel;
  }) {
    setBusy(true);
    setError(null);
    await clearFinishedSale();
    const r = await call(
      'campus.start',
      {
        userID: input.student.userID,
        type: input.type,
        payType: input.payType,
        payMoneyType: input.payMoneyType,
        itemIDs: input.itemIDs,
        channel: input.channel,
      },
      { onError: fail },
    );
    setBusy(false);
    await refreshCounter();
    if (r) setSale(r);
    else {
      // A failed PayMoney still left a bill: show it so it can be retried or voided.
      const s = await call('campus.status', {}, { quiet: true });
      if (s?.sale && s.sale.billStatus === 'open') setSale(s.sale);
    }
  }

  async function run(cmd: 'campus.check' | 'campus.cancel' | 'campus.retry') {
    if (billId === null) return;
    setBusy(true);
    setError(null);
    const r =
      cmd === 'campus.retry'
        ? await call(cmd, { billId, channel: retryChannel }, { onError: fail })
        : await call(cmd, { billId }, { onError: fail });
    setBusy(false);
    setAskCancel(false);
    if (r) setSale(r);
    await refreshCounter();
  }

  async function abandonAndClose() {
    if (billId !== null && sale && ENDED.has(sale.state) && sale.billStatus === 'open') {
      await call('campus.abandon', { billId }, { onError: fail });
      await refreshCounter();
    }
    close();
  }

  async function done() {
    await clearFinishedSale();
    close();
  }

  // Esc: never closes while a charge may be paid — it asks first (and Esc again keeps waiting).
  // The counter's key map leaves Esc to this dialog (renderer/src/keymap.ts).
  const onEscape = useRef<() => void>(() => {});
  onEscape.current = () => {
    if (busy) return;
    if (sale && (sale.state === 'pending' || sale.state === 'creating')) setAskCancel((a) => !a);
    else if (sale && sale.state === 'paid') void done();
    else if (sale && ENDED.has(sale.state)) void abandonAndClose();
    else close();
  };
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.isComposing) return;
      e.preventDefault();
      onEscape.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const paidBill = useCounter((s) =>
    s.bill?.id === billId ? s.bill : s.lastCompleted?.id === billId ? s.lastCompleted : null,
  );
  const info = useCounter((s) => s.appInfo);
  const receipt = useMemo(() => {
    if (!sale || sale.state !== 'paid') return null;
    const bill = paidBill;
    if (!bill || bill.status !== 'paid') return null;
    const lines = campusReceiptLines(sale);
    return buildReceipt({
      bill,
      terminalNo: info?.terminalNo ?? '',
      paperWidthMm: 80,
      printedAt: Date.now(),
      sandbox: info?.sandbox === true,
      footer: lines,
    });
  }, [sale, paidBill, info]);

  let content;
  if (!status) content = <p className="dialog-text">…</p>;
  else if (!status.configured)
    content = (
      <p className="campus-notice" data-testid="campus-not-configured">
        {C('notConfigured')}
      </p>
    );
  else if (!sale) content = <CampusForm channels={status.channels} busy={busy} onStart={start} scanRef={formScan} />;
  else if (sale.state === 'creating') content = <p className="dialog-text">{C('creating')}</p>;
  else if (sale.state === 'pending')
    content = (
      <div className="campus-wait" data-testid="campus-waiting">
        {resumed && <p className="campus-info campus-wide">{C('resumed')}</p>}
        <div className="campus-wait-qr">
          {sale.qrContent && <PaymentQr content={sale.qrContent} size={240} label={C('qrLabel')} />}
        </div>
        <div className="campus-wait-side">
          <p className="campus-amount" data-testid="campus-amount">
            {formatYuan(sale.amountFen)}
          </p>
          <p>{C('waiting', { wallet: C(`wallet.${sale.channel as Channel}`) })}</p>
          <p className="campus-muted">{C('waitingHint')}</p>
          <p className="campus-muted">
            {sale.empName} · {C('billNo', { billNo: sale.billNo })}
          </p>
          {sale.expiresAt !== null && (
            <p className="campus-muted">
              {C('expiresAt', { time: new Date(sale.expiresAt).toLocaleTimeString('zh-CN') })}
            </p>
          )}
          {sale.message && <p className="campus-muted">{C('message', { text: sale.message })}</p>}
          {askCancel ? (
            <div className="campus-confirm" data-testid="campus-cancel-confirm">
              <strong>{C('cancel.title')}</strong>
              <p>{C('cancel.body')}</p>
              <button
                type="button"
                className="btn"
                onClick={() => setAskCancel(false)}
                data-testid="campus-keep-waiting"
              >
                {C('cancel.no')} <kbd>Esc</kbd>
              </button>
              <button
                type="button"
                className="btn btn-danger"
                disabled={busy}
                onClick={() => void run('campus.cancel')}
                data-testid="campus-cancel-yes"
              >
                {C('cancel.yes')}
              </button>
            </div>
          ) : (
            <div className="campus-actions">
              <button type="button" className="btn" disabled={busy} onClick={() => void run('campus.check')}>
                {C('check')}
              </button>
              <button type="button" className="btn" onClick={() => setAskCancel(true)} data-testid="campus-cancel">
                {C('cancel')} <kbd>Esc</kbd>
              </button>
            </div>
          )}
        </div>
      </div>
    );
  else if (sale.state === 'paid')
    content = (
      <div className="campus-paid" data-testid="campus-paid">
        <p className="campus-ok">
          {C('state.paid')} · {formatYuan(sale.amountFen)} · {C('billNo', { billNo: sale.billNo })}
        </p>
        {receipt && <ReceiptPreview html={receipt.body} css={receipt.css} />}
        <div className="campus-actions">
          <button
            type="button"
            className="btn btn-primary"
            data-autofocus
            onClick={() => void done()}
            data-testid="campus-done"
          >
            {C('done')} <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    );
  else
    content = (
      <div className="campus-ended" data-testid="campus-ended" data-state={sale.state}>
        <p className="warn-text">{C(`state.${sale.state as 'expired' | 'cancelled' | 'failed' | 'unknown'}`)}</p>
        {sale.message && <p className="campus-muted">{C('message', { text: sale.message })}</p>}
        {sale.billStatus === 'open' && (
          <>
            <div className="campus-choices" role="radiogroup" aria-label={C('channel.label')}>
              {status.channels.map((ch) => (
                <button
                  key={ch}
                  type="button"
                  className={`btn ${retryChannel === ch ? 'btn-selected' : ''}`}
                  aria-pressed={retryChannel === ch}
                  data-testid={`campus-retry-${ch}`}
                  onClick={() => setRetryChannel(ch)}
                >
                  {C(`channel.${ch}`)}
                </button>
              ))}
            </div>
            <div className="campus-actions">
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy}
                onClick={() => void run('campus.retry')}
                data-testid="campus-retry"
              >
                {C('retry')}
              </button>
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => void abandonAndClose()}
                data-testid="campus-abandon"
              >
                {C('abandon')} <kbd>Esc</kbd>
              </button>
            </div>
          </>
        )}
      </div>
    );

  return (
    <Modal title={C('title')} testid="campus-dialog" wide>
      <div className="campus">
        {content}
        {error && (
          <p className="campus-error" role="alert" data-testid="campus-error">
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
