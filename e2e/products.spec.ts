import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screenshot, test as base, type ShellInfo } from './fixtures.js';
import { scannerBurst, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * Issue 13, item 5 in the browser shell: on the supervisor screen's 商品 tab (Alt+9) a
 * supervisor adds 矿泉水 with the keyboard; back at the counter F5 finds it by its pinyin
 * initials (kqs) and Enter puts it on the bill. Deactivated, it is no longer found nor
 * scannable. Screenshots: test-results/screenshots/products-*.png (1366×768 and 1024×768,
 * zh-CN and English).
 */

const test = base.extend<{ shell: ShellInfo }>({
  shell: async ({}, use, testInfo) => {
    const shell = await startCounterShell();
    await use(shell);
    await shell.stop();
    if (testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
    else
      testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
  },
});

const tid = (page: Page, id: string) => page.getByTestId(id);
const CODE = '6970000000099';
/** The seeded 矿泉水 (e2e/support/seed-counter.ts). */
const OLD = '6901234567854';

async function openProducts(page: Page): Promise<void> {
  await page.keyboard.press('F11');
  await expect(tid(page, 'supervisor-screen')).toBeVisible();
  // The tabs answer Alt+digit once the supervisor check is in (the tab bar shows).
  await expect(page.getByTestId('sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+9');
  await expect(tid(page, 'supervisor-screen')).toHaveAttribute('data-tab', 'products');
  await expect(tid(page, 'products-search')).toBeFocused();
}

async function closeSupervisor(page: Page): Promise<void> {
  // Esc leaves a filled field first, then the screen.
  for (let i = 0; i < 3 && (await tid(page, 'supervisor-screen').count()) > 0; i++) await page.keyboard.press('Escape');
  await expect(tid(page, 'supervisor-screen')).toHaveCount(0);
}

async function both(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, `${name}-1366`);
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, `${name}-1024`);
  await page.setViewportSize({ width: 1366, height: 768 });
}

test('a product is added, then found by pinyin; deactivated, it is no longer found nor scannable', async ({
  page,
  shell,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(shell.openUrl);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
  await signIn(page, { ...SUPERVISOR, floatYuan: '0' });

  // ── 商品 tab: the counter's old 矿泉水 is switched off with F4 ──
  await openProducts(page);
  await expect(tid(page, 'sup-tab-products')).toHaveText(/商品/);
  await expect(tid(page, 'product-row').first()).toBeVisible();
  await both(page, 'products-01-list');
  await page.keyboard.type('kqs');
  await expect(tid(page, 'product-row')).toHaveCount(1);
  await expect(tid(page, 'product-row')).toHaveAttribute('data-code', OLD);
  await page.keyboard.press('F4');
  await expect(tid(page, 'sup-notice')).toContainText('已停用：矿泉水');
  await expect(tid(page, 'product-row')).toHaveCount(0);
  await tid(page, 'products-inactive').check();
  await expect(page.locator(`[data-testid="product-row"][data-code="${OLD}"]`)).toHaveAttribute('data-active', 'false');
  await both(page, 'products-02-inactive');
  await tid(page, 'products-inactive').uncheck();

  // ── F2 opens the form, Enter saves ──
  await tid(page, 'products-search').focus();
  await page.keyboard.press('F2');
  await expect(tid(page, 'sup-products')).toHaveAttribute('data-mode', 'add');
  await expect(tid(page, 'product-code')).toBeFocused();
  await page.keyboard.type(CODE);
  await page.keyboard.press('Tab');
  await page.keyboard.type('矿泉水');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2.50');
  await both(page, 'products-03-form');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-notice')).toContainText('已新增：矿泉水（助记码 kqs）');
  const row = page.locator(`[data-testid="product-row"][data-code="${CODE}"]`);
  await expect(row).toContainText('kqs');
  await expect(row).toContainText('¥2.50');

  // The same code again is refused, with the item that has it.
  await page.keyboard.press('F2');
  await page.keyboard.type(CODE);
  await page.keyboard.press('Tab');
  await page.keyboard.type('别的水');
  await page.keyboard.press('Tab');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-notice')).toContainText(`编码 ${CODE} 已被“矿泉水”使用`);
  await expect(tid(page, 'product-code')).toHaveAttribute('aria-invalid', 'true');
  await both(page, 'products-04-duplicate');
  await tid(page, 'product-cancel').click();
  await closeSupervisor(page);

  // ── the counter: F5, kqs, Enter ──
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');
  await page.keyboard.press('F5');
  await expect(tid(page, 'search-dialog')).toBeVisible();
  await page.keyboard.type('kqs');
  const hit = page.locator(`[data-testid="search-result"][data-code="${CODE}"]`);
  await expect(hit).toBeVisible();
  // The deactivated 矿泉水 is not offered.
  await expect(tid(page, 'search-result')).toHaveCount(1);
  await both(page, 'products-05-search-kqs');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'search-dialog')).toHaveCount(0);
  await expect(tid(page, 'bill-line')).toHaveCount(1);
  await expect(tid(page, 'bill-line').first()).toContainText('矿泉水');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '250');

  // ── the deactivated item cannot be scanned ──
  await scannerBurst(page, OLD);
  await expect(tid(page, 'notice')).toBeVisible();
  await expect(tid(page, 'bill-line')).toHaveCount(1);
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '250');

  // ── edit: Enter on the picked row; a new name gets a new 助记码 ──
  await openProducts(page);
  await page.keyboard.type(CODE);
  await expect(tid(page, 'product-row')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-products')).toHaveAttribute('data-mode', 'edit');
  await expect(tid(page, 'product-code')).toBeDisabled();
  await expect(tid(page, 'product-name')).toBeFocused();
  await tid(page, 'product-name').fill('矿泉水 大瓶');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-notice')).toContainText('已保存：矿泉水 大瓶（助记码 kqsdp）');
  await expect(page.locator(`[data-testid="product-row"][data-code="${CODE}"]`)).toContainText('kqsdp');
  await closeSupervisor(page);

  // ── English ──
  await tid(page, 'locale-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await openProducts(page);
  await expect(tid(page, 'sup-tab-products')).toHaveText(/Products/);
  await both(page, 'products-06-list-en');
  await page.keyboard.press('F2');
  await both(page, 'products-07-form-en');
});

test('the 商品导入 tab offers the import template as CSV and Excel downloads', async ({ page, shell }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(shell.openUrl);
  await signIn(page, { ...SUPERVISOR, floatYuan: '0' });
  await page.keyboard.press('F11');
  await expect(tid(page, 'sup-who')).toHaveAttribute('data-via', 'session');
  // The tabs answer Alt+digit once the supervisor check is in (the tab bar shows).
  await expect(page.getByTestId('sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+7');
  await expect(tid(page, 'supervisor-screen')).toHaveAttribute('data-tab', 'import');
  await expect(tid(page, 'import-template')).toContainText('下载导入模板');

  const [csv] = await Promise.all([page.waitForEvent('download'), tid(page, 'template-csv').click()]);
  expect(csv.suggestedFilename()).toBe('商品导入模板.csv');
  const text = fs.readFileSync((await csv.path())!, 'utf8');
  expect(text.startsWith('\ufeff编码,名称,价格(元),业务类型,快捷键,启用\r\n')).toBe(true);
  expect(text).toContain('6901234567892,矿泉水 550ml,2.00,2,1,1');
  await expect(tid(page, 'sup-notice')).toContainText('已下载模板：商品导入模板.csv');

  const [xlsx] = await Promise.all([page.waitForEvent('download'), tid(page, 'template-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toBe('商品导入模板.xlsx');
  const bytes = fs.readFileSync((await xlsx.path())!);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  await both(page, 'products-08-import-template');
});
