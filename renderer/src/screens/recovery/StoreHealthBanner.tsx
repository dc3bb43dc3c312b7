import { useT } from '../../i18n/useT.js';
import { useAppFault, useStoreHealth } from './store.js';
import { localDateTime, recoveryText } from './texts.js';

/**
 * The red banner when the ledger failed its full integrity check after start (a big ledger is
 * checked in a worker thread once the counter is up). From then on the core refuses new barcode
 * and cash payments with `store-corrupt`; this says so in words, on every screen.
 */
export function StoreHealthBanner() {
  const { locale } = useT();
  const health = useStoreHealth();
  return (
    <>
      {health?.state === 'failed' && (
        <div className="store-health-banner" role="alert" data-testid="store-health-banner">
          <strong>{recoveryText(locale, 'banner')}</strong>
          <span>{recoveryText(locale, 'bannerDetail')}</span>
        </div>
      )}
      <AppFaultNotice />
    </>
  );
}

/**
 * A fault in the main process that no request owned (the last-resort handler caught it, or the
 * log file cannot be written): said in words until the cashier acknowledges it (issue 11, item 3).
 * It never takes the keyboard focus from the amount the cashier is typing.
 */
export function AppFaultNotice() {
  const { locale } = useT();
  const { fault, acknowledge } = useAppFault();
  if (!fault) return null;
  const log = fault.kind === 'log-write-failed';
  return (
    <div className="app-fault-notice" role="alert" data-testid="app-fault-notice" data-kind={fault.kind}>
      <strong>
        {log
          ? recoveryText(locale, 'fault_log')
          : recoveryText(locale, 'fault_uncaught', { time: localDateTime(fault.at) })}
        {fault.count > 1 && recoveryText(locale, 'faultCount', { n: fault.count })}
      </strong>
      <span>{recoveryText(locale, log ? 'faultLogTodo' : 'faultTodo')}</span>
      <button type="button" className="btn" data-testid="app-fault-ack" onClick={acknowledge}>
        {recoveryText(locale, 'faultAck')}
      </button>
    </div>
  );
}
