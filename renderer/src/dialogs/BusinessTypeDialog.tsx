import { useState, type KeyboardEvent } from 'react';
import { setBusinessType } from '../actions.js';
import type { MessageKey } from '../i18n/index.js';
import { useT } from '../i18n/useT.js';
import { selectSession, useCounter } from '../store/index.js';
import { Modal } from './Modal.js';

const TYPES = [1, 2, 3, 4, 5, 6, 7] as const;

/** The terminal's business type preset (supervisor only; enforced in main). 1–7 or ↑↓ Enter. */
export function BusinessTypeDialog() {
  const { t } = useT();
  const session = useCounter(selectSession);
  const [index, setIndex] = useState(() =>
    Math.max(0, TYPES.indexOf((session?.businessType ?? 1) as (typeof TYPES)[number])),
  );
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'ArrowDown') setIndex((i) => Math.min(TYPES.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setIndex((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') void setBusinessType(TYPES[index]!);
    else if (/^[1-7]$/.test(e.key)) void setBusinessType(Number(e.key));
    else return;
    e.preventDefault();
  }
  return (
    <Modal title={t('bt.title')} testid="business-type-dialog">
      <div tabIndex={0} data-autofocus onKeyDown={onKeyDown}>
        <ul className="pick-list">
          {TYPES.map((bt, i) => (
            <li key={bt}>
              <button
                type="button"
                tabIndex={-1}
                className={`pick ${i === index ? 'pick-selected' : ''} ${session?.businessType === bt ? 'pick-current' : ''}`}
                data-testid={`business-type-${bt}`}
                onClick={() => void setBusinessType(bt)}
              >
                <span className="pick-key">{bt}</span>
                <span className="pick-main">{t(`bt.${bt}` as MessageKey)}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </Modal>
  );
}
