import { useState } from 'react';
import type { BillLookup } from '../../../../app/contract/supervisor.js';
import { parseYuan } from '../../../../app/money.js';
import { formatMoney } from '../../../../app/report/format.js';
import { reportLabel } from '../../../../app/report/labels.js';
import { refreshCounter } from '../../actions.js';
import { useS, useShowError } from './common.js';
import { supCall, useSup } from './sup-store.js';

/** Refund a paid bill (its own refund bill, linked to it) or void an unpaid one, by bill number. */
export function BillsPanel() {
  const { S, locale } = useS();
  const showError = useShowError();
  const [billNo, setBillNo] = useState('');
  const [found, setFound] = useState<BillLookup | null>(null);
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<'cash' | 'original'>('cash');
  const [working, setWorking] = useState(false);

  async function lookup(no = billNo) {
    if (!no.trim()) return;
    try {
      setFound(await supCall('bill.lookup', { billNo: no.trim() }));
      setReason('');
      setAmount('');
    } catch (e) {
      setFound(null);
      showError(e);
    }
  }

  async function run(fn: () => Promise<string>) {
    if (working) return;
    setWorking(true);
    try {
      const msg = await fn();
      useSup.getState().setNotice({ tone: 'ok', text: msg });
      await lookup(found?.bill.billNo);
      void refreshCounter();
    } catch (e) {
      showError(e);
    } finally {
      setWorking(false);
    }
  }

  const bill = found?.bill;
  const canVoid = bill && (bill.status === 'open' || bill.status === 'suspended');
  const canRefund = bill && bill.status === 'paid' && bill.kind !== 'refund' && (found?.refundable.remainingFen ?? 0) > 0;
  const paidWith = bill ? [...new Set(bill.tenders.filter((t) => t.amountFen > 0).map((t) => reportLabel(locale, `tender.${t.kind}`)))].join(' + ') : '';

  return (
    <div className="sup-panel" data-testid="sup-bills">
      <form
        className="sup-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void lookup();
        }}
      >
        <input
          className="sup-input mono"
          data-testid="bills-no"
          autoFocus
          maxLength={29}
          aria-label={S('bills.billNo')}
          placeholder={S('bills.billNo')}
          value={billNo}
          onChange={(e) => setBillNo(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" data-testid="bills-lookup">
          {S('bills.lookup')}
        </button>
      </form>

      {bill && found && (
        <div className="sup-bill" data-testid="bills-found" data-status={bill.status} data-kind={bill.kind}>
          <dl className="sup-meta">
            <div>
              <dt>{S('bills.billNo')}</dt>
              <dd className="mono">{bill.billNo}</dd>
            </div>
            <div>
              <dt>{S('bills.status')}</dt>
              <dd>{reportLabel(locale, `status.${bill.status}`)}</dd>
            </div>
            <div>
              <dt>{S('bills.total')}</dt>
              <dd data-testid="bills-total" data-fen={bill.totalFen}>
                {formatMoney(bill.totalFen)}
              </dd>
            </div>
            {paidWith && (
              <div>
                <dt>{S('bills.paidWith')}</dt>
                <dd>{paidWith}</dd>
              </div>
            )}
            {bill.status === 'paid' && bill.kind !== 'refund' && (
              <>
                <div>
                  <dt>{S('bills.refunded')}</dt>
                  <dd>{formatMoney(found.refundable.refundedFen)}</dd>
                </div>
                <div>
                  <dt>{S('bills.remaining')}</dt>
                  <dd data-testid="bills-remaining" data-fen={found.refundable.remainingFen}>
                    {formatMoney(found.refundable.remainingFen)}
                  </dd>
                </div>
              </>
            )}
          </dl>
          <ul className="sup-list sup-list-quiet">
            {bill.lines
              .filter((l) => !l.voided)
              .map((l) => (
                <li key={l.lineNo}>
                  {l.name} × {l.quantity} {formatMoney(l.amountFen)}
                </li>
              ))}
          </ul>

          {canVoid && (
            <form
              className="sup-inline-form"
              data-testid="bills-void-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (!reason.trim()) return;
                void run(async () => {
                  const b = await supCall('bill.void', { billNo: bill.billNo, reason: reason.trim() });
                  return S('bills.voidDone', { billNo: b.billNo });
                });
              }}
            >
              <p>{S('bills.notPaid')}</p>
              <input className="sup-input" data-testid="bills-reason" required maxLength={200} placeholder={S('bills.voidReason')} aria-label={S('bills.voidReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button type="submit" className="btn btn-danger" data-testid="bills-void" disabled={working || !reason.trim()}>
                {S('bills.void')}
              </button>
            </form>
          )}

          {canRefund && (
            <form
              className="sup-refund-form"
              data-testid="bills-refund-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (!reason.trim()) return;
                let amountFen: number | undefined;
                if (amount.trim()) {
                  const p = parseYuan(amount);
                  if (!p.ok) {
                    useSup.getState().setNotice({ tone: 'error', text: S('amount.bad'), code: 'invalid-input' });
                    return;
                  }
                  amountFen = p.fen;
                }
                void run(async () => {
                  const b = await supCall('bill.refund', { billNo: bill.billNo, method, reason: reason.trim(), ...(amountFen !== undefined ? { amountFen } : {}) });
                  return S('bills.refundDone', { amount: formatMoney(b.totalFen), billNo: b.billNo });
                });
              }}
            >
              <label className="sup-field">
                <span>{S('bills.refundAmount')}</span>
                <input className="sup-input" data-testid="bills-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
              </label>
              <fieldset className="sup-radios">
                <legend>{S('bills.method')}</legend>
                {(['cash', 'original'] as const).map((m) => (
                  <label key={m}>
                    <input type="radio" name="refund-method" data-testid={`bills-method-${m}`} checked={method === m} onChange={() => setMethod(m)} />
                    {S(`bills.method.${m}`)}
                  </label>
                ))}
              </fieldset>
              <label className="sup-field">
                <span>{S('bills.refundReason')}</span>
                <input className="sup-input" data-testid="bills-reason" required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit" className="btn btn-danger" data-testid="bills-refund" disabled={working || !reason.trim()}>
                {S('bills.refund')}
              </button>
            </form>
          )}
          {bill.kind === 'refund' && <p className="sup-muted">{S('bills.refundKind')}</p>}
          {!canVoid && !canRefund && bill.kind !== 'refund' && <p className="sup-muted">{S('bills.cannot')}</p>}
        </div>
      )}
    </div>
  );
}
