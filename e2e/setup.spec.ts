import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { expect, screenshot, startShell, test as base, type ShellInfo } from './fixtures.js';

/**
 * First-run setup in the browser shell, as an installer does it: the real core over the real
 * WebSocket (token + origin), config.json written, the connection test against the embedded
 * sandbox and against an unreachable gateway, the diagnostics zip, and a restart that comes up
 * configured and supervisor-gated. Then the same through the setup screen in Chromium.
 */

/** First-run setup not done — said explicitly, whatever the default fixture writes. */
const NOT_SET_UP = { setup: { completedAt: null, completedBy: null } };

/** A shell on a new data folder whose first-run setup is not done. */
const test = base.extend<{ fresh: ShellInfo }>({
  fresh: async ({}, use, testInfo) => {
    const shell = await startShell({ config: NOT_SET_UP });
    await use(shell);
    await shell.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
    } else {
      fs.rmSync(shell.dataDir, { recursive: true, force: true });
    }
  },
});

const GATEWAY_AUTH = 'Bearer e2e-gw-secret-5150';
const SUPERVISOR = { operatorNo: '9001', name: '王主管', pin: '135790' };

interface Client {
  call(
    command: string,
    input?: unknown,
  ): Promise<{ ok: boolean; value?: any; error?: { code: string; details?: any } }>;
  close(): void;
}

async function connect(shell: ShellInfo): Promise<Client> {
  const u = new URL(shell.openUrl);
  const token = new URLSearchParams(u.hash.slice(1)).get('token')!;
  const ws = new WebSocket(`ws://${u.host}/ws?token=${encodeURIComponent(token)}`, {
    headers: { origin: `http://${u.host}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let seq = 0;
  const waiting = new Map<number, (r: any) => void>();
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString());
    if (f.t === 'result') waiting.get(f.id)?.(f.result);
  });
  return {
    call(command, input = {}) {
      const id = ++seq;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ t: 'invoke', id, command, input }));
      });
    },
    close: () => ws.close(),
  };
}

async function freePortThatRefuses(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const settings = {
  terminalNo: 'T09',
  businessType: 4,
  locale: 'zh-CN',
  gateway: { url: null, barCodePath: 'api/3Pay/KouDaiLQ/BarCode', queryPath: 'api/3Pay/KouDaiLQ/Query' },
  backOffice: { feedUrl: 'https://erp.example.cn/feed' },
  printer: { name: null, paperWidthMm: 58 },
  log: { level: 'debug' },
  updates: { enabled: false, url: null },
};

test('first-run setup over the browser shell: save, test connection, diagnostics, restart configured', async ({
  fresh: shell,
}) => {
  const c = await connect(shell);
  try {
    expect(await c.call('setup.state')).toEqual({ ok: true, value: { needsSetup: true, completedAt: null } });
    const status = await c.call('setup.status');
    expect(status.ok).toBe(true);
    expect(status.value).toMatchObject({
      needsSetup: true,
      shell: 'browser',
      dataDir: shell.dataDir,
      sandboxUrl: shell.sandboxUrl,
      secretStorage: { encrypted: false },
    });

    // Test connection: the embedded sandbox answers; an unreachable gateway is named as such.
    const sandbox = await c.call('setup.testConnection', { url: null });
    expect(sandbox.value).toMatchObject({ ok: true, kind: 'ok', sandbox: true, httpStatus: 200 });
    expect(sandbox.value.zh).toMatch(/^连接正常/);
    const port = await freePortThatRefuses();
    const down = await c.call('setup.testConnection', { url: `http://127.0.0.1:${port}/` });
    expect(down.value).toMatchObject({ ok: false, reachable: false, kind: 'refused', httpStatus: null });
    expect(down.value.zh).toMatch(/连接被拒绝/);

    // Finishing needs a supervisor.
    expect(await c.call('setup.save', { settings, finish: true })).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    const saved = await c.call('setup.save', {
      settings,
      secrets: { 'gateway.authorization': GATEWAY_AUTH },
      supervisor: SUPERVISOR,
      finish: true,
    });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    expect(saved.value).toMatchObject({
      createdSupervisor: '9001',
      restartRequired: true,
      status: { needsSetup: false },
    });

    const onDisk = JSON.parse(fs.readFileSync(path.join(shell.dataDir, 'config.json'), 'utf8'));
    expect(onDisk).toMatchObject({
      terminalNo: 'T09',
      businessType: 4,
      printer: { paperWidthMm: 58 },
      log: { level: 'debug' },
      setup: { completedBy: '9001' },
    });
    expect(JSON.stringify(onDisk)).not.toContain('e2e-gw-secret');

    // Setup is finished: another connection (a cashier's page) may not touch it any more;
    // the installer's connection stays authorised for a while.
    const other = await connect(shell);
    expect(await other.call('diagnostics.export')).toMatchObject({ ok: false, error: { code: 'supervisor-required' } });
    expect(await other.call('setup.save', { settings })).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    other.close();
    const diag = await c.call('diagnostics.export');
    expect(diag.ok).toBe(true);
    expect(fs.existsSync(diag.value.file)).toBe(true);
    const listing = spawnSync('unzip', ['-l', diag.value.file], { encoding: 'utf8' });
    if (listing.status === 0) {
      for (const name of ['store-health.json', 'config.json', 'versions.json', 'scanners.json', 'logs/counterpay.log'])
        expect(listing.stdout).toContain(name);
      const content = spawnSync('unzip', ['-p', diag.value.file], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
      expect(content.stdout).not.toContain('e2e-gw-secret');
      expect(content.stdout).not.toContain(SUPERVISOR.pin);
    }
  } finally {
    c.close();
  }

  // Restart on the same data folder: configured, the saved terminal, and the setup is gated.
  await shell.stop();
  const saved = JSON.parse(fs.readFileSync(path.join(shell.dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const again = await startShell({ dataDir: shell.dataDir, config: saved });
  try {
    const c2 = await connect(again);
    expect(await c2.call('setup.state')).toMatchObject({ ok: true, value: { needsSetup: false } });
    expect(await c2.call('app.info')).toMatchObject({ ok: true, value: { terminalNo: 'T09', businessType: 4 } });
    expect(await c2.call('setup.status')).toMatchObject({ ok: false, error: { code: 'supervisor-required' } });
    expect(await c2.call('setup.authorize', { operatorNo: '9001', pin: '000000' })).toMatchObject({
      ok: false,
      error: { code: 'pin-wrong' },
    });
    expect((await c2.call('setup.authorize', { operatorNo: '9001', pin: SUPERVISOR.pin })).ok).toBe(true);
    expect(await c2.call('setup.status')).toMatchObject({
      ok: true,
      value: { restart: { required: false }, supervisors: 1 },
    });
    c2.close();
    const logs = fs
      .readdirSync(path.join(again.dataDir, 'logs'))
      .map((f) => fs.readFileSync(path.join(again.dataDir, 'logs', f), 'utf8'))
      .join('');
    expect(logs).toContain('setup.completed');
    expect(logs).not.toContain('e2e-gw-secret');
    expect(logs).not.toContain(SUPERVISOR.pin);
  } finally {
    await again.stop();
  }
});

test('the setup screen walks an installer through first-run setup', async ({ page, fresh: shell }) => {
  await page.goto(shell.openUrl);
  const setupScreen = page.getByTestId('setup-screen');
  const other = page.getByTestId('signin-screen');
  await expect(setupScreen.or(other)).toBeVisible();
  test.skip(
    !(await setupScreen.isVisible()),
    'SetupScreen (renderer/src/screens/setup) is not mounted by App.tsx yet: the renderer shows it while setup.state.needsSetup',
  );
  await expect(setupScreen).toHaveAttribute('data-phase', 'form');
  await expect(setupScreen).toHaveAttribute('data-first-run', 'yes');
  await expect(page.getByTestId('setup-sandbox-warning')).toBeVisible();
  await screenshot(page, 'setup-01-empty');

  await page.getByTestId('setup-terminal-no').fill('t12');
  await expect(page.getByTestId('setup-terminal-no')).toHaveValue('T12');
  await page.getByTestId('setup-business-type').selectOption('2');

  // Test connection against the embedded sandbox (gateway URL left empty).
  await page.getByTestId('setup-test-connection').click();
  await expect(page.getByTestId('setup-test-result')).toHaveAttribute('data-ok', 'yes');
  await expect(page.getByTestId('setup-test-result')).toContainText('连接正常');
  // …and against an unreachable gateway.
  const port = await freePortThatRefuses();
  await page.getByTestId('setup-gateway-url').fill(`http://127.0.0.1:${port}/`);
  await page.getByTestId('setup-test-connection').click();
  await expect(page.getByTestId('setup-test-result')).toHaveAttribute('data-kind', 'refused');
  await expect(page.getByTestId('setup-test-result')).toContainText('连接被拒绝');
  await screenshot(page, 'setup-02-unreachable');
  await page.getByTestId('setup-gateway-url').fill('');

  // The supervisor: a PIN typo is caught before anything is sent.
  await page.getByTestId('setup-sup-no').fill(SUPERVISOR.operatorNo);
  await page.getByTestId('setup-sup-name').fill(SUPERVISOR.name);
  await page.getByTestId('setup-sup-pin').fill(SUPERVISOR.pin);
  await page.getByTestId('setup-sup-pin2').fill('135791');
  await page.getByTestId('setup-paper-58').check();
  await page.getByTestId('setup-save').click();
  await expect(page.getByTestId('setup-message')).toHaveAttribute('data-tone', 'warn');
  // nothing was saved: the config file is still the one the test started with
  expect(JSON.parse(fs.readFileSync(path.join(shell.dataDir, 'config.json'), 'utf8'))).toEqual(NOT_SET_UP);
  await page.getByTestId('setup-sup-pin2').fill(SUPERVISOR.pin);
  await page.getByTestId('setup-save').click();
  await expect(page.getByTestId('setup-message')).toHaveAttribute('data-tone', 'ok');
  // The browser shell cannot restart itself: the screen says to restart by hand.
  await expect(page.getByTestId('setup-restart')).toBeVisible();
  await expect(page.getByTestId('setup-restart')).toHaveAttribute('data-fields', /terminalNo/);
  await screenshot(page, 'setup-03-saved');

  const onDisk = JSON.parse(fs.readFileSync(path.join(shell.dataDir, 'config.json'), 'utf8'));
  expect(onDisk).toMatchObject({
    terminalNo: 'T12',
    businessType: 2,
    gateway: { url: null },
    printer: { paperWidthMm: 58 },
    setup: { completedBy: '9001' },
  });

  await page.getByTestId('setup-export').click();
  await expect(page.getByTestId('setup-export-result')).toBeVisible();
  const file = await page.getByTestId('setup-export-result').getAttribute('data-file');
  expect(file && fs.existsSync(file)).toBe(true);
});

test('首次设置 with COUNTERPAY_GATEWAY_URL set: shows the gateway in use; a URL without http:// and a refused port are explained in Chinese', async ({
  page,
}) => {
  const refusedPort = await freePortThatRefuses();
  const envGateway = `http://127.0.0.1:${refusedPort}/`;
  const shell = await startShell({ config: NOT_SET_UP, env: { COUNTERPAY_GATEWAY_URL: envGateway } });
  try {
    for (const [width, height] of [
      [1024, 768],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(shell.openUrl);
      await page.reload(); // the second size starts from a fresh screen too
      const setupScreen = page.getByTestId('setup-screen');
      await expect(setupScreen).toHaveAttribute('data-phase', 'form');
      await expect(setupScreen).toHaveAttribute('data-first-run', 'yes');

      // The field is empty, but the sandbox is not what runs: the screen says which gateway does.
      await expect(page.getByTestId('setup-gateway-url')).toHaveValue('');
      const inUse = page.getByTestId('setup-gateway-in-use');
      await expect(inUse).toBeVisible();
      await expect(inUse).toContainText(envGateway);
      await expect(inUse).toContainText('COUNTERPAY_GATEWAY_URL');
      await expect(page.getByTestId('setup-sandbox-warning')).toHaveCount(0);
      await expect(setupScreen).not.toContainText('演示沙箱：');
      await inUse.scrollIntoViewIfNeeded();
      await screenshot(page, `setup-env-gateway-${width}`);

      // 测试连接 on a URL typed without http:// — a clear answer, nothing sent.
      await page.getByTestId('setup-gateway-url').fill('192.168.1.5:8080');
      await page.getByTestId('setup-test-connection').click();
      const result = page.getByTestId('setup-test-result');
      await expect(result).toHaveAttribute('data-kind', 'bad-url');
      await expect(result).toContainText('网址须以 http:// 或 https:// 开头，例如 http://192.168.1.5:8080');
      await expect(setupScreen.locator('.setup-error-text').first()).toContainText('网址须以');
      await screenshot(page, `setup-bad-url-${width}`);

      // A refused port: nothing listens there — said as such, not "check the cable".
      await page.getByTestId('setup-gateway-url').fill(envGateway);
      await page.getByTestId('setup-test-connection').click();
      await expect(result).toHaveAttribute('data-kind', 'refused');
      await expect(result).toContainText('没有网关服务在监听');
      await expect(result).not.toContainText('网线');
      await screenshot(page, `setup-refused-${width}`);

      // Saving with an absolute payment path is refused at the field, in Chinese.
      await page.getByTestId('setup-barcode-path').fill('https://evil.example.net/pay');
      await page.getByTestId('setup-save').click();
      await expect(page.getByTestId('setup-message')).toHaveAttribute('data-tone', 'warn');
      await expect(setupScreen).toContainText('这里只填网关地址后面的路径');
      expect(JSON.parse(fs.readFileSync(path.join(shell.dataDir, 'config.json'), 'utf8'))).toEqual(NOT_SET_UP);
    }

    // The English screen answers in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('setup-gateway-url').fill('pay.example.cn');
    await page.getByTestId('setup-test-connection').click();
    const result = page.getByTestId('setup-test-result');
    await expect(result).toHaveAttribute('data-kind', 'bad-url');
    await expect(result).toContainText('A URL must start with http:// or https://, e.g. http://pay.example.cn');
    await expect(page.getByTestId('setup-gateway-in-use')).toContainText('Gateway in use');
    await screenshot(page, 'setup-bad-url-en-1366');
  } finally {
    await shell.stop();
  }
});
