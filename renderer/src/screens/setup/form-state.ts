import type {
  ConnectionTestResult,
  DiagnosticsExport,
  SetupSaveInput,
  SetupSettings,
  SetupStatus,
  UpdateStatus,
} from '../../../../app/contract/setup.js';
import { PIN, TERMINAL_NO } from '../../../../app/limits.js';
import type { AppErrorData } from '../../../../app/result.js';
import { setupText, type SetupLocale } from './texts.js';
import { gatewayText, pathProblem, pathProblemText, urlProblem, urlProblemText } from './url-check.js';

/**
 * The setup screen's state in one reducer: what the core said (status), what the installer
 * typed (draft, secrets, supervisor, the PIN gate) and what the screen shows about it
 * (errors, message, busy, test result, export, update). Pure; the effects live in
 * ./use-setup.ts.
 */

export type Phase = 'loading' | 'auth' | 'form' | 'unreachable';
export type FieldErrors = Record<string, string>;
export type Busy = 'save' | 'test' | 'export' | 'auth' | 'restart' | null;
export type Message = { tone: 'ok' | 'warn' | 'error'; text: string } | null;

export interface SecretDraft {
  value: string;
  clear: boolean;
}

export interface SupervisorDraft {
  operatorNo: string;
  name: string;
  pin: string;
  pin2: string;
}

export interface AuthDraft {
  operatorNo: string;
  pin: string;
}

export interface SetupState {
  phase: Phase;
  status: SetupStatus | null;
  draft: SetupSettings | null;
  gatewayAuth: SecretDraft;
  feedToken: SecretDraft;
  sup: SupervisorDraft;
  errors: FieldErrors;
  message: Message;
  busy: Busy;
  test: ConnectionTestResult | null;
  exported: DiagnosticsExport | null;
  auth: AuthDraft;
  update: UpdateStatus | null;
}

const NO_SECRET: SecretDraft = { value: '', clear: false };
const NO_SUPERVISOR: SupervisorDraft = { operatorNo: '', name: '', pin: '', pin2: '' };

export const INITIAL_STATE: SetupState = {
  phase: 'loading',
  status: null,
  draft: null,
  gatewayAuth: NO_SECRET,
  feedToken: NO_SECRET,
  sup: NO_SUPERVISOR,
  errors: {},
  message: null,
  busy: null,
  test: null,
  exported: null,
  auth: { operatorNo: '', pin: '' },
  update: null,
};

/** One settings field of the draft, typed by its key. */
export type FieldAction = {
  [K in keyof SetupSettings]-?: { type: 'field'; key: K; value: SetupSettings[K] };
}[keyof SetupSettings];

export type SetupAction =
  /** Plain replacement of screen-level values (phase, message, busy, test, …). */
  | {
      type: 'set';
      patch: Partial<
        Pick<
          SetupState,
          'phase' | 'message' | 'busy' | 'test' | 'exported' | 'update' | 'errors' | 'gatewayAuth' | 'feedToken'
        >
      >;
    }
  | FieldAction
  | { type: 'sup'; patch: Partial<SupervisorDraft> }
  | { type: 'auth'; patch: Partial<AuthDraft> }
  /** The core's status arrived: the form shows its settings. */
  | { type: 'loaded'; status: SetupStatus }
  /** Saved: the core's new status; the typed secrets and supervisor are cleared. */
  | { type: 'saved'; status: SetupStatus; message: Message }
  /** Add field errors (merged over the present ones). */
  | { type: 'errorsMerge'; errors: FieldErrors }
  /** Drop the errors of these fields. */
  | { type: 'errorsDrop'; fields: string[] }
  /** The language changed: drop messages written in the other language. */
  | { type: 'localeChanged' };

export function setupReducer(state: SetupState, action: SetupAction): SetupState {
  switch (action.type) {
    case 'set':
      return { ...state, ...action.patch };
    case 'field':
      return state.draft ? { ...state, draft: { ...state.draft, [action.key]: action.value } } : state;
    case 'sup':
      return { ...state, sup: { ...state.sup, ...action.patch } };
    case 'auth':
      return { ...state, auth: { ...state.auth, ...action.patch } };
    case 'loaded':
      return { ...state, status: action.status, draft: action.status.settings, phase: 'form' };
    case 'saved':
      return {
        ...state,
        status: action.status,
        draft: action.status.settings,
        gatewayAuth: NO_SECRET,
        feedToken: NO_SECRET,
        sup: NO_SUPERVISOR,
        errors: {},
        message: action.message,
      };
    case 'errorsMerge':
      return { ...state, errors: { ...state.errors, ...action.errors } };
    case 'errorsDrop': {
      const errors = { ...state.errors };
      for (const f of action.fields) delete errors[f];
      return { ...state, errors };
    }
    case 'localeChanged':
      return { ...state, errors: {}, test: null };
  }
}

/**
 * Turn `invalid-input` details into field → message (fields as in the form: gateway.url,
 * supervisor.pin…), in the screen's language: a bilingual "中文 / English" message gives its
 * half; an English-only one (the contract's checks) gives a generic line in Chinese — the
 * screen's own checks (localCheck) name the problem before anything is sent.
 */
export function fieldErrorsOf(error: AppErrorData, locale: SetupLocale): FieldErrors {
  const issues = (error.details as { issues?: { field: string; message: string }[] } | undefined)?.issues ?? [];
  const out: FieldErrors = {};
  for (const i of issues) {
    let field = i.field.replace(/^settings\./, '');
    if (field === 'url') field = 'gateway.url'; // setup.testConnection's input
    const halves = i.message.split(' / ');
    const bilingual = halves.length === 2 && /[\u4e00-\u9fff]/.test(halves[0]!);
    out[field] = bilingual
      ? locale === 'en'
        ? halves[1]!
        : halves[0]!
      : locale === 'en'
        ? i.message
        : gatewayText(locale, 'serverField');
  }
  return out;
}

/** The screen's own checks of the URL and path fields, in the screen's language. */
export function urlPathErrors(d: SetupSettings, locale: SetupLocale): FieldErrors {
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

/** Every check the screen makes before saving: terminal number, URLs and paths, the supervisor. */
export function localCheck(state: SetupState, locale: SetupLocale): FieldErrors {
  const { draft, status, sup } = state;
  const e: FieldErrors = {};
  if (!draft) return e;
  const t = (k: 'terminalNoHint' | 'required' | 'pinFormat' | 'pinMismatch') => setupText(locale, k);
  if (!TERMINAL_NO.pattern.test(draft.terminalNo.trim())) e['terminalNo'] = t('terminalNoHint');
  Object.assign(e, urlPathErrors(draft, locale));
  const firstRun = status?.needsSetup ?? true;
  const needSupervisor = firstRun && (status?.supervisors ?? 0) === 0;
  const anySup = sup.operatorNo || sup.name || sup.pin || sup.pin2;
  if (needSupervisor || anySup) {
    if (!sup.operatorNo.trim()) e['supervisor.operatorNo'] = t('required');
    if (!sup.name.trim()) e['supervisor.name'] = t('required');
    if (!PIN.pattern.test(sup.pin)) e['supervisor.pin'] = t('pinFormat');
    else if (sup.pin !== sup.pin2) e['supervisor.pin2'] = t('pinMismatch');
  }
  return e;
}

/** What `setup.save` gets from the form: settings, changed secrets, a new supervisor. */
export function saveInput(state: SetupState, draft: SetupSettings, firstRun: boolean): SetupSaveInput {
  const { gatewayAuth, feedToken, sup } = state;
  const secrets: NonNullable<SetupSaveInput['secrets']> = {};
  if (gatewayAuth.clear) secrets['gateway.authorization'] = null;
  else if (gatewayAuth.value) secrets['gateway.authorization'] = gatewayAuth.value;
  if (feedToken.clear) secrets['backOffice.token'] = null;
  else if (feedToken.value) secrets['backOffice.token'] = feedToken.value;
  return {
    settings: { ...draft, terminalNo: draft.terminalNo.trim() },
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    ...(sup.operatorNo || sup.pin
      ? { supervisor: { operatorNo: sup.operatorNo.trim(), name: sup.name.trim(), pin: sup.pin } }
      : {}),
    finish: firstRun,
  };
}

/** The test result shown next to the button when the address was not sent (the text says why). */
export function notSentTest(url: string | null, text: string): ConnectionTestResult {
  return {
    ok: false,
    reachable: false,
    kind: 'bad-url',
    url: url ?? '',
    httpStatus: null,
    latencyMs: null,
    errcode: null,
    errmsg: null,
    errorCode: null,
    zh: text,
    en: text,
    sandbox: false,
  };
}
