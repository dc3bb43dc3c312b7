import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../main/config.js';
import { startCampusSimulator } from '../main/backoffice/campus/simulator.js';
import { startKesionSimulator } from '../main/backoffice/kesion/simulator.js';
import { startXiaobaoSimulator, type XiaobaoSimulator } from '../main/backoffice/xiaobao/simulator.js';
import { afterEachCleanup } from '../main/store/test-cleanup.js';
import { checkBackOffices } from './check-backoffices.js';

const cleanup = afterEachCleanup();

async function setup(): Promise<{ sim: XiaobaoSimulator; dir: string }> {
  const sim = await startXiaobaoSimulator({});
  const dir = cleanup.tempDataDir();
  cleanup.defer(() => sim.close());
  return { sim, dir };
}

function writeConfig(dir: string, xiaobao: Record<string, unknown>): void {
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ backOffices: { xiaobao } }));
}

describe('npm run check:backoffices', () => {
  it('reports 未配置 (with what is missing) when Xiaobao is not configured', async () => {
    const { dir } = await setup();
    const r = await checkBackOffices({ dataDir: dir, env: {} });
    expect(r.ok).toBe(true);
    expect(r.backOffices.xiaobao).toMatchObject({ ok: false, reason: '未配置' });
    expect((r.backOffices.xiaobao as { missing: string[] }).missing).toContain('xiaobao.accessKeySecret');
  });

  it('gets a token and lists one page of orders from the simulator, configured by env overrides', async () => {
    const { sim, dir } = await setup();
    sim.addStudent({ id: 7, name: '张三' });
    sim.plantOrder({ stuInfoId: 7, type: 2, realPayFen: 100, dealDate: Date.now() - 60_000 });
    const env = {
      COUNTERPAY_XIAOBAO_URL: sim.baseUrl,
      COUNTERPAY_XIAOBAO_ACCESS_KEY_ID: sim.credentials.accessKeyId,
      COUNTERPAY_XIAOBAO_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret,
      COUNTERPAY_XIAOBAO_CORP_ID: sim.credentials.corpId,
    };
    const r = await checkBackOffices({ dataDir: dir, env });
    expect(r.backOffices.xiaobao).toMatchObject({ ok: true, url: sim.baseUrl, ordersOnFirstPage: 1 });
    expect(r.ok).toBe(true);
    expect(sim.stats().requests).toEqual({ token: 1, GetTranOrderList: 1 });
    expect(JSON.stringify(r)).not.toContain(sim.credentials.accessKeySecret);
  });

  it('checks KesionEDU and the smart campus when configured, and names the reason when one is down', async () => {
    const { dir } = await setup();
    const none = await checkBackOffices({ dataDir: dir, env: {} });
    expect(none.backOffices.kesion).toEqual({ ok: false, reason: '未配置' });
    expect(none.backOffices.campus).toEqual({ ok: false, reason: '未配置' });
    const kesion = await startKesionSimulator({});
    const campus = await startCampusSimulator({});
    cleanup.defer(() => kesion.close());
    cleanup.defer(() => campus.close());
    const env = {
      COUNTERPAY_KESION_URL: kesion.url,
      COUNTERPAY_KESION_APPTOKEN: kesion.apptoken,
      COUNTERPAY_CAMPUS_URL: campus.webPath,
    };
    const r = await checkBackOffices({ dataDir: dir, env });
    expect(r.backOffices.kesion).toMatchObject({ ok: true, url: kesion.url });
    expect(r.backOffices.campus).toMatchObject({ ok: true, url: campus.webPath });
    expect(r.ok).toBe(true);
    await campus.close();
    const down = await checkBackOffices({ dataDir: dir, env });
    expect(down.backOffices.campus).toMatchObject({ ok: false });
    expect((down.backOffices.campus as { reason: string }).reason).toMatch(/智慧校园/);
    expect(down.ok).toBe(false);
  });

  it('reads the KesionEDU apptoken from the secret store (it is no longer in config.json)', async () => {
    const { dir } = await setup();
    const kesion = await startKesionSimulator({});
    cleanup.defer(() => kesion.close());
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ backOffices: { kesion: { url: kesion.url } } }));
    writeFileSync(
      join(dir, 'secrets.json'),
      JSON.stringify({ version: 1, secrets: { 'kesion.apptoken': kesion.apptoken } }),
    );
    const r = await checkBackOffices({ dataDir: dir, env: {} });
    expect(r.backOffices.kesion).toMatchObject({ ok: true, url: kesion.url });
  });

  it('takes the secret from the secret store file and the rest from config.json; names the reason on failure', async () => {
    const { sim, dir } = await setup();
    writeConfig(dir, {
      url: sim.baseUrl,
      accessKeyId: sim.credentials.accessKeyId,
      corpId: sim.credentials.corpId,
      schoolId: 1,
    });
    writeFileSync(
      join(dir, 'secrets.json'),
      JSON.stringify({ version: 1, secrets: { 'xiaobao.accessKeySecret': sim.credentials.accessKeySecret } }),
    );
    expect((await checkBackOffices({ dataDir: dir, env: {} })).backOffices.xiaobao.ok).toBe(true);

    const wrong = await checkBackOffices({
      dataDir: dir,
      env: { COUNTERPAY_XIAOBAO_ACCESS_KEY_SECRET: 'wrong-secret' },
    });
    expect(wrong.ok).toBe(false);
    expect(wrong.backOffices.xiaobao).toMatchObject({ ok: false, reason: expect.stringContaining('获取令牌失败') });
    expect(JSON.stringify(wrong)).not.toContain('wrong-secret');

    const badSign = await checkBackOffices({ dataDir: dir, env: { COUNTERPAY_XIAOBAO_CORP_ID: 'another-corp' } });
    expect(badSign.backOffices.xiaobao).toMatchObject({
      ok: false,
      reason: expect.stringContaining('查询订单'),
      error: { kind: 'api', code: 403 },
    });

    await sim.close();
    const down = await checkBackOffices({ dataDir: dir, env: {} });
    expect(down.backOffices.xiaobao).toMatchObject({ ok: false, reason: expect.stringContaining('无法连接') });
  });
});

describe('config: backOffices.xiaobao', () => {
  it('has documented defaults and refuses a secret in config.json', () => {
    const dir = cleanup.tempDataDir();
    const c = loadConfig(dir, {});
    expect(c.backOffices.xiaobao).toMatchObject({
      url: null,
      sign: { encoding: 'hex', success: 'code-200' },
      accounts: { cash: '现金' },
    });
    writeConfig(dir, { url: 'https://erp.example/open-erp', accessKeySecret: 'nope' });
    expect(() => loadConfig(dir, {})).toThrow(ConfigError);
    expect(() => loadConfig(dir, {})).toThrow(/backOffices\.xiaobao.*accessKeySecret/s);
  });

  it('env overrides are validated, naming the variable', () => {
    const dir = cleanup.tempDataDir();
    expect(
      loadConfig(dir, { COUNTERPAY_XIAOBAO_URL: 'http://127.0.0.1:1/x', COUNTERPAY_XIAOBAO_CORP_ID: 'c1' }).backOffices
        .xiaobao,
    ).toMatchObject({
      url: 'http://127.0.0.1:1/x',
      corpId: 'c1',
    });
    expect(() => loadConfig(dir, { COUNTERPAY_XIAOBAO_URL: 'ftp://x' })).toThrow(
      /COUNTERPAY_XIAOBAO_URL: must be an http\(s\) URL/,
    );
  });
});
