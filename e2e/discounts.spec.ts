import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { finishShell, expect, screenshot, test, type ShellInfo } from './fixtures.js';
import { CASHIER, scannerBurst, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * Issue 13 item 3: discounts and price changes at the counter. A cashier gives a line discount
 * within the limit; a whole-bill discount over the limit is refused with a wrong supervisor PIN
 * (nothing changes) and then authorised on the spot; 抹零; the bill, the receipt preview and the
 * X report show it. The cashier limit is the default: 10 % and ¥20 per bill; 抹零 drops jiao and fen.
 */
let shell: ShellInfo | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await finishShell(shell, testInfo);
  shell = undefined;
});

const tid = (page: Page, id: string) => page.getByTestId(id);
const phase = (page: Page, p: string) => expect(tid(page, 'app-root')).toHaveAttribute('data-phase', p);

function adjustments(
  dataDir: string,
): { kind: string; amount_fen: number; given_by: string; authorised_by: string | null }[] {
  const db = new Database(path.join(dataDir, 'counterpay.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT kind, amount_fen, given_by, authorised_by FROM bill_adjustments ORDER BY id').all() as {
      kind: string;
      amount_fen: number;
      given_by: string;
      authorised_by: string | null;
    }[];
  } finally {
    db.close();
  }
}

/** 成人票 ¥80 and 夜游票 ¥120 on a new bill (¥200). */
async function twoTickets(page: Page): Promise<void> {
  await expect(tid(page, 'quick-key-1')).toBeVisible();
  await page.keyboard.press('Alt+1'); // 成人票 ¥80
  await phase(page, 'building');
  await scannerBurst(page, '6901234567847'); // 夜游票 ¥120
  await expect(tid(page, 'bill-line')).toHaveCount(2);
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '20000');
}

test('a line discount within the limit; a bill discount over it refused with a wrong PIN, then authorised on the spot; 抹零; bill, receipt and report show it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '100' });
  await twoTickets(page);

  // ── 九折 on the selected (last) line, within the cashier limit ──
  await page.keyboard.press('Control+d');
  const dialog = tid(page, 'discount-dialog');
  await expect(dialog).toBeVisible();
  await expect(tid(page, 'discount-target-line')).toBeChecked();
  await expect(tid(page, 'discount-limit')).toContainText('10%');
  // Enter on an empty field says what is missing and changes nothing.
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('notice')).toContainText('请输入折扣');
  await tid(page, 'discount-value').fill('9');
  await expect(tid(page, 'discount-preview')).toContainText('9折（减10%）');
  await expect(tid(page, 'discount-preview')).toContainText('应收 ¥188.00');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '18800');
  await expect(tid(page, 'bill-pricing')).toHaveAttribute('data-discount-fen', '1200');
  await expect(tid(page, 'line-pricing')).toContainText('9折（减10%） 优惠 ¥12.00');
  await screenshot(page, 'discounts-01-line-1024');

  // ── ¥25.55 off the whole bill: over the limit (¥37.55 > ¥20) ──
  await page.keyboard.press('Control+d');
  await expect(dialog).toBeVisible();
  await tid(page, 'discount-target-bill').check();
  await tid(page, 'discount-mode-amount').check();
  await tid(page, 'discount-value').fill('25.55');
  await expect(tid(page, 'discount-preview')).toContainText('应收 ¥162.45');
  await tid(page, 'discount-value').press('Enter');
  await expect(tid(page, 'discount-auth')).toBeVisible();
  await expect(tid(page, 'discount-auth')).toContainText('超出收银员权限');
  await expect(tid(page, 'discount-supervisor-no')).toBeFocused();
  await screenshot(page, 'discounts-02-authorise-1024');
  // A wrong PIN: refused, the bill unchanged.
  await tid(page, 'discount-supervisor-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'discount-supervisor-pin').fill('0000');
  await tid(page, 'discount-supervisor-pin').press('Enter');
  await expect(dialog.getByTestId('notice')).toHaveAttribute('data-tone', 'error');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '18800');
  expect(adjustments(shell.dataDir).map((a) => a.kind)).toEqual(['line-discount']);
  // The supervisor's PIN: applied, and recorded with who authorised it.
  await tid(page, 'discount-supervisor-pin').fill(SUPERVISOR.pin);
  await tid(page, 'discount-supervisor-pin').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '16245');
  await expect(tid(page, 'bill-pricing')).toHaveAttribute('data-discount-fen', '3755');
  await expect(tid(page, 'bill-whole-discount')).toHaveAttribute('data-fen', '2555');
  expect(adjustments(shell.dataDir)).toEqual([
    { kind: 'line-discount', amount_fen: 1200, given_by: CASHIER.operatorNo, authorised_by: null },
    { kind: 'bill-discount', amount_fen: 2555, given_by: CASHIER.operatorNo, authorised_by: SUPERVISOR.operatorNo },
  ]);

  // ── 抹零: ¥162.45 → ¥162.00 ──
  await page.keyboard.press('Control+m');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '16200');
  await expect(tid(page, 'bill-round-off')).toHaveAttribute('data-fen', '45');
  await expect(tid(page, 'notice').first()).toContainText('已抹零 ¥0.45');
  await expect(tid(page, 'bill-gross')).toHaveAttribute('data-fen', '20000');
  await screenshot(page, 'discounts-03-bill-1024');
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'discounts-03-bill-1366');
  await page.setViewportSize({ width: 1024, height: 768 });

  // ── paid in cash; the receipt shows the discounts ──
  await page.keyboard.press('F2');
  await expect(tid(page, 'cash-dialog')).toBeVisible();
  await page.keyboard.press('Enter');
  await phase(page, 'paid');
  await page.keyboard.press('F10');
  await expect(tid(page, 'receipt-dialog')).toBeVisible();
  const preview = () => tid(page, 'receipt-preview').evaluate((el) => el.shadowRoot?.textContent ?? '');
  await expect.poll(preview).toContain('原价合计');
  for (const t of ['¥200.00', '单品优惠', '-¥12.00', '整单优惠', '-¥25.55', '抹零', '-¥0.45', '¥162.00', '9折'])
    expect(await preview()).toContain(t);
  await screenshot(page, 'discounts-04-receipt-1024');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await phase(page, 'idle');

  // ── 单据查询 (Ctrl+H) shows the same discounts on the paid bill ──
  await page.keyboard.press('Control+h');
  await expect(tid(page, 'history-row')).toHaveCount(1);
  await tid(page, 'history-billNo').press('Enter');
  const detail = tid(page, 'history-detail');
  await expect(detail.getByTestId('bill-pricing')).toHaveAttribute('data-discount-fen', '3755');
  await expect(detail.getByTestId('bill-round-off')).toHaveAttribute('data-fen', '45');
  await screenshot(page, 'discounts-04b-history-1024');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'history-dialog')).toBeHidden();

  // ── the X report: discounts given, by operator, and 抹零 ──
  await page.keyboard.press('F11');
  await expect(tid(page, 'sup-gate')).toHaveAttribute('data-state', 'pin');
  await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-tab-x')).toBeVisible();
  const section = tid(page, 'report-section-discounts');
  await expect(section).toBeVisible();
  await expect(section).toContainText('折扣与抹零');
  await expect(section).toContainText(`工号 ${CASHIER.operatorNo}`);
  await expect(section).toContainText('37.55');
  await expect(section).toContainText('0.45');
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'discounts-05-report-1024');
  await page.setViewportSize({ width: 1366, height: 768 });
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'discounts-05-report-1366');
});

test('English: 改价 needs the supervisor on the spot; Esc backs out of a discount without changing the bill', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '100' });
  await page.keyboard.press('Control+l');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await twoTickets(page);

  // A product scanned while the discount field has the caret is a product (矿泉水 ¥3), not a discount.
  await page.keyboard.press('Control+d');
  await expect(tid(page, 'discount-dialog')).toBeVisible();
  await tid(page, 'discount-mode-amount').check();
  await tid(page, 'discount-value').focus();
  await scannerBurst(page, '6901234567854');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '20300');
  await expect(tid(page, 'discount-value')).not.toHaveValue(/6901234567854/);
  await expect(tid(page, 'bill-pricing')).toHaveCount(0);
  // Esc out of the discount dialog: nothing changes.
  await tid(page, 'discount-value').fill('5');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'discount-dialog')).toBeHidden();
  await page.keyboard.press('Escape'); // a second Esc asks before cancelling the bill
  await expect(tid(page, 'cancel-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '20300');

  // 改价 on the selected line (↑↑ picks 成人票): the supervisor authorises on the spot.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Control+e');
  const dialog = tid(page, 'price-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('list price ¥80.00');
  await tid(page, 'price-value').fill('70');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'discount-auth')).toBeVisible();
  await expect(tid(page, 'discount-auth')).toContainText('supervisor');
  await tid(page, 'discount-supervisor-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'discount-supervisor-pin').fill(SUPERVISOR.pin);
  await screenshot(page, 'discounts-06-price-authorise-en-1366');
  await tid(page, 'discount-supervisor-pin').press('Enter');
  await expect(dialog).toBeHidden();
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '19300');
  await expect(tid(page, 'line-pricing')).toContainText('was ¥80.00');
  await expect(tid(page, 'bill-gross')).toHaveAttribute('data-fen', '20300');
  await expect(tid(page, 'bill-price-change')).toHaveAttribute('data-fen', '1000');
  // 抹零 on a whole-yuan bill drops nothing and is not left on.
  await page.keyboard.press('Control+m');
  await expect(tid(page, 'notice').first()).toContainText('Nothing to round off');
  await screenshot(page, 'discounts-07-bill-en-1366');
  expect(adjustments(shell.dataDir)).toEqual([
    { kind: 'price', amount_fen: 1000, given_by: CASHIER.operatorNo, authorised_by: SUPERVISOR.operatorNo },
  ]);
});

test('a supervisor raises the cashier limit and changes the 抹零 rule on the 操作员 tab; the cashier then gives 七折 without a PIN', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '100' });
  // F11 on the cashier's screen: the supervisor authorises on the spot, then 操作员 (Alt+8).
  await page.keyboard.press('F11');
  await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+8');
  const panel = tid(page, 'ops-discounts');
  await expect(panel).toBeVisible();
  await expect(tid(page, 'disc-limit-pct')).toHaveValue('10');
  await expect(tid(page, 'disc-limit-yuan')).toHaveValue('20.00');
  // The permissions no longer say "not used yet" for the discount ones.
  await expect(tid(page, 'ops-permissions')).not.toContainText('折扣功能上线后生效');
  await tid(page, 'disc-limit-pct').fill('30');
  await tid(page, 'disc-limit-yuan').fill('100');
  await tid(page, 'disc-round-rule').selectOption('drop-fen');
  await tid(page, 'disc-settings-save').click();
  await expect(tid(page, 'sup-notice')).toContainText('已保存');
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'discounts-08-settings-1024');
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'discounts-08-settings-1366');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'supervisor-screen')).toBeHidden();

  await twoTickets(page);
  await page.keyboard.press('Control+d');
  await tid(page, 'discount-target-bill').check();
  await tid(page, 'discount-value').fill('7');
  await tid(page, 'discount-value').press('Enter');
  await expect(tid(page, 'discount-dialog')).toBeHidden();
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '14000');
  // 抹分 on ¥140.00: nothing to drop.
  await page.keyboard.press('Control+m');
  await expect(tid(page, 'notice').first()).toContainText('没有零头可抹');
  expect(adjustments(shell.dataDir)).toEqual([
    { kind: 'bill-discount', amount_fen: 6000, given_by: CASHIER.operatorNo, authorised_by: null },
  ]);
  // A reload halfway through a discount: the bill is as the core has it, the half-typed discount gone.
  await page.keyboard.press('Control+d');
  await tid(page, 'discount-value').fill('5');
  await page.reload();
  await expect(tid(page, 'app-root')).toHaveAttribute('data-screen', 'counter');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '14000');
  await expect(tid(page, 'bill-whole-discount')).toHaveAttribute('data-fen', '6000');
  await expect(tid(page, 'discount-dialog')).toHaveCount(0);
});
