import { useEffect, useState, type KeyboardEvent } from 'react';
import type { BillView } from '../../../app/contract/schemas.js';
import { formatYuan } from '../../../app/money.js';
import { listSuspended, resumeBill } from '../actions.js';
import { useT } from '../i18n/useT.js';
import { Modal } from './Modal.js';

const pad2 = (n: number) => String(n).padStart(2, '0');
const hhmm = (ms: number) => {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
};

/** 取单: the parked bills, newest first; ↑↓ or 1–9 select, Enter resumes. */
export function ResumeDialog() {
  const { t } = useT();
  const [bills, setBills] = useState<BillView[] | null>(null);
  const [index, setIndex] = useState(0);

  useEffect(() => {
    let alive = true;
    void listSuspended().then((b) => alive && setBills(b));
    return () => {
      alive = false;
    };
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (!bills || bills.length === 0) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setIndex((i) => Math.min(bills.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setIndex((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const b = bills[index];
      if (b) void resumeBill(b.id);
    } else if (/^[1-9]$/.test(e.key)) {
      const b = bills[Number(e.key) - 1];
      if (b) {
        e.preventDefault();
        void resumeBill(b.id);
      }
    }
  }

  return (
    <Modal title={t('resume.title')} testid="resume-dialog" wide>
      <div tabIndex={0} data-autofocus onKeyDown={onKeyDown} className="pick-wrap">
        {bills === null && <p className="hint">{t('resume.loading')}</p>}
        {bills !== null && bills.length === 0 && (
          <p className="dialog-text" data-testid="resume-none">
            {t('resume.none')}
          </p>
        )}
        <ul className="pick-list" data-testid="resume-list" data-count={bills?.length ?? 0}>
          {bills?.map((b, i) => (
            <li key={b.id}>
              <button
                type="button"
                tabIndex={-1}
                className={`pick ${i === index ? 'pick-selected' : ''}`}
                data-testid="resume-item"
                data-bill-id={b.id}
                data-selected={i === index ? 'yes' : 'no'}
                onClick={() => void resumeBill(b.id)}
              >
                <span className="pick-key">{i < 9 ? i + 1 : ''}</span>
                <span className="pick-main">
                  {b.suspendedLabel ??
                    b.lines
                      .filter((l) => !l.voided)
                      .map((l) => l.name)
                      .slice(0, 3)
                      .join('、')}
                </span>
                <span className="pick-sub">
                  {hhmm(b.updatedAt)} · {b.billNo} ·{' '}
                  {t('bill.items', { n: b.lines.filter((l) => !l.voided).reduce((n, l) => n + l.quantity, 0) })}
                </span>
                <span className="pick-amount">{formatYuan(b.totalFen)}</span>
              </button>
            </li>
          ))}
        </ul>
        <p className="hint">{t('resume.hint')}</p>
      </div>
    </Modal>
  );
}
