import { useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../i18n/useT.js';
import { closeDialog, Modal } from './Modal.js';

/** The key that confirms a destructive question (never Enter, never a digit). */
export const DANGER_CONFIRM_KEY = 'Y';

/**
 * A yes/no question.
 *
 * Plain (sign out): Enter confirms, Esc cancels.
 *
 * Destructive (`danger`: cancel the bill, remove a line): the cashier may be typing the next
 * amount when it opens (Esc twice opens 取消本单), so Enter must never confirm it. The focus
 * starts on 返回 (Enter there closes the dialog and keeps the bill); the destructive button is
 * not the form's default and is pressed only by a click or the key Y. Digits, Enter and
 * anything else typed into the dialog never confirm.
 */
export function ConfirmDialog({
  title,
  testid,
  children,
  confirmLabel,
  danger,
  onConfirm,
}: {
  title: string;
  testid: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown> | void;
}) {
  const { t } = useT();
  const confirming = useRef(false);
  async function confirm() {
    if (confirming.current) return;
    confirming.current = true;
    try {
      await onConfirm();
    } finally {
      confirming.current = false;
    }
  }
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (danger) return;
    await confirm();
  }
  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (!danger) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key.toUpperCase() === DANGER_CONFIRM_KEY) {
      e.preventDefault();
      void confirm();
      return;
    }
    // Enter on 返回 closes the dialog; Enter anywhere else in it does nothing.
    if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement && e.target.dataset.testid === 'confirm-no'))
      e.preventDefault();
  }
  return (
    <Modal title={title} testid={testid}>
      <form onSubmit={onSubmit} onKeyDown={onKeyDown} className="dialog-form" data-danger={danger ? 'yes' : 'no'}>
        <div className="dialog-text">{children}</div>
        {danger && (
          <p className="hint" data-testid="confirm-key-hint">
            {t('confirm.dangerHint', { key: DANGER_CONFIRM_KEY })}
          </p>
        )}
        <div className="dialog-actions">
          {danger ? (
            <button type="button" className="btn btn-danger" data-testid="confirm-yes" onClick={() => void confirm()}>
              {confirmLabel} <kbd>{DANGER_CONFIRM_KEY}</kbd>
            </button>
          ) : (
            <button type="submit" className="btn btn-primary" data-testid="confirm-yes" data-autofocus>
              {confirmLabel} <kbd>Enter</kbd>
            </button>
          )}
          <button
            type="button"
            className="btn"
            data-testid="confirm-no"
            onClick={closeDialog}
            {...(danger ? { 'data-autofocus': true } : {})}
          >
            {danger ? t('common.back') : t('common.cancel')} <kbd>{danger ? 'Enter / Esc' : 'Esc'}</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}
