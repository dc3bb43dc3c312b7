import fs from 'node:fs';
import path from 'node:path';
import { startXiaobaoSimulator, type XiaobaoSimulator } from '../main/backoffice/xiaobao/simulator.js';
import { expect, finishShell, screenshot, startShell, test } from './fixtures.js';
import { seededDataDir, signIn, startCounterShell, SUPERVISOR } from './support/counter.js';

/**
 * The back offices' setup sections and status pills, as an installer and a cashier meet them:
 * the Xiaobao section filled on first-run setup, 测试连接 against a Xiaobao simulator (a wrong
 * secret gives a clear Chinese reason), the secret never in config.json nor on the page after
 * saving; then, on a set-up counter, the pills: 校宝 正常, 离线 once the simulator stops, and
 * the unconfigured back offices as 演示 (their embedded simulators on the sandbox gateway).
 */

let sim: XiaobaoSimulator;
test.beforeEach(async () => {
  sim = await startXiaobaoSimulator({ port: 0, accessKeySecret: 'xb-e2e-secret-7788' });
  sim.addStudent({ id: 1001, name: '张小明' });
});
test.afterEach(async () => {
  await sim.close();
});

test('first-run setup: the Xiaobao section tests, refuses a wrong secret in Chinese, saves without the secret in config.json', async ({
  page,
}, testInfo) => {
  const shell = await startShell({
    config: { setup: { completedAt: null, completedBy: null } },
    env: { COUNTERPAY_CAMPUS_URL: 'http://127.0.0.1:9/zhxy/' },
  });
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(shell.openUrl);
    const sec = page.getByTestId('setup-sec-bo-xiaobao');
    await expect(sec).toBeVisible();
    await expect(page.getByTestId('setup-bo-source-xiaobao')).toHaveAttribute('data-source', 'sandbox');
    await expect(page.getByTestId('setup-bo-source-xiaobao')).toContainText('演示');
    // A field set by an environment variable is read-only and names the variable.
    await expect(page.getByTestId('setup-bo-campus-url')).toHaveAttribute('readonly', '');
    await expect(page.getByTestId('setup-sec-bo-campus')).toContainText('由环境变量 COUNTERPAY_CAMPUS_URL 设置');
    await expect(page.getByTestId('setup-bo-source-campus')).toHaveAttribute('data-source', 'configured');

    // Enter on an empty section: 测试连接 says what is missing, in Chinese.
    await page.getByTestId('setup-bo-test-xiaobao').click();
    const result = page.getByTestId('setup-bo-test-result-xiaobao');
    await expect(result).toHaveAttribute('data-ok', 'no');
    await expect(result).toContainText('校宝未设置完整');

    await page.getByTestId('setup-bo-xiaobao-url').fill(sim.baseUrl);
    await page.getByTestId('setup-bo-xiaobao-accessKeyId').fill(sim.credentials.accessKeyId);
    await page.getByTestId('setup-bo-xiaobao-corpId').fill(sim.credentials.corpId);
    await page.getByTestId('setup-bo-xiaobao-schoolId').fill('1');
    await page.getByTestId('setup-bo-xiaobao-operatorIds').fill('1001=7\n9001=8');
    await page.getByTestId('setup-bo-secret-xiaobao-accessKeySecret').fill('not-the-secret');
    await page.getByTestId('setup-bo-test-xiaobao').click();
    await expect(result).toHaveAttribute('data-ok', 'no');
    await expect(result).toContainText('校宝拒绝了接口凭据');
    await expect(result).not.toContainText(/\b4001\b|token refused/);
    await sec.scrollIntoViewIfNeeded();
    await screenshot(page, 'backoffice-setup-wrong-secret-1366');

    await page.getByTestId('setup-bo-secret-xiaobao-accessKeySecret').fill(sim.credentials.accessKeySecret);
    await page.getByTestId('setup-bo-test-xiaobao').click();
    await expect(result).toHaveAttribute('data-ok', 'yes');
    await expect(result).toContainText('连接成功');

    // A bad mapping line and an out-of-range timeout are named before anything is saved.
    await page.getByTestId('setup-bo-xiaobao-operatorIds').fill('1001=7\n9001');
    await page.getByTestId('setup-bo-save-xiaobao').click();
    await expect(sec.locator('.setup-error-text')).toContainText('第 2 行格式不对');
    await page.getByTestId('setup-bo-xiaobao-operatorIds').fill('1001=7\n9001=8');
    await page.getByTestId('setup-bo-xiaobao-timeoutMs').fill('999999');
    await page.getByTestId('setup-bo-save-xiaobao').click();
    await expect(sec.locator('.setup-error-text')).toContainText('不能大于 60000');
    await page.getByTestId('setup-bo-xiaobao-timeoutMs').fill('8000');

    await page.getByTestId('setup-bo-save-xiaobao').click();
    await expect(page.getByTestId('setup-bo-message-xiaobao')).toHaveAttribute('data-tone', 'ok');
    await expect(page.getByTestId('setup-bo-message-xiaobao')).toContainText('重新启动后生效');
    const config = fs.readFileSync(path.join(shell.dataDir, 'config.json'), 'utf8');
    expect(config).toContain(sim.baseUrl);
    expect(config).not.toContain(sim.credentials.accessKeySecret);
    expect(JSON.parse(config).backOffices.xiaobao.operatorIds).toEqual({ '1001': 7, '9001': 8 });
    await expect(page.getByTestId('setup-bo-secret-xiaobao-accessKeySecret')).toHaveValue('');
    expect(await page.content()).not.toContain(sim.credentials.accessKeySecret);
    await expect(sec).toContainText('已设置');
    await sec.scrollIntoViewIfNeeded();
    await screenshot(page, 'backoffice-setup-saved-1366');
    await page.setViewportSize({ width: 1024, height: 768 });
    await sec.scrollIntoViewIfNeeded();
    await screenshot(page, 'backoffice-setup-saved-1024');
  } finally {
    await finishShell(shell, testInfo);
  }
});

test('status pills: 校宝 正常, then 离线 when the Xiaobao system stops; the others in one 演示后台 pill', async ({
  page,
}, testInfo) => {
  const dataDir = seededDataDir();
  // The browser shell's secret store (plain file), as the setup screen writes it.
  fs.writeFileSync(
    path.join(dataDir, 'secrets.json'),
    JSON.stringify({ version: 1, secrets: { 'xiaobao.accessKeySecret': sim.credentials.accessKeySecret } }),
  );
  const again = await startCounterShell({
    dataDir,
    env: { COUNTERPAY_BACKOFFICE_CHECK_MS: '700' },
    config: {
      backOffices: {
        xiaobao: { url: sim.baseUrl, accessKeyId: sim.credentials.accessKeyId, corpId: sim.credentials.corpId },
      },
    },
  });
  try {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(again.openUrl);
    await signIn(page, { ...SUPERVISOR, floatYuan: '100' });
    const xb = page.getByTestId('backoffice-pill-xiaobao');
    await expect(xb).toHaveAttribute('data-state', 'online');
    await expect(xb).toHaveText('校宝 正常');
    // The unconfigured ones run on embedded simulators: one shared 演示后台 pill (hidden below
    // 1280 px, where the 演示 badge says it).
    const demo = page.getByTestId('backoffice-pill-demo');
    await expect(demo).toHaveAttribute('data-systems', 'kesion campus');
    await expect(demo).toHaveAttribute('title', /科讯网校、智慧校园一卡通/);
    await screenshot(page, 'backoffice-pills-1024');
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect(demo).toHaveText('演示后台');
    await screenshot(page, 'backoffice-pills-1366');

    await sim.close();
    await expect(xb).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
    await expect(xb).toHaveText('校宝 离线');
    await expect(xb).toHaveAttribute('title', /无法连接到校宝/);
    await screenshot(page, 'backoffice-pills-offline-1366');

    await page.getByTestId('locale-toggle').click();
    await expect(xb).toHaveText('Xiaobao: offline');
    await screenshot(page, 'backoffice-pills-offline-en-1366');
  } finally {
    await finishShell(again, testInfo);
  }
});
