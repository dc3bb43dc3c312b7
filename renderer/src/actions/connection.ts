import type { CommandInput, CommandName, CommandOutput } from '../../../app/contract/index.js';
import type { AppErrorData } from '../../../app/result.js';
import { connectApi, type Connection } from '../api.js';
import { invokeOn } from '../invoke.js';
import { useCounter, type Notice } from '../store/index.js';

/**
 * The counter's link to the core: one connection, `call` (invoke a command, put a failure on
 * screen) and the serial queue every cashier action runs in. The rest of `actions/` builds on
 * these; components never call the API directly (they import from `../actions.js`).
 *
 * `call` is built on the screens' one invoke wrapper (`invokeOn` in ../invoke.ts), which maps a
 * failing transport to `core-unreachable`; `call` adds the counter's reaction to a failure.
 *
 * API:
 *  - `connection()`: the one Connection (created on first use);
 *  - `call(command, input, { quiet, onError })`: the command's output, or null after a failure;
 *  - `serial(fn)`: `fn`, queued behind every action queued before it;
 *  - `whenIdle()`, `isBusy()`: the queue's state;
 *  - `bindCallFailures(...)`: what a failure means beyond the notice (wired in `../actions.ts`).
 */

let conn: Connection | null = null;

/** The one connection to the core (created on first use). */
export function connection(): Connection {
  if (!conn) conn = connectApi();
  return conn;
}

export const st = () => useCounter.getState();
export const note = (n: Notice | null) => st().setNotice(n);

/** What some failures mean besides the notice: the core is gone (re-read later), or signed out. */
interface CallFailureHooks {
  unreachable(): void;
  signedOut(): void;
}

let failureHooks: CallFailureHooks = { unreachable: () => {}, signedOut: () => {} };

export function bindCallFailures(hooks: CallFailureHooks): void {
  failureHooks = hooks;
}

/** Invoke a command. On failure: put its error on screen (unless quiet) and return null. */
export async function call<K extends CommandName>(
  command: K,
  input: CommandInput<K>,
  opts: { quiet?: boolean; onError?: (e: AppErrorData) => boolean | void } = {},
): Promise<CommandOutput<K> | null> {
  // The screens' one invoke wrapper (../invoke.ts) turns a failing transport into core-unreachable.
  const r = await invokeOn(connection().api, command, input);
  if (r.ok) return r.value;
  const handled = opts.onError?.(r.error) === true;
  if (!handled && !opts.quiet)
    note({
      tone: 'error',
      kind: 'error-code',
      code: r.error.code,
      ...(r.error.details ? { details: r.error.details } : {}),
    });
  if (r.error.code === 'core-unreachable') failureHooks.unreachable();
  if (r.error.code === 'not-signed-in') failureHooks.signedOut();
  return null;
}

/**
 * Actions run one after another, in the order the cashier pressed the keys: a quick key then
 * F3 parks the bill with the item on it, and a second Enter while a payment code is being sent
 * runs after it (and is refused then, because the payment is live) — nothing is dropped and
 * nothing runs twice at once. Each action reads the state when it runs, not when it was queued.
 */
let queue: Promise<unknown> = Promise.resolve();
let queued = 0;

/** Resolves when every action queued so far has finished. */
export function whenIdle(): Promise<void> {
  return queue.then(() => undefined);
}

/** Whether actions are queued or running. */
export function isBusy(): boolean {
  return queued > 0;
}

/** `fn` as a queued action. An action never awaits a queued one (that would wait for itself). */
export function serial<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args: A) => {
    queued++;
    st().setBusy(true);
    const run = queue.then(() => fn(...args));
    queue = run.catch(() => undefined);
    return run.finally(() => {
      queued--;
      if (queued === 0) st().setBusy(false);
    });
  };
}
