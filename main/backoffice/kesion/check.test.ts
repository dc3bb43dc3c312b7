import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyBackOfficesEnv,
  BackOfficesSchema,
  checkKesion,
  KesionConfigSchema,
  kesionClientOptions,
} from '../config.js';
import { startKesionSimulator, type KesionSimulator } from './simulator.js';

let sim: KesionSimulator;
beforeEach(async () => {
  sim = await startKesionSimulator({ apptoken: 'tok-1' });
});
afterEach(async () => {
  await sim.close();
});

describe('backOffices config', () => {
  it('defaults: not configured, tables as defaults, counter collection off until a payid is set', () => {
    const c = BackOfficesSchema.parse(undefined);
    expect(c.kesion).toMatchObject({
      url: null,
      apptoken: '',
      authPlacement: 'query',
      balancePayId: '0',
      counterPayId: null,
      maxIds: 200,
    });
    expect(c.campus).toMatchObject({
      url: null,
      controller: 'api/Pay',
      amountUnit: 'fen',
      successParam: 'ids',
      channels: ['alipay_qr', 'wx_pub_qr'],
    });
    expect(kesionClientOptions(c.kesion)).toBeNull();
  });

  it('errors name the field', () => {
    const r = BackOfficesSchema.safeParse({
      kesion: { counterPayId: 'cash', maxIds: 500 },
      campus: { amountUnit: 'jiao', channels: ['wx'] },
    });
    expect(r.success).toBe(false);
    const fields = r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    expect(fields).toEqual(
      expect.arrayContaining(['kesion.counterPayId', 'kesion.maxIds', 'campus.amountUnit', 'campus.channels.0']),
    );
    expect(KesionConfigSchema.safeParse({ unknown: 1 }).success).toBe(false);
  });

  it('environment overrides', () => {
    const base = BackOfficesSchema.parse({});
    const r = applyBackOfficesEnv(base, {
      COUNTERPAY_KESION_URL: 'http://xx.com//',
      COUNTERPAY_KESION_APPTOKEN: 'abc',
      COUNTERPAY_CAMPUS_URL: 'http://campus.example/zhxy/',
    });
    expect(r.problems).toEqual([]);
    expect(r.config.kesion).toMatchObject({ url: 'http://xx.com//', apptoken: 'abc' });
    expect(r.config.campus.url).toBe('http://campus.example/zhxy/');
    expect(base.kesion.url).toBeNull();
    expect(applyBackOfficesEnv(base, { COUNTERPAY_CAMPUS_URL: 'ftp://x' }).problems).toEqual([
      { field: 'COUNTERPAY_CAMPUS_URL', message: 'must be an http(s) URL' },
    ]);
  });
});

describe('checkKesion', () => {
  it('ok with a latency when the site answers and accepts the apptoken', async () => {
    const r = await checkKesion(KesionConfigSchema.parse({ url: sim.url, apptoken: 'tok-1' }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    const l = sim.ledger();
    expect(l.orders).toEqual([]);
    expect(l.requests).toEqual({ initialize: 1, saveBatchBill: 0, saveSignUpOrder: 0, orderInfo: 0 });
  });

  it('names what is wrong, in Chinese and English', async () => {
    expect(await checkKesion(KesionConfigSchema.parse({}))).toEqual({
      ok: false,
      reason: '未设置科讯网校地址。',
      reasonEn: 'The KesionEDU URL is not set.',
    });
    const wrong = await checkKesion(KesionConfigSchema.parse({ url: sim.url, apptoken: 'nope' }));
    expect(wrong).toMatchObject({ ok: false, reason: '科讯网校拒绝了机构凭据：apptoken 无效或已过期，请重新登录' });
    sim.setFailure({ mode: 'http-5xx', times: 1 });
    expect(await checkKesion(KesionConfigSchema.parse({ url: sim.url, apptoken: 'tok-1' }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('HTTP 500'),
    });
    sim.setFailure({ mode: 'slow', ms: null, times: 1 });
    const slow = await checkKesion(KesionConfigSchema.parse({ url: sim.url, apptoken: 'tok-1' }), { timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, reason: '科讯网校在 200 毫秒内没有应答，请检查网络或地址。' });
    const missing = await checkKesion(KesionConfigSchema.parse({ url: `${sim.url}nothing/`, apptoken: 'tok-1' }));
    expect(missing).toMatchObject({ ok: false, reasonEn: expect.stringContaining('HTTP 404') });
    const port = sim.port;
    await sim.close();
    const refused = await checkKesion(
      KesionConfigSchema.parse({ url: `http://127.0.0.1:${port}/`, apptoken: 'tok-1' }),
    );
    expect(refused).toMatchObject({ ok: false, reason: expect.stringContaining('无法连接到科讯网校') });
    sim = await startKesionSimulator();
  });
});
