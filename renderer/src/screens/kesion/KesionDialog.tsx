import { useEffect, useState, type KeyboardEvent } from 'react';
import type { EnrollmentView, KesionPreview } from '../../../../app/contract/kesion.js';
import { formatYuan } from '../../../../app/money.js';
import { startCollect } from '../../actions.js';
import { refreshCounter } from '../../counter-refresh.js';
import { Modal } from '../../dialogs/Modal.js';
import { focusEntry } from '../../focus.js';
import { invoke, onEvent } from '../../invoke.js';
import { useCounter } from '../../store/index.js';
import { OrderPanel, PreviewPanel } from './KesionPanels.js';
import { kesionErrorText, kText, useK } from './texts.js';
import './kesion.css';

type Status = { configured: boolean; counterPay: boolean; maxIds: number };
type FieldError = { field: 'courseIds' | 'students' | null; text: string };
const TYPES = [1, 2, 3] as const;

/**
 * 机构报名 (Ctrl+J): type, course/class ids and student accounts → 预览 (InitializeBatchBill) →
 * 保存订单 (SaveBatchBill) → 机构余额支付, or 柜台收款 (the bill goes to the counter, where it is
 * collected by scan or F2 cash like any bill). The pay-online url is shown as text, never opened.
 */
export function KesionDialog() {
  const { K, locale } = useK();
  const [status, setStatus] = useState<Status | null>(null);
  const [type, setType] = useState<1 | 2 | 3>(1);
  const [courseText, setCourseText] = useState('');
  const [studentText, setStudentText] = useState('');
  const [error, setError] = useState<FieldError | null>(null);
  const [preview, setPreview] = useState<KesionPreview | null>(null);
  const [order, setOrder] = useState<EnrollmentView | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | 'pay' | null>(null);
  const [unfinished, setUnfinished] = useState<EnrollmentView[]>([]);
  const [paidOnline, setPaidOnline] = useState<boolean | null>(null);

  useEffect(() => {
    void invoke('kesion.status', {}).then((r) => {
      if (r.ok) setStatus(r.value);
      else setError(kesionErrorText(locale, r.error));
    });
    // A reload or restart after 保存订单 finds the order here (it is in the ledger).
    void invoke('kesion.unfinished', {}).then((r) => {
      if (r.ok) setUnfinished(r.value.rows);
    });
    // Only once per opening: the locale is read when a text is made.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The order's later state (a confirmation finishing in the background) comes as an event.
  const orderId = order?.id ?? null;
  useEffect(() => {
    if (orderId === null) return;
    const id = orderId;
    return onEvent('kesion.changed', (row) => {
      if (row.id === id) setOrder(row);
    });
  }, [orderId]);

  const fail = (e: { code: string; details?: Record<string, unknown> | undefined }) =>
    setError(kesionErrorText(locale, e));

  async function doPreview() {
    if (busy) return;
    setError(null);
    setPreview(null);
    setBusy('preview');
    const r = await invoke('kesion.preview', { type, courseIds: courseText, students: studentText });
    setBusy(null);
    if (!r.ok) return fail(r.error);
    setPreview(r.value);
    // The lists as they were sent: duplicates gone, one per line.
    setCourseText(r.value.courseIds.join('\n'));
    setStudentText(r.value.students.join('\n'));
  }

  async function doSave() {
    if (busy || !preview) return;
    setError(null);
    setBusy('save');
    const r = await invoke('kesion.save', {
      type: preview.type,
      courseIds: preview.courseIds,
      userIds: preview.userIds,
    });
    setBusy(null);
    if (!r.ok) return fail(r.error);
    setOrder(r.value);
  }

  async function doPayBalance() {
    if (busy || !order) return;
    setError(null);
    setBusy('pay');
    const r = await invoke('kesion.payBalance', { id: order.id });
    setBusy(null);
    if (!r.ok) return fail(r.error);
    setOrder(r.value);
  }

  async function doCheckOnline() {
    if (busy || !order) return;
    setError(null);
    setBusy('pay');
    const r = await invoke('kesion.checkOnline', { id: order.id });
    setBusy(null);
    if (!r.ok) return fail(r.error);
    setPaidOnline(r.value.state === 'confirmed');
    setOrder(r.value);
  }

  async function doCollect() {
    if (busy || !order) return;
    setError(null);
    setBusy('pay');
    const r = await invoke('kesion.collect', { id: order.id });
    setBusy(null);
    if (!r.ok) return fail(r.error);
    await refreshCounter();
    const s = useCounter.getState();
    s.openDialog(null);
    startCollect();
    s.setNotice({ tone: 'info', kind: 'text', zh: kText('zh-CN', 'collectHint'), en: kText('en', 'collectHint') });
    focusEntry();
  }

  function again() {
    setPreview(null);
    setOrder(null);
    setError(null);
    setCourseText('');
    setStudentText('');
    setUnfinished([]);
    setPaidOnline(null);
  }

  // Ctrl+Enter in a list previews (Enter alone is a new line: a scanner ends each id with it).
  const onListKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void doPreview();
    }
  };

  if (status && !status.configured) {
    return (
      <Modal title={K('title')} testid="kesion-dialog" wide>
        <p className="notice notice-warn" data-testid="kesion-not-configured">
          {K('notConfigured')}
        </p>
      </Modal>
    );
  }
  const max = status?.maxIds ?? 200;
  return (
    <Modal title={K('title')} testid="kesion-dialog" wide>
      <div className="kesion">
        {order === null && (
          <>
            <div className="kesion-types" role="radiogroup" aria-label={K('type')}>
              <span className="entry-label">{K('type')}</span>
              {TYPES.map((n) => (
                <button
                  key={n}
                  type="button"
                  role="radio"
                  aria-checked={type === n}
                  className={`btn ${type === n ? 'btn-selected' : ''}`}
                  data-testid={`kesion-type-${n}`}
                  onClick={() => {
                    setType(n);
                    setPreview(null);
                  }}
                >
                  {K(`type.${n}`)}
                </button>
              ))}
            </div>
            <div className="kesion-lists">
              <label className="field">
                <span className="entry-label">{K('courseIds')}</span>
                <textarea
                  data-testid="kesion-course-ids"
                  data-autofocus
                  rows={3}
                  value={courseText}
                  aria-invalid={error?.field === 'courseIds'}
                  onChange={(e) => {
                    setCourseText(e.target.value);
                    setPreview(null);
                  }}
                  onKeyDown={onListKey}
                />
              </label>
              <label className="field">
                <span className="entry-label">{K('students')}</span>
                <textarea
                  data-testid="kesion-students"
                  rows={3}
                  value={studentText}
                  aria-invalid={error?.field === 'students'}
                  onChange={(e) => {
                    setStudentText(e.target.value);
                    setPreview(null);
                  }}
                  onKeyDown={onListKey}
                />
              </label>
            </div>
            <p className="hint">{K('listHint', { max })}</p>
          </>
        )}
        {error && (
          <p className="notice notice-error" data-testid="kesion-error" data-field={error.field ?? ''}>
            {error.text}
          </p>
        )}
        {!preview && !order && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="kesion-preview"
            disabled={busy !== null || status === null}
            onClick={() => void doPreview()}
          >
            {busy === 'preview' ? (
              K('previewing')
            ) : (
              <>
                {K('preview')} <kbd>Ctrl+Enter</kbd>
              </>
            )}
          </button>
        )}
        {!preview && !order && unfinished.length > 0 && (
          <div className="kesion-unfinished" data-testid="kesion-unfinished">
            <span className="entry-label">{K('unfinished.title')}</span>
            {unfinished.map((u) => (
              <div key={u.id} className="kesion-unfinished-row">
                <span>
                  {K('orderId')} <strong>{u.orderId}</strong>
                </span>
                <span>{formatYuan(u.totalFen)}</span>
                <button
                  type="button"
                  className="btn"
                  data-testid="kesion-resume"
                  data-order-id={u.orderId}
                  onClick={() => {
                    setOrder(u);
                    setPaidOnline(null);
                  }}
                >
                  {K('unfinished.resume')}
                </button>
              </div>
            ))}
          </div>
        )}
        {preview && !order && <PreviewPanel preview={preview} />}
        {preview && !order && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="kesion-save"
            disabled={busy !== null}
            onClick={() => void doSave()}
          >
            {busy === 'save' ? K('saving') : K('save')}
          </button>
        )}
        {order && (
          <OrderPanel
            order={order}
            counterPay={status?.counterPay ?? false}
            busy={busy !== null}
            onPayBalance={() => void doPayBalance()}
            onCollect={() => void doCollect()}
            onAgain={again}
            paidOnline={paidOnline}
            balanceFen={preview?.balanceFen ?? null}
            onCheckOnline={() => void doCheckOnline()}
          />
        )}
      </div>
    </Modal>
  );
}
