import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SetupSettings } from '../../app/contract/setup.js';
import { ConfigSchema, loadConfig } from '../config.js';
import { createDispatch, type CallContext, type Dispatch, type HandlerMap } from '../handlers/dispatch.js';
import { createLogger, type Logger } from '../log.js';
import { startSandboxGateway, type SandboxGateway } from '../sandbox/server.js';
import { createOperatorService, type OperatorService } from '../store/operators.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createInstallerServices, type InstallerServices } from './index.js';
import { PLAIN_SECRETS_FILE } from './secret-store.js';

/**
 * The setup flow through the real dispatcher (input/output validation), with a real store,
 * the real operators module, a real logger writing files, and the sandbox gateway.
 */

const CHEAP_SCRYPT = { N: 1024, r: 8, p: 1, keyLength: 32 };
const GATEWAY_AUTH = 'Bearer gw-7Hq2-secret';
const FEED_TOKEN = 'feed-tok-99xx-secret';

let sandbox: SandboxGateway;
beforeAll(async () => {
  sandbox = await startSandboxGateway({ port: 0 });
});
afterAll(() => sandbox.close());

let ts: TempStore;
let log: Logger;
let operators: OperatorService;
let installer: InstallerServices;
let dispatch: Dispatch;
let signedIn: Map<string, { operatorNo: string; role: 'cashier' | 'supervisor' }>;
let restarts = 0;
let onRestart: () => void = () => {};

function build(env: NodeJS.ProcessEnv = {}): void {
  signedIn = new Map();
  installer = createInstallerServices({
    dataDir: ts.dir,
    shell: 'browser',
    env,
    config: loadConfig(ts.dir, env),
    appVersion: '0.1.0-test',
    store: ts.store,
    operators,
    operatorFor: (id) => signedIn.get(id) ?? null,
    log,
    now: () => ts.clock.t,
    sandboxUrl: () => sandbox.url,
    scanners: () => ({ connected: [{ deviceId: 'sim-1' }] }),
    countScanners: () => 1,
    restart: () => {
      restarts++;
      onRestart();
    },
  });
  dispatch = createDispatch(installer.handlers as unknown as HandlerMap, { log });
}

beforeEach(() => {
  ts = tempStore();
  log = createLogger({ dir: path.join(ts.dir, 'logs'), level: 'debug' });
  operators = createOperatorService({ store: ts.store, now: () => ts.clock.t, scrypt: CHEAP_SCRYPT });
  build();
});
afterEach(async () => {
  await log.close();
  ts.cleanup();
});

const installerCtx: CallContext = { transport: 'memory', connectionId: 'installer' };
const otherCtx: CallContext = { transport: 'memory', connectionId: 'cashier-window' };

const settings = (over: Partial<SetupSettings> = {}): SetupSettings => ({
  terminalNo: 'T07',
  businessType: 2,
  locale: 'zh-CN',
  gateway: {
    url: 'https://pay.example.cn/',
    barCodePath: 'api/3Pay/KouDaiLQ/BarCode',
    queryPath: 'api/3Pay/KouDaiLQ/Query',
  },
  backOffice: { feedUrl: 'https://erp.example.cn/feed' },
  printer: { name: 'XP-80C', paperWidthMm: 58 },
  log: { level: 'debug' },
  updates: { enabled: false, url: null },
  ...over,
});

async function call(command: string, input: unknown, ctx: CallContext = installerCtx) {
  return dispatch(command, input, ctx);
}

async function finishFirstRun() {
  const r = await call('setup.save', {
    settings: settings(),
    secrets: { 'gateway.authorization': GATEWAY_AUTH, 'backOffice.token': FEED_TOKEN },
    supervisor: { operatorNo: '9001', name: '王主管', pin: '246810' },
    finish: true,
  });
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return r as {
    ok: true;
    value: { changed: string[]; restartRequired: boolean; createdSupervisor: string; status: Record<string, unknown> };
  };
}

describe('first-run setup', () => {
  it('starts unconfigured and lets the installer see the status without signing in', async () => {
    expect(await call('setup.state', {}, otherCtx)).toEqual({
      ok: true,
      value: { needsSetup: true, completedAt: null },
    });
    const status = await call('setup.status', {}, otherCtx);
    expect(status.ok).toBe(true);
    if (!status.ok) return;
    expect(status.value).toMatchObject({
      needsSetup: true,
      shell: 'browser',
      supervisors: 0,
      sandboxUrl: sandbox.url,
      secretStorage: { kind: 'plain-file', encrypted: false },
      secrets: [
        { name: 'gateway.authorization', set: false },
        { name: 'backOffice.token', set: false },
        { name: 'xiaobao.accessKeySecret', set: false },
        { name: 'kesion.apptoken', set: false },
        { name: 'kesion.apikey', set: false },
      ],
      canRestart: true,
      printers: null,
      scanners: 1,
      updatesSupported: false,
      restart: { required: false, fields: [] },
    });
  });

  it('refuses to finish without a supervisor account', async () => {
    const r = await call('setup.save', { settings: settings(), finish: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'supervisor-required' } });
    expect(installer.setup.state().needsSetup).toBe(true);
  });

  it('saves the config file, keeps secrets out of it and out of the logs, creates the supervisor and finishes', async () => {
    const r = await finishFirstRun();
    expect(r.value.createdSupervisor).toBe('9001');
    expect(r.value.restartRequired).toBe(true);
    expect(r.value.changed).toEqual(
      expect.arrayContaining([
        'terminalNo',
        'businessType',
        'gateway.url',
        'printer.paperWidthMm',
        'printer.name',
        'log.level',
        'setup.completedAt',
        'secrets.gateway.authorization',
      ]),
    );
    // the file the app will start with next time
    const file = path.join(ts.dir, 'config.json');
    const onDisk = ConfigSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    expect(onDisk).toMatchObject({
      terminalNo: 'T07',
      businessType: 2,
      gateway: { url: 'https://pay.example.cn/' },
      backOffice: { feedUrl: 'https://erp.example.cn/feed' },
      printer: { name: 'XP-80C', paperWidthMm: 58 },
      log: { level: 'debug' },
      setup: { completedBy: '9001' },
    });
    expect(onDisk.setup.completedAt).toBe(new Date(ts.clock.t).toISOString());
    // secrets: in the secret store only
    expect(fs.readFileSync(file, 'utf8')).not.toContain('secret');
    expect(installer.secrets.get('gateway.authorization')).toBe(GATEWAY_AUTH);
    expect(fs.readFileSync(path.join(ts.dir, PLAIN_SECRETS_FILE), 'utf8')).toContain('NOT ENCRYPTED');
    // the supervisor can sign in with the PIN; the PIN is stored hashed
    await expect(operators.verifyPin('9001', '246810', { role: 'supervisor' })).resolves.toMatchObject({
      name: '王主管',
    });
    const pinHash = ts.store.db
      .prepare("SELECT pin_hash FROM operators WHERE operator_no = '9001'")
      .pluck()
      .get() as string;
    expect(pinHash).not.toContain('246810');
    // nothing secret in logs or the audit trail
    await log.close();
    const logs = fs
      .readdirSync(path.join(ts.dir, 'logs'))
      .map((f) => fs.readFileSync(path.join(ts.dir, 'logs', f), 'utf8'))
      .join('');
    expect(logs).toContain('setup.completed');
    for (const s of [GATEWAY_AUTH, FEED_TOKEN, '246810']) expect(logs).not.toContain(s);
    const auditText = JSON.stringify(ts.store.db.prepare('SELECT * FROM audit_log').all());
    expect(auditText).toContain('setup.completed');
    for (const s of [GATEWAY_AUTH, FEED_TOKEN, '246810']) expect(auditText).not.toContain(s);
    expect(installer.setup.state()).toEqual({ needsSetup: false, completedAt: onDisk.setup.completedAt });
  });

  it('says which saved changes need a restart, until the app restarts with them', async () => {
    await finishFirstRun();
    // the installer's connection stays authorised for a while after finishing; others are not
    expect((await call('setup.status', {}, installerCtx)).ok).toBe(true);
    expect(await call('setup.status', {}, otherCtx)).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    ts.clock.t += 10 * 60_000 + 1;
    expect(await call('setup.status', {}, installerCtx)).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    expect((await call('setup.authorize', { operatorNo: '9001', pin: '246810' }, installerCtx)).ok).toBe(true);
    const s2 = await call('setup.status', {}, installerCtx);
    expect(s2.ok && s2.value).toMatchObject({
      restart: { required: true, fields: expect.arrayContaining(['terminalNo', 'gateway.url']) },
    });
    // a restart = a core built from the saved file
    build();
    expect((await call('setup.authorize', { operatorNo: '9001', pin: '246810' }, installerCtx)).ok).toBe(true);
    const s3 = await call('setup.status', {}, installerCtx);
    expect(s3.ok && s3.value).toMatchObject({
      restart: { required: false, fields: [] },
      needsSetup: false,
      supervisors: 1,
    });
    const restarted = new Promise<void>((resolve) => (onRestart = resolve));
    const before = restarts;
    expect(await call('setup.restart', {}, installerCtx)).toEqual({ ok: true, value: { restarting: true } });
    await restarted; // the reply goes out first, the restart follows
    expect(restarts).toBe(before + 1);
  });

  it('refuses an invalid form field by field, and updates without a feed URL', async () => {
    const bad = await call('setup.save', { settings: { ...settings(), terminalNo: 'T-07!' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(bad)).toContain('settings.terminalNo');
    const badUrl = await call('setup.save', {
      settings: settings({ gateway: { url: 'pay.example.cn', barCodePath: 'a', queryPath: 'b' } }),
    });
    expect(badUrl).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const absolute = await call('setup.save', {
      settings: settings({
        gateway: { url: 'https://pay.example.cn/', barCodePath: 'https://evil.example.net/pay', queryPath: '../q' },
      }),
    });
    expect(absolute).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(absolute)).toContain('settings.gateway.barCodePath');
    expect(JSON.stringify(absolute)).toContain('settings.gateway.queryPath');
    const plainFeed = await call('setup.save', {
      settings: settings({ updates: { enabled: true, url: 'http://updates.example.cn/' } }),
    });
    expect(plainFeed).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(plainFeed)).toContain('settings.updates.url');
    const updates = await call('setup.save', { settings: settings({ updates: { enabled: true, url: null } }) });
    expect(updates).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fs.existsSync(path.join(ts.dir, 'config.json'))).toBe(false);
  });

  it('with COUNTERPAY_GATEWAY_URL and no URL in the form, the test goes to the gateway in use and the status names it', async () => {
    const http = await import('node:http');
    let hits = 0;
    const server = http.createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ errcode: 1, errmsg: 'ORDERNOTEXIST' })));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const envUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    try {
      const env = { COUNTERPAY_GATEWAY_URL: envUrl };
      signedIn = new Map();
      installer = createInstallerServices({
        dataDir: ts.dir,
        shell: 'browser',
        env,
        config: loadConfig(ts.dir, env),
        appVersion: '0.1.0-test',
        store: ts.store,
        operators,
        log,
        now: () => ts.clock.t,
        sandboxUrl: () => null, // no sandbox runs under an environment gateway
      });
      dispatch = createDispatch(installer.handlers as unknown as HandlerMap, { log });
      const status = await call('setup.status', {});
      expect(status).toMatchObject({
        ok: true,
        value: { gatewayUrlInUse: envUrl, sandboxUrl: null, settings: { gateway: { url: null } } },
      });
      const r = await call('setup.testConnection', { url: null });
      expect(r).toMatchObject({ ok: true, value: { sandbox: false, reachable: true } });
      expect(hits).toBe(1);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('reports environment overrides and does not count them as pending restarts', async () => {
    build({ COUNTERPAY_GATEWAY_URL: 'http://127.0.0.1:9/' });
    const r = await call('setup.save', { settings: settings() });
    expect(r.ok).toBe(true);
    const status = await call('setup.status', {});
    expect(status.ok && status.value).toMatchObject({
      envOverrides: [{ field: 'gateway.url', variable: 'COUNTERPAY_GATEWAY_URL' }],
    });
    expect(status.ok && (status.value as { restart: { fields: string[] } }).restart.fields).not.toContain(
      'gateway.url',
    );
  });
});

describe('after setup: supervisor only', () => {
  beforeEach(async () => {
    await finishFirstRun();
  });

  it('refuses setup commands to a cashier and to nobody', async () => {
    const before = restarts;
    signedIn.set('cashier-window', { operatorNo: '1001', role: 'cashier' });
    for (const [command, input] of [
      ['setup.status', {}],
      ['setup.save', { settings: settings() }],
      ['setup.testConnection', { url: null }],
      ['diagnostics.export', {}],
      ['updates.status', {}],
      ['setup.restart', {}],
    ] as const) {
      expect(await call(command, input, otherCtx), command).toMatchObject({
        ok: false,
        error: { code: 'supervisor-required' },
      });
    }
    expect(restarts).toBe(before);
    // setup.state stays public
    expect(await call('setup.state', {}, otherCtx)).toMatchObject({ ok: true, value: { needsSetup: false } });
  });

  it('being signed in as a supervisor is not enough: every opening needs the PIN, and closing the dialog ends it', async () => {
    signedIn.set('cashier-window', { operatorNo: '9001', role: 'supervisor' });
    expect(await call('setup.status', {}, otherCtx)).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    expect((await call('setup.authorize', { operatorNo: '9001', pin: '246810' }, otherCtx)).ok).toBe(true);
    expect((await call('setup.status', {}, otherCtx)).ok).toBe(true);
    // the dialog closes
    expect(await call('setup.endAuthorization', {}, otherCtx)).toEqual({ ok: true, value: { ended: true } });
    expect(await call('setup.status', {}, otherCtx)).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    expect(await call('setup.save', { settings: settings() }, otherCtx)).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    // anybody may end their own (absent) authorisation
    expect(await call('setup.endAuthorization', {}, { transport: 'memory', connectionId: 'nobody' })).toEqual({
      ok: true,
      value: { ended: false },
    });
    // sign-out and disconnect end it too (the core wires these; main/handlers/access.test.ts)
    expect((await call('setup.authorize', { operatorNo: '9001', pin: '246810' }, otherCtx)).ok).toBe(true);
    expect(installer.setup.revoke('cashier-window', 'signed-out')).toBe(true);
    expect((await call('setup.status', {}, otherCtx)).ok).toBe(false);
  });

  it('wrong PINs are throttled per connection with a growing wait, and never lock the supervisor out', async () => {
    const wrong = () => call('setup.authorize', { operatorNo: '9001', pin: '000000' }, otherCtx);
    for (let i = 0; i < 3; i++) expect(await wrong()).toMatchObject({ ok: false, error: { code: 'pin-wrong' } });
    // the 3rd wrong PIN started a wait of 5 s on this connection
    const t0 = ts.clock.t;
    const refused = await call('setup.authorize', { operatorNo: '9001', pin: '246810' }, otherCtx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'pin-throttled', details: { retryAt: t0 + 5_000 } } });
    // another connection is not held up, and the account is not locked: the right PIN works there,
    // and the supervisor can still sign in
    expect(
      (
        await call(
          'setup.authorize',
          { operatorNo: '9001', pin: '246810' },
          { transport: 'memory', connectionId: 'third' },
        )
      ).ok,
    ).toBe(true);
    for (let i = 0; i < 20; i++) {
      ts.clock.t += 10 * 60_000;
      await wrong();
    }
    expect(operators.get('9001')?.lockedUntil ?? null).toBeNull();
    await expect(operators.verifyPin('9001', '246810')).resolves.toMatchObject({ operatorNo: '9001' });
    // the wait grows with every further wrong PIN, up to 5 minutes
    ts.clock.t += 10 * 60_000;
    await wrong(); // 4 + 20 failures: capped
    const capped = await wrong();
    expect(capped).toMatchObject({ ok: false, error: { code: 'pin-throttled' } });
    const retryAt = (capped as unknown as { error: { details: { retryAt: number } } }).error.details.retryAt;
    expect(retryAt - ts.clock.t).toBe(5 * 60_000);
    ts.clock.t = retryAt;
    expect((await call('setup.authorize', { operatorNo: '9001', pin: '246810' }, otherCtx)).ok).toBe(true);
    // a success clears the count
    expect(await wrong()).toMatchObject({ ok: false, error: { code: 'pin-wrong' } });
  });

  it('guessing over many fresh connections is capped, but a connection with someone signed in still gets in', async () => {
    let n = 0;
    for (; n < 30; n++) {
      const r = await call(
        'setup.authorize',
        { operatorNo: '9001', pin: '000000' },
        { transport: 'memory', connectionId: `guess-${n}` },
      );
      expect(r, `guess ${n}`).toMatchObject({ ok: false, error: { code: 'pin-wrong' } });
    }
    const capped = await call(
      'setup.authorize',
      { operatorNo: '9001', pin: '246810' },
      { transport: 'memory', connectionId: 'guess-fresh' },
    );
    expect(capped).toMatchObject({ ok: false, error: { code: 'pin-throttled', details: { signInFirst: true } } });
    // the supervisor, signed in on the counter, is not held up by the guessing
    signedIn.set('cashier-window', { operatorNo: '9001', role: 'supervisor' });
    expect((await call('setup.authorize', { operatorNo: '9001', pin: '246810' }, otherCtx)).ok).toBe(true);
    expect(operators.get('9001')?.lockedUntil ?? null).toBeNull();
    // the window drains
    ts.clock.t += 10 * 60_000 + 1;
    expect(
      (
        await call(
          'setup.authorize',
          { operatorNo: '9001', pin: '246810' },
          { transport: 'memory', connectionId: 'guess-later' },
        )
      ).ok,
    ).toBe(true);
  });

  it('a supervisor PIN authorises one connection for a while', async () => {
    expect(await call('setup.authorize', { operatorNo: '9001', pin: '000000' }, otherCtx)).toMatchObject({
      ok: false,
      error: { code: 'pin-wrong' },
    });
    const ok = await call('setup.authorize', { operatorNo: '9001', pin: '246810' }, otherCtx);
    expect(ok).toMatchObject({ ok: true, value: { until: ts.clock.t + 10 * 60_000 } });
    expect((await call('setup.status', {}, otherCtx)).ok).toBe(true);
    expect((await call('setup.status', {}, { transport: 'memory', connectionId: 'third' })).ok).toBe(false);
    ts.clock.t += 10 * 60_000 + 1;
    expect(await call('setup.status', {}, otherCtx)).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
  });

  it('a supervisor who typed the PIN can change the setup later; unchanged secrets stay', async () => {
    const r = await call('setup.save', {
      settings: settings({ printer: { name: null, paperWidthMm: 80 } }),
      secrets: { 'backOffice.token': null },
    });
    expect(r.ok).toBe(true);
    expect(r.ok && (r.value as { changed: string[] }).changed).toEqual([
      'printer.name',
      'printer.paperWidthMm',
      'secrets.backOffice.token (removed)',
    ]);
    expect(installer.secrets.get('gateway.authorization')).toBe(GATEWAY_AUTH);
    expect(installer.secrets.get('backOffice.token')).toBeNull();
    expect(installer.setup.state().needsSetup).toBe(false);
  });
});

describe('test connection and diagnostics through the handlers', () => {
  it('tests the embedded sandbox when no URL is given, and an unreachable gateway', async () => {
    const sb = await call('setup.testConnection', { url: null });
    expect(sb).toMatchObject({ ok: true, value: { ok: true, kind: 'ok', sandbox: true, httpStatus: 200 } });
    const down = await call('setup.testConnection', { url: 'http://127.0.0.1:9/' });
    expect(down).toMatchObject({ ok: true, value: { ok: false, reachable: false, sandbox: false } });
    expect(down.ok && (down.value as { zh: string }).zh).toMatch(/连接|网络/);
  });

  it('exports diagnostics without secrets', async () => {
    await finishFirstRun();
    const r = await call('diagnostics.export', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as { file: string; entries: { name: string }[] };
    expect(fs.existsSync(v.file)).toBe(true);
    expect(v.entries.map((e) => e.name)).toEqual(
      expect.arrayContaining(['store-health.json', 'config.json', 'setup-state.json', 'scanners.json']),
    );
    const { readZip } = await import('../diagnostics/test-zip-reader.js');
    const all = readZip(fs.readFileSync(v.file))
      .map((e) => e.data.toString('utf8'))
      .join('\n');
    for (const s of [GATEWAY_AUTH, FEED_TOKEN, '246810']) expect(all).not.toContain(s);
  });

  it('updates are unsupported in the browser shell', async () => {
    expect(await call('updates.status', {})).toMatchObject({
      ok: true,
      value: { supported: false, state: 'unsupported' },
    });
    expect(await call('updates.install', {})).toMatchObject({ ok: true, value: { supported: false } });
  });
});

describe('the stored gateway secret goes only to the origin it was saved for', () => {
  /** A loopback HTTP server that records the Authorization header of every request. */
  async function recorder() {
    const http = await import('node:http');
    const seen: (string | null)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? null);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode: 1, errmsg: 'ORDERNOTEXIST: 订单不存在' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    return { url: `http://127.0.0.1:${port}/`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  it('tests another URL without the stored secret (or with the one typed), and the saved one with it', async () => {
    const saved = await recorder();
    const other = await recorder();
    try {
      const r = await call('setup.save', {
        settings: settings({
          gateway: { url: saved.url, barCodePath: 'api/3Pay/KouDaiLQ/BarCode', queryPath: 'api/3Pay/KouDaiLQ/Query' },
        }),
        secrets: { 'gateway.authorization': GATEWAY_AUTH },
        supervisor: { operatorNo: '9001', name: '王主管', pin: '246810' },
        finish: true,
      });
      expect(r.ok, JSON.stringify(r)).toBe(true);

      const toOther = await call('setup.testConnection', { url: other.url });
      expect(toOther).toMatchObject({ ok: true, value: { reachable: true, authorization: 'none' } });
      const typed = await call('setup.testConnection', { url: other.url, authorization: 'Bearer typed-in-form' });
      expect(typed).toMatchObject({ ok: true, value: { authorization: 'typed' } });
      expect(other.seen).toEqual([null, 'Bearer typed-in-form']);

      const toSaved = await call('setup.testConnection', { url: saved.url });
      expect(toSaved).toMatchObject({ ok: true, value: { authorization: 'stored' } });
      // the same server by another name is another origin: no secret
      await call('setup.testConnection', { url: saved.url.replace('127.0.0.1', 'localhost') });
      expect(saved.seen).toEqual([GATEWAY_AUTH, null]);
      // null tests the running sandbox here: no secret to it either
      const sb = await call('setup.testConnection', { url: null });
      expect(sb).toMatchObject({ ok: true, value: { sandbox: true, authorization: 'none' } });
    } finally {
      await saved.close();
      await other.close();
    }
  });

  it('moving the gateway to another origin needs the secret typed again or removed', async () => {
    await finishFirstRun(); // https://pay.example.cn/ with GATEWAY_AUTH
    const moved = settings({
      gateway: {
        url: 'https://evil.example.net/',
        barCodePath: 'api/3Pay/KouDaiLQ/BarCode',
        queryPath: 'api/3Pay/KouDaiLQ/Query',
      },
    });
    const refused = await call('setup.save', { settings: moved });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(refused)).toContain('secrets.gateway.authorization');
    expect(installer.setup.fileConfig().gateway.url).toBe('https://pay.example.cn/');
    // the same origin, another path: fine
    const samePlace = settings({
      gateway: {
        url: 'https://pay.example.cn/v2/',
        barCodePath: 'api/3Pay/KouDaiLQ/BarCode',
        queryPath: 'api/3Pay/KouDaiLQ/Query',
      },
    });
    expect((await call('setup.save', { settings: samePlace })).ok).toBe(true);
    expect((await call('setup.save', { settings: moved, secrets: { 'gateway.authorization': null } })).ok).toBe(true);
  });
});
