import { useRef, useState, type FormEvent } from 'react';
import { XIAOBAO_AMOUNT, type XiaobaoStudent } from '../../../../app/contract/xiaobao.js';
import { formatYuan, parseYuan } from '../../../../app/money.js';
import { OperatorNoField, PinField } from '../../components/GateFields.js';
import { closeDialog } from '../../dialogs/Modal.js';
import { amountErrorText, errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { refreshCounter } from '../../counter-refresh.js';
import { useCounter } from '../../store/index.js';
import { bothX, useX } from './texts.js';

/** Yuan text → fen within the ERP's limit, or the reason in the screen's language. */
function amountOf(text: string, locale: 'zh-CN' | 'en', limitText: string): { fen: number } | { problem: string } {
  const p = parseYuan(text);
  if (!p.ok) return { problem: amountErrorText(locale, p.error) };
  if (p.fen < XIAOBAO_AMOUNT.minFen || p.fen > XIAOBAO_AMOUNT.maxFen) return { problem: limitText };
  return { fen: p.fen };
}

/** 充值: the amount → a top-up bill on the counter, collected by scan or F2 cash as usual. */
export function TopUpForm({ student }: { student: XiaobaoStudent }) {
  const { X, locale } = useX();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const a = amountOf(text, locale, X('topUp.limit'));
    if ('problem' in a) {
      setProblem(a.problem);
      return;
    }
    setBusy(true);
    const r = await invoke('xiaobao.topUp', {
      stuInfoId: student.stuInfoId,
      name: student.name,
      schoolName: student.schoolName,
      amountFen: a.fen,
    });
    setBusy(false);
    if (!r.ok) {
      const onCounter = (r.error.details as { reason?: unknown } | undefined)?.reason === 'bill-on-counter';
      setProblem(onCounter ? X('topUp.billOnCounter') : errorText(locale, r.error));
      return;
    }
    closeDialog();
    await refreshCounter();
    useCounter
      .getState()
      .setNotice({ tone: 'info', kind: 'text', ...bothX('topUp.opened', { amount: formatYuan(a.fen) }) });
  }

  return (
    <form className="dialog-form xb-form" onSubmit={onSubmit} data-testid="xb-topup">
      <h3>{X('topUp.title')}</h3>
      <label className="xb-field">
        <span>{X('topUp.amount')}</span>
        <div className="entry-row">
          <span className="entry-prefix">¥</span>
          <input
            className="entry-input"
            data-testid="xb-topup-amount"
            data-autofocus
            autoFocus
            inputMode="decimal"
            autoComplete="off"
            maxLength={14}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setProblem(null);
            }}
          />
        </div>
      </label>
      {problem && (
        <p className="xb-problem" role="alert" data-testid="xb-problem">
          {problem}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-wide" data-testid="xb-topup-submit" disabled={busy}>
        {X('topUp.submit')} <kbd>Enter</kbd>
      </button>
      <p className="hint">{X('topUp.hint')}</p>
    </form>
  );
}

/** 退款: cash from the drawer, at most the ERP balance, a supervisor's number + PIN on the spot. */
export function RefundForm({
  student,
  balanceFen,
  onDone,
}: {
  student: XiaobaoStudent;
  balanceFen: number | null;
  onDone: (message: string) => void;
}) {
  const { X, locale } = useX();
  const [text, setText] = useState('');
  const [reason, setReason] = useState(() => X('refund.reasonDefault'));
  const [no, setNo] = useState('');
  const [pin, setPin] = useState('');
  const pinRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const max = balanceFen ?? 0;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const a = amountOf(text, locale, X('topUp.limit'));
    if ('problem' in a) return setProblem(a.problem);
    if (a.fen > max) return setProblem(X('refund.overMax', { amount: formatYuan(max) }));
    if (no.trim() === '' || pin === '') return setProblem(X('refund.needAuth'));
    setBusy(true);
    const r = await invoke('xiaobao.refund', {
      stuInfoId: student.stuInfoId,
      name: student.name,
      amountFen: a.fen,
      reason: reason.trim() || X('refund.reasonDefault'),
      auth: { supervisorNo: no.trim(), supervisorPin: pin },
    });
    setBusy(false);
    setPin('');
    if (!r.ok) {
      const d = r.error.details as { max?: unknown } | undefined;
      setProblem(
        r.error.code === 'xiaobao-balance-exceeded' && typeof d?.max === 'number'
          ? X('refund.overMax', { amount: formatYuan(d.max) })
          : errorText(locale, r.error),
      );
      return;
    }
    await refreshCounter();
    onDone(X('refund.done', { amount: formatYuan(a.fen) }));
  }

  return (
    <form className="dialog-form xb-form" onSubmit={onSubmit} data-testid="xb-refund">
      <h3>{X('refund.title')}</h3>
      <div className="xb-grid">
        <label className="xb-field">
          <span>
            {X('refund.amount')} <em data-testid="xb-refund-max">{X('refund.max', { amount: formatYuan(max) })}</em>
          </span>
          <input
            className="xb-input"
            data-testid="xb-refund-amount"
            data-autofocus
            autoFocus
            inputMode="decimal"
            autoComplete="off"
            maxLength={14}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label className="xb-field">
          <span>{X('refund.reason')}</span>
          <input
            className="xb-input"
            data-testid="xb-refund-reason"
            maxLength={60}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        {/* A supervisor's number and PIN on the spot: the same fields as every other 'who are you' form. */}
        <OperatorNoField
          label={X('refund.supervisorNo')}
          testid="xb-refund-supervisor"
          value={no}
          onChange={setNo}
          next={pinRef}
        />
        <PinField ref={pinRef} label={X('refund.supervisorPin')} testid="xb-refund-pin" value={pin} onChange={setPin} />
      </div>
      {problem && (
        <p className="xb-problem" role="alert" data-testid="xb-problem">
          {problem}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-wide" data-testid="xb-refund-submit" disabled={busy}>
        {X('refund.submit')} <kbd>Enter</kbd>
      </button>
      <p className="hint">{X('refund.hint')}</p>
    </form>
  );
}
