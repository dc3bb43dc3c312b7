import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CounterpayApi } from '../../../../app/contract/index.js';
import type {
  ConnectionTestResult,
  DiagnosticsExport,
  SetupSaveInput,
  SetupSettings,
  SetupStatus,
  UpdateStatus,
} from '../../../../app/contract/setup.js';
import type { AppErrorData } from '../../../../app/result.js';
import { errorText } from '../../i18n/index.js';
import { BUSINESS_TYPES, fieldLabel, setupText, type SetupLocale, type SetupTextKey } from './texts.js';
import './setup.css';
import { OperatorNoField, PinField } from '../../components/GateFields.js';
import { gatewayText, pathProblem, pathProblemText, urlProblem, urlProblemText } from './url-check.js';
import { ReceiptSection } from './ReceiptSection.js';

/**
 * The installer's screen: first-run setup (首次设置), and later the settings behind a
 * supervisor PIN. Talks to the core only through `api` (window.counterpay): setup.status,
 * setup.authorize, setup.save, setup.testConnection, setup.restart, diagnostics.export.
 *
 * Mount it when `setup.state` says `needsSetup` (mode "first-run"), and from a supervisor
 * menu as "系统设置" (mode "settings"). Stable data-testids: see SETUP_TESTIDS below.
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

type Phase = 'loading' | 'auth' | 'form' | 'unreachable';
type FieldErrors = Record<string, string>;

interface SecretDraft {
  value: string;
  clear: boolean;
}

interface SupervisorDraft {
  operatorNo: string;
  name: string;
  pin: string;
  pin2: string;
}

const PIN_RE = /^\d{4,12}$/;

/**
 * Turn `invalid-input` details into field → message (fields as in the form: gateway.url,
 * supervisor.pin…), in the screen's language: a bilingual "中文 / English" message gives its
 * half; an English-only one (the contract's checks) gives a generic line in Chinese — the
 * screen's own checks (localCheck) name the problem before anything is sent.
 */
function fieldErrorsOf(error: AppErrorData, locale: SetupLocale): FieldErrors {
  const issues = (error.details as { issues?: { field: string; message: string }[] } | undefined)?.issues ?? [];
  const out: FieldErrors = {};
  for (const i of issues) {
    let field = i.field.replace(/^settings\./, '');
    if (field === 'url') field = 'gateway.url'; // setup.testConnection's input
    const halves = i.message.split(' / ');
    const bilingual = halves.length === 2 && /[\u4e00-\u9fff]/.test(halves[0]!);
    out[field] = bilingual ? (locale === 'en' ? halves[1]! : halves[0]!) : locale === 'en' ? i.message : gatewayText(locale, 'serverField');
  }
  return out;
}

/** The screen's own checks of the URL and path fields, in the screen's language. */
function urlPathErrors(d: SetupSettings, locale: SetupLocale): FieldErrors {
  const e: FieldErrors = {};
  const url = (field: string, value: string | null, httpsOnly = false) => {
    if (value === null) return;
    const p = urlProblem(value, { httpsOnly });
    if (p) e[field] = urlProblemText(locale, p, value);
  };
  url('gateway.url', d.gateway.url);
  url('backOffice.feedUrl', d.backOffice.feedUrl);
  url('updates.url', d.updates.url, true);
  for (const field of ['queryPath', 'barCodePath'] as const) {
    const p = pathProblem(d.gateway[field]);
    if (p) e[`gateway.${field}`] = pathProblemText(locale, p);
  }
  return e;
}

function originOf(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    return new URL(u).origin;
  } catch {
    return null;
  }
}

function Section(props: { title: string; children: ReactNode; testid: string }) {
  return (
    <fieldset className="setup-section" data-testid={props.testid}>
      <legend>{props.title}</legend>
      {props.children}
    </fieldset>
  );
}

function Field(props: { label: string; error?: string | undefined; hint?: string | undefined; children: ReactNode }) {
  return (
    <label className={`setup-field${props.error ? ' setup-field-bad' : ''}`}>
      <span className="entry-label">{props.label}</span>
      {props.children}
      {props.error ? <span className="setup-error-text" role="alert">{props.error}</span> : props.hint ? <span className="hint">{props.hint}</span> : null}
    </label>
  );
}

export function SetupScreen({ api, locale = 'zh-CN', onDone, onOpenScanners, onClose }: SetupScreenProps) {
  const t = useCallback((k: SetupTextKey, p?: Record<string, string | number>) => setupText(locale, k, p), [locale]);
  const [phase, setPhase] = useState<Phase>('loading');
  const [status, setStatus] = useState<SetupStatus | null>(null);
  const [draft, setDraft] = useState<SetupSettings | null>(null);
  const [gatewayAuth, setGatewayAuth] = useState<SecretDraft>({ value: '', clear: false });
  const [feedToken, setFeedToken] = useState<SecretDraft>({ value: '', clear: false });
  const [sup, setSup] = useState<SupervisorDraft>({ operatorNo: '', name: '', pin: '', pin2: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ tone: 'ok' | 'warn' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | 'export' | 'auth' | 'restart' | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  const [exported, setExported] = useState<DiagnosticsExport | null>(null);
  const [auth, setAuth] = useState({ operatorNo: '', pin: '' });
  const [update, setUpdate] = useState<UpdateStatus | null>(null);
  const firstInput = useRef<HTMLInputElement>(null);
  const authPin = useRef<HTMLInputElement>(null);
  const firstRun = status?.needsSetup ?? true;

  // Closing the dialog (or leaving the screen any way) ends this connection's authorisation in
  // main: the next opening asks for the supervisor PIN again.
  useEffect(
    () => () => {
      void api.invoke('setup.endAuthorization', {});
    },
    [api],
  );

  // The language can change while the form is open: keep the typed values, drop messages
  // written in the other language (they come back, in the new one, at the next check).
  const localeRef = useRef(locale);
  localeRef.current = locale;
  useEffect(() => {
    setErrors({});
    setTest(null);
  }, [locale]);

  const load = useCallback(async () => {
    const r = await api.invoke('setup.status', {});
    if (r.ok) {
      setStatus(r.value);
      setDraft(r.value.settings);
      setPhase('form');
      if (r.value.updatesSupported) {
        const u = await api.invoke('updates.status', {});
        if (u.ok) setUpdate(u.value);
      }
    } else if (r.error.code === 'supervisor-required') {
      setPhase('auth');
    } else {
      setPhase('unreachable');
      setMessage({ tone: 'error', text: errorText(localeRef.current, r.error) });
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (phase === 'form' || phase === 'auth') firstInput.current?.focus();
  }, [phase]);

  const setField = <K extends keyof SetupSettings>(key: K, value: SetupSettings[K]) => {
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  };

  async function authorize(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (auth.operatorNo.trim() === '') {
      firstInput.current?.focus();
      return;
    }
    if (auth.pin === '') {
      authPin.current?.focus();
      return;
    }
    setBusy('auth');
    const r = await api.invoke('setup.authorize', { operatorNo: auth.operatorNo.trim(), pin: auth.pin });
    setBusy(null);
    setAuth((a) => ({ ...a, pin: '' }));
    if (!r.ok) {
      setMessage({ tone: 'error', text: errorText(locale, r.error) });
      return;
    }
    setMessage(null);
    setAuth({ operatorNo: '', pin: '' });
    await load();
  }

  async function testConnection() {
    if (!draft) return;
    setTest(null);
    const local = urlPathErrors(draft, locale);
    const bad = local['gateway.url'] ?? local['gateway.queryPath'];
    if (bad) {
      // Said here, next to the button, and at the field — never silence.
      setErrors((prev) => ({ ...prev, ...local }));
      setTest({
        ok: false,
        reachable: false,
        kind: 'bad-url',
        url: draft.gateway.url ?? '',
        httpStatus: null,
        latencyMs: null,
        errcode: null,
        errmsg: null,
        errorCode: null,
        zh: bad,
        en: bad,
        sandbox: false,
      });
      return;
    }
    setErrors((prev) => {
      const next = { ...prev };
      delete next['gateway.url'];
      delete next['gateway.queryPath'];
      return next;
    });
    setBusy('test');
    const r = await api.invoke('setup.testConnection', {
      url: draft.gateway.url,
      queryPath: draft.gateway.queryPath,
      useStoredAuthorization: !gatewayAuth.clear,
      ...(gatewayAuth.value ? { authorization: gatewayAuth.value } : {}),
    });
    setBusy(null);
    if (r.ok) setTest(r.value);
    else if (r.error.code === 'invalid-input') {
      const fe = fieldErrorsOf(r.error, locale);
      setErrors(fe);
      const first = Object.values(fe)[0] ?? errorText(locale, r.error);
      setTest({
        ok: false,
        reachable: false,
        kind: 'bad-url',
        url: draft.gateway.url ?? '',
        httpStatus: null,
        latencyMs: null,
        errcode: null,
        errmsg: null,
        errorCode: null,
        zh: first,
        en: first,
        sandbox: false,
      });
    } else setMessage({ tone: 'error', text: errorText(locale, r.error) });
  }

  function localCheck(): FieldErrors {
    const e: FieldErrors = {};
    if (!draft) return e;
    if (!/^[A-Za-z0-9]{1,8}$/.test(draft.terminalNo.trim())) e['terminalNo'] = t('terminalNoHint');
    Object.assign(e, urlPathErrors(draft, locale));
    const needSupervisor = firstRun && (status?.supervisors ?? 0) === 0;
    const anySup = sup.operatorNo || sup.name || sup.pin || sup.pin2;
    if (needSupervisor || anySup) {
      if (!sup.operatorNo.trim()) e['supervisor.operatorNo'] = t('required');
      if (!sup.name.trim()) e['supervisor.name'] = t('required');
      if (!PIN_RE.test(sup.pin)) e['supervisor.pin'] = t('pinFormat');
      else if (sup.pin !== sup.pin2) e['supervisor.pin2'] = t('pinMismatch');
    }
    return e;
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft || busy) return;
    const local = localCheck();
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage({ tone: 'warn', text: t('fixErrors') });
      return;
    }
    const secrets: NonNullable<SetupSaveInput['secrets']> = {};
    if (gatewayAuth.clear) secrets['gateway.authorization'] = null;
    else if (gatewayAuth.value) secrets['gateway.authorization'] = gatewayAuth.value;
    if (feedToken.clear) secrets['backOffice.token'] = null;
    else if (feedToken.value) secrets['backOffice.token'] = feedToken.value;
    const input: SetupSaveInput = {
      settings: { ...draft, terminalNo: draft.terminalNo.trim() },
      ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
      ...(sup.operatorNo || sup.pin ? { supervisor: { operatorNo: sup.operatorNo.trim(), name: sup.name.trim(), pin: sup.pin } } : {}),
      finish: firstRun,
    };
    setBusy('save');
    const r = await api.invoke('setup.save', input);
    setBusy(null);
    if (!r.ok) {
      if (r.error.code === 'invalid-input') {
        setErrors(fieldErrorsOf(r.error, locale));
        setMessage({ tone: 'warn', text: t('fixErrors') });
      } else if (r.error.code === 'supervisor-required' && firstRun) {
        setErrors({ 'supervisor.operatorNo': t('required') });
        setMessage({ tone: 'warn', text: errorText(locale, r.error) });
      } else {
        setMessage({ tone: 'error', text: errorText(locale, r.error) });
      }
      return;
    }
    setStatus(r.value.status);
    setDraft(r.value.status.settings);
    setGatewayAuth({ value: '', clear: false });
    setFeedToken({ value: '', clear: false });
    setSup({ operatorNo: '', name: '', pin: '', pin2: '' });
    setErrors({});
    setMessage({ tone: 'ok', text: firstRun ? t('done') : t('saved') });
    if (firstRun && !r.value.status.needsSetup && !r.value.restartRequired) onDone?.();
  }

  async function exportDiagnostics() {
    setBusy('export');
    setExported(null);
    const r = await api.invoke('diagnostics.export', {});
    setBusy(null);
    if (r.ok) setExported(r.value);
    else setMessage({ tone: 'error', text: errorText(locale, r.error) });
  }

  async function updateAction(command: 'updates.check' | 'updates.install') {
    setBusy('restart');
    const r = await api.invoke(command, {});
    setBusy(null);
    if (r.ok) setUpdate(r.value);
    else setMessage({ tone: 'error', text: errorText(locale, r.error) });
  }

  useEffect(() => api.on('updates.changed', (u) => setUpdate(u)), [api]);

  async function restart() {
    setBusy('restart');
    const r = await api.invoke('setup.restart', {});
    if (!r.ok || !r.value.restarting) {
      setBusy(null);
      setMessage({ tone: 'warn', text: t('restartManual') });
    }
  }

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
      <main className="gate" data-testid="setup-screen" data-phase="auth">
        <form className="gate-card" onSubmit={authorize}>
          <h1 className="gate-title">{t('authTitle')}</h1>
          <p className="hint">{t('authHint')}</p>
          <OperatorNoField
            ref={firstInput}
            next={authPin}
            label={t('authOperator')}
            testid="setup-auth-operator"
            value={auth.operatorNo}
            onChange={(v) => setAuth((a) => ({ ...a, operatorNo: v }))}
          />
          <PinField ref={authPin} label={t('authPin')} testid="setup-auth-pin" value={auth.pin} onChange={(v) => setAuth((a) => ({ ...a, pin: v }))} />
          <button type="submit" className="btn btn-primary btn-wide" data-testid="setup-auth-submit" disabled={busy !== null}>
            {t('authSubmit')}
          </button>
          {onClose && (
            <button type="button" className="btn btn-wide" onClick={onClose}>
              {t('close')}
            </button>
          )}
          {message && (
            <p className={`setup-message setup-${message.tone}`} data-testid="setup-message" data-tone={message.tone}>
              {message.text}
            </p>
          )}
        </form>
      </main>
    );
  }

  const d = draft!;
  const s = status!;
  const err = (k: string) => errors[k];
  const secretState = (set: boolean) => (set ? t('secretSet') : t('secretNotSet'));
  const gatewaySet = s.secrets.find((x) => x.name === 'gateway.authorization')?.set ?? false;
  const feedSet = s.secrets.find((x) => x.name === 'backOffice.token')?.set ?? false;
  const override = (field: string) => s.envOverrides.find((o) => o.field === field);

  return (
    <main className="setup" data-testid="setup-screen" data-phase="form" data-first-run={firstRun ? 'yes' : 'no'}>
      <form className="setup-form" onSubmit={save} noValidate>
        <header className="setup-head">
          <h1 className="setup-title">{firstRun ? t('title') : t('titleSettings')}</h1>
          <p className="hint">{t('intro')}</p>
          <p className="hint mono" data-testid="setup-data-dir">
            {t('dataDir')}: {s.dataDir}
          </p>
        </header>

        <Section title={t('secTerminal')} testid="setup-sec-terminal">
          <div className="setup-grid">
            <Field label={t('terminalNo')} error={err('terminalNo')} hint={t('terminalNoHint')}>
              <input
                ref={firstInput}
                className="entry-input"
                data-testid="setup-terminal-no"
                maxLength={8}
                spellCheck={false}
                value={d.terminalNo}
                onChange={(e) => setField('terminalNo', e.target.value.toUpperCase())}
              />
            </Field>
            <Field label={t('businessType')} error={err('businessType')}>
              <select
                className="entry-input"
                data-testid="setup-business-type"
                value={d.businessType}
                onChange={(e) => setField('businessType', Number(e.target.value))}
              >
                {Object.entries(BUSINESS_TYPES).map(([v, l]) => (
                  <option key={v} value={v}>
                    {locale === 'en' ? l.en : l.zh}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('locale')}>
              <select
                className="entry-input"
                data-testid="setup-locale"
                value={d.locale}
                onChange={(e) => setField('locale', e.target.value as SetupSettings['locale'])}
              >
                <option value="zh-CN">中文</option>
                <option value="en">English</option>
              </select>
            </Field>
          </div>
        </Section>

        <Section title={t('secGateway')} testid="setup-sec-gateway">
          <Field label={t('gatewayUrl')} error={err('gateway.url')} hint={override('gateway.url') ? undefined : t('gatewayUrlHint')}>
            <input
              className="entry-input"
              data-testid="setup-gateway-url"
              inputMode="url"
              spellCheck={false}
              placeholder="https://pay.example.cn/"
              value={d.gateway.url ?? ''}
              onChange={(e) => setField('gateway', { ...d.gateway, url: e.target.value.trim() === '' ? null : e.target.value.trim() })}
            />
          </Field>
          {override('gateway.url') ? (
            <p className="setup-message setup-warn" data-testid="setup-gateway-in-use" data-url={s.gatewayUrlInUse ?? ''}>
              {gatewayText(locale, 'inUseEnv', { url: s.gatewayUrlInUse ?? '—', variable: override('gateway.url')!.variable })}
            </p>
          ) : (
            d.gateway.url === null && <p className="setup-message setup-warn" data-testid="setup-sandbox-warning">{t('sandboxWarn')}</p>
          )}
          <div className="setup-grid">
            <Field label={t('queryPath')} error={err('gateway.queryPath')}>
              <input
                className="entry-input mono"
                data-testid="setup-query-path"
                spellCheck={false}
                value={d.gateway.queryPath}
                onChange={(e) => setField('gateway', { ...d.gateway, queryPath: e.target.value.trim() })}
              />
            </Field>
            <Field label={t('barCodePath')} error={err('gateway.barCodePath')}>
              <input
                className="entry-input mono"
                data-testid="setup-barcode-path"
                spellCheck={false}
                value={d.gateway.barCodePath}
                onChange={(e) => setField('gateway', { ...d.gateway, barCodePath: e.target.value.trim() })}
              />
            </Field>
          </div>
          <Field label={`${t('gatewayAuth')} — ${secretState(gatewaySet)}`} error={err('secrets.gateway.authorization')} hint={t('gatewayAuthHint')}>
            <span className="setup-secret">
              <input
                className="entry-input"
                data-testid="setup-gateway-auth"
                type="password"
                autoComplete="off"
                value={gatewayAuth.value}
                disabled={gatewayAuth.clear}
                onChange={(e) => setGatewayAuth({ value: e.target.value, clear: false })}
              />
              {gatewaySet && (
                <label className="setup-inline">
                  <input type="checkbox" checked={gatewayAuth.clear} onChange={(e) => setGatewayAuth({ value: '', clear: e.target.checked })} />
                  {t('secretClear')}
                </label>
              )}
            </span>
          </Field>
          <div className="setup-actions">
            <button type="button" className="btn" data-testid="setup-test-connection" onClick={testConnection} disabled={busy !== null}>
              {busy === 'test' ? t('testing') : t('testConnection')}
            </button>
          </div>
          {test && (
            <div
              className={`setup-test ${test.ok ? 'setup-test-ok' : 'setup-test-bad'}`}
              data-testid="setup-test-result"
              data-ok={test.ok ? 'yes' : 'no'}
              data-kind={test.kind}
              data-http={test.httpStatus ?? ''}
              role="status"
            >
              <strong>{test.ok ? t('testOk') : test.kind === 'bad-url' ? gatewayText(locale, 'testNotSent') : t('testFail')}</strong>
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
          )}
        </Section>

        <Section title={t('secBackOffice')} testid="setup-sec-backoffice">
          <Field label={t('feedUrl')} error={err('backOffice.feedUrl')} hint={t('feedUrlHint')}>
            <input
              className="entry-input"
              data-testid="setup-feed-url"
              inputMode="url"
              spellCheck={false}
              value={d.backOffice.feedUrl ?? ''}
              onChange={(e) => setField('backOffice', { feedUrl: e.target.value.trim() === '' ? null : e.target.value.trim() })}
            />
          </Field>
          <Field label={`${t('feedToken')} — ${secretState(feedSet)}`} error={err('secrets.backOffice.token')}>
            <span className="setup-secret">
              <input
                className="entry-input"
                data-testid="setup-feed-token"
                type="password"
                autoComplete="off"
                value={feedToken.value}
                disabled={feedToken.clear}
                onChange={(e) => setFeedToken({ value: e.target.value, clear: false })}
              />
              {feedSet && (
                <label className="setup-inline">
                  <input type="checkbox" checked={feedToken.clear} onChange={(e) => setFeedToken({ value: '', clear: e.target.checked })} />
                  {t('secretClear')}
                </label>
              )}
            </span>
          </Field>
        </Section>

        <Section title={t('secSupervisor')} testid="setup-sec-supervisor">
            <p className="hint">{s.supervisors > 0 ? t('supervisorExists', { n: s.supervisors }) : t('supervisorHint')}</p>
            <div className="setup-grid">
              <Field label={t('supNo')} error={err('supervisor.operatorNo')}>
                <input
                  className="entry-input"
                  data-testid="setup-sup-no"
                  autoComplete="off"
                  maxLength={32}
                  value={sup.operatorNo}
                  onChange={(e) => setSup({ ...sup, operatorNo: e.target.value })}
                />
              </Field>
              <Field label={t('supName')} error={err('supervisor.name')}>
                <input
                  className="entry-input"
                  data-testid="setup-sup-name"
                  autoComplete="off"
                  maxLength={40}
                  value={sup.name}
                  onChange={(e) => setSup({ ...sup, name: e.target.value })}
                />
              </Field>
              <Field label={t('supPin')} error={err('supervisor.pin')}>
                <input
                  className="entry-input"
                  data-testid="setup-sup-pin"
                  type="password"
                  inputMode="numeric"
                  autoComplete="new-password"
                  maxLength={12}
                  value={sup.pin}
                  onChange={(e) => setSup({ ...sup, pin: e.target.value })}
                />
              </Field>
              <Field label={t('supPin2')} error={err('supervisor.pin2')}>
                <input
                  className="entry-input"
                  data-testid="setup-sup-pin2"
                  type="password"
                  inputMode="numeric"
                  autoComplete="new-password"
                  maxLength={12}
                  value={sup.pin2}
                  onChange={(e) => setSup({ ...sup, pin2: e.target.value })}
                />
              </Field>
            </div>
          </Section>

        <Section title={t('secScanner')} testid="setup-sec-scanner">
          <p data-testid="setup-scanner-count" data-count={s.scanners ?? ''}>
            {s.scanners === null ? t('scannerUnknown') : t('scannerCount', { n: s.scanners })}
          </p>
          <p className="hint">{t('scannerHint')}</p>
          {onOpenScanners && (
            <button type="button" className="btn" data-testid="setup-open-scanners" onClick={onOpenScanners}>
              {t('openScanners')}
            </button>
          )}
        </Section>

        <Section title={t('secPrinter')} testid="setup-sec-printer">
          <div className="setup-grid">
            {s.printers ? (
              <Field label={t('printer')}>
                <select
                  className="entry-input"
                  data-testid="setup-printer"
                  value={d.printer.name ?? ''}
                  onChange={(e) => setField('printer', { ...d.printer, name: e.target.value === '' ? null : e.target.value })}
                >
                  <option value="">{t('printerDefault')}</option>
                  {s.printers.map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.displayName}
                      {p.isDefault ? ' ✓' : ''}
                    </option>
                  ))}
                  {d.printer.name && !s.printers.some((p) => p.name === d.printer.name) && <option value={d.printer.name}>{d.printer.name}</option>}
                </select>
              </Field>
            ) : (
              <Field label={t('printerName')} error={err('printer.name')}>
                <input
                  className="entry-input"
                  data-testid="setup-printer"
                  value={d.printer.name ?? ''}
                  onChange={(e) => setField('printer', { ...d.printer, name: e.target.value.trim() === '' ? null : e.target.value })}
                />
              </Field>
            )}
            <div className="setup-field">
              <span className="entry-label">{t('paper')}</span>
              <span className="setup-radios">
                {([58, 80] as const).map((w) => (
                  <label key={w} className="setup-inline">
                    <input
                      type="radio"
                      name="paper"
                      data-testid={`setup-paper-${w}`}
                      checked={d.printer.paperWidthMm === w}
                      onChange={() => setField('printer', { ...d.printer, paperWidthMm: w })}
                    />
                    {w} mm
                  </label>
                ))}
              </span>
            </div>
          </div>
        </Section>

        <ReceiptSection value={d.receipt} onChange={(v) => setField('receipt', v)} locale={locale} err={err} />
        <Section title={t('secAdvanced')} testid="setup-sec-advanced">
          <div className="setup-grid">
            <Field label={t('logLevel')}>
              <select
                className="entry-input"
                data-testid="setup-log-level"
                value={d.log.level}
                onChange={(e) => setField('log', { level: e.target.value as SetupSettings['log']['level'] })}
              >
                {(['debug', 'info', 'warn', 'error'] as const).map((l) => (
                  <option key={l} value={l}>
                    {locale === 'en' ? l : { debug: '调试（最详细）', info: '一般', warn: '警告', error: '仅错误' }[l]}
                  </option>
                ))}
              </select>
            </Field>
            <div className="setup-field">
              <label className="setup-inline">
                <input
                  type="checkbox"
                  data-testid="setup-updates-enabled"
                  checked={d.updates.enabled}
                  onChange={(e) => setField('updates', { ...d.updates, enabled: e.target.checked })}
                />
                {t('updatesEnabled')}
              </label>
              {!s.updatesSupported && <span className="hint">{t('updatesUnsupported')}</span>}
              {update && update.supported && (
                <span className="setup-update" data-testid="setup-update" data-state={update.state}>
                  <span className="hint">
                    {t('updateState', { state: update.state, current: update.currentVersion, next: update.availableVersion ?? '—' })}
                    {update.percent !== null && update.state === 'downloading' ? ` ${update.percent}%` : ''}
                    {update.message ? ` — ${update.message}` : ''}
                  </span>
                  {update.enabled && update.state !== 'downloaded' && (
                    <button type="button" className="btn" onClick={() => updateAction('updates.check')} disabled={busy !== null}>
                      {t('updateCheck')}
                    </button>
                  )}
                  {update.state === 'downloaded' && (
                    <button type="button" className="btn btn-primary" data-testid="setup-update-install" onClick={() => updateAction('updates.install')} disabled={busy !== null}>
                      {t('updateInstall')}
                    </button>
                  )}
                </span>
              )}
            </div>
            <Field label={t('updatesUrl')} error={err('updates.url')}>
              <input
                className="entry-input"
                data-testid="setup-updates-url"
                inputMode="url"
                spellCheck={false}
                value={d.updates.url ?? ''}
                onChange={(e) => setField('updates', { ...d.updates, url: e.target.value.trim() === '' ? null : e.target.value.trim() })}
              />
            </Field>
          </div>
        </Section>

        <Section title={t('secDiagnostics')} testid="setup-sec-diagnostics">
          <p className="hint">{t('diagnosticsHint')}</p>
          <button type="button" className="btn" data-testid="setup-export" onClick={exportDiagnostics} disabled={busy !== null}>
            {busy === 'export' ? t('exporting') : t('exportDiagnostics')}
          </button>
          {exported && (
            <p className="setup-message setup-ok mono" data-testid="setup-export-result" data-file={exported.file}>
              {t('exported', { file: exported.file, kb: Math.max(1, Math.round(exported.bytes / 1024)) })}
            </p>
          )}
        </Section>

        <footer className="setup-foot">
          <p className={`setup-message ${s.secretStorage.encrypted ? 'setup-ok' : 'setup-warn'}`} data-testid="setup-secret-storage" data-encrypted={s.secretStorage.encrypted ? 'yes' : 'no'}>
            {locale === 'en' ? s.secretStorage.en : s.secretStorage.zh}
          </p>
          {s.restart.required && (
            <div className="setup-message setup-warn" data-testid="setup-restart" data-fields={s.restart.fields.join(',')}>
              {t('restartNeeded', { fields: s.restart.fields.map((f) => fieldLabel(locale, f)).join('、') })}{' '}
              {s.canRestart ? (
                <button type="button" className="btn btn-primary" data-testid="setup-restart-now" onClick={restart} disabled={busy !== null}>
                  {busy === 'restart' ? t('restarting') : t('restartNow')}
                </button>
              ) : (
                <strong>{t('restartManual')}</strong>
              )}
            </div>
          )}
          {message && (
            <p className={`setup-message setup-${message.tone}`} data-testid="setup-message" data-tone={message.tone} role="status">
              {message.text}
            </p>
          )}
          <div className="setup-actions">
            <button type="submit" className="btn btn-primary" data-testid="setup-save" disabled={busy !== null}>
              {busy === 'save' ? t('saving') : firstRun ? t('finish') : t('save')}
            </button>
            {!firstRun && onDone && (
              <button type="button" className="btn" data-testid="setup-continue" onClick={onDone}>
                {t('continue')}
              </button>
            )}
            {onClose && (
              <button type="button" className="btn" data-testid="setup-close" onClick={onClose}>
                {t('close')}
              </button>
            )}
          </div>
        </footer>
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
