import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, configFile, loadConfig, saveConfig, type Config } from '../config.js';
import { createCore } from '../core.js';
import { createMemorySecretStore } from '../setup/secret-store.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { checkBackOffice, createBackOfficeChecker } from './checks.js';
import { migrateKesionSecrets, resolveBackOffices, type BackOfficeSystem } from './effective.js';
import { startBackOfficeSandbox } from './sandbox.js';
import { createBackOfficeSetup, setupOf } from './setup.js';
import { createBackOfficeStatus } from './status.js';
import { startCampusSimulator } from './campus/simulator.js';
import { startKesionSimulator } from './kesion/simulator.js';
import { startXiaobaoSimulator } from './xiaobao/simulator.js';

const { defer, tempDataDir } = afterEachCleanup();

const noSecrets = () => null;
const SYSTEMS: BackOfficeSystem[] = ['xiaobao', 'kesion', 'campus'];

describe('back-office sandbox', () => {
  it('starts a simulator for every unconfigured back office; each passes its check, and fails once closed', async () => {
    const resolved = resolveBackOffices(ConfigSchema.parse({}), {}, noSecrets);
    expect(resolved.source).toEqual({ xiaobao: 'not-configured', kesion: 'not-configured', campus: 'not-configured' });
    const sb = await startBackOfficeSandbox(resolved);
    expect(sb.effective.source).toEqual({ xiaobao: 'sandbox', kesion: 'sandbox', campus: 'sandbox' });
    for (const s of SYSTEMS)
      expect(await checkBackOffice(s, sb.effective, { timeoutMs: 2000 })).toMatchObject({ ok: true });
    await sb.close();
    for (const s of SYSTEMS) {
      const r = await checkBackOffice(s, sb.effective, { timeoutMs: 2000 });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('never replaces a configured back office', async () => {
    const config = ConfigSchema.parse({ backOffices: { campus: { url: 'http://campus.example.cn/zhxy/' } } });
    const sb = await startBackOfficeSandbox(resolveBackOffices(config, {}, noSecrets));
    defer(() => sb.close());
    expect(sb.simulators.campus).toBeNull();
    expect(sb.effective.config.campus.url).toBe('http://campus.example.cn/zhxy/');
    expect(sb.effective.source.campus).toBe('configured');
    expect(sb.effective.source.kesion).toBe('sandbox');
  });

  it('a core on the sandbox gateway exports the effective (sandbox) back offices, and closing it stops them', async () => {
    const core = await createCore({
      shell: 'memory',
      dataDir: tempDataDir('cp-bo-'),
      config: {},
      env: { COUNTERPAY_SCANNER: 'off' },
    });
    const eff = core.backOffices;
    expect(eff.source).toEqual({ xiaobao: 'sandbox', kesion: 'sandbox', campus: 'sandbox' });
    expect(eff.xiaobao.configured).toBe(true);
    expect(await checkBackOffice('xiaobao', eff, { timeoutMs: 2000 })).toMatchObject({ ok: true });
    await core.close();
    expect(await checkBackOffice('xiaobao', eff, { timeoutMs: 2000 })).toMatchObject({ ok: false });
  });
});

describe('the pills periodic check', () => {
  it('reuses one Xiaobao token across checks (a check a minute is not a token a minute)', async () => {
    const sb = await startBackOfficeSandbox(resolveBackOffices(ConfigSchema.parse({}), {}, noSecrets));
    defer(() => sb.close());
    const check = createBackOfficeChecker(sb.effective);
    for (let i = 0; i < 3; i++) expect(await check('xiaobao')).toMatchObject({ ok: true });
    expect(sb.simulators.xiaobao!.stats().tokensIssued).toBe(1);
    expect(await check('kesion')).toMatchObject({ ok: true });
  });
});

describe('KesionEDU secrets move out of config.json', () => {
  it('moves apptoken and apikey into the secret store and rewrites config.json without them', () => {
    const dir = tempDataDir('cp-bo-');
    saveConfig(dir, { backOffices: { kesion: { url: 'http://k.example.cn/', apptoken: 'tok-123', apikey: 'key-9' } } });
    const secrets = createMemorySecretStore();
    expect(migrateKesionSecrets(dir, secrets)).toEqual(['kesion.apptoken', 'kesion.apikey']);
    expect(secrets.get('kesion.apptoken')).toBe('tok-123');
    expect(secrets.get('kesion.apikey')).toBe('key-9');
    const text = fs.readFileSync(configFile(dir), 'utf8');
    expect(text).not.toContain('tok-123');
    expect(text).not.toContain('key-9');
    const eff = resolveBackOffices(loadConfig(dir, {}), {}, (n) => secrets.get(n as 'kesion.apptoken'));
    expect(eff.config.kesion.apptoken).toBe('tok-123');
    expect(eff.source.kesion).toBe('configured');
    expect(migrateKesionSecrets(dir, secrets)).toEqual([]);
  });
});

describe('back-office status', () => {
  it('online → offline with the reason, backs off while failing, online again after a good real call', async () => {
    let ok = true;
    const waits: number[] = [];
    const pushed: string[] = [];
    const st = createBackOfficeStatus({
      sources: { xiaobao: 'configured', kesion: 'not-configured', campus: 'sandbox' },
      check: async () =>
        ok ? { ok: true, latencyMs: 3 } : { ok: false, reason: '无法连接到校宝。', reasonEn: 'Cannot connect.' },
      intervalMs: 60_000,
      backoffBaseMs: 5_000,
      schedule: (_fn, ms) => {
        waits.push(ms);
        return () => {};
      },
      onChange: (l) => pushed.push(l.systems.map((s) => s.state).join(',')),
    });
    st.start();
    expect((await st.checkNow('xiaobao')).state).toBe('online');
    ok = false;
    expect(await st.checkNow('xiaobao')).toMatchObject({ state: 'offline', reasonZh: '无法连接到校宝。' });
    await st.checkNow('xiaobao');
    await st.checkNow('xiaobao');
    expect(waits.slice(-3)).toEqual([5_000, 10_000, 20_000]);
    expect((await st.checkNow('kesion')).state).toBe('unknown');
    st.report('xiaobao', { ok: true });
    expect(st.list().systems[0]).toMatchObject({ state: 'online', reasonZh: null });
    expect(waits.at(-1)).toBe(60_000);
    expect(pushed).toContain('offline,unknown,online');
    st.stop();
  });
});

describe('back-office setup sections', () => {
  function setupFor(dir: string) {
    const secrets = createMemorySecretStore();
    let file: Config = ConfigSchema.parse({});
    const audits: unknown[] = [];
    const svc = createBackOfficeSetup({
      audit: (e) => audits.push(e),
      dataDir: dir,
      env: { COUNTERPAY_CAMPUS_URL: 'http://campus.example.cn/' },
      fileConfig: () => (fs.existsSync(configFile(dir)) ? loadConfig(dir, {}) : file),
      secrets: {
        get: (n) => secrets.get(n as 'kesion.apptoken'),
        set: (n, v) => secrets.set(n as 'kesion.apptoken', v),
      },
      sources: () => ({ xiaobao: 'not-configured', kesion: 'not-configured', campus: 'configured' }),
    });
    file = ConfigSchema.parse({});
    return { svc, secrets, audits };
  }

  it('saves the Xiaobao section to config.json and its secret to the store only; 测试连接 succeeds, a wrong secret gives a Chinese reason', async () => {
    const sim = await startXiaobaoSimulator({ port: 0 });
    defer(() => sim.close());
    const dir = tempDataDir('cp-bo-');
    const { svc, secrets, audits } = setupFor(dir);
    const settings = setupOf(ConfigSchema.parse({}).backOffices);
    settings.xiaobao = {
      ...settings.xiaobao,
      url: sim.baseUrl,
      accessKeyId: sim.credentials.accessKeyId,
      corpId: sim.credentials.corpId,
      schoolId: 1,
      operatorIds: [{ operatorNo: '1001', operatorId: 7 }],
    };
    const good = await svc.test({
      system: 'xiaobao',
      settings,
      secrets: { 'xiaobao.accessKeySecret': sim.credentials.accessKeySecret },
    });
    expect(good).toMatchObject({ ok: true });
    const bad = await svc.test({ system: 'xiaobao', settings, secrets: { 'xiaobao.accessKeySecret': 'wrong-secret' } });
    expect(bad.ok).toBe(false);
    expect(bad.zh).toContain('访问密钥');
    expect(bad.zh).not.toMatch(/accessKey|token|4001/);
    expect(bad.zh).not.toMatch(/\b4001\b/);

    const saved = svc.save(
      { system: 'xiaobao', settings, secrets: { 'xiaobao.accessKeySecret': sim.credentials.accessKeySecret } },
      '9001',
    );
    expect(saved.changed).toContain('secrets.xiaobao.accessKeySecret');
    expect(saved.restartRequired).toBe(true);
    expect(audits).toEqual([
      {
        action: 'setup.backoffice-saved',
        operatorNo: '9001',
        subject: 'backoffice:xiaobao',
        detail: { changed: expect.arrayContaining(['backOffices.xiaobao.url', 'secrets.xiaobao.accessKeySecret']) },
      },
    ]);
    expect(JSON.stringify(audits)).not.toContain(sim.credentials.accessKeySecret);
    const text = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
    expect(text).not.toContain(sim.credentials.accessKeySecret);
    expect(loadConfig(dir, {}).backOffices.xiaobao.operatorIds).toEqual({ '1001': 7 });
    expect(secrets.get('xiaobao.accessKeySecret')).toBe(sim.credentials.accessKeySecret);
    expect(JSON.stringify(saved.status)).not.toContain(sim.credentials.accessKeySecret);
    expect(saved.status.secrets).toContainEqual({ name: 'xiaobao.accessKeySecret', set: true });
    expect(saved.status.envOverrides).toEqual([{ field: 'campus.url', variable: 'COUNTERPAY_CAMPUS_URL' }]);
    // The stored secret is used when none is typed (same host).
    expect(await svc.test({ system: 'xiaobao', settings })).toMatchObject({ ok: true });
  });

  it('测试连接 for KesionEDU (typed apptoken, a wrong one refused in Chinese) and the campus', async () => {
    const kesion = await startKesionSimulator({ port: 0 });
    const campus = await startCampusSimulator({ port: 0 });
    defer(() => kesion.close());
    defer(() => campus.close());
    const { svc, secrets } = setupFor(tempDataDir('cp-bo-'));
    const settings = setupOf(ConfigSchema.parse({}).backOffices);
    settings.kesion.url = kesion.url;
    expect(
      await svc.test({ system: 'kesion', settings, secrets: { 'kesion.apptoken': kesion.apptoken } }),
    ).toMatchObject({
      ok: true,
    });
    const wrong = await svc.test({ system: 'kesion', settings, secrets: { 'kesion.apptoken': 'nope' } });
    expect(wrong).toMatchObject({ ok: false });
    expect(wrong.zh).toContain('科讯网校拒绝了机构凭据');
    // Saved to the store, not to config.json; the stored token is used for the same host.
    svc.save({ system: 'kesion', settings, secrets: { 'kesion.apptoken': kesion.apptoken } });
    expect(secrets.get('kesion.apptoken')).toBe(kesion.apptoken);
    expect(await svc.test({ system: 'kesion', settings })).toMatchObject({ ok: true });
    // The campus URL comes from COUNTERPAY_CAMPUS_URL in this setup (env wins): point it at the simulator.
    const env = createBackOfficeSetup({
      dataDir: tempDataDir('cp-bo-'),
      env: {},
      fileConfig: () => ConfigSchema.parse({}),
      secrets: { get: () => null, set: () => {} },
      sources: () => ({ xiaobao: 'not-configured', kesion: 'not-configured', campus: 'not-configured' }),
    });
    settings.campus.url = campus.webPath;
    expect(await env.test({ system: 'campus', settings })).toMatchObject({ ok: true });
    await campus.close();
    const down = await env.test({ system: 'campus', settings });
    expect(down.ok).toBe(false);
    expect(down.zh).toMatch(/智慧校园/);
  });

  it('names the field and the limit: a duplicated operator, an unknown campus channel, a timeout out of range', () => {
    const dir = tempDataDir('cp-bo-');
    const { svc } = setupFor(dir);
    const base = setupOf(ConfigSchema.parse({}).backOffices);
    const dup = structuredClone(base);
    dup.xiaobao.operatorIds = [
      { operatorNo: '1001', operatorId: 1 },
      { operatorNo: '1001', operatorId: 2 },
    ];
    expect(() => svc.save({ system: 'xiaobao', settings: dup })).toThrow(/xiaobao\.operatorIds\.1\.operatorNo/);
    const ch = structuredClone(base);
    ch.campus.channels = ['wx'];
    expect(() => svc.save({ system: 'campus', settings: ch })).toThrow(/campus\.channels\.0.*alipay_qr/);
    const to = structuredClone(base);
    to.kesion.timeoutMs = 999_999;
    expect(() => svc.save({ system: 'kesion', settings: to })).toThrow(/at most 60000/);
  });
});
