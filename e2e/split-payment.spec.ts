import type { Page } from '@playwright/test';
import { expect, sandboxControl, screenshot } from './fixtures.js';
import { counterTest as test, scannerBurst, signIn, SUPERVISOR } from './support/counter.js';

/**
 * Issue 13 item 4, split payment: a bill paid ¥50 in cash and the rest by barcode; a wallet whose
 * limit is below the bill paid in two barcode parts (Ctrl+G); a partly paid bill refuses F7 and
 * Esc with what to do instead; a reload halfway keeps the parts and the amount still due.
 */

type Ledger = { payments: { billNum: string; amountFen: number; chargeCount: number }[] };

const root = (page: Page) => page.getByTestId('app-root');
const phase = (page: Page, p: string) => expect(root(page)).toHaveAttribute('data-phase', p);

let serial = 100;
/** A sandbox code paid at once (13 0 00 …), a new one each time (codes are single-use). */
const paidCode = () => `1300000000000${String(++serial).padStart(5, '0')}`;

async function newBill(page: Page, yuan: string, fen: string): Promise<void> {
  await page.getByTestId('amount-input').fill(yuan);
  await page.keyboard.press('Enter');
  await phase(page, 'collect');
  await expect(page.getByTestId('bill-total')).toHaveAttribute('data-fen', fen);
}

test.beforeEach(async ({ page, shell }) => {
  await page.goto(shell.openUrl);
  await expect(root(page)).toHaveAttribute('data-hydrated', 'yes');
  await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'open');
  await signIn(page);
});

test('a bill is paid ¥50 in cash and the rest by barcode', async ({ page, shell }) => {
  for (const size of [
    { width: 1024, height: 768 },
    { width: 1366, height: 768 },
  ]) {
    await page.setViewportSize(size);
    await newBill(page, '80', '8000');

    // F2, 50: a cash part — the dialog says what it takes and what stays due.
    await page.keyboard.press('F2');
    await expect(page.getByTestId('cash-dialog')).toBeVisible();
    await page.keyboard.type('50');
    await expect(page.getByTestId('cash-part-preview')).toHaveText('收现金 ¥50.00，还需收 ¥30.00');
    await expect(page.getByTestId('cash-submit')).toBeEnabled();
    await screenshot(page, `split-01-cash-part-${size.width}`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('cash-dialog')).toHaveCount(0);

    // The bill stays on the counter with ¥30.00 due, big, and the part listed.
    await phase(page, 'collect');
    await expect(page.getByTestId('due')).toContainText('还需收');
    await expect(page.getByTestId('due')).toContainText('¥30.00');
    await expect(page.getByTestId('split-part')).toHaveCount(1);
    await expect(page.getByTestId('split-part').first()).toHaveAttribute('data-kind', 'cash');
    await expect(page.getByTestId('split-part').first()).toContainText('现金');
    await expect(page.getByTestId('notice')).toContainText('已收现金 ¥50.00，还需收 ¥30.00');
    await expect(page.getByTestId('status-text')).toContainText('已收部分款项');
    await screenshot(page, `split-02-partly-paid-${size.width}`);

    // F3 (park) on a partly paid bill: the core refuses, the screen says why.
    await page.keyboard.press('F3');
    await expect(page.getByTestId('notice')).toHaveAttribute('data-code', 'bill-partly-paid');
    await expect(page.getByTestId('bill-panel')).toHaveAttribute('data-status', 'open');
    // Enter on the empty code field: asks for a code, sends nothing.
    await page.getByTestId('paycode-input').press('Enter');
    await expect(page.getByTestId('notice')).not.toHaveAttribute('data-code', 'bill-partly-paid');
    // F7 (void) on a partly paid bill: refused, with what to do instead. Esc too.
    await page.keyboard.press('F7');
    await expect(page.getByTestId('notice')).toHaveAttribute('data-code', 'bill-partly-paid');
    await expect(page.getByTestId('notice')).toContainText('请收齐余款');
    await expect(page.getByTestId('notice')).toContainText('退款');
    await screenshot(page, `split-03-void-refused-${size.width}`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await phase(page, 'collect');
    await expect(page.getByTestId('notice')).toHaveAttribute('data-code', 'bill-partly-paid');
    await expect(page.getByTestId('bill-line')).toHaveCount(1);

    // A reload halfway keeps the part and the amount due.
    await page.reload();
    await expect(root(page)).toHaveAttribute('data-hydrated', 'yes');
    await phase(page, 'collect');
    await expect(page.getByTestId('due')).toContainText('¥30.00');
    await expect(page.getByTestId('split-part')).toHaveCount(1);

    // The rest by barcode: the attempt is for ¥30.00, and the bill is paid.
    await scannerBurst(page, paidCode());
    await expect(page.getByTestId('payment-view')).toHaveAttribute('data-state', 'paid');
    await phase(page, 'paid');
    await expect(page.getByTestId('payment-amount')).toContainText('30.00');
    await expect(page.getByTestId('split-part')).toHaveCount(2);
    await screenshot(page, `split-04-paid-${size.width}`);

    // The receipt lists both tenders.
    await page.keyboard.press('F10');
    await expect(page.getByTestId('receipt-dialog')).toBeVisible();
    const receipt = await page
      .getByTestId('receipt-preview')
      .evaluate((el) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' '));
    expect(receipt).toMatch(/现金 ?¥50\.00/);
    expect(receipt).toMatch(/扫码支付 ?¥30\.00/);
    expect(receipt).not.toContain('找零');
    await screenshot(page, `split-05-receipt-${size.width}`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await phase(page, 'idle');
  }
  const ledger = (await sandboxControl(shell, 'ledger')) as Ledger;
  expect(ledger.payments.map((p) => [p.amountFen, p.chargeCount])).toEqual([
    [3000, 1],
    [3000, 1],
  ]);
});

test('a wallet limit below the bill: two barcode parts (Ctrl+G 20, scan, then scan the rest)', async ({
  page,
  shell,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await newBill(page, '80', '8000');

  // Hostile first: more than due is refused in the dialog, nothing is set.
  await page.keyboard.press('Control+g');
  await expect(page.getByTestId('part-dialog')).toBeVisible();
  await expect(page.getByTestId('part-due')).toHaveText('¥80.00');
  await page.keyboard.type('81');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('part-dialog').getByTestId('notice')).toContainText('本笔金额不能超过还需收的 ¥80.00');
  await page.getByTestId('part-amount').fill('20');
  await screenshot(page, 'split-06-part-dialog-1366');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('part-dialog')).toHaveCount(0);
  await expect(page.getByTestId('split-next')).toHaveText('下一笔扫码收 ¥20.00');
  await screenshot(page, 'split-07-next-part-1366');

  await scannerBurst(page, paidCode());
  await expect(page.getByTestId('split-part')).toHaveCount(1);
  await phase(page, 'collect');
  await expect(page.getByTestId('due')).toContainText('¥60.00');
  await expect(page.getByTestId('split-part').first()).toHaveAttribute('data-kind', 'barcode');
  await expect(page.getByTestId('split-part').first()).toHaveAttribute('data-wallet', 'wechat');
  await expect(page.getByTestId('split-part').first()).toContainText('微信');
  await expect(page.getByTestId('split-next')).toHaveCount(0);
  await expect(page.getByTestId('status-text')).toContainText('已收部分款项');
  await screenshot(page, 'split-08-first-part-paid-1366');

  // English, once.
  await page.keyboard.press('Control+l');
  await expect(page.getByTestId('due')).toContainText('Still due');
  await screenshot(page, 'split-09-first-part-paid-en-1366');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'split-09-first-part-paid-en-1024');
  await page.keyboard.press('Control+l');

  // The rest: the next scan takes the whole remaining ¥60.00 (the payer types a password, 2 s):
  // while that part is live the bill is locked and the amount still due stays on screen.
  await scannerBurst(page, `1310200000000${String(++serial).padStart(5, '0')}`);
  await phase(page, 'paying');
  await expect(page.getByTestId('bill-locked')).toBeVisible();
  await expect(page.getByTestId('split-due')).toContainText('¥60.00');
  await expect(page.getByTestId('payment-amount')).toContainText('60.00');
  await screenshot(page, 'split-10-second-part-paying-1024');
  await phase(page, 'paid');
  await expect(page.getByTestId('split-part')).toHaveCount(2);
  await screenshot(page, 'split-11-paid-two-parts-1024');

  const ledger = (await sandboxControl(shell, 'ledger')) as Ledger;
  expect(ledger.payments.map((p) => p.amountFen)).toEqual([2000, 6000]);
  // Each part its own gateway bill number.
  expect(new Set(ledger.payments.map((p) => p.billNum)).size).toBe(2);
});

test('a partly paid bill the customer no longer wants: the supervisor refunds the paid part and the bill is voided', async ({
  page,
  browser,
  shell,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const display = await browser.newPage({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' });
  await display.goto((shell as typeof shell & { displayUrl: string }).displayUrl);
  await expect(display.getByTestId('display')).toHaveAttribute('data-linked', 'yes');
  await newBill(page, '80', '8000');
  await page.keyboard.press('F2');
  await page.keyboard.type('50');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('due')).toContainText('¥30.00');
  // The customer display shows what is still due and what was paid so far.
  await expect(display.getByTestId('display')).toHaveAttribute('data-phase', 'due');
  await expect(display.getByTestId('display-due')).toHaveText('¥30.00');
  await expect(display.getByTestId('display-paid-so-far')).toHaveText('已付 ¥50.00，请付余款');
  await screenshot(display, 'split-display-partly-paid-1024');
  await display.close();
  const billNo = (await page.getByTestId('bill-no').textContent()) ?? '';

  await page.keyboard.press('F11');
  await expect(page.getByTestId('sup-gate')).toHaveAttribute('data-state', 'pin');
  await page.getByTestId('sup-auth-no').fill(SUPERVISOR.operatorNo);
  await page.getByTestId('sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('bills-search')).toBeFocused();
  await page.keyboard.type(billNo);
  await page.keyboard.press('Enter');
  const found = page.getByTestId('bills-found');
  await expect(found).toHaveAttribute('data-bill-no', billNo);
  await expect(found).toHaveAttribute('data-status', 'open');
  // Not voidable as it is: the screen says why and offers the refund of the paid part.
  await expect(page.getByTestId('bills-partly-paid')).toContainText('已收部分款项 ¥50.00');
  await expect(page.getByTestId('bills-void-form')).toHaveCount(0);
  await page.getByTestId('bills-reason').fill('顾客不要了');
  await screenshot(page, 'split-12-supervisor-refund-part-1024');
  await page.getByTestId('bills-reason').press('Enter');
  await expect(page.getByTestId('bills-refund-confirm')).toHaveAttribute('data-fen', '5000');
  await page.getByTestId('bills-refund-yes').click();
  await expect(page.getByTestId('sup-notice')).toHaveAttribute('data-tone', 'ok');
  await expect(found).toHaveAttribute('data-status', 'voided');
  await screenshot(page, 'split-13-refunded-voided-1024');

  // Back at the counter: the cancelled bill is gone.
  await page.getByTestId('sup-close').click();
  await phase(page, 'idle');
});
