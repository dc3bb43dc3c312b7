/**
 * Test page for wedge-listener.test.ts: bundled with esbuild and loaded into Chromium. A React 19
 * controlled input (the way the cashier screen's fields work), plain fields, a button, and the
 * wedge listener running on a manual clock the test drives.
 */
import { createElement, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { installWedgeListener, type WedgeScanDetail } from '../wedge-listener.js';

interface Timer {
  at: number;
  fn: () => void;
  id: number;
}

const timers = new Map<number, Timer>();
let seq = 0;
const clock = {
  now: 0,
  advance(to: number): void {
    for (;;) {
      let next: Timer | null = null;
      for (const t of timers.values())
        if (t.at <= to && (!next || t.at < next.at || (t.at === next.at && t.id < next.id))) next = t;
      if (!next) break;
      timers.delete(next.id);
      clock.now = next.at;
      next.fn();
    }
    clock.now = Math.max(clock.now, to);
  },
};

const scans: WedgeScanDetail[] = [];
const appKeys: string[] = [];
let clicks = 0;
let setAmount: (v: string) => void = () => {};

function App() {
  const [value, setValue] = useState('');
  useEffect(() => {
    setAmount = (v) => flushSync(() => setValue(v));
  }, []);
  return createElement(
    'div',
    null,
    createElement('input', {
      id: 'amount',
      value,
      onChange: (e: { target: HTMLInputElement }) => setValue(e.target.value),
      autoComplete: 'off',
    }),
    createElement('output', { id: 'mirror' }, value),
  );
}

document.body.innerHTML = `
  <div id="app"></div>
  <textarea id="notes"></textarea>
  <input id="qty" type="number">
  <input id="ro" readonly value="fixed">
  <input id="digits-only">
  <input id="short" maxlength="3">
  <button id="btn" type="button">Pay</button>
`;
const rootEl = document.getElementById('app')!;
flushSync(() => createRoot(rootEl).render(createElement(App)));

document.getElementById('btn')!.addEventListener('click', () => clicks++);
// An app-level hotkey listener in the bubble phase: it must never see scanner keys.
document.addEventListener('keydown', (e) => appKeys.push(e.key));
// A field whose own handler refuses non-digits: given-back keys must respect that.
document.getElementById('digits-only')!.addEventListener('keydown', (e) => {
  if (e.key.length === 1 && !/[0-9]/.test(e.key)) e.preventDefault();
});

let dispose = install();

function install() {
  return installWedgeListener(
    window,
    {
      eventTime: () => clock.now,
      now: () => clock.now,
      wallNow: () => 1_763_700_000_000 + clock.now,
      setTimer: (fn, ms) => {
        const id = ++seq;
        timers.set(id, { at: clock.now + ms, fn, id });
        return id;
      },
      clearTimer: (h) => void timers.delete(h as number),
    },
    (s) => scans.push(s),
  );
}

const h = {
  clock,
  scans,
  appKeys,
  clicks: () => clicks,
  mirror: () => document.getElementById('mirror')!.textContent,
  reset(focusId = 'amount') {
    clock.advance(clock.now + 10_000);
    setAmount('');
    for (const id of ['notes', 'qty', 'digits-only', 'short'])
      (document.getElementById(id) as HTMLInputElement).value = '';
    scans.length = 0;
    appKeys.length = 0;
    clicks = 0;
    (document.getElementById(focusId) as HTMLElement).focus();
  },
  dispose: () => dispose(),
  reinstall: () => {
    dispose();
    dispose = install();
  },
  pendingTimers: () => timers.size,
};
(window as unknown as { __h: typeof h }).__h = h;

/** What the test drives through `window.__h`. */
export type Harness = typeof h;
