import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { expect, screenshot } from './fixtures.js';
import { counterTest as test, scannerBurst, signIn } from './support/counter.js';

/**
 * Issue 11 item 18 (the counter's side): a payment settled after the cashier stopped waiting
 * shows a notice with the bill number and the amount that stays — across a reload — until it is
 * acknowledged (知道了, Enter), as the signed-in operator. The notice row is written here the
 * way the payment engine writes it when the reconciler confirms (app/contract/late-outcome.ts,
 * table late_outcomes), so the screen is tested against the contract, not the timing.
 */

const tid = (page: Page, id: string) => page.getByTestId(id);
const phase = (page: Page, p: string) => expect(tid(page, 'app-root')).toHaveAttribute('data-phase', p);

for (const size of [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
]) {
  test(`a late "paid" stays on the counter until 知道了 (${size.width}×${size.height})`, async ({ page, shell }) => {
    await page.setViewportSize(size);
    await page.goto(shell.openUrl);
    await signIn(page);
    await tid(page, 'amount-input').fill('23.50');
    await page.keyboard.press('Enter');
    await phase(page, 'collect');
    // 13 1 99 …: the payer is still typing a password after 99 s.
    await scannerBurst(page, '131990000000000301');
    await phase(page, 'paying');
    await page.keyboard.press('Escape');
    await phase(page, 'unconfirmed');
    const billNo = (await tid(page, 'bill-no').textContent())?.trim() ?? '';
    const attemptId = Number(await tid(page, 'payment-view').getAttribute('data-attempt-id'));
    expect(billNo).not.toBe('');

    // The reconciler confirmed it later.
    const db = new Database(path.join(shell.dataDir, 'counterpay.db'), { fileMustExist: true, timeout: 5000 });
    try {
      const now = Date.now();
      db.prepare(
        `INSERT INTO late_outcomes (attempt_id, outcome, via, query_no, resolved_by, detail, unconfirmed_at, resolved_at)
         VALUES (?, 'paid', 'reconciler', 5, NULL, 'SUCCESS', ?, ?)`,
      ).run(attemptId, now - 60_000, now);
    } finally {
      db.close();
    }
    await page.reload();
    await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
    const card = tid(page, 'late-outcome');
    await expect(card).toBeVisible();
    await expect(card).toHaveAttribute('data-outcome', 'paid');
    await expect(tid(page, 'late-outcome-bill')).toHaveText(billNo);
    await expect(tid(page, 'late-outcome-amount')).toHaveAttribute('data-fen', '2350');
    await expect(card).toContainText('¥23.50');
    await screenshot(page, `late-outcome-${size.width}x${size.height}-zh-CN`);
    await tid(page, 'locale-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(card).toContainText('Late payment result');
    await screenshot(page, `late-outcome-${size.width}x${size.height}-en`);
    await tid(page, 'locale-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

    // Still there after another reload: it stays until acknowledged.
    await page.reload();
    await expect(tid(page, 'late-outcome')).toBeVisible();
    // Enter in the empty entry is 知道了 (and not yet 下一单).
    await expect(tid(page, 'amount-input')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(tid(page, 'late-outcome')).toBeHidden();
    await page.reload();
    await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
    await phase(page, 'unconfirmed');
    await expect(tid(page, 'late-outcome')).toBeHidden();

    const check = new Database(path.join(shell.dataDir, 'counterpay.db'), { readonly: true, fileMustExist: true });
    try {
      const row = check
        .prepare('SELECT acknowledged_by, acknowledged_at FROM late_outcomes WHERE attempt_id = ?')
        .get(attemptId) as {
        acknowledged_by: string | null;
        acknowledged_at: number | null;
      };
      expect(row.acknowledged_by).toBe('1001');
      expect(row.acknowledged_at).not.toBeNull();
    } finally {
      check.close();
    }
  });
}
