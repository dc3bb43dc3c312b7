import type { Page } from '@playwright/test';
import { finishShell, expect, screenshot, startShell, test, type ShellInfo } from './fixtures.js';
import { CASHIER, cashSale, seededDataDir, signIn, SUPERVISOR } from './support/counter.js';

/**
 * Issue 11 item 25: the receipt preview uses the paper width saved in 系统设置 (also after a
 * restart), prints the shop name and header / footer lines, and printing says what happened.
 */
let shell: ShellInfo | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await finishShell(shell, testInfo);
});

const tid = (page: Page, id: string) => page.getByTestId(id);

const CONFIG = {
  setup: { completedAt: new Date().toISOString(), completedBy: SUPERVISOR.operatorNo },
  printer: { paperWidthMm: 58 },
  receipt: {
    shopName: '西湖景区售票处',
    headerLines: ['杭州市西湖区龙井路 1 号'],
    footerLines: ['谢谢惠顾，欢迎再来'],
  },
};

async function cashSaleThenReceipt(page: Page, amount: string): Promise<void> {
  await cashSale(page, amount, { clear: false });
  await page.keyboard.press('F10');
  await expect(tid(page, 'receipt-dialog')).toBeVisible();
}

test('the preview uses the saved 58 mm width, also after a restart, with the shop texts; printing gives a notice', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const dataDir = seededDataDir();
  shell = await startShell({ dataDir, config: CONFIG });
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '100' });
  await cashSaleThenReceipt(page, '12');

  const paper = page.locator('.receipt-paper');
  await expect(paper).toHaveAttribute('data-paper', '58');
  await expect(paper).toHaveAttribute('data-saved-paper', '58');
  const preview = () => tid(page, 'receipt-preview').evaluate((el) => el.shadowRoot?.textContent ?? '');
  await expect.poll(preview).toContain('西湖景区售票处');
  expect(await preview()).toContain('杭州市西湖区龙井路 1 号');
  expect(await preview()).toContain('谢谢惠顾，欢迎再来');
  // Nothing in the 58 mm preview is wider than the paper.
  const overflow = await tid(page, 'receipt-preview').evaluate((el) => {
    const r = el.shadowRoot?.querySelector('.receipt') as HTMLElement | null;
    return r ? [...r.querySelectorAll<HTMLElement>('*')].filter((c) => c.scrollWidth > r.clientWidth + 1).length : -1;
  });
  expect(overflow).toBe(0);

  // Print: the dialog says what happened (the browser shell hands it to the browser's print).
  await page.evaluate(() => {
    (window as unknown as { print: () => void }).print = () => undefined;
  });
  await tid(page, 'receipt-print').click();
  await expect(tid(page, 'receipt-print-result')).toHaveAttribute('data-state', 'browser');
  await expect(tid(page, 'receipt-print-result')).toContainText('58 mm');
  await screenshot(page, 'receipt-01-58mm-notice-1024');

  // Looking at 80 mm in the preview does not change what is saved.
  await tid(page, 'receipt-paper-80').click();
  await expect(paper).toHaveAttribute('data-paper', '80');

  // Restart on the same data folder: the preview is at the saved 58 mm again.
  await shell.stop();
  shell = await startShell({ dataDir });
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '100' });
  await cashSaleThenReceipt(page, '8');
  await expect(paper).toHaveAttribute('data-paper', '58');
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'receipt-02-after-restart-1366');
});
