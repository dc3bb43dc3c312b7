import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, sandboxControl, screenshot, test, type ShellInfo } from './fixtures.js';
import { scannerBurst as wedgeScan, startCounterShell } from './support/counter.js';

/**
 * A whole counter session in the browser shell (issue 6): sign in (a wrong PIN first), open
 * the shift, a ticket sale built from a quick key, a scan and a quantity, paid by barcode with
 * a password wait (a second scan during the wait is refused), its receipt, a declined payment
 * and a successful rescan, a cash sale with change, a parked and resumed bill, a stored-value
 * recharge, a reload that keeps the session, the lock screen, sign out. Screenshots of each
 * screen land in test-results/screenshots/cashier-*.png.
 */

const tid = (page: Page, id: string) => page.getByTestId(id);
const phase = (page: Page, p: string) => expect(tid(page, 'app-root')).toHaveAttribute('data-phase', p);
const screen = (page: Page, s: string) => expect(tid(page, 'app-root')).toHaveAttribute('data-screen', s);

let shell: ShellInfo | undefined;
let pageErrors: string[] = [];

test.beforeEach(async ({ page }) => {
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e.stack ?? e)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  shell = undefined;
  // An installed counter: first-run setup done (the setup screen has its own spec).
  shell = await startCounterShell();
});

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await shell.stop();
  if (testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
  else {
    testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
    testInfo.attachments.push({
      name: 'page-errors',
      contentType: 'text/plain',
      body: Buffer.from(pageErrors.join('\n')),
    });
  }
});

test('a whole counter session', async ({ page }) => {
  if (!shell) throw new Error('no shell');
  await page.goto(shell.openUrl);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
  await screen(page, 'sign-in');
  await expect(tid(page, 'sandbox-badge')).toBeVisible();

  // ── sign in: a wrong PIN first ──
  await tid(page, 'signin-operator').fill('1001');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'signin-pin')).toBeFocused();
  await page.keyboard.type('0000');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'notice')).toHaveAttribute('data-code', 'pin-wrong');
  await expect(tid(page, 'signin-pin')).toHaveValue('');
  await screenshot(page, 'cashier-01-signin-wrong-pin');
  await page.keyboard.type('1234');
  await page.keyboard.press('Enter');

  // ── open the shift with a 200 yuan float ──
  await screen(page, 'open-shift');
  await page.keyboard.type('200');
  await screenshot(page, 'cashier-02-open-shift');
  await page.keyboard.press('Enter');
  await screen(page, 'counter');
  await phase(page, 'idle');
  await expect(tid(page, 'operator')).toHaveAttribute('data-operator-no', '1001');
  await screenshot(page, 'cashier-03-idle');

  // ── a ticket sale: quick key, a scanned ticket, quantity 2 ──
  await expect(tid(page, 'quick-key-1')).toBeVisible();
  await page.keyboard.press('Alt+1');
  await phase(page, 'building');
  await wedgeScan(page, '6901234567809');
  await expect(tid(page, 'bill-line')).toHaveCount(2);
  await page.keyboard.type('2');
  await page.keyboard.press('F6');
  await expect(tid(page, 'line-qty').nth(1)).toHaveAttribute('data-qty', '2');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '16000');
  await screenshot(page, 'cashier-04-building');

  // paid by barcode after the customer types a password (2 s in the sandbox)
  await page.keyboard.press('Enter');
  await phase(page, 'collect');
  await wedgeScan(page, '131020000000000011');
  await expect(tid(page, 'payment-view')).toHaveAttribute('data-state', /sent|awaiting-payer/);
  await expect(tid(page, 'bill-locked')).toBeVisible();
  // A second code while the payment is live is refused: never a second attempt.
  await wedgeScan(page, '130000000000000012');
  await expect(tid(page, 'notice')).toHaveAttribute('data-tone', 'warn');
  await screenshot(page, 'cashier-05-awaiting-payer');
  await expect(tid(page, 'payment-view')).toHaveAttribute('data-state', 'paid');
  await phase(page, 'paid');
  await screenshot(page, 'cashier-06-paid');

  // its receipt
  await page.keyboard.press('F10');
  await expect(tid(page, 'receipt-dialog')).toBeVisible();
  const billNo = (await tid(page, 'bill-no').textContent()) ?? '';
  const receiptText = await tid(page, 'receipt-preview').evaluate((el) => el.shadowRoot?.textContent ?? '');
  expect(receiptText).toContain(billNo);
  expect(receiptText).toContain('¥160.00');
  expect(receiptText).toContain('张三');
  await screenshot(page, 'cashier-07-receipt-80mm');
  await tid(page, 'receipt-paper-58').click();
  await screenshot(page, 'cashier-08-receipt-58mm');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'receipt-dialog')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await phase(page, 'idle');

  // ── a declined payment, then a rescan of the same bill ──
  await tid(page, 'amount-input').fill('35');
  await page.keyboard.press('Enter');
  await phase(page, 'collect');
  await wedgeScan(page, '132000000000000021');
  await phase(page, 'declined');
  await expect(tid(page, 'payment-view')).toHaveAttribute('data-state', 'declined');
  await expect(tid(page, 'payment-reason')).not.toBeEmpty();
  await expect(tid(page, 'payment-next')).not.toBeEmpty();
  await screenshot(page, 'cashier-09-declined');
  await wedgeScan(page, '130000000000000022');
  await expect(tid(page, 'payment-view')).toHaveAttribute('data-state', 'paid');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '3500');
  await page.keyboard.press('Enter');
  await phase(page, 'idle');

  // ── cash with change ──
  await page.keyboard.press('Alt+3');
  await phase(page, 'building');
  await page.keyboard.press('F2');
  await expect(tid(page, 'cash-dialog')).toBeVisible();
  await page.keyboard.type('50');
  await expect(tid(page, 'cash-change-preview')).toHaveAttribute('data-fen', '1000');
  await screenshot(page, 'cashier-10-cash');
  await page.keyboard.press('Enter');
  await phase(page, 'paid');
  await expect(tid(page, 'cash-change')).toHaveAttribute('data-fen', '1000');
  await screenshot(page, 'cashier-11-cash-change');
  await page.keyboard.press('Enter');
  await phase(page, 'idle');

  // ── park a bill (挂单), serve someone else, resume it (取单) ──
  await page.keyboard.press('Alt+4');
  await phase(page, 'building');
  await page.keyboard.press('F3');
  await phase(page, 'idle');
  await expect(tid(page, 'notice')).toHaveAttribute('data-tone', 'ok');
  await tid(page, 'amount-input').fill('5');
  await page.keyboard.press('Enter');
  await phase(page, 'collect');
  await wedgeScan(page, '130000000000000031');
  await phase(page, 'paid');
  await page.keyboard.press('Enter');
  await phase(page, 'idle');
  await page.keyboard.press('F4');
  await expect(tid(page, 'resume-list')).toHaveAttribute('data-count', '1');
  await screenshot(page, 'cashier-12-resume');
  await page.keyboard.press('Enter');
  await phase(page, 'building');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '2000');
  await page.keyboard.press('F2');
  await expect(tid(page, 'cash-tendered')).toBeFocused();
  await page.keyboard.press('Enter');
  await phase(page, 'paid');
  await page.keyboard.press('Enter');
  await phase(page, 'idle');

  // ── stored-value recharge: card number, amount, payment code ──
  await page.keyboard.press('F8');
  await phase(page, 'recharge-card');
  await screenshot(page, 'cashier-13-recharge-card');
  await wedgeScan(page, '88001234567');
  await phase(page, 'recharge-amount');
  await expect(tid(page, 'bill-card')).toContainText('88001234567');
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  await phase(page, 'collect');
  await expect(tid(page, 'bill-panel')).toHaveAttribute('data-kind', 'recharge');
  await wedgeScan(page, '131010000000000041');
  await phase(page, 'paid');
  await screenshot(page, 'cashier-14-recharge-paid');

  // ── a reload keeps the session and the screen ──
  await page.reload();
  await screen(page, 'counter');
  await phase(page, 'paid');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '10000');
  await page.keyboard.press('Enter');
  await phase(page, 'idle');

  // ── lock and unlock ──
  await page.keyboard.press('F9');
  await screen(page, 'locked');
  await screenshot(page, 'cashier-15-locked');
  await page.keyboard.type('1234');
  await page.keyboard.press('Enter');
  await screen(page, 'counter');

  // ── the gateway charged exactly what was paid, once each ──
  const ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number; doubleCharged: string[] } };
  expect(ledger.totals.doubleCharged).toEqual([]);
  expect(ledger.totals.charged).toBe(4);

  // ── sign out ──
  await page.keyboard.press('F12');
  await expect(tid(page, 'signout-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await screen(page, 'sign-in');
  await screenshot(page, 'cashier-16-signed-out');
});

test('a locked-out operator is told when to try again; Esc stops waiting without cancelling', async ({ page }) => {
  if (!shell) throw new Error('no shell');
  await page.goto(shell.openUrl);
  await screen(page, 'sign-in');
  await tid(page, 'signin-operator').fill('1001');
  for (let i = 0; i < 5; i++) {
    await tid(page, 'signin-pin').fill('0000');
    await tid(page, 'signin-pin').press('Enter');
    // The screen clears the PIN when the core has answered.
    await expect(tid(page, 'signin-pin')).toHaveValue('');
    await expect(tid(page, 'notice')).toHaveAttribute('data-code', /pin-wrong|pin-locked-out/);
  }
  await tid(page, 'signin-pin').fill('1234');
  await tid(page, 'signin-pin').press('Enter');
  await expect(tid(page, 'notice')).toHaveAttribute('data-code', 'pin-locked-out');
  await screenshot(page, 'cashier-17-locked-out');

  // The supervisor can still work.
  await tid(page, 'signin-operator').fill('9001');
  await tid(page, 'signin-pin').fill('9999');
  await tid(page, 'signin-pin').press('Enter');
  await screen(page, 'open-shift');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await tid(page, 'shift-zero-yes').click(); // a ¥0 float is confirmed explicitly
  await phase(page, 'idle');
  await tid(page, 'amount-input').fill('9.90');
  await page.keyboard.press('Enter');
  await phase(page, 'collect');
  // No reply for 40 s: the cashier stops waiting; the attempt stays alive (unconfirmed).
  await wedgeScan(page, '134400000000000051');
  await expect(tid(page, 'payment-view')).toHaveAttribute('data-state', /sent|awaiting-payer/);
  await page.keyboard.press('Escape');
  await phase(page, 'unconfirmed');
  await expect(tid(page, 'payment-next')).not.toBeEmpty();
  await screenshot(page, 'cashier-18-unconfirmed');
  // The counter moves on.
  await page.keyboard.press('Enter');
  await phase(page, 'idle');
});
