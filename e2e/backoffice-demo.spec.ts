import type { Page } from '@playwright/test';
import { expect, finishShell, screenshot, test, type ShellInfo } from './fixtures.js';
import { CASHIER, signIn, startCounterShell } from './support/counter.js';

/**
 * `npm start` on a fresh machine: nothing configured, so the gateway is the embedded sandbox and
 * the three back offices run on embedded simulators with demo data (main/backoffice/sandbox.ts).
 * Each back-office screen must work there as a person would first try it.
 */
let shell: ShellInfo | undefined;
test.afterEach(async ({}, testInfo) => {
  if (shell) await finishShell(shell, testInfo);
});

const tid = (page: Page, id: string) => page.getByTestId(id);

test('the demo back offices: a Xiaobao student found by name, a KesionEDU preview, a campus student', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '200' });
  await expect(tid(page, 'backoffice-pill-demo')).toBeVisible();

  // 校宝学员: the demo students have recent orders, so the finder finds them by name, and a balance.
  await page.keyboard.press('Control+y');
  await expect(tid(page, 'xb-query')).toBeFocused();
  await page.keyboard.type('张');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-student-row')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-card-name')).toHaveText('张小明');
  await expect(tid(page, 'xb-card-balance')).toHaveAttribute('data-fen', '50000');
  await screenshot(page, 'demo-xiaobao-card-1366');
  await page.getByTestId('dialog-close').click();
  await expect(tid(page, 'xiaobao-dialog')).toHaveCount(0);

  // 机构报名: a course preview with the institution's balance.
  await page.keyboard.press('Control+j');
  await expect(tid(page, 'kesion-course-ids')).toBeFocused();
  await tid(page, 'kesion-course-ids').fill('101');
  await tid(page, 'kesion-students').fill('stu01');
  await page.keyboard.press('Control+Enter');
  await expect(tid(page, 'kesion-course')).toHaveCount(1);
  await expect(tid(page, 'kesion-total')).toContainText('¥');
  await screenshot(page, 'demo-kesion-preview-1366');
  await page.getByTestId('dialog-close').click();

  // 校园卡套餐: a demo student and their packages.
  await page.keyboard.press('Control+k');
  await expect(tid(page, 'campus-user-id')).toBeFocused();
  await page.keyboard.type('10129580');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'campus-name')).not.toBeEmpty();
  await expect(tid(page, 'campus-items').locator('[data-testid^="campus-item-"]').first()).toBeVisible();
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'demo-campus-student-1024');
});
