import { useEffect, useRef, useState } from 'react';
import type { XiaobaoOrderDetail, XiaobaoStudent } from '../../../../app/contract/xiaobao.js';
import { Modal } from '../../dialogs/Modal.js';
import { errorText } from '../../i18n/index.js';
import { invoke } from '../../invoke.js';
import { FindView } from './FindView.js';
import { defaultOrdersFilter, OrdersView, type OrdersFilter } from './OrdersView.js';
import { StudentView, type StudentMode } from './StudentView.js';
import { useX } from './texts.js';
import './xiaobao.css';

type View =
  | { at: 'find' }
  | { at: 'student'; student: XiaobaoStudent; mode: StudentMode }
  | { at: 'orders'; student: XiaobaoStudent; detail: XiaobaoOrderDetail | 'none' | null };

/**
 * 校宝学员 (Ctrl+Y): find a student, then 充值 / 退款 / 订单. Esc goes back one step (detail →
 * orders → card → finder) and closes from the finder. Not configured: a clear 未配置 notice.
 */
export function XiaobaoDialog() {
  const { X, locale } = useX();
  const [status, setStatus] = useState<{ configured: boolean; missing: string[] } | { error: string } | null>(null);
  const [view, setView] = useState<View>({ at: 'find' });
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<OrdersFilter>(() => defaultOrdersFilter());

  useEffect(() => {
    void invoke('xiaobao.status', {}).then((r) => setStatus(r.ok ? r.value : { error: errorText(locale, r.error) }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function back(): boolean {
    switch (view.at) {
      case 'find':
        return false;
      case 'student':
        setView(view.mode === 'card' ? { at: 'find' } : { ...view, mode: 'card' });
        return true;
      case 'orders':
        setView(
          view.detail !== null ? { ...view, detail: null } : { at: 'student', student: view.student, mode: 'card' },
        );
        return true;
    }
  }
  // Esc steps back inside the screen wherever the focus is (window, capture phase, before the
  // counter's key map); from the finder the key map closes the dialog.
  const backRef = useRef(back);
  backRef.current = back;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.isComposing) return;
      if (backRef.current()) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  let body;
  if (status === null) body = null;
  else if ('error' in status)
    body = (
      <p className="xb-problem" role="alert">
        {status.error}
      </p>
    );
  else if (!status.configured)
    body = (
      <div className="xb-not-configured" data-testid="xb-not-configured">
        <h3>{X('notConfigured.title')}</h3>
        <p>{X('notConfigured.body')}</p>
      </div>
    );
  else if (view.at === 'find')
    body = (
      <FindView
        query={query}
        setQuery={setQuery}
        onOpen={(student) => setView({ at: 'student', student, mode: 'card' })}
      />
    );
  else if (view.at === 'student')
    body = (
      <StudentView
        student={view.student}
        mode={view.mode}
        setMode={(mode) => setView({ ...view, mode })}
        onOrders={() => setView({ at: 'orders', student: view.student, detail: null })}
      />
    );
  else
    body = (
      <OrdersView
        student={view.student}
        filter={filter}
        setFilter={setFilter}
        detail={view.detail}
        setDetail={(detail) => setView({ ...view, detail })}
      />
    );

  return (
    <Modal title={X('title')} testid="xiaobao-dialog" wide>
      <div className="xb" data-testid="xb" data-view={view.at}>
        {body}
      </div>
    </Modal>
  );
}
