import fs from 'node:fs';
import path from 'node:path';
import { finishShell, expect, screenshot, startShell, test, type ShellInfo } from './fixtures.js';
import { startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * The README's quick start, as a new user meets it: a new data folder, first-run setup with the
 * sandbox gateway and a first supervisor, sign-in with that supervisor, the float, and a sandbox
 * sale paid by a typed payment code — all from the keyboard.
 */
let shell: ShellInfo | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await finishShell(shell, testInfo);
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

test('系统设置 later: from the sign-in screen, behind a supervisor PIN checked in main', async ({ page }) => {
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  const root = page.getByTestId('app-root');
  await expect(root).toHaveAttribute('data-screen', 'sign-in');

  await page.getByTestId('signin-settings').click();
  const setup = page.getByTestId('setup-screen');
  await expect(setup).toHaveAttribute('data-phase', 'auth');
  // A wrong PIN (or a cashier) is refused by the core; the settings stay closed.
  await page.getByTestId('setup-auth-operator').fill(SUPERVISOR.operatorNo);
  await page.getByTestId('setup-auth-pin').fill('000000');
  await page.getByTestId('setup-auth-submit').click();
  await expect(page.getByTestId('setup-message')).toHaveAttribute('data-tone', 'error');
  await expect(setup).toHaveAttribute('data-phase', 'auth');
  await page.getByTestId('setup-auth-pin').fill(SUPERVISOR.pin);
  await page.getByTestId('setup-auth-submit').click();
  await expect(setup).toHaveAttribute('data-phase', 'form');
  await expect(setup).toHaveAttribute('data-first-run', 'no');
  await screenshot(page, 'settings-01-form');

  await page.getByTestId('setup-paper-58').check();
  await page.getByTestId('setup-save').click();
  await expect(page.getByTestId('setup-message')).toHaveAttribute('data-tone', 'ok');
  const onDisk = JSON.parse(fs.readFileSync(path.join(shell.dataDir, 'config.json'), 'utf8')) as {
    printer?: { paperWidthMm?: number };
  };
  expect(onDisk.printer?.paperWidthMm).toBe(58);

  await page.getByTestId('setup-close').click();
  await expect(root).toHaveAttribute('data-screen', 'sign-in');
  await expect(page.getByTestId('signin-screen')).toBeVisible();
});

test('系统设置 asks for the supervisor PIN at every opening; Enter in 工号 moves to 密码 and the PIN is never shown', async ({
  page,
}) => {
  shell = await startCounterShell();
  for (const [width, height] of [
    [1024, 768],
    [1366, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(shell.openUrl);
    const root = page.getByTestId('app-root');
    await expect(root).toHaveAttribute('data-screen', 'sign-in');
    await page.getByTestId('signin-settings').click();
    const setup = page.getByTestId('setup-screen');
    await expect(setup).toHaveAttribute('data-phase', 'auth');
    const operator = page.getByTestId('setup-auth-operator');
    const pin = page.getByTestId('setup-auth-pin');
    await expect(operator).toBeFocused();
    await expect(pin).toHaveAttribute('type', 'password');

    // The supervisor types the number, Enter, the PIN, Enter — as on the sign-in screen.
    await page.keyboard.type(SUPERVISOR.operatorNo);
    await page.keyboard.press('Enter');
    await expect(pin).toBeFocused();
    await expect(setup).toHaveAttribute('data-phase', 'auth'); // Enter did not submit
    await page.keyboard.type(SUPERVISOR.pin);
    await expect(operator).toHaveValue(SUPERVISOR.operatorNo); // the PIN did not land in the visible field
    await screenshot(page, `settings-auth-${width}`);
    await page.keyboard.press('Enter');
    await expect(setup).toHaveAttribute('data-phase', 'form');
    await screenshot(page, `settings-form-${width}`);

    // Closing ends the authorisation in main: the next opening asks again, even right away.
    await page.getByTestId('setup-close').click();
    await expect(root).toHaveAttribute('data-screen', 'sign-in');
    await page.getByTestId('signin-settings').click();
    await expect(page.getByTestId('setup-screen')).toHaveAttribute('data-phase', 'auth');
    // A reload (a new connection) does not carry an authorisation either.
    await page.reload();
    await expect(root).toHaveAttribute('data-screen', 'sign-in');
    await page.getByTestId('signin-settings').click();
    await expect(page.getByTestId('setup-screen')).toHaveAttribute('data-phase', 'auth');
    await page.getByRole('button', { name: '关闭' }).click();
    await expect(page.getByTestId('signin-screen')).toBeVisible();
  }
});

test('after a supervisor signs out, 系统设置 still asks for the PIN; the sign-in screen moves from 工号 to 密码 on Enter', async ({
  page,
}) => {
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  const root = page.getByTestId('app-root');
  await expect(root).toHaveAttribute('data-screen', 'sign-in');
  await page.getByTestId('signin-operator').fill(SUPERVISOR.operatorNo);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signin-pin')).toBeFocused();
  await page.keyboard.type(SUPERVISOR.pin);
  await expect(page.getByTestId('signin-operator')).toHaveValue(SUPERVISOR.operatorNo);
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-screen', /^(open-shift|counter)$/);
  if ((await root.getAttribute('data-screen')) === 'open-shift') {
    await page.getByTestId('shift-float').fill('100');
    await page.getByTestId('shift-float').press('Enter');
  }
  await expect(root).toHaveAttribute('data-screen', 'counter');
  // Sign out (F12), then open 系统设置 from the sign-in screen.
  await page.keyboard.press('F12');
  await expect(page.getByTestId('signout-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-screen', 'sign-in');
  await page.getByTestId('signin-settings').click();
  await expect(page.getByTestId('setup-screen')).toHaveAttribute('data-phase', 'auth');
});
