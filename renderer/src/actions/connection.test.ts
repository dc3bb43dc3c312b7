import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CounterpayApi } from '../../../app/contract/index.js';
import type { Result } from '../../../app/result.js';

/**
 * What a failed command means beyond its notice, wired once in `actions.ts` for every action in
 * `actions/`: signed out on the core → the session is read again; the core unreachable → the
 * counter is read again a little later. The API is a recording fake (the Electron path).
 */

const calls: string[] = [];
let replies: Record<string, () => Result<unknown>> = {};

const fake: CounterpayApi = {
  shell: 'electron',
  invoke(command) {
    calls.push(command);
    const reply = replies[command];
    return Promise.resolve((reply ? reply() : { ok: false, error: { code: 'internal-error' } }) as never);
  },
  on: () => () => {},
};

let actions: typeof import('../actions.js');
let store: typeof import('../store/index.js');

beforeAll(async () => {
  (globalThis as unknown as { window: unknown }).window = { counterpay: fake };
  actions = await import('../actions.js');
  store = await import('../store/index.js');
});

afterEach(() => {
  vi.useRealTimers();
  calls.length = 0;
  replies = {};
});

describe('a failed command', () => {
  it('not-signed-in: the error is on screen and the session is read again, after the action', async () => {
    replies['bill.new'] = () => ({ ok: false, error: { code: 'not-signed-in' } });
    expect(await actions.addItem('6901234567892')).toBe(false);
    await actions.whenIdle();
    expect(calls).toEqual(['bill.new', 'session.state']);
    expect(store.useCounter.getState().notice).toMatchObject({ tone: 'error', kind: 'error-code', code: 'not-signed-in' });
  });

  it('core-unreachable: the counter is read again 500 ms later, once', async () => {
    vi.useFakeTimers();
    replies['bill.new'] = () => ({ ok: false, error: { code: 'core-unreachable' } });
    await actions.addItem('6901234567892');
    await actions.addItem('6901234567892');
    expect(calls).toEqual(['bill.new', 'bill.new']);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await actions.whenIdle();
    expect(calls).toEqual(['bill.new', 'bill.new', 'counter.state']);
  });
});
