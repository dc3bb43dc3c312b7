import { call, serial, st } from './connection.js';

/**
 * Re-read the truth from the core (after a reconnect, or an event the screen cannot place).
 * Queued with the actions: a reply that left the core before an action's reply can never be
 * applied after it (a stale "paid" bill coming back after 下一单, say).
 */
export async function refreshCounterNow(): Promise<void> {
  const s = await call('counter.state', {}, { quiet: true });
  if (s) st().applyCounterState(s);
}

export const refreshCounter = serial(refreshCounterNow);

let refreshTimer: ReturnType<typeof setTimeout> | null = null;

/** A queued re-read of the counter after `delayMs` (several requests in that time make one). */
export function scheduleRefresh(delayMs = 50): void {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void refreshCounter();
  }, delayMs);
}

export async function loadSetupState(): Promise<void> {
  const r = await call('setup.state', {}, { quiet: true });
  if (r) st().setNeedsSetup(r.needsSetup);
}

export async function loadAppInfo(): Promise<void> {
  const info = await call('app.info', {}, { quiet: true });
  if (info) st().setAppInfo(info);
}

export async function loadQuickKeys(): Promise<void> {
  const r = await call('catalog.quickKeys', {}, { quiet: true });
  if (r) st().setQuickKeys(r.items);
}
