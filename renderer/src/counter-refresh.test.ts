import { describe, expect, it } from 'vitest';
import { provideCounterRefresh, refreshCounter, refreshSession, reloadQuickKeys } from './counter-refresh.js';

/** The supervisor screens ask the counter to re-read through this hook, never through actions.ts. */
describe('counter refresh', () => {
  it('does nothing before the counter provides it, then calls what the counter provided', async () => {
    await expect(refreshCounter()).resolves.toBeUndefined();
    const calls: string[] = [];
    provideCounterRefresh({
      counter: () => Promise.resolve(void calls.push('counter')),
      session: () => Promise.resolve(void calls.push('session')),
      quickKeys: () => Promise.resolve(void calls.push('quickKeys')),
    });
    await refreshCounter();
    await refreshSession();
    await reloadQuickKeys();
    expect(calls).toEqual(['counter', 'session', 'quickKeys']);
  });
});
