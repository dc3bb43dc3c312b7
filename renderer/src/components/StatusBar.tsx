import type { LinkState } from '../../../app/contract/schemas.js';
import { toggleLocale } from '../actions.js';
import { useT } from '../i18n/useT.js';
import { selectSandbox, useCounter } from '../store/index.js';

function linkTone(s: LinkState): string {
  return s === 'online' ? 'ok' : s === 'degraded' ? 'warn' : s === 'offline' ? 'bad' : 'idle';
}

/** Always visible: core connection, gateway, back office, offline queue, sandbox badge, language. */
export function StatusBar() {
  const { t } = useT();
  const connection = useCounter((s) => s.connection);
  const links = useCounter((s) => s.links);
  const sandbox = useCounter(selectSandbox);
  const info = useCounter((s) => s.appInfo);
  const connTone = connection === 'open' ? 'ok' : connection === 'connecting' ? 'warn' : 'bad';
  return (
    <header className="statusbar">
      <div className="statusbar-left">
        <span className="brand">{t('app.title')}</span>
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
      </div>
      <div className="statusbar-right">
        <span className={`pill pill-${connTone}`} data-testid="conn-status" data-status={connection}>
          <span className="dot" />
          {t('conn.label')}: {t(`conn.${connection}`)}
        </span>
        <span className={`pill pill-${linkTone(links.gateway)}`} data-testid="link-gateway" data-status={links.gateway}>
          <span className="dot" />
          {t('link.gateway')}: {t(`link.${links.gateway}`)}
        </span>
        <span className={`pill pill-${linkTone(links.backOffice)}`} data-testid="link-backoffice" data-status={links.backOffice}>
          <span className="dot" />
          {t('link.backOffice')}: {t(`link.${links.backOffice}`)}
        </span>
        <span
          className={`pill ${links.outboxDepth > 0 ? 'pill-warn' : 'pill-idle'}`}
          data-testid="outbox-depth"
          data-count={links.outboxDepth}
        >
          {t('link.outbox', { n: links.outboxDepth })}
        </span>
        <button type="button" className="btn btn-small" data-testid="locale-toggle" title={t('app.languageTitle')} onClick={toggleLocale}>
          {t('app.language')}
        </button>
      </div>
    </header>
  );
}
