import type { ConnectionTestResult, SetupStatus } from '../../../../app/contract/setup.js';
import { Field, secretIsSet, SecretField, Section, UrlField, type SectionProps, type SetupT } from './fields.js';
import type { Busy, SecretDraft } from './form-state.js';
import type { SetupLocale } from './texts.js';
import { gatewayText } from './url-check.js';

const PATH_TESTIDS = { queryPath: 'setup-query-path', barCodePath: 'setup-barcode-path' } as const;

function originOf(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    return new URL(u).origin;
  } catch {
    return null;
  }
}

/** 收款网关: URL, paths, authorization, and the connection test. */
export function GatewaySection(
  props: SectionProps & { gatewayAuth: SecretDraft; test: ConnectionTestResult | null; busy: Busy; onTest: () => void },
) {
  const { locale, t, err, draft: d, status: s, dispatch } = props;
  const override = s.envOverrides.find((o) => o.field === 'gateway.url');
  const gatewaySet = secretIsSet(s, 'gateway.authorization');
  return (
    <Section title={t('secGateway')} testid="setup-sec-gateway">
      <UrlField
        label={t('gatewayUrl')}
        error={err('gateway.url')}
        hint={override ? undefined : t('gatewayUrlHint')}
        testid="setup-gateway-url"
        placeholder="https://pay.example.cn/"
        value={d.gateway.url}
        onChange={(url) => dispatch({ type: 'field', key: 'gateway', value: { ...d.gateway, url } })}
      />
      {override ? (
        <p className="setup-message setup-warn" data-testid="setup-gateway-in-use" data-url={s.gatewayUrlInUse ?? ''}>
          {gatewayText(locale, 'inUseEnv', { url: s.gatewayUrlInUse ?? '—', variable: override.variable })}
        </p>
      ) : (
        d.gateway.url === null && (
          <p className="setup-message setup-warn" data-testid="setup-sandbox-warning">
            {t('sandboxWarn')}
          </p>
        )
      )}
      <div className="setup-grid">
        {(['queryPath', 'barCodePath'] as const).map((k) => (
          <Field key={k} label={t(k)} error={err(`gateway.${k}`)}>
            <input
              className="entry-input mono"
              data-testid={PATH_TESTIDS[k]}
              spellCheck={false}
              value={d.gateway[k]}
              onChange={(e) =>
                dispatch({ type: 'field', key: 'gateway', value: { ...d.gateway, [k]: e.target.value.trim() } })
              }
            />
          </Field>
        ))}
      </div>
      <SecretField
        label={t('gatewayAuth')}
        error={err('secrets.gateway.authorization')}
        hint={t('gatewayAuthHint')}
        testid="setup-gateway-auth"
        isSet={gatewaySet}
        value={props.gatewayAuth}
        onChange={(v) => dispatch({ type: 'set', patch: { gatewayAuth: v } })}
        t={t}
      />
      <div className="setup-actions">
        <button
          type="button"
          className="btn"
          data-testid="setup-test-connection"
          onClick={props.onTest}
          disabled={props.busy !== null}
        >
          {props.busy === 'test' ? t('testing') : t('testConnection')}
        </button>
      </div>
      {props.test && <TestResult test={props.test} locale={locale} t={t} status={s} gatewaySet={gatewaySet} />}
    </Section>
  );
}

function TestResult({
  test,
  locale,
  t,
  status: s,
  gatewaySet,
}: {
  test: ConnectionTestResult;
  locale: SetupLocale;
  t: SetupT;
  status: SetupStatus;
  gatewaySet: boolean;
}) {
  return (
    <div
      className={`setup-test ${test.ok ? 'setup-test-ok' : 'setup-test-bad'}`}
      data-testid="setup-test-result"
      data-ok={test.ok ? 'yes' : 'no'}
      data-kind={test.kind}
      data-http={test.httpStatus ?? ''}
      role="status"
    >
      <strong>
        {test.ok ? t('testOk') : test.kind === 'bad-url' ? gatewayText(locale, 'testNotSent') : t('testFail')}
      </strong>
      <span>{locale === 'en' ? test.en : test.zh}</span>
      {test.authorization === 'none' && gatewaySet && !test.sandbox && test.kind !== 'bad-url' && (
        <span className="hint" data-testid="setup-test-auth" data-auth="none">
          {gatewayText(locale, 'authNotSent', { origin: originOf(s.settings.gateway.url) ?? '—' })}
        </span>
      )}
      {test.kind !== 'bad-url' && (
        <span className="setup-test-meta mono">
          {test.url} · {t('httpStatus')}: {test.httpStatus ?? '—'} · {t('latency')}: {test.latencyMs ?? '—'} {t('ms')}
        </span>
      )}
    </div>
  );
}
