import { useCallback, useEffect, useState } from 'react';
import type { ExceptionsView } from '../../../../app/contract/supervisor.js';
import { gatewayMessageForDisplay } from '../../../../app/payment/gateway-text.js';
import { formatMoney, formatReportTime } from '../../../../app/report/format.js';
import { refreshCounter } from '../../counter-refresh.js';
import { Loading, useS, useShowError } from './common.js';
import { useCounter } from '../../store/index.js';
import { supCall, useSup } from './sup-store.js';
import { KesionExceptions } from '../kesion/KesionExceptions.js';

const localTime = (ms: number) => formatReportTime(ms, -new Date(ms).getTimezoneOffset());

type Resolution = 'paid' | 'declined' | 'cancelled';

/**
 * Unconfirmed payments and failed uploads, with what may be done to each: ask the gateway now,
 * resolve a payment with a reason (what the customer's phone or the merchant portal shows),
 * retry uploads, mark a failed upload handled. Nothing here deletes anything.
 */
export function ExceptionsPanel() {
  const { S, locale } = useS();
  const showError = useShowError();
  const [data, setData] = useState<ExceptionsView | null>(null);
  const [resolving, setResolving] = useState<number | null>(null);
  const [resolution, setResolution] = useState<Resolution>('declined');
  const [note, setNote] = useState('');
  const [handling, setHandling] = useState<number | null>(null);
  const [syncNote, setSyncNote] = useState('');
  const [working, setWorking] = useState(false);
  // The same source as the status bar: with no receiver configured the queue is "kept locally", not failing.
  const backOfficeConfigured = useCounter((s) => s.links.backOffice !== 'not-configured');

  const reload = useCallback(() => {
    supCall('exceptions.list', {}).then(setData, showError);
  }, [showError]);
  useEffect(reload, [reload]);

  async function act(fn: () => Promise<string | null>) {
    if (working) return;
    setWorking(true);
    try {
      const msg = await fn();
      if (msg) useSup.getState().setNotice({ tone: 'ok', text: msg });
      reload();
      void refreshCounter();
    } catch (e) {
      showError(e);
    } finally {
      setWorking(false);
    }
  }

  if (!data) return <Loading />;

  return (
    <div className="sup-panel" data-testid="sup-exceptions">
      <div className="sup-actions">
        <button type="button" className="btn" data-testid="sup-refresh" onClick={reload}>
          {S('refresh')}
        </button>
      </div>
      <section className="sup-section">
        <h3>{S('exc.payments')}</h3>
        {data.payments.length === 0 && (
          <p className="sup-muted" data-testid="exc-payments-none">
            {S('exc.none')}
          </p>
        )}
        <ul className="sup-list">
          {data.payments.map((p) => (
            <li
              key={p.attemptId}
              className="sup-item"
              data-testid="exc-payment"
              data-attempt-id={p.attemptId}
              data-state={p.state}
            >
              <div className="sup-item-main">
                <span className="mono">{p.billNo}</span>
                <strong>{formatMoney(p.amountFen)}</strong>
                <span className="sup-muted">
                  {localTime(p.createdAt)} · {p.operatorNo} · {S('exc.queries', { n: p.queryCount })}
                  {gatewayMessageForDisplay(p.lastMessage) ? ` · ${gatewayMessageForDisplay(p.lastMessage)}` : ''}
                </span>
              </div>
              <div className="sup-actions">
                <button
                  type="button"
                  className="btn"
                  data-testid="exc-query"
                  disabled={working}
                  onClick={() =>
                    void act(async () => {
                      const a = await supCall('exceptions.queryPayment', { attemptId: p.attemptId });
                      return a.outcome ? (locale === 'en' ? a.outcome.en : a.outcome.zh) : null;
                    })
                  }
                >
                  {S('exc.query')}
                </button>
                <button
                  type="button"
                  className="btn"
                  data-testid="exc-resolve"
                  onClick={() => setResolving(resolving === p.attemptId ? null : p.attemptId)}
                >
                  {S('exc.resolve')}
                </button>
              </div>
              {resolving === p.attemptId && (
                <form
                  className="sup-inline-form"
                  data-testid="exc-resolve-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (!note.trim()) return;
                    void act(async () => {
                      await supCall('exceptions.resolvePayment', {
                        attemptId: p.attemptId,
                        resolution,
                        note: note.trim(),
                      });
                      setResolving(null);
                      setNote('');
                      return null;
                    });
                  }}
                >
                  <fieldset className="sup-radios">
                    <legend>{S('exc.resolution')}</legend>
                    {(['paid', 'declined', 'cancelled'] as const).map((r) => (
                      <label key={r}>
                        <input
                          type="radio"
                          name={`res-${p.attemptId}`}
                          data-testid={`exc-res-${r}`}
                          checked={resolution === r}
                          onChange={() => setResolution(r)}
                        />
                        {S(`exc.res.${r}`)}
                      </label>
                    ))}
                  </fieldset>
                  <input
                    className="sup-input"
                    data-testid="exc-note"
                    required
                    maxLength={200}
                    placeholder={S('exc.notePlaceholder')}
                    aria-label={S('exc.note')}
                    value={note}
                    onChange={(e) => setNote(e.target.value)}
                  />
                  <button
                    type="submit"
                    className="btn btn-primary"
                    data-testid="exc-resolve-submit"
                    disabled={working || !note.trim()}
                  >
                    {S('exc.confirm')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
        {data.resolvedPayments.length > 0 && (
          <>
            <h4>{S('exc.resolved')}</h4>
            <ul className="sup-list sup-list-quiet">
              {data.resolvedPayments.map((p) => (
                <li key={p.attemptId} data-testid="exc-resolved" data-attempt-id={p.attemptId}>
                  <span className="mono">{p.billNo}</span> {formatMoney(p.amountFen)} · {p.state} · {p.resolvedBy}
                  {p.note ? ` · ${p.note}` : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="sup-section">
        <h3>{S('exc.uploads')}</h3>
        <p
          className="sup-muted"
          data-testid="exc-outbox"
          data-depth={data.outbox.depth}
          data-failing={data.outbox.failing}
          data-configured={backOfficeConfigured ? 'yes' : 'no'}
        >
          {backOfficeConfigured
            ? S('exc.outboxQueued', { n: data.outbox.depth, failing: data.outbox.failing })
            : S('exc.outboxLocal', { n: data.outbox.depth })}
        </p>
        {backOfficeConfigured && (
          <div className="sup-actions">
            <button
              type="button"
              className="btn"
              data-testid="exc-retry-all"
              disabled={working || data.outbox.depth === 0}
              onClick={() =>
                void act(async () => S('exc.retried', { n: (await supCall('exceptions.retrySyncs', {})).retried }))
              }
            >
              {S('exc.retryAll')}
            </button>
          </div>
        )}
        {data.syncs.length === 0 && backOfficeConfigured && <p className="sup-muted">{S('exc.syncNone')}</p>}
        <ul className="sup-list">
          {data.syncs.map((s) => (
            <li
              key={s.id}
              className="sup-item"
              data-testid="exc-sync"
              data-outbox-id={s.id}
              data-handled={s.resolution ? 'yes' : 'no'}
            >
              <div className="sup-item-main">
                <span className="mono">{s.key}</span>
                <span className="sup-muted">
                  {S('exc.attempts', { n: s.attempts })} · {s.lastError ?? ''}
                </span>
                {s.resolution && (
                  <span className="sup-ok">
                    {S('exc.handled', { note: s.resolution.note, by: s.resolution.by ?? '' })}
                  </span>
                )}
              </div>
              {!s.resolution && (
                <div className="sup-actions">
                  <button
                    type="button"
                    className="btn"
                    data-testid="exc-sync-handle"
                    onClick={() => setHandling(handling === s.id ? null : s.id)}
                  >
                    {S('exc.markHandled')}
                  </button>
                </div>
              )}
              {handling === s.id && (
                <form
                  className="sup-inline-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (!syncNote.trim()) return;
                    void act(async () => {
                      await supCall('exceptions.resolveSync', { outboxId: s.id, note: syncNote.trim() });
                      setHandling(null);
                      setSyncNote('');
                      return S('exc.kept');
                    });
                  }}
                >
                  <input
                    className="sup-input"
                    data-testid="exc-sync-note"
                    required
                    maxLength={200}
                    aria-label={S('exc.note')}
                    placeholder={S('exc.note')}
                    value={syncNote}
                    onChange={(e) => setSyncNote(e.target.value)}
                  />
                  <button type="submit" className="btn btn-primary" disabled={working || !syncNote.trim()}>
                    {S('exc.confirm')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      </section>
      <KesionExceptions />
    </div>
  );
}
