import { useCallback, useEffect, useReducer, useRef, type FormEvent } from 'react';
import type { CounterpayApi } from '../../../../app/contract/index.js';
import { errorText } from '../../i18n/index.js';
import {
  fieldErrorsOf,
  INITIAL_STATE,
  localCheck,
  notSentTest,
  saveInput,
  setupReducer,
  urlPathErrors,
} from './form-state.js';
import { setupText, type SetupLocale } from './texts.js';

/**
 * The setup screen's talk with the core, over `api` (window.counterpay): setup.status,
 * setup.authorize, setup.save, setup.testConnection, setup.restart, setup.endAuthorization,
 * diagnostics.export and the updates.* commands. State in one reducer (./form-state.ts).
 */
export function useSetup(api: CounterpayApi, locale: SetupLocale, onDone: (() => void) | undefined) {
  const [state, dispatch] = useReducer(setupReducer, INITIAL_STATE);
  const { phase, status, draft, gatewayAuth, busy, auth } = state;
  const firstInput = useRef<HTMLInputElement>(null);
  const authPin = useRef<HTMLInputElement>(null);
  const firstRun = status?.needsSetup ?? true;
  const t = (k: 'fixErrors' | 'required' | 'done' | 'saved' | 'restartManual') => setupText(locale, k);
  const fail = (error: Parameters<typeof errorText>[1]) =>
    dispatch({ type: 'set', patch: { message: { tone: 'error', text: errorText(locale, error) } } });

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
    dispatch({ type: 'localeChanged' });
  }, [locale]);

  const load = useCallback(async () => {
    const r = await api.invoke('setup.status', {});
    if (r.ok) {
      dispatch({ type: 'loaded', status: r.value });
      if (r.value.updatesSupported) {
        const u = await api.invoke('updates.status', {});
        if (u.ok) dispatch({ type: 'set', patch: { update: u.value } });
      }
    } else if (r.error.code === 'supervisor-required') {
      dispatch({ type: 'set', patch: { phase: 'auth' } });
    } else {
      dispatch({
        type: 'set',
        patch: { phase: 'unreachable', message: { tone: 'error', text: errorText(localeRef.current, r.error) } },
      });
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (phase === 'form' || phase === 'auth') firstInput.current?.focus();
  }, [phase]);

  useEffect(() => api.on('updates.changed', (u) => dispatch({ type: 'set', patch: { update: u } })), [api]);

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
    dispatch({ type: 'set', patch: { busy: 'auth' } });
    const r = await api.invoke('setup.authorize', { operatorNo: auth.operatorNo.trim(), pin: auth.pin });
    dispatch({ type: 'set', patch: { busy: null } });
    dispatch({ type: 'auth', patch: { pin: '' } });
    if (!r.ok) {
      fail(r.error);
      return;
    }
    dispatch({ type: 'set', patch: { message: null } });
    dispatch({ type: 'auth', patch: { operatorNo: '', pin: '' } });
    await load();
  }

  async function testConnection() {
    if (!draft) return;
    dispatch({ type: 'set', patch: { test: null } });
    const local = urlPathErrors(draft, locale);
    const bad = local['gateway.url'] ?? local['gateway.queryPath'];
    if (bad) {
      // Said here, next to the button, and at the field — never silence.
      dispatch({ type: 'errorsMerge', errors: local });
      dispatch({ type: 'set', patch: { test: notSentTest(draft.gateway.url, bad) } });
      return;
    }
    dispatch({ type: 'errorsDrop', fields: ['gateway.url', 'gateway.queryPath'] });
    dispatch({ type: 'set', patch: { busy: 'test' } });
    const r = await api.invoke('setup.testConnection', {
      url: draft.gateway.url,
      queryPath: draft.gateway.queryPath,
      useStoredAuthorization: !gatewayAuth.clear,
      ...(gatewayAuth.value ? { authorization: gatewayAuth.value } : {}),
    });
    dispatch({ type: 'set', patch: { busy: null } });
    if (r.ok) dispatch({ type: 'set', patch: { test: r.value } });
    else if (r.error.code === 'invalid-input') {
      const fe = fieldErrorsOf(r.error, locale);
      const first = Object.values(fe)[0] ?? errorText(locale, r.error);
      dispatch({ type: 'set', patch: { errors: fe, test: notSentTest(draft.gateway.url, first) } });
    } else fail(r.error);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft || busy) return;
    const local = localCheck(state, locale);
    dispatch({ type: 'set', patch: { errors: local } });
    if (Object.keys(local).length > 0) {
      dispatch({ type: 'set', patch: { message: { tone: 'warn', text: t('fixErrors') } } });
      return;
    }
    dispatch({ type: 'set', patch: { busy: 'save' } });
    const r = await api.invoke('setup.save', saveInput(state, draft, firstRun));
    dispatch({ type: 'set', patch: { busy: null } });
    if (!r.ok) {
      if (r.error.code === 'invalid-input') {
        dispatch({
          type: 'set',
          patch: { errors: fieldErrorsOf(r.error, locale), message: { tone: 'warn', text: t('fixErrors') } },
        });
      } else if (r.error.code === 'supervisor-required' && firstRun) {
        dispatch({
          type: 'set',
          patch: {
            errors: { 'supervisor.operatorNo': t('required') },
            message: { tone: 'warn', text: errorText(locale, r.error) },
          },
        });
      } else {
        fail(r.error);
      }
      return;
    }
    dispatch({
      type: 'saved',
      status: r.value.status,
      message: { tone: 'ok', text: firstRun ? t('done') : t('saved') },
    });
    if (firstRun && !r.value.status.needsSetup && !r.value.restartRequired) onDone?.();
  }

  async function exportDiagnostics() {
    dispatch({ type: 'set', patch: { busy: 'export', exported: null } });
    const r = await api.invoke('diagnostics.export', {});
    dispatch({ type: 'set', patch: { busy: null } });
    if (r.ok) dispatch({ type: 'set', patch: { exported: r.value } });
    else fail(r.error);
  }

  async function updateAction(command: 'updates.check' | 'updates.install') {
    dispatch({ type: 'set', patch: { busy: 'restart' } });
    const r = await api.invoke(command, {});
    dispatch({ type: 'set', patch: { busy: null } });
    if (r.ok) dispatch({ type: 'set', patch: { update: r.value } });
    else fail(r.error);
  }

  async function restart() {
    dispatch({ type: 'set', patch: { busy: 'restart' } });
    const r = await api.invoke('setup.restart', {});
    if (!r.ok || !r.value.restarting) {
      dispatch({ type: 'set', patch: { busy: null, message: { tone: 'warn', text: t('restartManual') } } });
    }
  }

  return {
    state,
    dispatch,
    firstRun,
    firstInput,
    authPin,
    actions: { authorize, testConnection, save, exportDiagnostics, updateAction, restart },
  };
}
