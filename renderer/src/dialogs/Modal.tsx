import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { focusEntry } from '../focus.js';
import { useT } from '../i18n/useT.js';
import { useCounter } from '../store/index.js';

/** A modal dialog: traps nothing but focus on open; Esc closes (global key map); Enter is the form's. */
export function Modal({
  title,
  testid,
  children,
  wide,
}: {
  title: string;
  testid: string;
  children: ReactNode;
  wide?: boolean;
}) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    for (const sel of [
      '[data-autofocus]',
      '.modal-body input',
      '.modal-body button.btn-primary',
      '.modal-body button',
    ]) {
      const el = root.querySelector<HTMLElement>(sel);
      if (el) {
        el.focus();
        return;
      }
    }
  }, []);
  const close = () => {
    useCounter.getState().openDialog(null);
    focusEntry();
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div
        className={`modal ${wide ? 'modal-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testid}
        ref={ref}
      >
        <div className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="btn btn-small-dark" data-testid="dialog-close" onClick={close}>
            {t('common.close')} <kbd>Esc</kbd>
          </button>
        </div>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}

export function closeDialog(): void {
  useCounter.getState().openDialog(null);
  focusEntry();
}
