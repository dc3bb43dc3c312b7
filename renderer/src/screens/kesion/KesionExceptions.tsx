import { useCallback, useEffect, useState } from 'react';
import type { EnrollmentView } from '../../../../app/contract/kesion.js';
import { formatYuan } from '../../../../app/money.js';
import { invoke, onEvent } from '../../invoke.js';
import { useShowError } from '../supervisor/common.js';
import { supCall, useSup } from '../supervisor/sup-store.js';
import { useK, type KesionKey } from './texts.js';
import './kesion.css';

/**
 * The supervisor's 异常处理, KesionEDU part: enrollments collected (or paid from the balance)
 * whose ERP confirmation is not done, with the ERP's msg and 重试 — which checks the order first
 * and submits only if it is not paid. Shown when KesionEDU is configured or a row waits.
 */
export function KesionExceptions() {
  const { K } = useK();
  const showError = useShowError();
  const [rows, setRows] = useState<EnrollmentView[] | null>(null);
  const [configured, setConfigured] = useState(false);
  const [working, setWorking] = useState<number | null>(null);

  const reload = useCallback(() => {
    supCall('kesion.exceptions', {}).then((v) => setRows(v.rows), showError);
  }, [showError]);
  useEffect(() => {
    reload();
    void invoke('kesion.status', {}).then((r) => setConfigured(r.ok && r.value.configured));
    return onEvent('kesion.changed', reload);
  }, [reload]);

  async function retry(id: number) {
    if (working !== null) return;
    setWorking(id);
    try {
      const row = await supCall('kesion.retry', { id });
      if (row.state === 'confirmed') useSup.getState().setNotice({ tone: 'ok', text: K('exState.confirmed') });
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setWorking(null);
    }
  }

  if (rows === null || (!configured && rows.length === 0)) return null;
  return (
    <section className="sup-section" data-testid="kesion-exceptions" data-count={rows.length}>
      <h3>{K('ex.title')}</h3>
      {rows.length === 0 ? (
        <p className="sup-muted">{K('ex.empty')}</p>
      ) : (
        <>
          <p className="sup-muted">{K('ex.retryHint')}</p>
          <table className="kesion-table">
            <thead>
              <tr>
                <th>{K('ex.order')}</th>
                <th>{K('ex.bill')}</th>
                <th>{K('ex.amount')}</th>
                <th>{K('ex.state')}</th>
                <th>{K('ex.msg')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="kesion-exception" data-order-id={r.orderId} data-state={r.state}>
                  <td>{r.orderId}</td>
                  <td>{r.billNo ?? K('payBalance')}</td>
                  <td className="num">{formatYuan(r.totalFen)}</td>
                  <td>{K(`exState.${r.state}` as KesionKey)}</td>
                  <td className="kesion-url">{r.lastMsg ?? (r.lastError ? K('ex.noAnswer') : '')}</td>
                  <td>
                    <button
                      type="button"
                      className="btn"
                      data-testid="kesion-retry"
                      disabled={working !== null || r.state === 'sending'}
                      onClick={() => void retry(r.id)}
                    >
                      {K('ex.retry')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
