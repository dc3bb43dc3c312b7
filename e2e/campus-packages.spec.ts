import fs from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { startCampusSimulator, type CampusSimulator } from '../main/backoffice/campus/simulator.js';
import { expect, screenshot, test as base, type ShellInfo } from './fixtures.js';
import { scannerBurst, seededDataDir, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * 校园卡套餐 (issue 16 item 4): the cashier swipes a student's campus card (or types the user id),
 * picks packages, the campus system issues a ping++ QR charge (PayMoney, alipay_qr); the QR is on
 * the counter and on the customer display; the payer's scan is simulated through the campus
 * simulator's control; SearchSuccessData confirms it and the bill is closed with the campus-qr
 * tender (its own line in the X report). A shell killed while waiting resumes the same charge
 * after the restart: one charge, paid once, one tender.
 */
type Shell = ShellInfo & { displayUrl: string };

const test = base.extend<{ sim: CampusSimulator }>({
  sim: async ({}, use) => {
    const sim = await startCampusSimulator({});
    await use(sim);
    await sim.close();
  },
});

async function start(sim: CampusSimulator, dataDir?: string): Promise<Shell> {
  return (await startCounterShell({
    ...(dataDir ? { dataDir } : {}),
    env: { COUNTERPAY_CAMPUS_URL: sim.webPath },
  })) as Shell;
}

async function openCounter(page: Page, shell: Shell): Promise<void> {
  await page.goto(shell.openUrl);
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-hydrated', 'yes');
  await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'open');
  await signIn(page);
}

async function openDisplay(browser: Browser, shell: Shell): Promise<Page> {
  const display = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  await display.goto(shell.displayUrl);
  await expect(display.getByTestId('display')).toHaveAttribute('data-linked', 'yes');
  return display;
}

async function shots(page: Page, name: string): Promise<void> {
  for (const width of [1024, 1366]) {
    await page.setViewportSize({ width, height: 768 });
    await screenshot(page, `campus-${name}-${width}`);
  }
}

const tid = (page: Page, id: string) => page.getByTestId(id);

/** A zh-CN campus screen shows no Latin words but key names (Esc). */
async function noLatin(page: Page): Promise<void> {
  const text = await tid(page, 'campus-dialog').innerText();
  expect(text.match(/[A-Za-z]{2,}/g)?.filter((w) => w !== 'Esc') ?? []).toEqual([]);
}

test('a package sale by QR: card swipe, two SMS packages, QR on counter and display, payer scans, receipt, X report', async ({
  page,
  browser,
  sim,
}, testInfo) => {
  const shell = await start(sim);
  try {
    await openCounter(page, shell);
    const display = await openDisplay(browser, shell);

    await page.keyboard.press('Control+k');
    const dialog = tid(page, 'campus-dialog');
    await expect(dialog).toBeVisible();
    // Hostile: Enter on an empty user id asks for one, nothing is looked up.
    await expect(tid(page, 'campus-user-id')).toBeFocused();
    // The status pill's light check asks the campus system once at start: wait for it, then count.
    await expect(tid(page, 'backoffice-pill-campus')).toHaveAttribute('data-state', 'online');
    const lookedUp = sim.ledger().requests.searchPayPackages;
    await page.keyboard.press('Enter');
    await expect(tid(page, 'campus-form-error')).toContainText('学生用户号');
    expect(sim.ledger().requests.searchPayPackages).toBe(lookedUp);

    // SMS packages are multiple choice. The card is swiped (a scanner burst): it goes into the
    // user-id field and is looked up — never to the payment path.
    await tid(page, 'campus-kind-1').click();
    await tid(page, 'campus-user-id').focus();
    await scannerBurst(page, '10129580');
    await expect(tid(page, 'campus-name')).toHaveText('陈雅诺');
    await expect(tid(page, 'campus-user-id')).toHaveValue('10129580');
    await expect(tid(page, 'campus-card')).toHaveText('335731330');
    // The simulator's photo is on another origin, which the page's CSP does not allow: a placeholder.
    await expect(tid(page, 'campus-photo-none')).toBeVisible();
    await tid(page, 'campus-item-20000001').click();
    await tid(page, 'campus-item-20000002').click();
    await expect(tid(page, 'campus-total')).toHaveText('¥72.00');
    await expect(tid(page, 'campus-channel-alipay_qr')).toHaveAttribute('aria-pressed', 'true');
    await shots(page, '01-packages');
    await noLatin(page);

    await tid(page, 'campus-confirm').click();
    await expect(tid(page, 'campus-waiting')).toBeVisible();
    const qr = dialog.getByTestId('payment-qr');
    await expect(qr).toHaveAttribute('data-content', /^https:\/\/qr\.alipay\.com\//);
    await expect(qr.locator('svg')).toBeVisible();
    const content = await qr.getAttribute('data-content');
    // The same QR on the customer display.
    await expect(display.getByTestId('display-qr')).toHaveAttribute('data-pay-type', 'alipayQR');
    await expect(display.getByTestId('payment-qr')).toHaveAttribute('data-content', content!);
    await shots(page, '02-waiting');
    await noLatin(page);
    await screenshot(display, 'campus-display-qr-1366');
    expect(sim.ledger().charges).toHaveLength(1);

    // Hostile: Esc asks first; Esc again keeps waiting.
    await page.keyboard.press('Escape');
    await expect(tid(page, 'campus-cancel-confirm')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(tid(page, 'campus-cancel-confirm')).toHaveCount(0);
    await expect(tid(page, 'campus-waiting')).toBeVisible();

    // The payer scans and pays (the simulator's control, as ping++ would after a scan).
    const charge = sim.ledger().charges[0]!;
    const paid = await fetch(new URL('__control/pay', sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ charge: charge.chargeId }),
    });
    expect(paid.ok).toBe(true);
    await expect(tid(page, 'campus-paid')).toBeVisible();
    const receipt = tid(page, 'receipt-preview');
    await expect(receipt).toContainText('短信套餐-家长一');
    await expect(receipt).toContainText('卡号：335731330');
    await expect(receipt).toContainText('班级：三年级（2）班');
    await expect(receipt).toContainText(/短信套餐-家长二：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
    await expect(receipt).toContainText('校园卡扫码');
    await expect(display.getByTestId('display')).toHaveAttribute('data-phase', 'paid');
    await shots(page, '03-paid');
    expect(sim.ledger().charges[0]).toMatchObject({ paid: true, paidCount: 1 });

    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');
    // F10 (the last sale's receipt, as it prints) carries the campus lines too.
    await page.keyboard.press('F10');
    await expect(tid(page, 'receipt-dialog').getByTestId('receipt-preview')).toContainText(
      /短信套餐-家长一：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/,
    );
    await expect(tid(page, 'receipt-dialog').getByTestId('receipt-preview')).toContainText('卡号：335731330');
    await page.keyboard.press('Escape');
    await expect(tid(page, 'receipt-dialog')).toHaveCount(0);

    // English once.
    await page.keyboard.press('Control+l');
    await page.keyboard.press('Control+k');
    await expect(tid(page, 'campus-user-id')).toHaveAttribute('placeholder', /Swipe the campus card/);
    await shots(page, '04-en');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+l');

    // The X report has the campus tender on its own line.
    await page.keyboard.press('F11');
    await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
    await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
    await page.keyboard.press('Enter');
    await expect(tid(page, 'report-view')).toHaveAttribute('data-kind', 'x');
    const row = page.locator('[data-testid="report-section-tenders"] tr[data-row="campus-qr"]');
    await expect(row).toContainText('校园卡扫码');
    await expect(row.locator('td[data-col="sales"]')).toHaveAttribute('data-value', '7200');
    await row.scrollIntoViewIfNeeded();
    await shots(page, '05-x-report');
    await display.close();
  } finally {
    await shell.stop();
    if (testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
    else
      testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
  }
});

test('the shell is killed while waiting; after the restart the same charge is confirmed once', async ({
  page,
  sim,
}, testInfo) => {
  const dataDir = seededDataDir();
  let shell = await start(sim, dataDir);
  try {
    await openCounter(page, shell);
    await page.keyboard.press('Control+k');
    await tid(page, 'campus-user-id').fill('10129581');
    await page.keyboard.press('Enter');
    await expect(tid(page, 'campus-name')).toHaveText('王子涵');
    await tid(page, 'campus-item-10000002').click();
    // Card packages are single choice: a second pick replaces the first.
    await tid(page, 'campus-item-10000001').click();
    await expect(tid(page, 'campus-item-10000002')).toHaveAttribute('aria-pressed', 'false');
    await tid(page, 'campus-paymoney-2').click();
    await tid(page, 'campus-confirm').click();
    await expect(tid(page, 'campus-waiting')).toBeVisible();
    expect(sim.ledger().charges).toHaveLength(1);
    const charge = sim.ledger().charges[0]!;
    expect(charge.payType).toBe(2);
    const content = await tid(page, 'campus-dialog').getByTestId('payment-qr').getAttribute('data-content');

    await shell.stop('SIGKILL');
    shell = await start(sim, dataDir);
    await openCounter(page, shell);
    // The locked bill brings the waiting screen back by itself: the same QR, no second charge.
    await expect(tid(page, 'campus-waiting')).toBeVisible();
    await expect(tid(page, 'campus-dialog').getByTestId('payment-qr')).toHaveAttribute('data-content', content!);
    await shots(page, '06-resumed');
    expect(sim.markPaid(charge.chargeId)).toBe(true);
    await expect(tid(page, 'campus-paid')).toBeVisible();
    await expect(tid(page, 'receipt-preview')).toContainText('卡号：335731331');
    const ledger = sim.ledger();
    expect(ledger.charges).toHaveLength(1);
    expect(ledger.charges[0]).toMatchObject({ paid: true, paidCount: 1 });
    expect(ledger.requests.payMoney).toBe(1);

    // Restart once more: nothing is confirmed again.
    await shell.stop();
    shell = await start(sim, dataDir);
    await openCounter(page, shell);
    await page.keyboard.press('F11');
    await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
    await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
    await page.keyboard.press('Enter');
    const row = page.locator('[data-testid="report-section-tenders"] tr[data-row="campus-qr"]');
    await expect(row.locator('td[data-col="sales"]')).toHaveAttribute('data-value', '15800');
    await expect(row.locator('td[data-col="salesCount"]')).toHaveAttribute('data-value', '1');
  } finally {
    await shell.stop();
    if (testInfo.status === testInfo.expectedStatus) fs.rmSync(dataDir, { recursive: true, force: true });
    else
      testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
  }
});

test('cancel while waiting asks and checks once more; a new QR for the same bill; Esc at the end voids it', async ({
  page,
  sim,
}, testInfo) => {
  const shell = await start(sim);
  try {
    await openCounter(page, shell);
    await page.keyboard.press('Control+k');
    await tid(page, 'campus-user-id').fill('10129580');
    await page.keyboard.press('Enter');
    await tid(page, 'campus-item-10000001').click();
    await tid(page, 'campus-channel-wx_pub_qr').click();
    await tid(page, 'campus-confirm').click();
    await expect(tid(page, 'campus-waiting')).toBeVisible();

    // A reload halfway: the waiting screen comes back with the same QR.
    const first = await tid(page, 'campus-dialog').getByTestId('payment-qr').getAttribute('data-content');
    expect(first).toMatch(/^weixin:\/\//);
    await page.reload();
    await expect(page.getByTestId('app-root')).toHaveAttribute('data-hydrated', 'yes');
    if ((await page.getByTestId('app-root').getAttribute('data-screen')) === 'sign-in') await signIn(page);
    await expect(tid(page, 'campus-waiting')).toBeVisible();
    // 关闭 does not leave a payable QR behind: the waiting screen comes straight back.
    await tid(page, 'dialog-close').click();
    await expect(tid(page, 'campus-waiting')).toBeVisible();
    await expect(tid(page, 'campus-dialog').getByTestId('payment-qr')).toHaveAttribute('data-content', first!);

    const queriesBefore = sim.ledger().charges[0]!.successQueries;
    await page.keyboard.press('Escape');
    await tid(page, 'campus-cancel-yes').click();
    await expect(tid(page, 'campus-ended')).toHaveAttribute('data-state', 'cancelled');
    expect(sim.ledger().charges[0]!.successQueries).toBeGreaterThan(queriesBefore);
    await shots(page, '07-cancelled');
    await noLatin(page);
    // The unpaid campus bill is never left on the counter for cash: 关闭 brings the choice back,
    // with the last channel offered first.
    await tid(page, 'dialog-close').click();
    await expect(tid(page, 'campus-ended')).toHaveAttribute('data-state', 'cancelled');
    await expect(tid(page, 'campus-retry-wx_pub_qr')).toHaveAttribute('aria-pressed', 'true');

    await tid(page, 'campus-retry').click();
    await expect(tid(page, 'campus-waiting')).toBeVisible();
    const second = await tid(page, 'campus-dialog').getByTestId('payment-qr').getAttribute('data-content');
    expect(second).not.toBe(first);
    expect(sim.ledger().charges).toHaveLength(2);
    await page.keyboard.press('Escape');
    await tid(page, 'campus-cancel-yes').click();
    await expect(tid(page, 'campus-ended')).toBeVisible();
    // Esc at the end voids the unpaid bill and closes: the counter is empty again.
    await page.keyboard.press('Escape');
    await expect(tid(page, 'campus-dialog')).toHaveCount(0);
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');
    expect(sim.ledger().charges.every((c) => !c.paid)).toBe(true);
  } finally {
    await shell.stop();
    if (testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
    else
      testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
  }
});

test('without a campus WebPath the screen says 未配置', async ({ page }, testInfo) => {
  // No embedded demo back offices either (they stand in for unconfigured ones on the sandbox gateway).
  const shell = (await startCounterShell({ env: { COUNTERPAY_BACKOFFICE_SANDBOX: 'off' } })) as Shell;
  try {
    await openCounter(page, shell);
    await page.keyboard.press('Control+k');
    await expect(tid(page, 'campus-not-configured')).toContainText('未配置智慧校园系统');
    await shots(page, '00-not-configured');
    await noLatin(page);
    await page.keyboard.press('Escape');
    await expect(tid(page, 'campus-dialog')).toHaveCount(0);
  } finally {
    await shell.stop();
    if (testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
  }
});
