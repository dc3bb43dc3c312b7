import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { XiaobaoStudent } from '../../../../app/contract/xiaobao.js';
import { formatYuan } from '../../../../app/money.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { Postings } from './Postings.js';
import { RefundForm, TopUpForm } from './StudentForms.js';
import { useX } from './texts.js';

export type StudentMode = 'card' | 'topup' | 'refund';

/** The student card (name, school, arrears, balance) and its actions 充值 / 退款 / 订单 (keys 1 2 3). */
export function StudentView({
  student,
  mode,
  setMode,
  onOrders,
}: {
  student: XiaobaoStudent;
  mode: StudentMode;
  setMode: (m: StudentMode) => void;
  onOrders: () => void;
}) {
  const { X, locale } = useX();
  const [balance, setBalance] = useState<{ fen: number | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let alive = true;
    setBalance(null);
    void invoke('xiaobao.balance', { stuInfoId: student.stuInfoId }).then((r) => {
      if (!alive) return;
      if (r.ok) setBalance({ fen: r.value.balanceFen });
      else {
        setBalance({ fen: null });
        setProblem(errorText(locale, r.error));
      }
    });
    return () => {
      alive = false;
    };
  }, [student.stuInfoId, locale, done]);

  useEffect(() => {
    if (mode === 'card') first.current?.focus();
  }, [mode]);

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (mode !== 'card' || e.ctrlKey || e.altKey) return;
    const pick = { '1': () => setMode('topup'), '2': () => setMode('refund'), '3': onOrders }[e.key];
    if (pick) {
      e.preventDefault();
      setDone(null);
      pick();
    }
  }

  return (
    <div className="xb-student" onKeyDown={onKey}>
      <div className="xb-card" data-testid="xb-card" data-id={student.stuInfoId}>
        <div className="xb-card-name">
          <strong data-testid="xb-card-name">{student.name}</strong>
          <span>{X('card.id', { id: student.stuInfoId })}</span>
        </div>
        <dl>
          <dt>{X('card.school')}</dt>
          <dd data-testid="xb-card-school">{student.schoolName ?? '—'}</dd>
          <dt>{X('card.arrears')}</dt>
          <dd data-testid="xb-card-arrears" className={student.arrearsFen > 0 ? 'xb-warn' : ''}>
            {formatYuan(student.arrearsFen)}
          </dd>
          <dt>{X('card.balance')}</dt>
          <dd data-testid="xb-card-balance" data-fen={balance?.fen ?? ''}>
            {balance === null
              ? X('card.balanceLoading')
              : balance.fen === null
                ? X('card.balanceUnknown')
                : formatYuan(balance.fen)}
          </dd>
        </dl>
      </div>
      {mode === 'card' && (
        <div className="dialog-actions xb-actions">
          <button
            ref={first}
            type="button"
            className="btn btn-primary"
            data-testid="xb-action-topup"
            onClick={() => setMode('topup')}
          >
            {X('action.topUp')} <kbd>1</kbd>
          </button>
          <button type="button" className="btn" data-testid="xb-action-refund" onClick={() => setMode('refund')}>
            {X('action.refund')} <kbd>2</kbd>
          </button>
          <button type="button" className="btn" data-testid="xb-action-orders" onClick={onOrders}>
            {X('action.orders')} <kbd>3</kbd>
          </button>
        </div>
      )}
      {problem && mode === 'card' && (
        <p className="xb-problem" role="alert" data-testid="xb-problem">
          {problem}
        </p>
      )}
      {done && mode === 'card' && (
        <p className="xb-done" role="status" data-testid="xb-done">
          {done}
        </p>
      )}
      {mode === 'topup' && <TopUpForm student={student} />}
      {mode === 'refund' && balance !== null && (
        <RefundForm
          student={student}
          balanceFen={balance.fen}
          onDone={(m) => {
            setDone(m);
            setMode('card');
          }}
        />
      )}
      {mode === 'card' && <Postings stuInfoId={student.stuInfoId} />}
    </div>
  );
}
