import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screenshot, test, type ShellInfo } from './fixtures.js';
import { CASHIER, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * Issue 13 item 1, 操作员: from the supervisor screen (F11, Alt+8) a supervisor adds a cashier
 * who then signs in and sells; resets a PIN so the operator sets a new one at the next sign-in;
 * disables an operator, whose sign-in is then refused with words; and cannot disable the last
 * supervisor. Keyboard only. Screenshots: test-results/screenshots/operators-*.png.
 */
let shell: ShellInfo | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await shell.stop();
  if (testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
  else
    testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
});

const tid = (page: Page, id: string) => page.getByTestId(id);
const screen = (page: Page, s: string) => expect(tid(page, 'app-root')).toHaveAttribute('data-screen', s);

/** F11 as the signed-in supervisor, then the 操作员 tab (Alt+8); the list has the focus. */
async function openOperators(page: Page): Promise<void> {
  await page.keyboard.press('F11');
  await expect(tid(page, 'sup-tab-operators')).toBeVisible();
  // The tabs answer Alt+digit once the supervisor check is in (the tab bar shows).
  await expect(page.getByTestId('sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+8');
  await expect(tid(page, 'supervisor-screen')).toHaveAttribute('data-tab', 'operators');
  await expect(tid(page, 'ops-list')).toBeFocused();
}

/** ↓ until the operator's row is selected. */
async function select(page: Page, operatorNo: string): Promise<void> {
  const row = tid(page, `ops-row-${operatorNo}`);
  for (let i = 0; i < 10 && (await row.getAttribute('aria-selected')) !== 'true'; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(row).toHaveAttribute('aria-selected', 'true');
}

/** Esc out of the supervisor screen, F12 and Enter: back on the sign-in screen. */
async function signOut(page: Page): Promise<void> {
  if (await tid(page, 'supervisor-screen').isVisible()) {
    await page.keyboard.press('Escape');
    await expect(tid(page, 'supervisor-screen')).toHaveCount(0);
  }
  await page.keyboard.press('F12');
  await expect(tid(page, 'signout-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await screen(page, 'sign-in');
}

async function typeSignIn(page: Page, operatorNo: string, pin: string): Promise<void> {
  await tid(page, 'signin-operator').fill(operatorNo);
  await tid(page, 'signin-pin').fill(pin);
  await tid(page, 'signin-pin').press('Enter');
}

test('a supervisor adds a cashier, who signs in and sells for cash', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...SUPERVISOR, floatYuan: '100' });
  await openOperators(page);
  await expect(tid(page, `ops-row-${SUPERVISOR.operatorNo}`)).toHaveAttribute('data-role', 'supervisor');
  await screenshot(page, 'operators-01-list-1366-zh');

  // N: the form; Enter moves from field to field and the last one saves.
  await page.keyboard.press('n');
  await expect(tid(page, 'ops-add-no')).toBeFocused();
  await page.keyboard.type('1002');
  await page.keyboard.press('Enter');
  await page.keyboard.type('王五');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'ops-add-role')).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.type('2580');
  await page.keyboard.press('Enter');
  await page.keyboard.type('2581');
  await screenshot(page, 'operators-02-add-1366-zh');
  await page.keyboard.press('Enter');
  // Two different PINs: said on screen, nothing saved.
  await expect(tid(page, 'sup-notice')).toHaveAttribute('data-tone', 'error');
  await expect(tid(page, 'sup-notice')).toContainText('两次输入的密码不一致');
  await tid(page, 'ops-add-pin2').fill('2580');
  await tid(page, 'ops-add-pin2').press('Enter');
  await expect(tid(page, 'ops-row-1002')).toHaveAttribute('data-role', 'cashier');
  await expect(tid(page, 'sup-notice')).toContainText('已新增收银员：王五（1002）');
  await expect(tid(page, 'ops-list')).toBeFocused();

  // The new cashier signs in with that PIN (the shift is open) and sells for cash.
  await signOut(page);
  await typeSignIn(page, '1002', '2580');
  await screen(page, 'counter');
  // Quick keys answer once they are on screen (loaded after the sign-in).
  await expect(tid(page, 'quick-key-3')).toBeVisible();
  await page.keyboard.press('Alt+3');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'building');
  await page.keyboard.press('F2');
  await expect(tid(page, 'cash-dialog')).toBeVisible();
  await page.keyboard.type('50');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'paid');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');

  // Back as the supervisor: the list shows when 1002 last signed in.
  await signOut(page);
  await signIn(page, SUPERVISOR);
  await openOperators(page);
  await expect(tid(page, 'ops-row-1002')).not.toContainText('从未登录');
});

test('reset PIN: the operator sets a new one at sign-in; disable: sign-in refused with words; the last supervisor stays', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...SUPERVISOR, floatYuan: '100' });
  await openOperators(page);
  await screenshot(page, 'operators-03-list-1024-zh');

  // The last supervisor cannot be disabled: a clear message, nothing changes.
  await select(page, SUPERVISOR.operatorNo);
  await page.keyboard.press('d');
  await expect(tid(page, 'sup-notice')).toHaveAttribute('data-code', 'last-supervisor');
  await expect(tid(page, 'sup-notice')).toContainText('最后一位在用的主管');
  await expect(tid(page, `ops-row-${SUPERVISOR.operatorNo}`)).toHaveAttribute('data-active', 'true');

  // Reset the cashier's PIN (Enter → the actions, → to 重置密码, Enter).
  await select(page, CASHIER.operatorNo);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'ops-add')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(tid(page, 'ops-reset')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tid(page, 'ops-reset-pin')).toBeFocused();
  await page.keyboard.type('5555');
  await page.keyboard.press('Enter');
  await page.keyboard.type('5555');
  await screenshot(page, 'operators-04-reset-1024-zh');
  await page.keyboard.press('Enter');
  await expect(tid(page, `ops-row-${CASHIER.operatorNo}`)).toHaveAttribute('data-must-change', 'true');

  // The old PIN no longer works; the temporary one asks for a new PIN twice before anything else.
  await signOut(page);
  await typeSignIn(page, CASHIER.operatorNo, CASHIER.pin);
  await expect(tid(page, 'notice')).toHaveAttribute('data-code', 'pin-wrong');
  await typeSignIn(page, CASHIER.operatorNo, '5555');
  await expect(tid(page, 'signin-newpin')).toBeVisible();
  await expect(tid(page, 'signin-newpin-1')).toBeFocused();
  await page.keyboard.type('6666');
  await page.keyboard.press('Enter');
  await page.keyboard.type('6667');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'notice')).toContainText('两次输入的新密码不一致');
  await expect(tid(page, 'signin-newpin-2')).toBeFocused();
  await page.keyboard.type('6666');
  await screenshot(page, 'operators-05-new-pin-1024-zh');
  await page.keyboard.press('Enter');
  await screen(page, 'counter');

  // Disable the cashier: their sign-in is refused, in words.
  await signOut(page);
  await signIn(page, SUPERVISOR);
  await openOperators(page);
  await expect(tid(page, `ops-row-${CASHIER.operatorNo}`)).toHaveAttribute('data-must-change', 'false');
  await select(page, CASHIER.operatorNo);
  await page.keyboard.press('d');
  await expect(tid(page, `ops-row-${CASHIER.operatorNo}`)).toHaveAttribute('data-active', 'false');
  await expect(tid(page, 'sup-notice')).toContainText('已停用：张三（1001）');
  await signOut(page);
  await typeSignIn(page, CASHIER.operatorNo, '6666');
  await expect(tid(page, 'notice')).toHaveAttribute('data-code', 'operator-disabled');
  await expect(tid(page, 'notice')).toContainText('此工号已停用');
  await screen(page, 'sign-in');
  await screenshot(page, 'operators-06-disabled-1024-zh');
});

test('a locked-out cashier is unlocked from 操作员 (U) and signs in at once', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await screen(page, 'sign-in');
  for (let i = 0; i < 5; i++) {
    await typeSignIn(page, CASHIER.operatorNo, '0000');
    await expect(tid(page, 'signin-pin')).toHaveValue('');
  }
  await typeSignIn(page, CASHIER.operatorNo, CASHIER.pin);
  await expect(tid(page, 'notice')).toHaveAttribute('data-code', 'pin-locked-out');

  await signIn(page, { ...SUPERVISOR, floatYuan: '100' });
  await openOperators(page);
  await expect(tid(page, `ops-row-${CASHIER.operatorNo}`)).toHaveAttribute('data-locked', 'true');
  await select(page, CASHIER.operatorNo);
  await page.keyboard.press('u');
  await expect(tid(page, `ops-row-${CASHIER.operatorNo}`)).toHaveAttribute('data-locked', 'false');
  await expect(tid(page, 'sup-notice')).toContainText('已解锁：张三（1001）');
  await signOut(page);
  await typeSignIn(page, CASHIER.operatorNo, CASHIER.pin);
  await screen(page, 'counter');
});

test('the 操作员 tab in English at 1366×768 and 1024×768', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...SUPERVISOR, floatYuan: '100' });
  await tid(page, 'locale-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await openOperators(page);
  await expect(tid(page, 'sup-operators')).toContainText('Role permissions');
  await screenshot(page, 'operators-07-list-1366-en');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.keyboard.press('n');
  await expect(tid(page, 'ops-add-no')).toBeFocused();
  await screenshot(page, 'operators-08-add-1024-en');
  // Esc leaves the form (not the supervisor screen).
  await page.keyboard.press('Escape');
  await expect(tid(page, 'ops-add-form')).toHaveCount(0);
  await expect(tid(page, 'supervisor-screen')).toBeVisible();

  // A permission is granted to the cashier role from the keyboard (Space on its box), and kept.
  await tid(page, 'ops-perm-cash-move').focus();
  await page.keyboard.press('Space');
  await expect(tid(page, 'sup-notice')).toHaveText('Permissions saved');
  await expect(tid(page, 'ops-perm-cash-move')).toBeChecked();
  // The tabs answer Alt+digit once the supervisor check is in (the tab bar shows).
  await expect(page.getByTestId('sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+1');
  // The tabs answer Alt+digit once the supervisor check is in (the tab bar shows).
  await expect(page.getByTestId('sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+8');
  await expect(tid(page, 'ops-perm-cash-move')).toBeChecked();
});
