import type { Page } from '@playwright/test';
import type { XiaobaoSimulator } from '../main/backoffice/xiaobao/simulator.js';
import { expect, finishShell, humanType, screenshot, test, type ShellInfo } from './fixtures.js';
import { CASHIER, scannerBurst, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';
import { openStudent, rechargesFor, signedInAtDesk, tenderReference, tid, xiaobaoShell } from './support/xiaobao.js';

/**
 * 校宝学员 at the counter (issue 15 items 2, 4, 5): find a student, top up by barcode through the
 * sandbox gateway (exactly one RechargeAccountTran at the ERP, even with the shell killed right
 * after the post arrived), a cash refund authorised by a supervisor (a wrong PIN refused first;
 * the cash out shows in the X report), and the order look-up's lessons detail. The Xiaobao
 * simulator runs in this process (real HTTP, free port); the shell reaches it through the
 * COUNTERPAY_XIAOBAO_* overrides, and the test reads its ledger.
 */
let shell: ShellInfo | undefined;
let sim: XiaobaoSimulator | undefined;

test.afterEach(async ({}, testInfo) => {
  if (shell) await finishShell(shell, testInfo);
  shell = undefined;
  await sim?.close();
  sim = undefined;
});

/** 1 → amount → Enter: the top-up bill is on the counter; Enter, scan: paid through the sandbox gateway. Returns the bill number. */
async function topUpByBarcode(page: Page, yuan: string, code: string): Promise<string> {
  const root = tid(page, 'app-root');
  await page.keyboard.press('1');
  await expect(tid(page, 'xb-topup-amount')).toBeFocused();
  await humanType(page, yuan);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xiaobao-dialog')).toHaveCount(0);
  await expect(tid(page, 'bill-line')).toHaveCount(1);
  await expect(tid(page, 'bill-line')).toContainText('校宝充值 张小明（1001）');
  await expect(root).toHaveAttribute('data-phase', 'building');
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'collect');
  await scannerBurst(page, code);
  await expect(root).toHaveAttribute('data-phase', 'paid');
  const billNo = await tid(page, 'bill-no').textContent();
  expect(billNo).toBeTruthy();
  return billNo!.trim();
}

test('a top-up paid by barcode is posted exactly once, also when the shell is killed right after the post arrived', async ({
  page,
}) => {
  test.setTimeout(120_000);
  ({ sim, shell } = await signedInAtDesk(page, 1024));

  // Enter on an empty finder does nothing; the student is found by a part of the name.
  await page.keyboard.press('Control+y');
  await expect(tid(page, 'xb-query')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-student-row')).toHaveCount(0);
  await expect(tid(page, 'xb-problem')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(tid(page, 'xiaobao-dialog')).toHaveCount(0);
  await openStudent(page);
  await expect(tid(page, 'xb-card-name')).toHaveText('张小明');
  await expect(tid(page, 'xb-card-school')).toHaveText('总校区');
  await expect(tid(page, 'xb-card-arrears')).toHaveText('¥50.00');
  await expect(tid(page, 'xb-card-balance')).toHaveText('未知');
  await screenshot(page, 'xiaobao-01-card-1024');

  const first = await topUpByBarcode(page, '100', '130000000000000911');
  await expect.poll(() => rechargesFor(sim!, first).length, { timeout: 15_000 }).toBe(1);
  const [order] = rechargesFor(sim, first);
  const ref = tenderReference(shell.dataDir, first);
  expect(order!.accountDetails).toEqual([
    expect.objectContaining({
      accountName: '扫码支付',
      amountFen: 10_000,
      orderNumber: first,
      simplePaymentMethodTradeNo: ref!.slice(-8),
    }),
  ]);
  await screenshot(page, 'xiaobao-02-paid-1024');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+y');
  await expect(page.locator(`[data-testid="xb-posting"][data-bill-no="${first}"]`)).toHaveAttribute(
    'data-state',
    'posted',
  );
  await expect(page.locator(`[data-testid="xb-posting"][data-bill-no="${first}"]`)).toContainText('已入账');
  await page.keyboard.press('Escape');

  // The ERP commits the next post and then hangs; the shell is killed the moment it commits.
  sim.setFaults({ write: { modes: ['hang-after-commit'], times: 1 } });
  const committed = new Promise<string[]>((resolve) => sim!.events.once('committed', (e) => resolve(e.billNos)));
  await openStudent(page);
  const second = await topUpByBarcode(page, '100', '130000000000000912');
  expect(await committed).toEqual([second]);
  await shell.stop('SIGKILL');
  const dataDir = shell.dataDir;
  shell = await xiaobaoShell(sim, dataDir);
  await page.goto(shell.openUrl);
  await signIn(page, CASHIER);
  await page.keyboard.press('Control+y');
  const row = page.locator(`[data-testid="xb-posting"][data-bill-no="${second}"]`);
  await expect(row).toHaveAttribute('data-state', 'posted', { timeout: 20_000 });
  await expect(row).toContainText('已入账');
  expect(rechargesFor(sim, second)).toHaveLength(1);
  expect(sim.stats().postsPerBillNo[second]).toBe(1);
  expect(sim.ledger().duplicates).toEqual([]);
  await screenshot(page, 'xiaobao-03-postings-after-restart-1024');

  // Commit then 5xx (no kill): 待核实 until the look-up finds the order; never posted twice.
  sim.setFaults({ write: { modes: ['5xx-after-commit'], times: 1 } });
  await page.keyboard.press('Escape');
  await expect(tid(page, 'xiaobao-dialog')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await openStudent(page);
  const third = await topUpByBarcode(page, '100', '130000000000000913');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+y');
  const thirdRow = page.locator(`[data-testid="xb-posting"][data-bill-no="${third}"]`);
  await expect(thirdRow).toHaveAttribute('data-state', 'posted', { timeout: 20_000 });
  expect(rechargesFor(sim, third)).toHaveLength(1);
  expect(sim.stats().postsPerBillNo[third]).toBe(1);
  expect(sim.ledger().duplicates).toEqual([]);
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'xiaobao-03-postings-after-restart-1366');
});

test('a cash refund needs a supervisor (a wrong PIN is refused first); the cash out is in the X report; orders show the lessons', async ({
  page,
}) => {
  test.setTimeout(90_000);
  ({ sim, shell } = await signedInAtDesk(page, 1366));
  await openStudent(page);
  const billNo = await topUpByBarcode(page, '100', '130000000000000921');
  await expect.poll(() => rechargesFor(sim!, billNo).length, { timeout: 15_000 }).toBe(1);
  await page.keyboard.press('Enter');

  // Scanning the student id in the finder opens the card at once.
  await page.keyboard.press('Control+y');
  await expect(tid(page, 'xb-query')).toBeFocused();
  await scannerBurst(page, '1001');
  await expect(tid(page, 'xb-card')).toHaveAttribute('data-id', '1001');
  await expect(tid(page, 'xb-card-balance')).toHaveText('¥100.00');
  await page.keyboard.press('2');
  await expect(tid(page, 'xb-refund-amount')).toBeFocused();
  await expect(tid(page, 'xb-refund-max')).toContainText('¥100.00');
  // More than the balance is refused on the screen, before any supervisor is asked.
  // A scan where an amount is expected is dropped (never an amount).
  await scannerBurst(page, '130000000000000929');
  await expect(tid(page, 'xb-refund-amount')).toHaveValue('');
  await humanType(page, '100.01');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-problem')).toContainText('最多 ¥100.00');
  await tid(page, 'xb-refund-amount').fill('30');
  await tid(page, 'xb-refund-supervisor').fill(SUPERVISOR.operatorNo);
  await tid(page, 'xb-refund-pin').fill('0000');
  await tid(page, 'xb-refund-pin').press('Enter');
  await expect(tid(page, 'xb-problem')).toHaveText('密码错误');
  expect(sim.ledger().orders.filter((o) => o.source === 'RefundAccountTran')).toHaveLength(0);
  await screenshot(page, 'xiaobao-04-refund-wrong-pin-1366');
  await tid(page, 'xb-refund-pin').fill(SUPERVISOR.pin);
  await tid(page, 'xb-refund-pin').press('Enter');
  await expect(tid(page, 'xb-done')).toContainText('已从钱箱退出 ¥30.00');
  await expect
    .poll(
      () =>
        sim!
          .ledger()
          .orders.filter((o) => o.source === 'RefundAccountTran')
          .map((o) => o.accountDetails[0]?.amountFen),
      {
        timeout: 15_000,
      },
    )
    .toEqual([-3_000]);
  await expect(page.locator('[data-testid="xb-posting"][data-state="posted"]')).toHaveCount(2);

  // 订单: the signup order's lessons, promotions and accounts, read-only; Esc steps back.
  await page.keyboard.press('3');
  await expect(tid(page, 'xb-order-row').first()).toBeVisible();
  await expect(tid(page, 'xb-order-row')).toHaveCount(4);
  await screenshot(page, 'xiaobao-05-orders-1366');
  await tid(page, 'xb-orders-type').selectOption('1');
  await expect(tid(page, 'xb-order-row')).toHaveCount(1);
  await expect(tid(page, 'xb-orders-list')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-section-lessons')).toContainText('少儿英语');
  await expect(tid(page, 'xb-section-lessons')).toContainText('20 × 150.00');
  await expect(tid(page, 'xb-section-promotions')).toContainText('¥200.00');
  await screenshot(page, 'xiaobao-05-lessons-1366');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'xiaobao-05-lessons-1024');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'xb-orders-list')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(tid(page, 'xb-card')).toBeVisible();
  await page.keyboard.press('Escape');
  // Back in the finder with its list (a scanned id does not reopen the card by itself).
  await expect(tid(page, 'xb-query')).toHaveValue('1001');
  await expect(tid(page, 'xb-student-row')).toHaveCount(1);
  await expect(tid(page, 'xb-card')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(tid(page, 'xiaobao-dialog')).toHaveCount(0);

  // The same detail in English.
  await page.keyboard.press('Control+l');
  await page.keyboard.press('Control+y');
  await expect(tid(page, 'xb-query')).toBeFocused();
  await scannerBurst(page, '1001');
  await expect(tid(page, 'xb-card')).toHaveAttribute('data-id', '1001');
  await page.keyboard.press('3');
  await tid(page, 'xb-orders-type').selectOption('1');
  await expect(tid(page, 'xb-order-row')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-section-lessons')).toContainText('Lessons');
  await expect(tid(page, 'xb-section-lessons')).toContainText('20 × 150.00');
  await screenshot(page, 'xiaobao-06-lessons-en-1024');
  await tid(page, 'dialog-close').click();
  await page.keyboard.press('Control+l');

  // The X report lists the cash paid out on its own line.
  await page.keyboard.press('F11');
  await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'report-view')).toHaveAttribute('data-kind', 'x');
  await expect(tid(page, 'report-section-movements')).toContainText('校宝退款 张小明（1001）');
  await expect(tid(page, 'report-section-movements')).toContainText('30.00');
  await tid(page, 'report-section-movements').scrollIntoViewIfNeeded();
  await screenshot(page, 'xiaobao-07-x-report-1024');
});

test('hostile: empty and zero amounts are refused; a reload with the top-up form open creates nothing; a reload with the top-up bill on the counter keeps it, and cash posts it to the cash account', async ({
  page,
}) => {
  test.setTimeout(90_000);
  ({ sim, shell } = await signedInAtDesk(page, 1024));
  const root = tid(page, 'app-root');

  await openStudent(page);
  await page.keyboard.press('1');
  await expect(tid(page, 'xb-topup-amount')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-problem')).toContainText('请输入金额');
  await humanType(page, '0');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-problem')).toHaveText('金额必须大于 0（最少 0.01 元）');
  await expect(tid(page, 'xiaobao-dialog')).toBeVisible();
  await screenshot(page, 'xiaobao-09-topup-zero-1024');
  await tid(page, 'xb-topup-amount').fill('88.5');
  await page.reload();
  await expect(root).toHaveAttribute('data-screen', 'counter');
  await expect(tid(page, 'xiaobao-dialog')).toHaveCount(0);
  await expect(root).toHaveAttribute('data-phase', 'idle');

  await openStudent(page);
  await page.keyboard.press('1');
  await expect(tid(page, 'xb-topup-amount')).toBeFocused();
  await humanType(page, '88.5');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'bill-line')).toContainText('校宝充值 张小明（1001）');
  const billNo = (await tid(page, 'bill-no').textContent())!.trim();
  await page.reload();
  await expect(root).toHaveAttribute('data-screen', 'counter');
  await expect(tid(page, 'bill-no')).toHaveText(billNo);
  await expect(root).toHaveAttribute('data-phase', 'building');
  // A second top-up while this bill is on the counter is refused with a reason.
  await openStudent(page);
  await page.keyboard.press('1');
  await expect(tid(page, 'xb-topup-amount')).toBeFocused();
  await humanType(page, '5');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'xb-problem')).toContainText('收银台上还有一张未收款的单据');
  await screenshot(page, 'xiaobao-10-topup-bill-on-counter-1024');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'xiaobao-dialog')).toHaveCount(0);
  await page.keyboard.press('F2');
  await expect(tid(page, 'cash-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'paid');
  await expect.poll(() => rechargesFor(sim!, billNo).length, { timeout: 15_000 }).toBe(1);
  expect(rechargesFor(sim, billNo)[0]!.accountDetails).toEqual([
    expect.objectContaining({ accountName: '现金', amountFen: 8_850, orderNumber: billNo }),
  ]);
  expect(rechargesFor(sim, billNo)[0]!.accountDetails[0]!.simplePaymentMethodTradeNo).toBeUndefined();
  // The receipt says 校宝充值 and the student.
  await page.keyboard.press('F10');
  await expect(tid(page, 'receipt-preview')).toContainText('校宝充值 张小明（1001）');
  await screenshot(page, 'xiaobao-11-receipt-1024');
});

test('without Xiaobao configured, Ctrl+Y says so', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  // No embedded demo back offices either (they stand in for unconfigured ones on the sandbox gateway).
  shell = await startCounterShell({ env: { COUNTERPAY_BACKOFFICE_SANDBOX: 'off' } });
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '200' });
  await page.keyboard.press('Control+y');
  await expect(tid(page, 'xb-not-configured')).toContainText('校宝未配置');
  await screenshot(page, 'xiaobao-08-not-configured-1024');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'xiaobao-dialog')).toHaveCount(0);
});
