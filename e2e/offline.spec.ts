import fs from 'node:fs';
import { startFeedReceiver, type FeedReceiver } from '../main/sync/feed-receiver.js';
import { expect, screenshot, test, type ShellInfo } from './fixtures.js';
import { cashSale, signIn, startCounterShell } from './support/counter.js';

/**
 * Issue 5's promise at the counter: with the back office unreachable the cashier keeps selling
 * for cash, sees the bills waiting, and sees the queue drain — each bill delivered once — when
 * the back office comes back.
 */
let shell: ShellInfo | undefined;
let receiver: FeedReceiver | undefined;

test.afterEach(async ({}, testInfo) => {
  await shell?.stop();
  await receiver?.close();
  if (shell && testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
  else if (shell)
    testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
});

test('selling for cash while the back office is down; the queue drains once it is back', async ({ page }) => {
  receiver = await startFeedReceiver({ port: 0, mode: 'down' });
  shell = await startCounterShell({ config: { backOffice: { feedUrl: receiver.url } } });
  await page.goto(shell.openUrl);
  await signIn(page);

  await cashSale(page, '12');
  await cashSale(page, '30.50');
  await cashSale(page, '8');
  const outbox = page.getByTestId('outbox-depth');
  await expect(outbox).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('link-backoffice')).toHaveAttribute('data-status', /offline|degraded/, {
    timeout: 30_000,
  });
  await screenshot(page, 'offline-01-queued');
  expect(receiver.bills.size).toBe(0);

  receiver.setMode('ok');
  await expect(page.getByTestId('link-backoffice')).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
  await expect(outbox).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await screenshot(page, 'offline-02-drained');
  expect(receiver.bills.size).toBe(3);
  for (const r of receiver.bills.values()) expect(r.deliveries).toBe(1);
});

test('with no back office configured the bills are kept locally, not shown as failing, and the counts agree', async ({
  page,
}) => {
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { operatorNo: '1001', pin: '1234', floatYuan: '100' });
  await cashSale(page, '12');
  await cashSale(page, '8');

  const outbox = page.getByTestId('outbox-depth');
  await expect(outbox).toHaveAttribute('data-count', '2');
  await expect(outbox).toHaveAttribute('data-configured', 'no');
  await expect(outbox).toHaveText('后台未配置 · 2 笔本地保存');
  await expect(page.getByTestId('link-backoffice')).toHaveCount(0);
  await screenshot(page, 'offline-03-not-configured');

  await page.keyboard.press('F11');
  await page.getByTestId('sup-auth-no').fill('9001');
  await page.getByTestId('sup-auth-pin').fill('9999');
  await page.keyboard.press('Enter');
  await page.getByTestId('sup-tab-exceptions').click();
  const exc = page.getByTestId('exc-outbox');
  await expect(exc).toHaveAttribute('data-depth', '2');
  await expect(exc).toHaveAttribute('data-failing', '0');
  await expect(exc).toHaveAttribute('data-configured', 'no');
  await expect(exc).toContainText('后台未配置：2 笔账单保存在本机');
  const panel = page.getByTestId('sup-exceptions');
  await expect(panel).not.toContainText('上传后台失败');
  await expect(panel).not.toContainText('没有上传失败的记录');
  await expect(page.getByTestId('exc-retry-all')).toHaveCount(0);
  await screenshot(page, 'offline-04-exceptions-not-configured');
});
