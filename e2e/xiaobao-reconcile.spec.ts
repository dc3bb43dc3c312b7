import fs from 'node:fs';
import path from 'node:path';
import { createXiaobaoClient } from '../main/backoffice/xiaobao/client.js';
import { createXiaobaoPoster } from '../main/backoffice/xiaobao/poster.js';
import { startXiaobaoSimulator, type XiaobaoSimulator } from '../main/backoffice/xiaobao/simulator.js';
import { readFirstSheet } from '../main/catalog/xlsx.js';
import { openStore } from '../main/store/db.js';
import { expect, finishShell, screenshot, test } from './fixtures.js';
import { seededDataDir, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * 校宝对账 as a supervisor meets it: the counter posted two top-ups to Xiaobao, one of which the
 * ERP refused (the simulator's /__control/faults 'refuse'), and someone booked a top-up at the
 * ERP's own desk with a bill number the counter never had (/__control/orders). The 校宝对账 tab
 * (Alt+-) shows one matched, one only in the ERP and one only at the counter with its reason;
 * 重试 brings the counter-only one to matched (looked up first, then sent once); CSV and Excel
 * export the same rows.
 */

let sim: XiaobaoSimulator;
test.beforeEach(async () => {
  sim = await startXiaobaoSimulator({ port: 0 });
  sim.addStudent({ id: 7, name: '张小明', balanceFen: 100_000 });
});
test.afterEach(async () => {
  await sim.close();
});

async function control(route: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim.origin}/__control/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
}

/** What the counter's Xiaobao service would have journaled and posted earlier today (through the poster). */
async function postAtTheCounter(dataDir: string): Promise<void> {
  const store = openStore({ file: path.join(dataDir, 'counterpay.db') });
  try {
    const client = createXiaobaoClient({ baseUrl: sim.baseUrl, ...sim.credentials, timeoutMs: 2000 });
    const poster = createXiaobaoPoster({ db: store.db, client });
    const topUp = { kind: 'recharge' as const, stuInfoId: 7, accountName: '现金', schoolId: 1 };
    poster.enqueue({ ...topUp, billNo: 'T01-20261205-0001', amountFen: 5_000 });
    await poster.runDue();
    await control('faults', { write: { modes: ['refuse'], times: 1 } });
    poster.enqueue({ ...topUp, billNo: 'T01-20261205-0002', amountFen: 2_000 });
    const [refused] = await poster.runDue();
    expect(refused?.state).toBe('failed');
  } finally {
    store.close();
  }
}

test('校宝对账: matched, only in the ERP, only at the counter; 重试 to matched; CSV and Excel', async ({
  page,
}, testInfo) => {
  const dataDir = seededDataDir();
  await postAtTheCounter(dataDir);
  await control('orders', { stuInfoId: 7, type: 2, realPayFen: 3_000, billNo: 'ERP-DESK-0099', accountName: '现金' });
  fs.writeFileSync(
    path.join(dataDir, 'secrets.json'),
    JSON.stringify({ version: 1, secrets: { 'xiaobao.accessKeySecret': sim.credentials.accessKeySecret } }),
  );
  const shell = await startCounterShell({
    dataDir,
    config: {
      backOffices: {
        xiaobao: { url: sim.baseUrl, accessKeyId: sim.credentials.accessKeyId, corpId: sim.credentials.corpId },
      },
    },
  });
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(shell.openUrl);
    await signIn(page, { ...SUPERVISOR, floatYuan: '100' });
    await page.keyboard.press('F11');
    const screen = page.getByTestId('supervisor-screen');
    await expect(screen).toHaveAttribute('data-tab', 'x');
    await page.keyboard.press('Alt+-');
    await expect(screen).toHaveAttribute('data-tab', 'xbreconcile');
    await expect(page.getByTestId('sup-tab-xbreconcile')).toContainText('校宝对账');

    const summary = page.getByTestId('rec-summary');
    await expect(summary).toHaveAttribute('data-matched', '1');
    await expect(summary).toHaveAttribute('data-erp-only', '1');
    await expect(summary).toHaveAttribute('data-counter-only', '1');
    await expect(page.getByTestId('rec-row-T01-20261205-0001')).toHaveAttribute('data-status', 'matched');
    await expect(page.getByTestId('rec-row-ERP-DESK-0099')).toHaveAttribute('data-status', 'erp-only');
    const failed = page.getByTestId('rec-row-T01-20261205-0002');
    await expect(failed).toHaveAttribute('data-status', 'counter-only');
    await expect(failed).toContainText('校宝拒绝');
    await expect(failed).toContainText('¥20.00');
    await screenshot(page, 'xiaobao-reconcile-1366');
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'xiaobao-reconcile-1024');

    // Enter on an emptied day: said in words, the table stays.
    await page.getByTestId('rec-day').fill('');
    await page.getByTestId('rec-day').press('Enter');
    await expect(page.getByTestId('sup-notice')).toContainText('请选择日期');
    await expect(summary).toHaveAttribute('data-matched', '1');

    // Exports: the same rows.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rec-export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^xiaobao-reconcile-\d{4}-\d{2}-\d{2}\.csv$/);
    const csvPath = path.join(dataDir, 'rec.csv');
    await csv.saveAs(csvPath);
    const csvText = fs.readFileSync(csvPath, 'utf8');
    expect(csvText).toContain('仅柜台有,T01-20261205-0002');
    expect(csvText).toContain('仅校宝有,ERP-DESK-0099');
    expect(csvText).toContain('相符,T01-20261205-0001');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rec-export-xlsx').click()]);
    const xlsxPath = path.join(dataDir, 'rec.xlsx');
    await xlsx.saveAs(xlsxPath);
    const sheet = JSON.stringify(readFirstSheet(fs.readFileSync(xlsxPath)));
    expect(sheet).toContain('T01-20261205-0002');
    expect(sheet).toContain('ERP-DESK-0099');

    // 重试: looked up (absent), sent once, matched.
    const postsBefore = sim.stats().postsPerBillNo['T01-20261205-0002'] ?? 0;
    await page.getByTestId('rec-retry-T01-20261205-0002').click();
    await expect(failed).toHaveAttribute('data-status', 'matched');
    await expect(page.getByTestId('sup-notice')).toContainText('已补记到校宝');
    await expect(summary).toHaveAttribute('data-counter-only', '0');
    await expect(summary).toHaveAttribute('data-matched', '2');
    expect(sim.stats().postsPerBillNo['T01-20261205-0002']).toBe(postsBefore + 1);
    expect(sim.ledger().byBillNo['T01-20261205-0002']).toBe(1);
    await expect(page.getByTestId('rec-retry-T01-20261205-0002')).toHaveCount(0);
    await screenshot(page, 'xiaobao-reconcile-retried-1024');

    // English.
    await page.keyboard.press('Escape');
    await expect(screen).toHaveCount(0);
    await page.getByTestId('locale-toggle').click();
    await page.keyboard.press('F11');
    await page.keyboard.press('Alt+-');
    await expect(page.getByTestId('sup-tab-xbreconcile')).toContainText('Xiaobao reconciliation');
    await expect(summary).toContainText('2 matched');
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, 'xiaobao-reconcile-en-1366');
  } finally {
    await finishShell(shell, testInfo);
  }
});
