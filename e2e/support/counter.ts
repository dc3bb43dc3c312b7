import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { finishShell, startShell, test as base, type ShellInfo, type StartOptions } from '../fixtures.js';

/**
 * Helpers for specs that use the cashier screen: a set-up counter (first-run setup done, two
 * operators and a small catalog seeded by ./seed-counter.ts) and signing in through the screen.
 *
 *   const shell = await startCounterShell();
 *   await page.goto(shell.openUrl);
 *   await signIn(page, { operatorNo: '1001', pin: '1234', floatYuan: '200' });
 *   // app-root[data-phase=idle]
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CASHIER = { operatorNo: '1001', pin: '1234', name: '张三' } as const;
export const SUPERVISOR = { operatorNo: '9001', pin: '9999', name: '李主管' } as const;

/** A fresh data folder with the seed (operators, catalog); the core must not be running on it. */
export function seededDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpay-e2e-counter-'));
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'e2e', 'support', 'seed-counter.ts'), dir],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
  return dir;
}

/** A browser shell on a seeded, set-up counter (the setup screen does not come first). */
export function startCounterShell(opts: StartOptions = {}): Promise<ShellInfo> {
  return startShell({
    ...opts,
    dataDir: opts.dataDir ?? seededDataDir(),
    config: { setup: { completedAt: new Date().toISOString(), completedBy: SUPERVISOR.operatorNo }, ...opts.config },
  });
}

/** `test` with `shell`: a set-up counter (startCounterShell(opts)) for each test, stopped after it (finishShell). */
export function counterTestWith(opts: StartOptions = {}) {
  return base.extend<{ shell: ShellInfo }>({
    shell: async ({}, use, testInfo) => {
      const shell = await startCounterShell(opts);
      await use(shell);
      await finishShell(shell, testInfo);
    },
  });
}

export const counterTest = counterTestWith();

/**
 * Sign in on the sign-in screen, and open the shift with `floatYuan` when the screen asks for
 * it. Ends on the counter screen.
 */
export async function signIn(
  page: Page,
  who: { operatorNo: string; pin: string; floatYuan?: string } = CASHIER,
): Promise<void> {
  const root = page.getByTestId('app-root');
  await expect(root).toHaveAttribute('data-hydrated', 'yes');
  await expect(root).toHaveAttribute('data-screen', 'sign-in');
  await page.getByTestId('signin-operator').fill(who.operatorNo);
  await page.getByTestId('signin-pin').fill(who.pin);
  await page.getByTestId('signin-pin').press('Enter');
  await expect(root).toHaveAttribute('data-screen', /^(open-shift|counter)$/);
  if ((await root.getAttribute('data-screen')) === 'open-shift') {
    await page.getByTestId('shift-float').fill(who.floatYuan ?? '0');
    await page.getByTestId('shift-float').press('Enter');
    // A ¥0 float is opened only after an explicit confirmation.
    if (Number(who.floatYuan ?? '0') === 0) await page.getByTestId('shift-zero-yes').click();
  }
  await expect(root).toHaveAttribute('data-screen', 'counter');
}

/**
 * A keyboard-mode scanner: every character's keydown/keyup and the closing Enter dispatched in
 * one go at the focused element, the way a scanner's burst arrives (well under a millisecond
 * apart). Typing through CDP instead (page.keyboard.type) stalls whenever the page is busy, and
 * on a loaded 2-core machine a stall can split one scan into two — which no real scanner does.
 */
export async function scannerBurst(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    // This runs in the page; the Node project has no DOM typings, hence the narrow casts.
    const g = globalThis as unknown as {
      document: { activeElement: EventTarget | null; body: EventTarget };
      KeyboardEvent: new (type: string, init: Record<string, unknown>) => Event;
    };
    const target = g.document.activeElement ?? g.document.body;
    const codeOf = (ch: string) =>
      /\d/.test(ch) ? `Digit${ch}` : /[a-z]/i.test(ch) ? `Key${ch.toUpperCase()}` : ch === '-' ? 'Minus' : 'Period';
    const send = (key: string, code: string, shiftKey = false) => {
      for (const type of ['keydown', 'keyup'])
        target.dispatchEvent(new g.KeyboardEvent(type, { key, code, shiftKey, bubbles: true, cancelable: true }));
    };
    for (const ch of t) send(ch, codeOf(ch), /[A-Z]/.test(ch));
    send('Enter', 'Enter');
  }, text);
}

/**
 * A quick sale of `amount` paid in cash (F2, Enter = the exact amount). With `clear` (default)
 * Enter then sets the paid sale aside and the counter is idle again; without it the paid sale
 * stays on screen.
 */
export async function cashSale(page: Page, amount: string, opts: { clear?: boolean } = {}): Promise<void> {
  const root = page.getByTestId('app-root');
  await page.getByTestId('amount-input').fill(amount);
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'collect');
  await page.keyboard.press('F2');
  await expect(page.getByTestId('cash-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'paid');
  if (opts.clear === false) return;
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'idle');
}
