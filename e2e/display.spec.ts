import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, sandboxControl, screenshot, test as base, type ShellInfo } from './fixtures.js';
import { solidPng } from './support/png.js';
import { scannerBurst as wedgeScan, signIn, startCounterShell } from './support/counter.js';

/**
 * The customer display (issue 14, item 1): two pages, the counter and the display at /display
 * (opened with its own read-only token). A barcode sale: the display shows the items and the
 * amount, 请出示付款码, then 支付成功; idle, it runs the slideshow from the installer's folder.
 */

type DisplayShell = ShellInfo & { displayUrl: string; slidesDir: string };

const test = base.extend<{ dshell: DisplayShell }>({
  dshell: async ({}, use, testInfo) => {
    const slidesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpay-e2e-slides-'));
    fs.writeFileSync(path.join(slidesDir, 'a-welcome.png'), solidPng(960, 540, [20, 90, 160]));
    fs.writeFileSync(path.join(slidesDir, 'b-offer.png'), solidPng(960, 540, [170, 60, 40]));
    // Not images, or not inside the folder: never shown.
    fs.writeFileSync(path.join(slidesDir, 'notes.txt'), 'not an image');
    const shell = (await startCounterShell({
      config: { display: { slidesDir, slideIntervalMs: 1000 } },
    })) as DisplayShell;
    await use({ ...shell, slidesDir });
    await shell.stop();
    if (testInfo.status === testInfo.expectedStatus) {
      fs.rmSync(shell.dataDir, { recursive: true, force: true });
      fs.rmSync(slidesDir, { recursive: true, force: true });
    } else
      testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
  },
});

async function openDisplay(browser: Browser, dshell: DisplayShell): Promise<Page> {
  const display = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await display.goto(dshell.displayUrl);
  await expect(display.getByTestId('display')).toHaveAttribute('data-linked', 'yes');
  return display;
}

/** Screenshots of the display at 1366×768 and 1024×768. */
async function shots(display: Page, name: string): Promise<void> {
  await display.setViewportSize({ width: 1366, height: 768 });
  await screenshot(display, `display-${name}-1366`);
  await display.setViewportSize({ width: 1024, height: 768 });
  await screenshot(display, `display-${name}-1024`);
  await display.setViewportSize({ width: 1366, height: 768 });
}

test('the display has its own token, separate from the counter', async ({ dshell: shell }) => {
  const counterToken = new URL(shell.openUrl).hash;
  const displayToken = new URL(shell.displayUrl).hash;
  expect(new URL(shell.displayUrl).pathname).toBe('/display');
  expect(displayToken).toMatch(/^#token=.{16,}$/);
  expect(displayToken).not.toBe(counterToken);
  expect(shell.output()).toContain(`Customer display (read-only): ${shell.displayUrl}`);
});

test('idle: the slideshow shows the two images of the folder, one after the other', async ({
  browser,
  dshell: shell,
}) => {
  const display = await openDisplay(browser, shell);
  const root = display.getByTestId('display');
  await expect(root).toHaveAttribute('data-phase', 'idle');
  await expect(display.getByTestId('display-slides')).toHaveAttribute('data-count', '2');
  const slide = display.getByTestId('display-slide');
  await expect(slide).toHaveAttribute('data-name', 'a-welcome.png');
  await expect.poll(() => slide.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(960);
  await shots(display, 'idle-slide');
  // The interval is 1 s: the second image follows.
  await expect(slide).toHaveAttribute('data-name', 'b-offer.png');
  await expect.poll(() => slide.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(960);
  // Only the images inside the folder are served.
  const base = new URL(shell.displayUrl).origin;
  expect((await display.request.get(`${base}/slides/notes.txt`)).status()).toBe(404);
  expect((await display.request.get(`${base}/slides/..%2Fconfig.json`)).status()).toBe(404);
  expect((await display.request.get(`${base}/slides/a-welcome.png`)).headers()['content-type']).toBe('image/png');
  await display.close();
});

test('a barcode sale: the display shows the items and amount, 请出示付款码, then 支付成功', async ({
  page,
  browser,
  dshell: shell,
}) => {
  const display = await openDisplay(browser, shell);
  const root = display.getByTestId('display');
  await expect(root).toHaveAttribute('data-phase', 'idle');

  await page.goto(shell.openUrl);
  await signIn(page, { operatorNo: '1001', pin: '1234', floatYuan: '200' });
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'idle');

  // Two tickets scanned at the counter: the display shows them and the amount due.
  await wedgeScan(page, '6901234567892');
  await wedgeScan(page, '6901234567809');
  await expect(page.getByTestId('bill-line')).toHaveCount(2);
  await expect(root).toHaveAttribute('data-phase', 'due');
  const lines = display.getByTestId('display-lines').locator('li');
  await expect(lines).toHaveCount(2);
  await expect(lines.and(display.locator('[data-index="0"]'))).toContainText('成人票');
  await expect(lines.and(display.locator('[data-index="1"]'))).toContainText('儿童票');
  // Newest first on screen.
  await expect(lines.first()).toContainText('儿童票');
  await expect(display.getByTestId('display-due')).toHaveText('¥120.00');
  await expect(display.getByTestId('display-show-code')).toHaveText('请出示付款码');
  await shots(display, 'due');

  // Nothing private reaches the display: no operator, no name of the cashier, no bill number.
  const text = (await root.innerText()) + (await root.innerHTML());
  expect(text).not.toContain('张三');
  expect(text).not.toContain('1001');

  // Collect: the payer types a password for 2 s, then the sandbox marks it paid.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'collect');
  await wedgeScan(page, '131020000000000011');
  await expect(root).toHaveAttribute('data-phase', 'paying');
  await expect(display.getByTestId('display-paying')).toBeVisible();
  await shots(display, 'paying');
  expect(await root.innerHTML()).not.toContain('131020000000000011');

  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'paid');
  await expect(root).toHaveAttribute('data-phase', 'paid');
  await expect(display.getByTestId('display-paid')).toContainText('支付成功');
  await expect(display.getByTestId('display-paid')).toContainText('¥120.00');
  await shots(display, 'paid');

  // The cashier moves on: the display goes back to the slideshow.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'idle');
  await expect(root).toHaveAttribute('data-phase', 'idle');
  await expect(display.getByTestId('display-slides')).toBeVisible();
  await display.close();
});

test('a QR sale: the display shows the payment QR the counter issued, then 支付成功', async ({
  page,
  browser,
  dshell: shell,
}) => {
  const display = await openDisplay(browser, shell);
  const root = display.getByTestId('display');
  await page.goto(shell.openUrl);
  await signIn(page, { operatorNo: '1001', pin: '1234', floatYuan: '200' });
  await page.getByTestId('amount-input').fill('36.00');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'collect');
  await expect(root).toHaveAttribute('data-phase', 'due');

  // The cashier shows a QR instead of scanning: the display shows the same QR to the payer.
  await page.keyboard.press('Control+q');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'awaiting-payer');
  const content = await page.getByTestId('payment-qr').getAttribute('data-content');
  expect(content).toMatch(/^https:\/\//);
  await expect(root).toHaveAttribute('data-phase', 'paying');
  await expect(display.getByTestId('display-qr')).toHaveAttribute('data-pay-type', 'dynamicPay');
  await expect(display.getByTestId('payment-qr')).toHaveAttribute('data-content', content!);
  await expect(display.getByTestId('payment-qr').locator('svg')).toBeVisible();
  await shots(display, 'qr');

  // The payer scans it and pays.
  await sandboxControl(shell, 'qr/pay', {});
  await expect(root).toHaveAttribute('data-phase', 'paid');
  await expect(display.getByTestId('display-paid')).toContainText('¥36.00');
  await expect(display.getByTestId('payment-qr')).toHaveCount(0);
  await display.close();
});

test('a declined payment: 支付失败 with a short reason, no raw code', async ({ page, browser, dshell: shell }) => {
  const display = await openDisplay(browser, shell);
  const root = display.getByTestId('display');
  await page.goto(shell.openUrl);
  await signIn(page, { operatorNo: '1001', pin: '1234', floatYuan: '200' });
  await page.getByTestId('amount-input').fill('8');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'collect');
  await expect(root).toHaveAttribute('data-phase', 'due');
  // 13 2 00 …: declined, insufficient balance.
  await wedgeScan(page, '132000000000000001');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'declined');
  await expect(root).toHaveAttribute('data-phase', 'failed');
  await expect(display.getByTestId('display-failed')).toContainText('支付失败');
  await expect(display.getByTestId('display-failed')).toContainText('请重新出示付款码');
  expect(await display.getByTestId('display-failed').innerText()).not.toMatch(/[A-Za-z]{3,}|\d{3,}/);
  await shots(display, 'failed');
  await display.close();
});

test('without its token the display page says how to open it, and cannot connect', async ({
  browser,
  dshell: shell,
}) => {
  const display = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await display.goto(new URL('/display', shell.url).toString());
  await expect(display.getByTestId('display-no-token')).toContainText('缺少访问令牌');
  await display.close();
});

test('English: the display follows the configured locale', async ({ page, browser }) => {
  const shell = (await startCounterShell({ config: { locale: 'en' } })) as DisplayShell;
  try {
    const display = await openDisplay(browser, shell);
    const root = display.getByTestId('display');
    await expect(display.getByTestId('display-welcome')).toHaveText('Welcome');
    await page.goto(shell.openUrl);
    await signIn(page, { operatorNo: '1001', pin: '1234', floatYuan: '200' });
    await wedgeScan(page, '6901234567892');
    await expect(root).toHaveAttribute('data-phase', 'due');
    await expect(display.getByTestId('display-show-code')).toHaveText('Please show your payment code');
    await shots(display, 'due-en');
    // The core stops: the display says it is reconnecting instead of showing a stale view as live.
    await shell.stop();
    await expect(display.getByTestId('display-offline')).toBeVisible();
    await display.close();
  } finally {
    await shell.stop();
    fs.rmSync(shell.dataDir, { recursive: true, force: true });
  }
});
