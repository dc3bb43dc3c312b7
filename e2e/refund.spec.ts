import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { finishShell, expect, screenshot, test, type ShellInfo } from './fixtures.js';
import { CASHIER, cashSale, scannerBurst, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * Issue 11 item 23: the supervisor finds a paid bill by the end of its number in a list (no
 * 22-character typing), sees where the money goes, confirms, and main records one refund.
 * With no back office configured a barcode bill cannot go back "the original way": the screen
 * says so and offers cash from the drawer only.
 */
let shell: ShellInfo | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await finishShell(shell, testInfo);
});

const tid = (page: Page, id: string) => page.getByTestId(id);

function paidBills(dataDir: string): { bill_no: string; total_fen: number; kind: string; refund_of: number | null }[] {
  const db = new Database(path.join(dataDir, 'counterpay.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare("SELECT bill_no, total_fen, kind, refund_of FROM bills WHERE status = 'paid' ORDER BY id")
      .all() as {
      bill_no: string;
      total_fen: number;
      kind: string;
      refund_of: number | null;
    }[];
  } finally {
    db.close();
  }
}

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

async function openRefunds(page: Page): Promise<void> {
  await page.keyboard.press('F11');
  await expect(tid(page, 'sup-gate')).toHaveAttribute('data-state', 'pin');
  await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-who')).toHaveAttribute('data-operator-no', SUPERVISOR.operatorNo);
  // Keyboard first: Alt+4 is 退款 / 作废, and its search field has the caret.
  // The tabs answer Alt+digit once the supervisor check is in (the tab bar shows).
  await expect(page.getByTestId('sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+4');
  await expect(tid(page, 'supervisor-screen')).toHaveAttribute('data-tab', 'bills');
  await expect(tid(page, 'bills-search')).toBeFocused();
}

test('a barcode bill found by the end of its number is refunded after a confirmation that says where the money goes', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  shell = await startCounterShell();
  await page.goto(shell.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '200' });

  await barcodeSale(page, '33', '130000000000000901');
  await cashSale(page, '12.50');
  await barcodeSale(page, '45', '130000000000000902');
  const [first, cash, last] = paidBills(shell.dataDir);
  expect(first!.total_fen).toBe(3300);

  await openRefunds(page);
  // Today's paid bills, newest first, with no typing.
  await expect(tid(page, 'bills-row')).toHaveCount(3);
  await expect(tid(page, 'bills-row').first()).toHaveAttribute('data-bill-no', last!.bill_no);
  await expect(tid(page, 'bills-row').first()).toHaveAttribute('data-selected', 'yes');
  await screenshot(page, 'refund-01-list-1024');
  // Arrows move the choice.
  await page.keyboard.press('ArrowDown');
  await expect(tid(page, 'bills-row').nth(1)).toHaveAttribute('data-selected', 'yes');
  await page.keyboard.press('ArrowUp');
  await expect(tid(page, 'bills-row').first()).toHaveAttribute('data-selected', 'yes');

  // The end of the bill number narrows the list to the one bill; Enter opens it.
  const tail = first!.bill_no.slice(-4);
  await page.keyboard.type(tail);
  await expect(tid(page, 'bills-row')).toHaveCount(1);
  await expect(tid(page, 'bills-row')).toHaveAttribute('data-bill-no', first!.bill_no);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'bills-found')).toHaveAttribute('data-bill-no', first!.bill_no);
  await expect(tid(page, 'bills-remaining')).toHaveAttribute('data-fen', '3300');

  // No back office: "original" is not offered for a barcode bill; the screen says why, cash is the way.
  await expect(tid(page, 'bills-no-original')).toContainText('没有配置后台');
  await expect(tid(page, 'bills-method-original')).toHaveCount(0);
  await expect(tid(page, 'bills-method-cash')).toBeChecked();
  await expect(tid(page, 'bills-amount')).toBeFocused();
  await page.keyboard.type('10');
  await tid(page, 'bills-reason').fill('顾客退一张票');
  await tid(page, 'bills-reason').press('Enter');

  // The confirmation names the amount and where it goes; nothing is recorded before it.
  const confirm = tid(page, 'bills-refund-confirm');
  await expect(confirm).toHaveAttribute('data-fen', '1000');
  await expect(confirm).toHaveAttribute('data-method', 'cash');
  await expect(tid(page, 'bills-refund-where')).toHaveText('从钱箱退现金 ¥10.00 给顾客。');
  await screenshot(page, 'refund-02-confirm-1024');
  expect(paidBills(shell.dataDir).filter((b) => b.kind === 'refund')).toHaveLength(0);
  // Esc steps back to the form (the supervisor screen stays).
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(tid(page, 'bills-refund-form')).toBeVisible();
  await tid(page, 'bills-refund').click();
  await expect(confirm).toBeVisible();
  await tid(page, 'bills-refund-yes').click();

  await expect(tid(page, 'sup-notice')).toHaveAttribute('data-tone', 'ok');
  await expect(tid(page, 'sup-notice')).toContainText('已退款 ¥10.00');
  await expect(tid(page, 'bills-remaining')).toHaveAttribute('data-fen', '2300');
  const refunds = paidBills(shell.dataDir).filter((b) => b.kind === 'refund');
  expect(refunds.map((r) => r.total_fen)).toEqual([1000]);

  // A cash bill refunds to its own tender (cash) by default; found by its amount.
  await tid(page, 'bills-search').fill('12.50');
  await expect(tid(page, 'bills-row')).toHaveCount(1);
  await expect(tid(page, 'bills-row')).toHaveAttribute('data-bill-no', cash!.bill_no);
  await tid(page, 'bills-search').press('Enter');
  await expect(tid(page, 'bills-found')).toHaveAttribute('data-bill-no', cash!.bill_no);
  await expect(tid(page, 'bills-refund-form')).toHaveAttribute('data-method', 'original');
  await expect(tid(page, 'bills-no-original')).toHaveCount(0);
  await screenshot(page, 'refund-03-cash-bill-1024');
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'refund-04-cash-bill-1366');

  // The same screen in English.
  await tid(page, 'sup-close').click();
  await expect(tid(page, 'supervisor-screen')).toHaveCount(0);
  await tid(page, 'locale-toggle').click();
  await openRefunds(page);
  // Enter right after the text, before the list has answered: the bill of THIS text opens, not the old first row.
  await tid(page, 'bills-search').fill(tail);
  await tid(page, 'bills-search').press('Enter');
  await expect(tid(page, 'bills-no-original')).toContainText('no back office');
  await tid(page, 'bills-reason').fill('refund');
  await tid(page, 'bills-reason').press('Enter');
  await expect(tid(page, 'bills-refund-where')).toHaveText('Give the customer ¥23.00 in cash from the drawer.');
  await screenshot(page, 'refund-05-confirm-en-1366');
});
