import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, sandboxControl, screenshot, test as base, type ShellInfo } from './fixtures.js';
import { scannerBurst, signIn, startCounterShell } from './support/counter.js';

/**
 * Issue 14: the payer scans the counter's QR (KouDaiLQ ScanCode). Scanning stays the default at
 * 请扫描付款码; Ctrl+Q (or the chooser) shows a QR instead, the sandbox pays it as a payer would
 * (POST /__control/qr/pay), and the counter says 支付成功. A payment code scanned while the QR is
 * shown is refused: the payer is charged once.
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

test.beforeEach(async ({ page, shell }) => {
  await page.goto(shell.openUrl);
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-hydrated', 'yes');
  await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'open');
  await signIn(page);
});

type Ledger = {
  payments: { billNum: string; chargeCount: number }[];
  totals: { charged: number; doubleCharged: string[] };
};

async function toCollect(page: Page, amount: string, fen: string): Promise<void> {
  await page.getByTestId('amount-input').fill(amount);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'collect');
  await expect(page.getByTestId('bill-total')).toHaveAttribute('data-fen', fen);
}

test('a QR sale: the cashier shows the QR, the payer scans and pays, 支付成功', async ({ page, shell }) => {
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    await toCollect(page, '36.00', '3600');
    // The default stays scanning: the code field has the focus; the chooser offers the QR.
    await expect(page.getByTestId('paycode-input')).toBeFocused();
    await expect(page.getByTestId('qr-chooser')).toBeVisible();
    await expect(page.getByTestId('qr-type-dynamicPay')).toHaveAttribute('aria-pressed', 'true');
    await screenshot(page, `qr-01-collect-${size.width}`);

    await page.keyboard.press('Control+q');
    const view = page.getByTestId('payment-view');
    await expect(view).toHaveAttribute('data-state', 'awaiting-payer');
    await expect(page.getByTestId('payment-qr')).toHaveAttribute('data-content', /^https:\/\/pay\.sandbox/);
    await expect(page.getByTestId('payment-qr').locator('svg')).toBeVisible();
    await expect(page.getByTestId('payment-qr-type')).toContainText('微信/支付宝');
    await expect(page.getByTestId('payment-amount')).toContainText('36.00');
    await expect(page.getByTestId('payment-elapsed')).toContainText('已等待');
    await screenshot(page, `qr-02-shown-${size.width}`);

    const paid = (await sandboxControl(shell, 'qr/pay', {})) as { billNum: string };
    await expect(view).toHaveAttribute('data-state', 'paid');
    await expect(page.getByTestId('payment-reason')).toContainText('支付成功');
    await expect(page.getByTestId('payment-qr')).toHaveCount(0);
    await screenshot(page, `qr-03-paid-${size.width}`);
    const ledger = (await sandboxControl(shell, 'ledger')) as Ledger;
    expect(ledger.payments.find((p) => p.billNum === paid.billNum)?.chargeCount).toBe(1);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'idle');
  }
});

test('the cashier picks Alipay in the chooser; Esc = 停止等待 leaves it unconfirmed, never declined', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await toCollect(page, '8.00', '800');
  await page.keyboard.press('Control+l');
  await expect(page.getByTestId('qr-chooser')).toContainText('No payment code? Show a QR');
  await page.getByTestId('qr-type-alipayQR').click();
  await expect(page.getByTestId('payment-qr')).toHaveAttribute('data-content', /^https:\/\/qr\.alipay\.com\//);
  await expect(page.getByTestId('payment-qr-type')).toContainText('Alipay');
  await expect(page.getByTestId('status-text')).toContainText('Customer scans to pay');
  await screenshot(page, 'qr-05-shown-en-1024');
  await page.keyboard.press('Control+l');
  await expect(page.getByTestId('payment-qr-type')).toContainText('支付宝');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'unconfirmed');
  await expect(page.getByTestId('payment-qr')).toHaveCount(0);
  await screenshot(page, 'qr-06-unconfirmed-1024');
});

test('a payment code scanned after the QR was shown is refused: the payer is charged once', async ({ page, shell }) => {
  await toCollect(page, '20.00', '2000');
  await page.keyboard.press('Control+q');
  await expect(page.getByTestId('payment-qr')).toBeVisible();

  // The payer shows a code anyway and the cashier scans it: refused, the QR stays.
  await scannerBurst(page, '130000000000000093');
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'awaiting-payer');
  await expect(page.getByTestId('payment-qr')).toBeVisible();
  await screenshot(page, 'qr-04-scan-refused');

  await sandboxControl(shell, 'qr/pay', {});
  await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'paid');
  const ledger = (await sandboxControl(shell, 'ledger')) as Ledger;
  expect(ledger.payments).toHaveLength(1);
  expect(ledger.totals.charged).toBe(1);
  expect(ledger.totals.doubleCharged).toEqual([]);
});
