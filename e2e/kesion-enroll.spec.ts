import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { startKesionSimulator, type KesionSimulator } from '../main/backoffice/kesion/simulator.js';
import { expect, screenshot, startShell, test, wedgeScan, type ShellInfo } from './fixtures.js';
import { scannerBurst, seededDataDir, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * Issue 16 item 2 — 机构报名 (KesionEDU batch enrollment) at the counter, against the KesionEDU
 * simulator over real HTTP (COUNTERPAY_KESION_URL / COUNTERPAY_KESION_APPTOKEN): type 1, two
 * courses, three students → 预览 → 保存订单 → 柜台收款 → a barcode payment through the sandbox
 * gateway → the ERP shows the order paid once. A second run: the ERP commits the confirmation
 * and answers 500; the shell is killed and restarted; the order is checked, not re-sent:
 * confirmed once and 异常处理 clears. The balance path, and lists refused with the field named.
 */

const TOKEN = 'e2e-kesion-token';
let sim: KesionSimulator;

test.beforeEach(async () => {
  sim = await startKesionSimulator({ apptoken: TOKEN, counterPayIds: ['100'], balanceFen: 100_000 });
});
test.afterEach(async () => {
  await sim.close();
});

const tid = (page: Page, id: string) => page.getByTestId(id);

function kesionShell(dataDir?: string): Promise<ShellInfo> {
  return startCounterShell({
    ...(dataDir ? { dataDir } : {}),
    env: { COUNTERPAY_KESION_URL: sim.url, COUNTERPAY_KESION_APPTOKEN: TOKEN },
    config: { backOffices: { kesion: { counterPayId: '100' } } },
  });
}

async function open(page: Page, shell: ShellInfo): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(shell.openUrl);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
  await expect(tid(page, 'conn-status')).toHaveAttribute('data-status', 'open');
  await signIn(page);
}

/** Ctrl+J, type 1 (课程), courses 101 and 102, three students (one duplicate), 预览. */
async function previewBatch(page: Page, shots?: string): Promise<void> {
  await page.keyboard.press('Control+j');
  await expect(tid(page, 'kesion-dialog')).toBeVisible();
  await expect(tid(page, 'kesion-course-ids')).toBeFocused();
  await tid(page, 'kesion-type-1').click();
  await tid(page, 'kesion-course-ids').fill('101，102 101');
  await tid(page, 'kesion-students').fill('stu01\nstu02\nstu03\nSTU01');
  await tid(page, 'kesion-preview').click();
  await expect(tid(page, 'kesion-preview-panel')).toHaveAttribute('data-total', String((19900 + 9950) * 3));
  await expect(tid(page, 'kesion-course')).toHaveCount(2);
  await expect(tid(page, 'kesion-course').first()).toContainText('高一数学同步课');
  await expect(tid(page, 'kesion-duplicates')).toContainText('课程编号 1 个，学员账号 1 个');
  await expect(tid(page, 'kesion-students-count')).toHaveText('学员 3 人');
  if (shots) {
    for (const width of [1024, 1366]) {
      await page.setViewportSize({ width, height: 768 });
      await screenshot(page, `${shots}-${width}`);
    }
  }
}

async function saveOrder(page: Page): Promise<string> {
  await tid(page, 'kesion-save').click();
  await expect(tid(page, 'kesion-order')).toHaveAttribute('data-state', 'saved');
  return (await tid(page, 'kesion-order').getAttribute('data-order-id')) ?? '';
}

async function openSupervisor(page: Page): Promise<void> {
  await page.keyboard.press('F11');
  await expect(tid(page, 'sup-gate')).toHaveAttribute('data-state', 'pin');
  await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-who')).toHaveAttribute('data-operator-no', SUPERVISOR.operatorNo);
}

async function openExceptions(page: Page): Promise<void> {
  await openSupervisor(page);
  await tid(page, 'sup-tab-exceptions').click();
  await expect(tid(page, 'sup-exceptions')).toBeVisible();
}

const orderOf = (payOrderCount: number) => sim.ledger().orders[payOrderCount];

test('柜台收款 by barcode: the bill is collected at the counter and confirmed in the ERP once', async ({ page }) => {
  const shell = await kesionShell();
  try {
    await open(page, shell);
    await previewBatch(page, 'kesion-01-preview');
    const orderId = await saveOrder(page);
    await screenshot(page, 'kesion-02-saved-1366');
    await tid(page, 'kesion-collect').click();
    await expect(tid(page, 'kesion-dialog')).toBeHidden();
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'collect');
    await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', String(89550));
    await expect(page.getByText(`机构报名 订单${orderId}（2门课程，3名学员）`)).toBeVisible();
    await screenshot(page, 'kesion-03-collect-1366');
    await scannerBurst(page, '130000000000000555');
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'paid');
    await expect.poll(() => orderOf(0)?.confirmCount).toBe(1);
    expect(orderOf(0)).toMatchObject({ paid: true, paidWith: '100', signUpRequests: 1, repeatedConfirmations: 0 });
    // The receipt says what was sold: 机构报名, the order id, courses and students.
    await page.keyboard.press('F10');
    await expect(tid(page, 'receipt-dialog')).toBeVisible();
    await expect(tid(page, 'receipt-preview')).toContainText(`订单${orderId}`);
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'kesion-04-receipt-1024');
  } finally {
    await shell.stop();
    fs.rmSync(shell.dataDir, { recursive: true, force: true });
  }
});

test('the ERP commits then fails, the shell is killed and restarted: confirmed exactly once, 异常 clears', async ({
  page,
}) => {
  const dataDir = seededDataDir();
  let shell = await kesionShell(dataDir);
  try {
    await open(page, shell);
    await previewBatch(page);
    await saveOrder(page);
    await tid(page, 'kesion-collect').click();
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'collect');
    sim.setFailure({ mode: 'http-5xx', processed: true, op: 'saveSignUpOrder', times: 1 });
    // Cash this time (F2): it counts under cash in the shift like any bill.
    await page.keyboard.press('F2');
    await tid(page, 'cash-tendered').fill('900');
    await tid(page, 'cash-submit').click();
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'paid');
    await expect.poll(() => orderOf(0)?.signUpRequests).toBe(1);
    expect(orderOf(0)?.confirmCount).toBe(1); // committed at the ERP; the answer was a 500
    // The X report counts it under cash (its real tender).
    await openSupervisor(page);
    await expect(tid(page, 'report-figure-expectedCash')).toHaveAttribute('data-value', String(89550));
    await tid(page, 'sup-tab-exceptions').click();
    const row = tid(page, 'kesion-exception');
    await expect(row).toHaveAttribute('data-state', 'unknown');
    for (const width of [1024, 1366]) {
      await page.setViewportSize({ width, height: 768 });
      await screenshot(page, `kesion-05-exception-${width}`);
    }

    // Killed before its next check; a new process on the same ledger checks the order first.
    await shell.stop('SIGKILL');
    shell = await kesionShell(dataDir);
    await open(page, shell);
    await expect.poll(() => sim.ledger().requests.orderInfo).toBeGreaterThanOrEqual(1);
    await openExceptions(page);
    await expect(tid(page, 'kesion-exceptions')).toHaveAttribute('data-count', '0');
    await screenshot(page, 'kesion-06-exception-cleared-1366');
    expect(orderOf(0)).toMatchObject({ paid: true, confirmCount: 1, signUpRequests: 1, repeatedConfirmations: 0 });
  } finally {
    await shell.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('机构余额支付: paid from the balance, no money at the counter; a short balance shows the pay-online url as text', async ({
  page,
}) => {
  const shell = await kesionShell();
  try {
    await open(page, shell);
    await previewBatch(page);
    const orderId = await saveOrder(page);
    // A reload after 保存订单: the order is in the ledger and 机构报名 offers to continue it.
    await page.reload();
    await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
    if ((await tid(page, 'app-root').getAttribute('data-screen')) !== 'counter') await signIn(page);
    await page.keyboard.press('Control+j');
    await expect(tid(page, 'kesion-unfinished')).toBeVisible();
    await screenshot(page, 'kesion-07a-unfinished-1366');
    await tid(page, 'kesion-resume')
      .and(page.locator(`[data-order-id="${orderId}"]`))
      .click();
    await expect(tid(page, 'kesion-order')).toHaveAttribute('data-state', 'saved');
    await expect(tid(page, 'kesion-order-summary')).toContainText(
      '高一数学同步课、高一英语听说；学员 3 人；合计 ¥895.50',
    );
    await tid(page, 'kesion-pay-balance').click();
    await expect(tid(page, 'kesion-order')).toHaveAttribute('data-state', 'confirmed');
    await expect(tid(page, 'kesion-result')).toContainText('柜台不收款');
    expect(orderOf(0)).toMatchObject({ paid: true, paidWith: '0', confirmCount: 1 });
    expect(sim.ledger().balanceFen).toBe(100_000 - 89550);
    await screenshot(page, 'kesion-07-balance-1366');
    // Nothing was put on the counter.
    await tid(page, 'kesion-again').click();
    await tid(page, 'kesion-course-ids').fill('101 102');
    await tid(page, 'kesion-students').fill('stu01 stu02 stu03');
    await tid(page, 'kesion-preview').click();
    await expect(tid(page, 'kesion-preview-panel')).toBeVisible();
    await saveOrder(page);
    await tid(page, 'kesion-pay-balance').click();
    await expect(tid(page, 'kesion-order')).toHaveAttribute('data-state', 'online');
    await expect(tid(page, 'kesion-pay-url')).toHaveText(/^https?:\/\//);
    // Not paid online yet; then paid at the url (the simulator, as the payer would): 查询 confirms it.
    await tid(page, 'kesion-check-online').click();
    await expect(tid(page, 'kesion-not-yet')).toBeVisible();
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'kesion-08-pay-online-1024');
    const online = orderOf(1)!;
    expect(sim.payOnline(online.payorderid)).toBe(true);
    await tid(page, 'kesion-check-online').click();
    await expect(tid(page, 'kesion-order')).toHaveAttribute('data-state', 'confirmed');
    await expect(tid(page, 'kesion-result')).toContainText('已在线支付');
    expect(orderOf(1)).toMatchObject({ paid: true, confirmCount: 1 });
    expect(page.context().pages()).toHaveLength(1);
    await page.keyboard.press('Escape');
    await expect(tid(page, 'kesion-dialog')).toBeHidden();
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');
    // No money at the counter: the X report has nothing in it.
    await openSupervisor(page);
    await expect(tid(page, 'report-figure-net')).toHaveAttribute('data-value', '0');
  } finally {
    await shell.stop();
    fs.rmSync(shell.dataDir, { recursive: true, force: true });
  }
});

test('invalid lists are refused with the field named, nothing is sent; English; 未配置 without KesionEDU', async ({
  page,
}) => {
  const shell = await kesionShell();
  try {
    await open(page, shell);
    // The status pill's light check asks the ERP once at start: wait for it, then count.
    await expect(tid(page, 'backoffice-pill-kesion')).toHaveAttribute('data-state', 'online');
    const initialized = sim.ledger().requests.initialize;
    await page.keyboard.press('Control+j');
    // Enter on the empty lists is a new line; 预览 on them names the field.
    await page.keyboard.press('Enter');
    await tid(page, 'kesion-preview').click();
    await expect(tid(page, 'kesion-error')).toHaveAttribute('data-field', 'courseIds');
    await expect(tid(page, 'kesion-error')).toContainText('课程/班级编号：请至少填写 1 个');
    await tid(page, 'kesion-course-ids').fill('101, abc');
    await tid(page, 'kesion-students').fill('stu01');
    await page.keyboard.press('Control+Enter');
    await expect(tid(page, 'kesion-error')).toContainText('课程/班级编号：“abc”不是数字编号');
    // A keyboard-wedge scanner into the lists types there (each scan ends with a new line).
    await tid(page, 'kesion-course-ids').fill('');
    await tid(page, 'kesion-course-ids').focus();
    await wedgeScan(page, '1000000101');
    await wedgeScan(page, '1000000102');
    await expect(tid(page, 'kesion-course-ids')).toHaveValue('1000000101\n1000000102\n');
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');
    await tid(page, 'kesion-course-ids').fill('101');
    await tid(page, 'kesion-students').fill(Array.from({ length: 201 }, (_, i) => `s${i}`).join('\n'));
    await tid(page, 'kesion-preview').click();
    await expect(tid(page, 'kesion-error')).toHaveAttribute('data-field', 'students');
    await expect(tid(page, 'kesion-error')).toContainText('学员账号：最多 200 个');
    await screenshot(page, 'kesion-09-invalid-1366');
    expect(sim.ledger().requests.initialize).toBe(initialized);
    // English.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+l');
    await page.keyboard.press('Control+j');
    await tid(page, 'kesion-course-ids').fill('101, x7');
    await tid(page, 'kesion-students').fill('stu01');
    await tid(page, 'kesion-preview').click();
    await expect(tid(page, 'kesion-error')).toContainText('Course/class ids: "x7" is not a numeric id');
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'kesion-10-invalid-en-1024');
  } finally {
    await shell.stop();
    fs.rmSync(shell.dataDir, { recursive: true, force: true });
  }
  const plain = await startShell({
    dataDir: seededDataDir(),
    // No embedded demo back offices either (they stand in for unconfigured ones on the sandbox gateway).
    env: { COUNTERPAY_BACKOFFICE_SANDBOX: 'off' },
    config: { setup: { completedAt: new Date().toISOString(), completedBy: SUPERVISOR.operatorNo } },
  });
  try {
    await open(page, plain);
    await page.keyboard.press('Control+j');
    await expect(tid(page, 'kesion-not-configured')).toContainText('未配置');
    await screenshot(page, 'kesion-11-not-configured-1366');
  } finally {
    await plain.stop();
    fs.rmSync(plain.dataDir, { recursive: true, force: true });
  }
});

test('the ERP refuses the confirmation: 异常处理 shows its msg; 重试 checks the order, then confirms once', async ({
  page,
}) => {
  const shell = await kesionShell();
  try {
    await open(page, shell);
    await previewBatch(page);
    await saveOrder(page);
    await tid(page, 'kesion-collect').click();
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'collect');
    sim.setFailure({ mode: 'refuse', msg: '收款方式未启用，请联系网校管理员', op: 'saveSignUpOrder', times: 1 });
    await scannerBurst(page, '130000000000000556');
    await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'paid');
    await expect.poll(() => sim.ledger().requests.saveSignUpOrder).toBe(1);
    expect(orderOf(0)?.paid).toBe(false);
    await openExceptions(page);
    const row = tid(page, 'kesion-exception');
    await expect(row).toHaveAttribute('data-state', 'failed');
    await expect(row).toContainText('收款方式未启用，请联系网校管理员');
    await expect(row).toContainText('网校拒绝');
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'kesion-12-refused-1024');
    await tid(page, 'kesion-retry').click();
    await expect(tid(page, 'kesion-exceptions')).toHaveAttribute('data-count', '0');
    expect(orderOf(0)).toMatchObject({ paid: true, confirmCount: 1, repeatedConfirmations: 0 });
    expect(sim.ledger().requests.saveSignUpOrder).toBe(2);
    expect(sim.ledger().requests.orderInfo).toBe(1); // checked before the second send
  } finally {
    await shell.stop();
    fs.rmSync(shell.dataDir, { recursive: true, force: true });
  }
});
