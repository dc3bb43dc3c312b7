import type { XiaobaoSimulator } from '../main/backoffice/xiaobao/simulator.js';
import { expect, finishShell, humanType, screenshot, test, type ShellInfo } from './fixtures.js';
import { scannerBurst, SUPERVISOR } from './support/counter.js';
import { openStudent, rechargesFor, signedInAtDesk, tenderReference, tid } from './support/xiaobao.js';

/**
 * A 校宝学员 top-up paid in parts (issue 15 item 2 with issue 13 item 4, split payment): ¥50 in
 * cash (F2), a reload halfway, the rest by barcode. The ERP (the Xiaobao simulator, in this
 * process) gets ONE RechargeAccountTran whose two account details carry the bill number — cash,
 * and the barcode part with its gateway reference's last 8 — adding up to the top-up; 校宝对账
 * matches it by bill number and the details' sum.
 */
let shell: ShellInfo | undefined;
let sim: XiaobaoSimulator | undefined;

test.afterEach(async ({}, testInfo) => {
  if (shell) await finishShell(shell, testInfo);
  shell = undefined;
  await sim?.close();
  sim = undefined;
});

test('a top-up paid ¥50 cash + the rest by barcode is one ERP order with two account details (cash, and the barcode part with its reference)', async ({
  page,
}) => {
  test.setTimeout(90_000);
  ({ sim, shell } = await signedInAtDesk(page, 1024));
  const root = tid(page, 'app-root');

  await openStudent(page);
  await page.keyboard.press('1');
  await expect(tid(page, 'xb-topup-amount')).toBeFocused();
  await humanType(page, '120');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'bill-line')).toContainText('校宝充值 张小明（1001）');
  const billNo = (await tid(page, 'bill-no').textContent())!.trim();
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'collect');

  // F2, 50: the cash part; the bill stays on the counter with ¥70.00 due and nothing posted yet.
  await page.keyboard.press('F2');
  await expect(tid(page, 'cash-dialog')).toBeVisible();
  await page.keyboard.type('50');
  await expect(tid(page, 'cash-part-preview')).toHaveText('收现金 ¥50.00，还需收 ¥70.00');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'cash-dialog')).toHaveCount(0);
  await expect(root).toHaveAttribute('data-phase', 'collect');
  await expect(tid(page, 'due')).toContainText('¥70.00');
  await screenshot(page, 'xiaobao-12-topup-partly-paid-1024');
  // A reload halfway keeps the part; still nothing at the ERP.
  await page.reload();
  await expect(root).toHaveAttribute('data-hydrated', 'yes');
  await expect(root).toHaveAttribute('data-phase', 'collect');
  await expect(tid(page, 'due')).toContainText('¥70.00');
  expect(rechargesFor(sim, billNo)).toEqual([]);

  // The rest by barcode: paid; the ERP gets ONE order with both parts under the bill number.
  await scannerBurst(page, '130000000000000931');
  await expect(root).toHaveAttribute('data-phase', 'paid');
  await expect(tid(page, 'split-part')).toHaveCount(2);
  await expect.poll(() => rechargesFor(sim!, billNo).length, { timeout: 15_000 }).toBe(1);
  const [order] = rechargesFor(sim, billNo);
  const ref = tenderReference(shell.dataDir, billNo);
  expect(ref).toBeTruthy();
  expect(order!.accountDetails).toEqual([
    expect.objectContaining({ accountName: '现金', amountFen: 5_000, orderNumber: billNo }),
    expect.objectContaining({
      accountName: '扫码支付',
      amountFen: 7_000,
      orderNumber: billNo,
      simplePaymentMethodTradeNo: ref!.slice(-8),
    }),
  ]);
  expect(order!.accountDetails[0]!.simplePaymentMethodTradeNo).toBeUndefined();
  expect(sim.stats().postsPerBillNo[billNo]).toBe(1);
  expect(sim.ledger().duplicates).toEqual([]);
  await screenshot(page, 'xiaobao-13-topup-split-paid-1024');

  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+y');
  const row = page.locator(`[data-testid="xb-posting"][data-bill-no="${billNo}"]`);
  await expect(row).toHaveAttribute('data-state', 'posted');
  await expect(row).toContainText('¥120.00');
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'xiaobao-14-topup-split-posted-1366');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'xiaobao-dialog')).toHaveCount(0);

  // 校宝对账 (a supervisor, Alt+-): the ERP order's two details carry the bill number; their sum
  // is the amount — matched, no mismatch.
  await page.keyboard.press('F11');
  await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  const screen = tid(page, 'supervisor-screen');
  await expect(screen).toHaveAttribute('data-tab', 'x');
  await page.keyboard.press('Alt+-');
  await expect(screen).toHaveAttribute('data-tab', 'xbreconcile');
  const rec = tid(page, `rec-row-${billNo}`);
  await expect(rec).toHaveAttribute('data-status', 'matched');
  await expect(rec).toHaveAttribute('data-mismatch', 'no');
  await expect(rec).toContainText('¥120.00');
  await expect(tid(page, 'rec-summary')).toHaveAttribute('data-counter-only', '0');
  await expect(tid(page, 'rec-summary')).toHaveAttribute('data-erp-only', '0');
  await screenshot(page, 'xiaobao-15-reconcile-split-1366');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'xiaobao-15-reconcile-split-1024');
});
