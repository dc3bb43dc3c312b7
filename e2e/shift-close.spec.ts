import type { Page } from '@playwright/test';
import { finishShell, expect, screenshot, test, type ShellInfo } from './fixtures.js';
import { CASHIER, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * Issue 11 item 24: opening a shift with a ¥0 float takes an explicit confirmation; at 交班 the
 * screen says what blocks the close before anyone counts, and the drawer count survives
 * switching tabs until the close is done or cancelled.
 */
let shell: ShellInfo | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await finishShell(shell, testInfo);
});

const tid = (page: Page, id: string) => page.getByTestId(id);

test('an empty Enter does not open a shift with a ¥0 float; a typed float opens at once; ¥0 needs the confirmation', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  const root = tid(page, 'app-root');
  await expect(root).toHaveAttribute('data-screen', 'sign-in');
  await tid(page, 'signin-operator').fill(CASHIER.operatorNo);
  await tid(page, 'signin-pin').fill(CASHIER.pin);
  await tid(page, 'signin-pin').press('Enter');
  await expect(root).toHaveAttribute('data-screen', 'open-shift');

  await expect(tid(page, 'shift-float')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tid(page, 'shift-zero-confirm')).toBeVisible();
  await expect(tid(page, 'shift-zero-confirm')).toContainText('¥0');
  await screenshot(page, 'shift-01-zero-float-ask-1024');
  // A second Enter in the field still does not open it.
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-screen', 'open-shift');
  // Typing a float drops the question.
  await page.keyboard.type('0.00');
  await expect(tid(page, 'shift-zero-confirm')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'shift-zero-confirm')).toBeVisible();
  await tid(page, 'shift-zero-yes').click();
  await expect(root).toHaveAttribute('data-screen', 'counter');
});

test('交班 says a bill on the counter blocks the close before counting, and keeps the count across tabs until cancelled', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '200' });

  // A bill is open on the counter.
  await tid(page, 'amount-input').fill('12');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'collect');

  await page.keyboard.press('F11');
  await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-who')).toHaveAttribute('data-operator-no', SUPERVISOR.operatorNo);
  await tid(page, 'sup-tab-close').click();

  // Before a single note is counted: what blocks the close, and the button is off.
  await expect(tid(page, 'close-blockers')).toBeVisible();
  await expect(tid(page, 'close-blocker-bill')).toContainText('¥12.00');
  await expect(tid(page, 'close-submit')).toBeDisabled();
  await screenshot(page, 'shift-02-close-blocked-1024');

  // Count; switch tabs; the count is still there.
  await tid(page, 'count-10000').fill('2');
  await tid(page, 'count-500').fill('3');
  await tid(page, 'close-note').fill('点钞中');
  await expect(tid(page, 'close-counted')).toHaveAttribute('data-fen', '21500');
  await tid(page, 'sup-tab-x').click();
  await expect(tid(page, 'sup-x')).toBeVisible();
  await tid(page, 'sup-tab-close').click();
  await expect(tid(page, 'count-10000')).toHaveValue('2');
  await expect(tid(page, 'count-500')).toHaveValue('3');
  await expect(tid(page, 'close-note')).toHaveValue('点钞中');
  await expect(tid(page, 'close-counted')).toHaveAttribute('data-fen', '21500');
  // Still blocked while the bill is open, count or no count.
  await expect(tid(page, 'close-submit')).toBeDisabled();
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'shift-03-count-kept-1366');

  // Cancelling the close clears the count.
  await tid(page, 'close-cancel').click();
  await expect(tid(page, 'count-10000')).toHaveValue('');
  await expect(tid(page, 'close-counted')).toHaveAttribute('data-fen', '0');
});
