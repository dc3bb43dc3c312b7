/**
 * What the counter re-reads after another screen changed the core behind it: the supervisor's
 * refunds, voids and resolved payments (the counter's bill), a shift close (the session), a
 * catalog import (the quick keys). The counter's flows (actions.ts) own how: their reads run in
 * their serial queue so an older answer never lands after a newer one. They provide the three
 * functions once at start; screens call them from here and so never import actions.ts (which
 * imports the screens: that was an import cycle).
 *
 *   provideCounterRefresh({ counter: refreshCounter, session: refreshSession, quickKeys: loadQuickKeys });
 *
 * Before anything is provided (a screen rendered on its own), the calls do nothing.
 */

export interface CounterRefresh {
  /** Re-read the counter's bill and state (`counter.state`). */
  counter(): Promise<void>;
  /** Re-read the session: operator, lock, shift (`session.state`). */
  session(): Promise<void>;
  /** Re-read the quick keys (`catalog.quickKeys`). */
  quickKeys(): Promise<void>;
}

const none: CounterRefresh = {
  counter: () => Promise.resolve(),
  session: () => Promise.resolve(),
  quickKeys: () => Promise.resolve(),
};

let provided: CounterRefresh = none;

/** Set by the counter's flows at start (a later call replaces the earlier one). */
export function provideCounterRefresh(impl: CounterRefresh): void {
  provided = impl;
}

export const refreshCounter = (): Promise<void> => provided.counter();
export const refreshSession = (): Promise<void> => provided.session();
export const reloadQuickKeys = (): Promise<void> => provided.quickKeys();
