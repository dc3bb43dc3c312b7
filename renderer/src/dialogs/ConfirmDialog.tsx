import type { FormEvent, ReactNode } from 'react';
import { useT } from '../i18n/useT.js';
import { closeDialog, Modal } from './Modal.js';

/** A yes/no question: Enter confirms, Esc cancels. */
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
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await onConfirm();
  }
  return (
    <Modal title={title} testid={testid}>
      <form onSubmit={onSubmit} className="dialog-form">
        <div className="dialog-text">{children}</div>
        <div className="dialog-actions">
          <button type="submit" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} data-testid="confirm-yes" data-autofocus>
            {confirmLabel} <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" data-testid="confirm-no" onClick={closeDialog}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}
