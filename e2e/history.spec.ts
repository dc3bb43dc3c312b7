import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { expect, screenshot, startShell, test, type ShellInfo } from './fixtures.js';
import {
  CASHIER,
  cashSale,
  scannerBurst,
  seededDataDir,
  signIn,
  startCounterShell,
  SUPERVISOR,
} from './support/counter.js';

/**
 * Issue 13 items 2 and 6: 单据查询 (Ctrl+H on the counter, 单据 tab on the supervisor screen),
 * reprints marked 重印, the payment attempts of a bill, the bill number's barcode on the receipt
 * opening the bill when scanned, and 付款后自动打印.
 */
let shell: ShellInfo | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await shell.stop();
  if (testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
  else
    testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
  shell = undefined;
});

const tid = (page: Page, id: string) => page.getByTestId(id);

function ledger<T>(dataDir: string, sql: string): T[] {
  const db = new Database(path.join(dataDir, 'counterpay.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const paidBills = (dir: string) =>
  ledger<{ bill_no: string; total_fen: number }>(
    dir,
    "SELECT bill_no, total_fen FROM bills WHERE status = 'paid' ORDER BY id",
  );

async function barcodeSale(page: Page, amount: string, code: string): Promise<void> {
  const root = tid(page, 'app-root');
  await tid(page, 'amount-input').fill(amount);
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'collect');
  await scannerBurst(page, code);
  await expect(root).toHaveAttribute('data-phase', 'paid');
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'idle');
}

const noPrintDialog = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { print: () => void }).print = () => undefined;
  });

test('a bill is found by the end of its number, reprinted (重印) and its attempts shown; refund goes to 退款', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '200' });
  await noPrintDialog(page);

  await barcodeSale(page, '33', '130000000000000901');
  await cashSale(page, '12.50');
  await barcodeSale(page, '45', '130000000000000902');
  const [first, , last] = paidBills(shell.dataDir);

  // Ctrl+H: today's bills, newest first; the caret is in the bill-number field.
  await page.keyboard.press('Control+h');
  await expect(tid(page, 'history-dialog')).toBeVisible();
  await expect(tid(page, 'history-row')).toHaveCount(3);
  await expect(tid(page, 'history-row').first()).toHaveAttribute('data-bill-no', last!.bill_no);
  await expect(tid(page, 'history-billNo')).toBeFocused();
  await screenshot(page, 'history-01-list-1366');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'history-01-list-1024');

  // The amount, the tender and the payment-code digits narrow the list.
  await tid(page, 'history-amount').fill('12.5');
  await expect(tid(page, 'history-row')).toHaveCount(1);
  await tid(page, 'history-amount').fill('');
  await tid(page, 'history-tender').selectOption('barcode');
  await expect(tid(page, 'history-row')).toHaveCount(2);
  await tid(page, 'history-tender').selectOption('');
  await tid(page, 'history-payCode').fill('0902');
  await expect(tid(page, 'history-row')).toHaveCount(1);
  await expect(tid(page, 'history-row')).toHaveAttribute('data-bill-no', last!.bill_no);
  await tid(page, 'history-payCode').fill('');

  // The end of its number finds the first bill; Enter opens it.
  await tid(page, 'history-billNo').fill(first!.bill_no.slice(-11));
  await expect(tid(page, 'history-row')).toHaveCount(1);
  await tid(page, 'history-billNo').press('Enter');
  await expect(tid(page, 'history-detail')).toHaveAttribute('data-bill-no', first!.bill_no);
  // Its payment attempt with the gateway's reply.
  await expect(tid(page, 'history-attempt')).toHaveCount(1);
  await expect(tid(page, 'history-attempt')).toHaveAttribute('data-state', 'paid');
  const [att] = ledger<{ gateway_bill_num: string; last_paystatus: string }>(
    shell.dataDir,
    `SELECT gateway_bill_num, last_paystatus FROM payment_attempts ORDER BY id LIMIT 1`,
  );
  await expect(tid(page, 'history-attempt')).toContainText(att!.gateway_bill_num);
  await expect(tid(page, 'history-attempt')).toContainText(att!.last_paystatus);
  await expect(tid(page, 'history-attempt')).toContainText('已支付');
  await expect(tid(page, 'history-reprints')).toContainText('0');

  // Reprint: the receipt says 重印 with the time, the bill-number barcode is on it; audited and counted.
  await tid(page, 'history-reprint').click();
  await expect(tid(page, 'history-notice')).toContainText('小票已重印');
  const preview = () => tid(page, 'receipt-preview').evaluate((el) => el.shadowRoot?.textContent ?? '');
  await expect.poll(preview).toMatch(/重印 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  const code = await tid(page, 'receipt-preview').evaluate(
    (el) => el.shadowRoot?.querySelector('svg.code')?.getAttribute('data-code') ?? '',
  );
  expect(code).toBe(first!.bill_no);
  await expect(tid(page, 'history-reprints')).toContainText('1');
  const audits = ledger<{ action: string }>(
    shell.dataDir,
    "SELECT action FROM audit_log WHERE action LIKE 'receipt.%'",
  );
  expect(audits.map((a) => a.action)).toContain('receipt.reprint');
  await screenshot(page, 'history-02-detail-1024');
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'history-02-detail-1366');

  // English.
  await tid(page, 'history-back').click();
  await expect(tid(page, 'history-row').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(tid(page, 'history-dialog')).toBeHidden();
  await page.keyboard.press('Control+l');
  await page.keyboard.press('Control+h');
  await expect(tid(page, 'history-dialog')).toContainText('Bill history');
  await screenshot(page, 'history-03-list-en-1366');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'history-03-list-en-1024');
  await tid(page, 'history-row').first().dblclick();
  await expect(tid(page, 'history-detail')).toBeVisible();
  await screenshot(page, 'history-04-detail-en-1024');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+l');

  // Refund: the bill is handed to the supervisor screen's 退款 tab, opened there.
  await page.keyboard.press('Control+h');
  await tid(page, 'history-billNo').fill(first!.bill_no.slice(-11));
  await expect(tid(page, 'history-row')).toHaveCount(1);
  await tid(page, 'history-billNo').press('Enter');
  await tid(page, 'history-refund').click();
  await expect(tid(page, 'sup-gate')).toHaveAttribute('data-state', 'pin');
  await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'supervisor-screen')).toHaveAttribute('data-tab', 'bills');
  await expect(tid(page, 'bills-search')).toHaveValue(first!.bill_no);
});

test('scanning the receipt bill-number barcode opens the bill, at the counter and on the supervisor screen', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...SUPERVISOR, floatYuan: '100' });
  await cashSale(page, '8');
  await cashSale(page, '9');
  const [a, b] = paidBills(shell.dataDir);

  // At an idle counter: the scan opens 单据查询 on that bill.
  await scannerBurst(page, a!.bill_no);
  await expect(tid(page, 'history-detail')).toHaveAttribute('data-bill-no', a!.bill_no);
  // Another scan while the history is open opens that one.
  await page.keyboard.press('Escape');
  await scannerBurst(page, b!.bill_no);
  await expect(tid(page, 'history-detail')).toHaveAttribute('data-bill-no', b!.bill_no);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'history-dialog')).toBeHidden();

  // The supervisor screen's 单据 tab (Alt+0) follows scans too.
  await page.keyboard.press('F11');
  await expect(tid(page, 'sup-who')).toHaveAttribute('data-operator-no', SUPERVISOR.operatorNo);
  // The tabs answer Alt+digit once the supervisor check is in (the tab bar shows).
  await expect(page.getByTestId('sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+0');
  await expect(tid(page, 'supervisor-screen')).toHaveAttribute('data-tab', 'docs');
  await expect(tid(page, 'history-row')).toHaveCount(2);
  await screenshot(page, 'history-05-supervisor-1024');
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'history-05-supervisor-1366');
  // The supervisor screen owns the keyboard (the page wedge is off there): a keyboard-mode
  // scanner types the number into the focused field and its Enter opens the bill.
  await expect(tid(page, 'history-billNo')).toBeFocused();
  await page.keyboard.type(a!.bill_no, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(tid(page, 'history-detail')).toHaveAttribute('data-bill-no', a!.bill_no);
});

test('付款后自动打印: saved in 系统设置 → 小票, and a paid bill prints by itself', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const dataDir = seededDataDir();
  const setupDone = { completedAt: new Date().toISOString(), completedBy: SUPERVISOR.operatorNo };
  // Off by default: a paid bill does not print.
  shell = await startShell({ dataDir, config: { setup: setupDone } });
  await page.goto(shell.openUrl);
  await signIn(page, { ...SUPERVISOR, floatYuan: '100' });
  await cashSale(page, '5', { clear: false });
  await expect(tid(page, 'receipt-dialog')).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');

  // 系统设置 → 小票 (from the sign-in screen, with the supervisor's PIN): tick it and save.
  await page.keyboard.press('F12');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-screen', 'sign-in');
  await tid(page, 'signin-settings').click();
  await tid(page, 'setup-auth-operator').fill(SUPERVISOR.operatorNo);
  await tid(page, 'setup-auth-pin').fill(SUPERVISOR.pin);
  await tid(page, 'setup-auth-pin').press('Enter');
  await expect(tid(page, 'setup-screen')).toHaveAttribute('data-phase', 'form');
  const box = tid(page, 'setup-receipt-autoprint');
  await expect(box).not.toBeChecked();
  await box.check();
  await tid(page, 'setup-sec-receipt').scrollIntoViewIfNeeded();
  await screenshot(page, 'history-06-setup-autoprint-1366');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, 'history-06-setup-autoprint-1024');
  await page.setViewportSize({ width: 1366, height: 768 });
  await tid(page, 'setup-save').click();
  await expect
    .poll(() => JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')).receipt?.autoPrint)
    .toBe(true);
  await shell.stop();

  // After the restart the next paid bill prints by itself (once), recorded as a print.
  shell = await startShell({ dataDir });
  await page.goto(shell.openUrl);
  await page.evaluate(() => {
    const w = window as unknown as { print: () => void; printed: number };
    w.printed = 0;
    w.print = () => {
      w.printed += 1;
    };
  });
  await signIn(page, { ...SUPERVISOR, floatYuan: '100' });
  await cashSale(page, '6', { clear: false });
  await expect(tid(page, 'receipt-dialog')).toBeVisible();
  await expect(tid(page, 'receipt-print-result')).toHaveAttribute('data-state', 'browser');
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await screenshot(page, 'history-07-autoprint-1366');
  const prints = () =>
    ledger<{ action: string }>(dataDir, "SELECT action FROM audit_log WHERE action = 'receipt.print'").length;
  await expect.poll(prints).toBe(1);
});
