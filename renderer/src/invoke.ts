import type {
  CommandInput,
  CommandName,
  CommandOutput,
  CounterpayApi,
  EventName,
  EventPayload,
} from '../../app/contract/index.js';
import type { AppErrorData, Result } from '../../app/result.js';
import { connectApi } from './api.js';

/**
 * The one way a screen talks to the core (docs/ARCHITECTURE.md, "The contract"). Built on the
 * connection of ./api.ts; every command and event is typed by the contract in app/contract/.
 *
 *   const r = await invoke('scanner.devices', { refresh: true });
 *   if (r.ok) use(r.value); else show(r.error);      // r.error is AppErrorData, never a throw
 *
 *   const off = onEvent('store.health.changed', (view) => …);   // returns the unsubscribe
 *   const stop = whenOpen(() => void invoke('recovery.info', {})); // now if open, and on each reopen
 *
 * Errors are mapped the same way everywhere: the core's own failures come back as its Result;
 * a transport that throws (a dropped socket, a closed window) becomes `core-unreachable`. What
 * to do with an error (show it, retry, ask for a PIN again) stays with the caller: the counter's
 * `call` (actions/connection.ts) is `invokeOn` plus its reaction (the notice, a later re-read
 * when the core is unreachable, the sign-in screen when signed out).
 *
 * Tests (or a screen given another API) use `invokeOn(api, …)`, which maps errors the same way.
 */

/** Invoke a command on a given API; a throwing transport becomes `core-unreachable`. */
export async function invokeOn<K extends CommandName>(
  api: Pick<CounterpayApi, 'invoke'>,
  command: K,
  input: CommandInput<K>,
): Promise<Result<CommandOutput<K>>> {
  try {
    return await api.invoke(command, input);
  } catch {
    return { ok: false, error: { code: 'core-unreachable' } };
  }
}

/** Invoke a command on the core this page is connected to. Never rejects. */
export function invoke<K extends CommandName>(command: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
  return invokeOn(connectApi().api, command, input);
}

/** The value of a Result, or a throw of its AppErrorData (for `try/catch` flows such as supCall). */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw r.error;
}

/** Whether a caught value is the AppErrorData of a failed command. */
export function isAppError(e: unknown): e is AppErrorData {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}

/** Listen to an event the core pushes; returns the unsubscribe. */
export function onEvent<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
  return connectApi().api.on(event, listener);
}

/** Run `fn` now if the connection is open, and again each time it (re)opens; returns the stop. */
export function whenOpen(fn: () => void): () => void {
  const conn = connectApi();
  if (conn.status() === 'open') fn();
  return conn.onStatus((s) => {
    if (s === 'open') fn();
  });
}

/** Which shell carries the contract (the page's own keyboard-wedge listener is for the browser shell). */
export function shellKind(): CounterpayApi['shell'] {
  return connectApi().api.shell;
}
