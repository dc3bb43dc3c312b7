import type { Page } from '@playwright/test';
import { expect, sandboxControl, screenshot } from './fixtures.js';
import { counterTest as test, counterTestWith, scannerBurst, signIn } from './support/counter.js';
import { businessTypeLabel } from '../app/business-types.js';

/**
 * Issue 11, the cashier's screen: an amount followed by a scan collects that amount (16), a
 * mixed bill (17), the refused-rescan warning goes when the payment ends (21), and a
 * destructive confirmation never defaults to Enter (22).
 */

const tid = (page: Page, id: string) => page.getByTestId(id);
const phase = (page: Page, p: string) => expect(tid(page, 'app-root')).toHaveAttribute('data-phase', p);

test.beforeEach(async ({ page, shell }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(shell.openUrl);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
  await signIn(page);
  await phase(page, 'idle');
});

test('Esc Esc, then "12" and Enter does not cancel the bill; only Y (or a click) does', async ({ page }) => {
  await tid(page, 'amount-input').fill('30');
  await page.keyboard.press('Enter');
  await phase(page, 'collect');
  await page.keyboard.press('Escape');
  await phase(page, 'building');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'cancel-dialog')).toBeVisible();
  await expect(tid(page, 'confirm-no')).toBeFocused();
  await screenshot(page, 'safety-cancel-dialog-1024');
  // The cashier was already typing the next amount.
  await page.keyboard.type('12');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'cancel-dialog')).toBeHidden();
  await phase(page, 'building');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '3000');
  // Digits and Enter inside the dialog never confirm, wherever the focus is.
  await page.keyboard.press('Escape');
  await expect(tid(page, 'cancel-dialog')).toBeVisible();
  await tid(page, 'confirm-yes').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type('1');
  await expect(tid(page, 'cancel-dialog')).toBeVisible();
  await phase(page, 'building');
  // Y confirms.
  await page.keyboard.press('y');
  await expect(tid(page, 'cancel-dialog')).toBeHidden();
  await phase(page, 'idle');
});

test('the refused-rescan warning is gone once the payment has ended', async ({ page, shell }) => {
  await tid(page, 'amount-input').fill('8');
  await page.keyboard.press('Enter');
  await phase(page, 'collect');
  // 13 1 06 …: the payer types a password for 6 seconds (room for the second scan on a busy machine).
  await scannerBurst(page, '131060000000000101');
  await phase(page, 'paying');
  await scannerBurst(page, '130000000000000102');
  await expect(tid(page, 'notice')).toHaveAttribute('data-tone', 'warn');
  await phase(page, 'paid');
  await expect(tid(page, 'notice')).not.toHaveAttribute('data-tone', 'warn');
  await expect(tid(page, 'notice')).not.toContainText('正在收款');
  await screenshot(page, 'safety-paid-after-refused-rescan-1024');
  const ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number } };
  expect(ledger.totals.charged).toBe(1);
});

test('未确认 says what happened and what to do in two sentences, with the bill number in large type', async ({
  page,
}) => {
  await tid(page, 'amount-input').fill('9.90');
  await page.keyboard.press('Enter');
  await phase(page, 'collect');
  // The payer is still typing a password after 99 s: the cashier stops waiting.
  await scannerBurst(page, '131990000000000401');
  await phase(page, 'paying');
  await page.keyboard.press('Escape');
  await phase(page, 'unconfirmed');
  const view = tid(page, 'payment-view');
  await expect(view).toHaveAttribute('data-state', 'unconfirmed');
  const billNo = ((await tid(page, 'bill-no').textContent()) ?? '').trim();
  await expect(tid(page, 'unconfirmed-bill-no')).toHaveText(billNo);
  // Two sentences: what happened, what to do; no repeats of the gateway's words.
  const sentences = ((await view.innerText()) ?? '')
    .split(/[。！？\n]/)
    .map((x) => x.trim())
    .filter((x) => x !== '' && x !== billNo && x !== '单号');
  expect(sentences).toHaveLength(2);
  await expect(tid(page, 'payment-gateway-message')).toHaveCount(0);
  // The bill number is the largest type on the card; 下一单 is not the biggest button.
  const px = (id: string) =>
    tid(page, id).evaluate((el) =>
      parseFloat(
        (globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize,
      ),
    );
  const billPx = await px('unconfirmed-bill-no');
  expect(billPx).toBeGreaterThanOrEqual(28);
  expect(billPx).toBeGreaterThan(await px('next-sale'));
  const next = await tid(page, 'next-sale').boundingBox();
  expect(next?.height ?? 0).toBeLessThanOrEqual(48);
  await screenshot(page, 'safety-unconfirmed-1024');
  await tid(page, 'locale-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await screenshot(page, 'safety-unconfirmed-1024-en');
  await tid(page, 'locale-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await tid(page, 'amount-input').focus();
  // The counter still moves on with Enter.
  await page.keyboard.press('Enter');
  await phase(page, 'idle');
});

test('an amount typed and then a scanned payment code collects that amount, in one step', async ({ page, shell }) => {
  // Typed, Enter not pressed, then the scanner.
  await tid(page, 'amount-input').fill('12.50');
  await scannerBurst(page, '130000000000000501');
  await phase(page, 'paid');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '1250');
  await expect(tid(page, 'payment-amount')).toHaveText('¥12.50');
  let ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number; chargedFen: number } };
  expect(ledger.totals.charged).toBe(1);
  expect(ledger.totals.chargedFen).toBe(1250);
  await screenshot(page, 'safety-typed-amount-then-scan-1024');

  // After a finished sale: the next amount and a scan are the next sale.
  await tid(page, 'amount-input').fill('3');
  await scannerBurst(page, '130000000000000502');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '300');
  await phase(page, 'paid');
  ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number; chargedFen: number } };
  expect(ledger.totals.charged).toBe(2);
  expect(ledger.totals.chargedFen).toBe(1550);
  await page.keyboard.press('Enter');
  await phase(page, 'idle');

  // An invalid amount is refused as Enter refuses it, and nothing is sent or charged.
  for (const bad of ['12.345', '0', '100000000']) {
    await tid(page, 'amount-input').fill(bad);
    await scannerBurst(page, `13000000000000060${bad.length}`);
    await expect(tid(page, 'notice')).toHaveAttribute('data-tone', 'error');
    await phase(page, 'idle');
    await expect(tid(page, 'amount-input')).toHaveValue(bad);
  }
  ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number; chargedFen: number } };
  expect(ledger.totals.charged).toBe(2);
});

test('a ticket and a bottle of water on one bill, paid once; stored value is refused, and said so before the scan', async ({
  page,
  shell,
}) => {
  // Quick keys arrive after sign-in: Alt+1 before them would be "no quick key 1".
  await expect(tid(page, 'quick-key-1')).toBeVisible();
  await page.keyboard.press('Alt+1'); // 成人票, business type 1
  await phase(page, 'building');
  await scannerBurst(page, '6901234567854'); // 矿泉水, business type 2
  await expect(tid(page, 'bill-line')).toHaveCount(2);
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '8300');
  await expect(tid(page, 'notice')).not.toHaveAttribute('data-tone', /warn|error/);
  // The rule is on the bill panel before anything else is scanned.
  const rule = tid(page, 'bill-rule');
  await expect(rule).toHaveAttribute('data-business-type', '1');
  await expect(rule).toContainText(businessTypeLabel(1, 'zh-CN'));
  await expect(rule).toContainText('储值卡充值须单独开单');
  await screenshot(page, 'safety-mixed-bill-1024');
  // Stored value cannot join it: refused in words, the bill unchanged.
  await scannerBurst(page, '6901234567861');
  await expect(tid(page, 'notice')).toHaveAttribute('data-tone', 'warn');
  await expect(tid(page, 'notice')).toContainText('储值卡充值不能和其他商品同单收款');
  await expect(tid(page, 'notice')).not.toContainText('invalid-input');
  await expect(tid(page, 'bill-line')).toHaveCount(2);
  // One payment for both lines.
  await tid(page, 'amount-input').press('Enter');
  await phase(page, 'collect');
  await scannerBurst(page, '130000000000000801');
  await phase(page, 'paid');
  const ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number; chargedFen: number } };
  expect(ledger.totals).toMatchObject({ charged: 1, chargedFen: 8300 });
});

test.describe('with a HID scanner (simulated)', () => {
  const hidTest = counterTestWith({ env: { COUNTERPAY_SCANNER: 'simulated' } });

  /** A scan from the simulated HID-POS scanner (not the page's keyboard wedge). */
  const hidScan = (page: Page, text: string) =>
    page.evaluate(async (t) => {
      const api = (globalThis as unknown as { counterpay: { invoke(c: string, i: unknown): Promise<{ ok: boolean }> } })
        .counterpay;
      const r = await api.invoke('scanner.simulate', { action: 'scan', path: 'sim://newland-pos', text: t });
      if (!r.ok) throw new Error(JSON.stringify(r));
    }, text);

  // (signed in by the file's beforeEach, on this shell)
  hidTest('an amount typed, then a payment code from a HID scanner, collects that amount', async ({ page, shell }) => {
    await tid(page, 'amount-input').fill('7.20');
    await hidScan(page, '130000000000000901');
    await phase(page, 'paid');
    await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '720');
    let ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number; chargedFen: number } };
    expect(ledger.totals).toMatchObject({ charged: 1, chargedFen: 720 });
    await page.keyboard.press('Enter');
    await phase(page, 'idle');
    // Without an amount the scan is refused as before; with a bad one nothing is sent.
    await hidScan(page, '130000000000000902');
    await expect(tid(page, 'notice')).toHaveAttribute('data-tone', 'warn');
    await phase(page, 'idle');
    await tid(page, 'amount-input').fill('0');
    await hidScan(page, '130000000000000903');
    await expect(tid(page, 'notice')).toHaveAttribute('data-tone', 'error');
    await phase(page, 'idle');
    ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number; chargedFen: number } };
    expect(ledger.totals.charged).toBe(1);
  });
});
