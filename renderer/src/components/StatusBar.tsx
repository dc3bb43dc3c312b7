import { useEffect, useMemo, useState } from 'react';
import type { LinkState } from '../../../app/contract/schemas.js';
import { toggleLocale } from '../actions.js';
import type { MessageKey } from '../i18n/index.js';
import { useT } from '../i18n/useT.js';
import { ScannerStatusSlot } from '../screens/scanner/index.js';
import { BackOfficePills } from '../screens/backoffice/Pills.js';
import { selectSandbox, selectSession, useCounter } from '../store/index.js';

function linkTone(s: LinkState): string {
  return s === 'online' ? 'ok' : s === 'degraded' ? 'warn' : s === 'offline' ? 'bad' : 'idle';
}

/** When the oldest waiting upload was queued (local clock), re-anchored on every snapshot from the core. */
function useOldestWaiting(oldestWaitingMs: number | null): number | null {
  const since = useMemo(() => (oldestWaitingMs === null ? null : Date.now() - oldestWaitingMs), [oldestWaitingMs]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? null : Math.max(0, Math.floor((now - since) / 60_000));
}

/**
 * Always visible: terminal, business type, operator and shift, the core connection, gateway,
 * back office, scanner, the offline queue, the sandbox badge and the language switch.
 */
export function StatusBar() {
  const { t } = useT();
  const connection = useCounter((s) => s.connection);
  const links = useCounter((s) => s.links);
  const oldestMinutes = useOldestWaiting(links.outboxDepth > 0 ? links.oldestWaitingMs : null);
  const sandbox = useCounter(selectSandbox);
  const info = useCounter((s) => s.appInfo);
  const session = useCounter(selectSession);
  const connTone = connection === 'open' ? 'ok' : connection === 'connecting' ? 'warn' : 'bad';
  const businessType = session?.businessType ?? info?.businessType ?? null;
  const canChangeType = session?.operator?.role === 'supervisor' && !session.locked;
  return (
    <header className="statusbar" data-testid="status-bar">
      <div className="statusbar-left" data-bar-group="">
        <span className="brand" data-testid="brand">
          {t('app.title')}
        </span>
        {sandbox && (
          <span className="badge badge-sandbox" data-testid="sandbox-badge" title={t('app.sandboxTitle')}>
            {t('app.sandbox')}
          </span>
        )}
        {info && (
          <span className="terminal" data-testid="terminal-no">
            {info.terminalNo}
          </span>
        )}
        {businessType !== null && (
          <button
            type="button"
            className="chip"
            data-testid="business-type"
            data-value={businessType}
            title={canChangeType ? t('bt.change') : t('bt.title')}
            disabled={!canChangeType}
            onClick={() => useCounter.getState().openDialog({ kind: 'business-type' })}
          >
            {t(`bt.${businessType}` as MessageKey)}
          </button>
        )}
        {session?.operator && (
          <span
            className="who"
            data-testid="operator"
            data-operator-no={session.operator.operatorNo}
            data-role={session.operator.role}
          >
            {session.operator.name} · {session.operator.operatorNo}
          </span>
        )}
        {session?.operator && (
          <span className="who" data-testid="shift" data-shift-id={session.shift?.id ?? ''}>
            {session.shift ? t('shift.label', { id: session.shift.id }) : t('shift.none')}
          </span>
        )}
      </div>
      <div className="statusbar-right" data-bar-group="">
        <span className={`pill pill-${connTone}`} data-testid="conn-status" data-status={connection}>
          <span className="dot" />
          <span>
            {t('conn.label')}
            <span className="pill-state">: {t(`conn.${connection}`)}</span>
          </span>
        </span>
        <span className={`pill pill-${linkTone(links.gateway)}`} data-testid="link-gateway" data-status={links.gateway}>
          <span className="dot" />
          <span>
            {t('link.gateway')}
            <span className="pill-state">: {t(`link.${links.gateway}`)}</span>
          </span>
        </span>
        {links.backOffice !== 'not-configured' && (
          <span
            className={`pill pill-${linkTone(links.backOffice)}`}
            data-testid="link-backoffice"
            data-status={links.backOffice}
          >
            <span className="dot" />
            <span>
              {t('link.backOffice')}
              <span className="pill-state">: {t(`link.${links.backOffice}`)}</span>
            </span>
          </span>
        )}
        <ScannerStatusSlot />
        <BackOfficePills />
        {links.backOffice === 'not-configured' ? (
          // No receiver: bills are kept locally (money records, uploaded once one is set up) — not "waiting", not failing.
          <span
            className="pill pill-idle"
            data-testid="outbox-depth"
            data-count={links.outboxDepth}
            data-configured="no"
            title={t('link.outboxLocalTitle')}
          >
            {t('link.outboxLocal', { n: links.outboxDepth })}
          </span>
        ) : (
          <span
            className={`pill ${links.outboxDepth > 0 ? 'pill-warn' : 'pill-idle pill-zero'}`}
            data-testid="outbox-depth"
            data-count={links.outboxDepth}
            data-oldest-minutes={oldestMinutes ?? ''}
          >
            {t('link.outbox', { n: links.outboxDepth })}
            {oldestMinutes !== null && (
              <span className="pill-extra">{` · ${oldestMinutes === 0 ? t('link.outboxOldestNow') : t('link.outboxOldest', { m: oldestMinutes })}`}</span>
            )}
          </span>
        )}
        <button
          type="button"
          className="btn btn-small"
          data-testid="locale-toggle"
          title={t('app.languageTitle')}
          onClick={toggleLocale}
        >
          {t('app.language')}
        </button>
      </div>
    </header>
  );
}
