import fs from 'node:fs';
import { expect, screenshot, startShell, test, type ShellInfo } from './fixtures.js';

/**
 * The README's quick start, as a new user meets it: a new data folder, first-run setup with the
 * sandbox gateway and a first supervisor, sign-in with that supervisor, the float, and a sandbox
 * sale paid by a typed payment code — all from the keyboard.
 */
let shell: ShellInfo | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await shell.stop();
  if (testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
  else testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
});

test('a new counter: first-run setup, sign in as the new supervisor, and a sandbox sale', async ({ page }) => {
  shell = await startShell();
  await page.goto(shell.openUrl);
  const root = page.getByTestId('app-root');
  await expect(root).toHaveAttribute('data-hydrated', 'yes');
  await expect(page.getByTestId('setup-screen')).toHaveAttribute('data-first-run', 'yes');

  // Keep the defaults (terminal T01, sandbox gateway); create the first supervisor.
  await page.getByTestId('setup-sup-no').fill('9001');
  await page.getByTestId('setup-sup-name').fill('王主管');
  await page.getByTestId('setup-sup-pin').fill('246810');
  await page.getByTestId('setup-sup-pin2').fill('246810');
  await page.getByTestId('setup-sup-pin2').press('Enter');

  // Nothing needed a restart: the counter goes straight on to sign-in.
  await expect(root).toHaveAttribute('data-screen', 'sign-in');
  await page.getByTestId('signin-operator').fill('9001');
  await page.keyboard.press('Enter');
  await page.keyboard.type('246810');
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-screen', 'open-shift');
  await page.keyboard.type('100');
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-screen', 'counter');

  await page.getByTestId('amount-input').fill('12.50');
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'collect');
  await page.getByTestId('paycode-input').fill('130000000000000009');
  await page.getByTestId('paycode-input').press('Enter');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'paid');
  await expect(page.getByTestId('status-text')).toContainText('支付成功');
  await screenshot(page, 'first-run-sale-paid');
});
