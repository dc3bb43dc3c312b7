import { expect, sandboxControl, screenshot } from './fixtures.js';
import { counterTest as test, scannerBurst as wedgeScan, signIn } from './support/counter.js';

/**
 * The walking skeleton of a sale through every layer (issue 2): amount → Enter → a
 * keyboard-wedge scan → SQLite → KouDaiLQ sandbox → polling → 支付成功 on screen, and the same
 * state after a reload.
 */

/** An installed counter (setup done, a cashier account), signed in with the shift open. */
test.beforeEach(async ({ page, shell }) => {
  await page.goto(shell.openUrl);
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-hydrated', 'yes');
  await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'open');
  await signIn(page);
});

test('a sandbox sale with a password wait is paid, survives a reload, and the counter moves on', async ({
  page,
  shell,
}) => {
  await expect(page.getByTestId('sandbox-badge')).toBeVisible();
  await screenshot(page, '01-idle');

  await page.getByTestId('amount-input').fill('12.50');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'collect');
  await expect(page.getByTestId('bill-total')).toHaveAttribute('data-fen', '1250');
  await screenshot(page, '02-collect');

  // 13 1 02 …: the payer types a password for 2 seconds, then the sandbox marks it paid.
  await wedgeScan(page, '131020000000000001');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', /sent|awaiting-payer/);
  await expect(page.getByTestId('bill-locked')).toBeVisible();
  await screenshot(page, '03-awaiting-payer');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'paid');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'paid');
  await screenshot(page, '04-paid');

  // The sandbox charged exactly once.
  const ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number; doubleCharged: string[] } };
  expect(ledger.totals.charged).toBe(1);
  expect(ledger.totals.doubleCharged).toEqual([]);

  // The truth is in the store: a reload shows the same paid bill.
  await page.reload();
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-hydrated', 'yes');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'paid');
  await expect(page.getByTestId('bill-total')).toHaveAttribute('data-fen', '1250');

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'idle');
});

test('a declined payment says why and what to do, and a rescan of the same bill pays', async ({ page }) => {
  await page.getByTestId('amount-input').fill('8');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'collect');

  // 13 2 00 …: declined, insufficient balance.
  await wedgeScan(page, '132000000000000001');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'declined');
  await expect(page.getByTestId('payment-reason')).toContainText('余额不足');
  await expect(page.getByTestId('payment-next')).not.toBeEmpty();
  await screenshot(page, '05-declined');

  await wedgeScan(page, '130000000000000002');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'paid');
  await expect(page.getByTestId('bill-total')).toHaveAttribute('data-fen', '800');
});

test('bad amounts and an over-long code get a clear message and send nothing', async ({ page, shell }) => {
  for (const bad of ['0', '-5', '12.345', '100000000']) {
    await page.getByTestId('amount-input').fill(bad);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('notice')).toHaveAttribute('data-tone', 'error');
    await expect(page.getByTestId('bill-panel')).toHaveAttribute('data-status', 'none');
  }
  await screenshot(page, '06-bad-amount');

  await page.getByTestId('amount-input').fill('3.20');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'collect');
  await page.getByTestId('paycode-input').fill('1'.repeat(41));
  await page.getByTestId('paycode-input').press('Enter');
  await expect(page.getByTestId('notice')).toHaveAttribute('data-tone', 'error');
  await expect(page.getByTestId('notice')).toContainText('40');
  const stats = (await sandboxControl(shell, 'stats')) as { barCodeRequests: number };
  expect(stats.barCodeRequests).toBe(0);
});
