import { useCallback } from 'react';
import type { CounterpayApi } from '../../../../app/contract/index.js';
import './setup.css';
import { AdvancedSection } from './AdvancedSection.js';
import { BackOfficeSetupSections } from '../backoffice/SetupSections.js';
import { AuthGate } from './AuthGate.js';
import { BackOfficeSection } from './BackOfficeSection.js';
import { DiagnosticsSection } from './DiagnosticsSection.js';
import type { SectionProps } from './fields.js';
import { GatewaySection } from './GatewaySection.js';
import { PrinterSection } from './PrinterSection.js';
import { ReceiptSection } from './ReceiptSection.js';
import { ScannerSection } from './ScannerSection.js';
import { SetupFooter } from './SetupFooter.js';
import { SupervisorSection } from './SupervisorSection.js';
import { TerminalSection } from './TerminalSection.js';
import { setupText, type SetupLocale, type SetupTextKey } from './texts.js';
import { useSetup } from './use-setup.js';

/**
 * The installer's screen: first-run setup (首次设置), and later the settings behind a
 * supervisor PIN. Talks to the core only through `api` (window.counterpay): setup.status,
 * setup.authorize, setup.save, setup.testConnection, setup.restart, diagnostics.export.
 *
 * Mount it when `setup.state` says `needsSetup` (mode "first-run"), and from a supervisor
 * menu as "系统设置" (mode "settings"). Stable data-testids: see SETUP_TESTIDS below.
 * One file per section (本机, 收款网关, 后台, 主管账户, 扫码枪, 小票打印机, 小票内容, 高级, 诊断);
 * the form state is one reducer (./form-state.ts), the core calls are in ./use-setup.ts.
 */
export interface SetupScreenProps {
  api: CounterpayApi;
  locale?: SetupLocale;
  /** Called after first-run setup is finished (and after a settings save when closing). */
  onDone?: () => void;
  /** Opens the scanner settings screen (scanner pairing); the button is hidden without it. */
  onOpenScanners?: () => void;
  /** Settings mode: a close button. */
  onClose?: () => void;
}

export function SetupScreen({ api, locale = 'zh-CN', onDone, onOpenScanners, onClose }: SetupScreenProps) {
  const t = useCallback((k: SetupTextKey, p?: Record<string, string | number>) => setupText(locale, k, p), [locale]);
  const { state, dispatch, firstRun, firstInput, authPin, actions } = useSetup(api, locale, onDone);
  const { phase, status, draft, message, busy } = state;

  if (phase === 'loading' || phase === 'unreachable' || (phase === 'form' && (!draft || !status))) {
    return (
      <main className="gate" data-testid="setup-screen" data-phase={phase}>
        <div className="gate-card">
          <h1 className="gate-title">{phase === 'loading' ? t('loading') : t('title')}</h1>
          {message && <p className={`setup-message setup-${message.tone}`}>{message.text}</p>}
        </div>
      </main>
    );
  }

  if (phase === 'auth') {
    return (
      <AuthGate
        t={t}
        auth={state.auth}
        busy={busy}
        message={message}
        dispatch={dispatch}
        onSubmit={actions.authorize}
        onClose={onClose}
        firstInput={firstInput}
        authPin={authPin}
      />
    );
  }

  const d = draft!;
  const s = status!;
  const err = (k: string) => state.errors[k];
  const section: SectionProps = { locale, t, err, draft: d, status: s, dispatch };

  return (
    <main className="setup" data-testid="setup-screen" data-phase="form" data-first-run={firstRun ? 'yes' : 'no'}>
      <form className="setup-form" onSubmit={actions.save} noValidate>
        <header className="setup-head">
          <h1 className="setup-title">{firstRun ? t('title') : t('titleSettings')}</h1>
          <p className="hint">{t('intro')}</p>
          <p className="hint mono" data-testid="setup-data-dir">
            {t('dataDir')}: {s.dataDir}
          </p>
        </header>
        <TerminalSection {...section} firstInput={firstInput} />
        <GatewaySection
          {...section}
          gatewayAuth={state.gatewayAuth}
          test={state.test}
          busy={busy}
          onTest={actions.testConnection}
        />
        <BackOfficeSection {...section} feedToken={state.feedToken} />
        <BackOfficeSetupSections api={api} locale={locale} />
        <SupervisorSection {...section} sup={state.sup} />
        <ScannerSection t={t} status={s} onOpenScanners={onOpenScanners} />
        <PrinterSection {...section} />
        <ReceiptSection
          value={d.receipt}
          onChange={(v) => dispatch({ type: 'field', key: 'receipt', value: v })}
          locale={locale}
          err={err}
        />
        <AdvancedSection {...section} update={state.update} busy={busy} onUpdate={actions.updateAction} />
        <DiagnosticsSection t={t} busy={busy} exported={state.exported} onExport={actions.exportDiagnostics} />
        <SetupFooter
          locale={locale}
          t={t}
          status={s}
          busy={busy}
          message={message}
          firstRun={firstRun}
          onRestart={actions.restart}
          onDone={onDone}
          onClose={onClose}
        />
      </form>
    </main>
  );
}

/** The stable test ids of this screen (for e2e tests and the renderer owner). */
export const SETUP_TESTIDS = [
  'setup-screen',
  'setup-terminal-no',
  'setup-business-type',
  'setup-gateway-url',
  'setup-query-path',
  'setup-test-connection',
  'setup-test-result',
  'setup-feed-url',
  'setup-sup-no',
  'setup-sup-name',
  'setup-sup-pin',
  'setup-sup-pin2',
  'setup-printer',
  'setup-paper-58',
  'setup-paper-80',
  'setup-export',
  'setup-export-result',
  'setup-save',
  'setup-message',
  'setup-restart',
  'setup-auth-operator',
  'setup-auth-pin',
  'setup-auth-submit',
] as const;
