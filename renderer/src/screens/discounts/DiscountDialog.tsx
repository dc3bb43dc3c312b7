import { useEffect, useState, type FormEvent } from 'react';
import type { DiscountSettingsView, DiscountSpecInput } from '../../../../app/contract/discounts.js';
import { formatYuan, parseYuan } from '../../../../app/money.js';
import { parseZhe, priceBill } from '../../../../app/pricing.js';
import { applyDiscount, loadDiscountSettings } from '../../actions.js';
import { NoticeLine } from '../../components/Notice.js';
import { Modal } from '../../dialogs/Modal.js';
import { selectBill, useCounter } from '../../store/index.js';
import { SupervisorFields } from './SupervisorFields.js';
import { both, specText, useD } from './texts.js';
import './discounts.css';

type Mode = 'percent' | 'amount';

/** What the typed text means, or the reason it means nothing. */
function readSpec(mode: Mode, text: string): DiscountSpecInput | 'empty' | 'badRate' | 'badAmount' {
  if (text.trim() === '') return 'empty';
  if (mode === 'percent') {
    const rate = parseZhe(text);
    return rate === null ? 'badRate' : { mode, rate };
  }
  const p = parseYuan(text);
  return p.ok ? { mode, fen: p.fen } : 'badAmount';
}

/**
 * Ctrl+D: a discount on the selected line or on the whole bill — 打折 typed as 折 (9 = 九折,
 * shown with the percent off) or 减金额 in yuan — with what the bill will then cost. Over the
 * cashier limit the dialog asks for a supervisor's number and PIN on the spot.
 */
export function DiscountDialog({ lineNo }: { lineNo: number | null }) {
  const { D } = useD();
  const bill = useCounter(selectBill);
  const [target, setTarget] = useState<'line' | 'bill'>(lineNo === null ? 'bill' : 'line');
  const [mode, setMode] = useState<Mode>('percent');
  const [text, setText] = useState('');
  const [needsAuth, setNeedsAuth] = useState(false);
  const [supNo, setSupNo] = useState('');
  const [supPin, setSupPin] = useState('');
  const [settings, setSettings] = useState<DiscountSettingsView | null>(null);
  useEffect(() => {
    void loadDiscountSettings().then(setSettings);
  }, []);
  if (!bill) return null;
  const line = lineNo === null ? undefined : bill.lines.find((l) => l.lineNo === lineNo && !l.voided);
  const onLine = target === 'line' && line !== undefined;
  const current = onLine ? (line.discount ?? null) : (bill.pricing?.billDiscount ?? null);

  const spec = readSpec(mode, text);
  const preview =
    typeof spec === 'object'
      ? priceBill({
          lines: bill.lines.map((l) => ({
            lineNo: l.lineNo,
            unitPriceFen: l.unitPriceFen,
            quantity: l.quantity,
            voided: l.voided,
            discount: onLine && l.lineNo === line.lineNo ? spec : (l.discount ?? null),
          })),
          billDiscount: onLine ? (bill.pricing?.billDiscount ?? null) : spec,
          roundOff: null,
        })
      : null;

  async function submit(discount: DiscountSpecInput | null) {
    const auth =
      needsAuth && supNo.trim() !== '' && supPin !== ''
        ? { supervisorNo: supNo.trim(), supervisorPin: supPin }
        : undefined;
    if (needsAuth && !auth) {
      useCounter.getState().setNotice({ tone: 'warn', kind: 'text', ...both('auth.missing') });
      return;
    }
    const r = await applyDiscount(onLine ? line.lineNo : null, discount, auth);
    if (r === 'ok') useCounter.getState().openDialog(null);
    else if (r === 'needs-supervisor') setNeedsAuth(true);
    else setSupPin('');
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (typeof spec !== 'object') {
      useCounter.getState().setNotice({ tone: 'warn', kind: 'text', ...both(spec) });
      return;
    }
    await submit(spec);
  }

  const offFen = preview ? preview.lineDiscountFen + preview.billDiscountFen : 0;
  return (
    <Modal title={D('title')} testid="discount-dialog">
      <form onSubmit={onSubmit} className="dialog-form disc-form">
        <div className="disc-row" role="radiogroup" aria-label={D('target')}>
          <span className="entry-label">{D('target')}</span>
          {line && (
            <label className="disc-choice">
              <input
                type="radio"
                name="disc-target"
                data-testid="discount-target-line"
                checked={target === 'line'}
                onChange={() => setTarget('line')}
              />
              {D('target.line', { n: line.lineNo, name: line.name })}
            </label>
          )}
          <label className="disc-choice">
            <input
              type="radio"
              name="disc-target"
              data-testid="discount-target-bill"
              checked={target === 'bill' || !line}
              onChange={() => setTarget('bill')}
            />
            {D('target.bill')}
          </label>
        </div>
        <div className="disc-row" role="radiogroup" aria-label={D('mode')}>
          <span className="entry-label">{D('mode')}</span>
          {(['percent', 'amount'] as const).map((m) => (
            <label key={m} className="disc-choice">
              <input
                type="radio"
                name="disc-mode"
                data-testid={`discount-mode-${m}`}
                checked={mode === m}
                onChange={() => setMode(m)}
              />
              {D(m === 'percent' ? 'mode.percent' : 'mode.amount')}
            </label>
          ))}
        </div>
        <label className="field">
          <span className="entry-label">{D(mode === 'percent' ? 'value.percent' : 'value.amount')}</span>
          <input
            className="entry-input"
            data-testid="discount-value"
            data-autofocus
            inputMode="decimal"
            autoComplete="off"
            maxLength={12}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <p className="disc-preview" data-testid="discount-preview">
          {typeof spec === 'object' && preview
            ? `${specText(D, spec)} · ${D('preview', { off: formatYuan(offFen), due: formatYuan(preview.totalFen) })}`
            : current
              ? D('current', { what: specText(D, current) })
              : ' '}
        </p>
        {settings && !needsAuth && (
          <p className="disc-limit" data-testid="discount-limit">
            {D('limit', {
              pct: settings.cashierLimit.maxPercentOff,
              max: formatYuan(settings.cashierLimit.maxFen),
            })}
          </p>
        )}
        {needsAuth && (
          <SupervisorFields
            why={D('auth.why', { off: formatYuan(offFen) })}
            no={supNo}
            pin={supPin}
            setNo={setSupNo}
            setPin={setSupPin}
          />
        )}
        <div className="dialog-actions">
          <button type="submit" className="btn btn-primary" data-testid="discount-submit">
            {D(needsAuth ? 'auth.submit' : 'apply')} <kbd>Enter</kbd>
          </button>
          {current && (
            <button type="button" className="btn" data-testid="discount-clear" onClick={() => void submit(null)}>
              {D('clear')}
            </button>
          )}
        </div>
        <NoticeLine />
      </form>
    </Modal>
  );
}
