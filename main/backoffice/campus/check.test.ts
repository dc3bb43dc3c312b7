import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CampusConfigSchema, campusClientOptions, checkCampus } from '../config.js';
import { startCampusSimulator, type CampusSimulator } from './simulator.js';

let sim: CampusSimulator;
beforeEach(async () => {
  sim = await startCampusSimulator();
});
afterEach(async () => {
  await sim.close();
});

describe('checkCampus', () => {
  it('ok when WebPath and the controller reach the API; nothing is charged', async () => {
    const r = await checkCampus(CampusConfigSchema.parse({ url: sim.webPath }));
    expect(r.ok).toBe(true);
    expect(sim.ledger().requests).toEqual({ searchPayPackages: 1, payMoney: 0, searchSuccessData: 0 });
    expect(campusClientOptions(CampusConfigSchema.parse({ url: sim.webPath, amountUnit: 'yuan' }))).toMatchObject({
      amountUnit: 'yuan',
      controller: 'api/Pay',
    });
  });

  it('names what is wrong, in Chinese and English', async () => {
    expect(await checkCampus(CampusConfigSchema.parse({}))).toMatchObject({
      ok: false,
      reason: '未设置智慧校园地址（WebPath）。',
    });
    const wrongController = await checkCampus(
      CampusConfigSchema.parse({ url: sim.webPath, controller: 'api/Payment' }),
    );
    expect(wrongController).toMatchObject({
      ok: false,
      reason: '智慧校园接口不存在或拒绝访问（HTTP 404），请检查地址和路径设置。',
    });
    sim.setFailure({ mode: 'malformed', times: 1 });
    expect(await checkCampus(CampusConfigSchema.parse({ url: sim.webPath }))).toMatchObject({
      ok: false,
      reasonEn: expect.stringContaining('unexpected format'),
    });
    sim.setFailure({ mode: 'slow', ms: null, times: 1 });
    expect(await checkCampus(CampusConfigSchema.parse({ url: sim.webPath }), { timeoutMs: 200 })).toMatchObject({
      ok: false,
      reason: '智慧校园在 200 毫秒内没有应答，请检查网络或地址。',
    });
  });
});
