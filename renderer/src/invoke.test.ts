import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CounterpayApi } from '../../app/contract/index.js';
import type { Result } from '../../app/result.js';

/**
 * The screens' one invoke wrapper: typed commands through the page's connection, the core's
 * Result passed on as it is, a throwing transport mapped to `core-unreachable`. The API is a
 * recording fake installed as `window.counterpay` (the Electron path).
 */

type Call = { command: string; input: unknown };
const calls: Call[] = [];
let reply: (command: string) => Promise<Result<unknown>> = () =>
  Promise.resolve({ ok: false, error: { code: 'internal-error' } });
const listeners = new Map<string, (payload: unknown) => void>();

const fake: CounterpayApi = {
  shell: 'electron',
  invoke(command, input) {
    calls.push({ command, input });
    return reply(command) as never;
  },
  on(event, listener) {
    listeners.set(event, listener as (payload: unknown) => void);
    return () => listeners.delete(event);
  },
};

let mod: typeof import('./invoke.js');

beforeAll(async () => {
  (globalThis as unknown as { window: unknown }).window = { counterpay: fake };
  mod = await import('./invoke.js');
});

beforeEach(() => {
  calls.length = 0;
  listeners.clear();
});

describe('invoke', () => {
  it('sends the command and its input, and gives back the value the core answered', async () => {
    reply = () => Promise.resolve({ ok: true, value: { ttlMs: 9000 } });
    const r = await mod.invoke('scanner.testMode', { on: true });
    expect(calls).toEqual([{ command: 'scanner.testMode', input: { on: true } }]);
    expect(r).toEqual({ ok: true, value: { ttlMs: 9000 } });
  });

  it("passes the core's error on as it is", async () => {
    reply = () => Promise.resolve({ ok: false, error: { code: 'supervisor-required', message: 'PIN' } });
    const r = await mod.invoke('scanner.pairStart', {});
    expect(r).toEqual({ ok: false, error: { code: 'supervisor-required', message: 'PIN' } });
  });

  it('maps a transport that throws to core-unreachable instead of rejecting', async () => {
    reply = () => Promise.reject(new Error('socket closed'));
    await expect(mod.invoke('scanner.udev', {})).resolves.toEqual({ ok: false, error: { code: 'core-unreachable' } });
    // The same mapping on an API given by the caller.
    const throwing = {
      invoke: () => {
        throw new Error('gone');
      },
    } as unknown as CounterpayApi;
    await expect(mod.invokeOn(throwing, 'recovery.info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'core-unreachable' },
    });
  });

  it('unwrap gives the value, or throws the AppErrorData that isAppError recognises', () => {
    expect(mod.unwrap({ ok: true, value: 3 })).toBe(3);
    let caught: unknown = null;
    try {
      mod.unwrap({ ok: false, error: { code: 'not-signed-in' } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toEqual({ code: 'not-signed-in' });
    expect(mod.isAppError(caught)).toBe(true);
    expect(mod.isAppError(new Error('x'))).toBe(false);
  });

  it('onEvent subscribes through the connection and returns the unsubscribe', () => {
    const seen: unknown[] = [];
    const off = mod.onEvent('app.fault', (f) => seen.push(f));
    listeners.get('app.fault')?.({ code: 'x' });
    expect(seen).toEqual([{ code: 'x' }]);
    off();
    expect(listeners.has('app.fault')).toBe(false);
  });

  it('whenOpen runs at once on an open connection', () => {
    let runs = 0;
    const stop = mod.whenOpen(() => runs++);
    expect(runs).toBe(1);
    stop();
    expect(mod.shellKind()).toBe('electron');
  });
});
