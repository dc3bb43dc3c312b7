import { afterEach, describe, expect, it } from 'vitest';
import { createXiaobaoClient, XiaobaoError } from './client.js';
import { DAY_MS, formatXbDateTime } from './dates.js';
import { DETAIL_ENDPOINT_BY_TYPE, type DetailEndpoint } from './schemas.js';
import { SIM_CODES, type XiaobaoSimulator } from './simulator.js';
import { memoryLogger, simAndClient, testClock } from './test-support.js';

const sims: XiaobaoSimulator[] = [];
afterEach(async () => {
  while (sims.length) await sims.pop()!.close();
});
async function setup(...args: Parameters<typeof simAndClient>) {
  const r = await simAndClient(...args);
  sims.push(r.sim);
  return r;
}

const recharge = (billNo: string, amountFen = 10_050) => ({
  stuInfoId: 7,
  amountFen,
  schoolId: 1,
  operatorId: 9,
  accounts: [{ accountName: '微信', amountFen, orderNumber: billNo, simplePaymentMethodTradeNo: '12345678' }],
  comment: '前台充值',
});

describe('token', () => {
  it('is fetched once, cached, refreshed after expiry and once on a token-invalid reply', async () => {
    const clock = testClock();
    const { sim, client } = await setup({ clock, tokenTtlMs: 600_000 }, { tokenMarginMs: 60_000 });
    sim.addStudent({ id: 7, name: '张三' });
    const range = { startTime: formatXbDateTime(clock.t - 3_600_000), endTime: formatXbDateTime(clock.t) };
    await client.getChangedOrders(range);
    await client.getChangedOrders(range);
    expect(sim.stats().tokensIssued).toBe(1);
    clock.t += 540_001; // past ttl − margin
    await client.getChangedOrders(range);
    expect(sim.stats().tokensIssued).toBe(2);
    sim.expireTokens(); // the ERP forgets it: the next call gets code 401, refreshes once and succeeds
    await client.getChangedOrders(range);
    expect(sim.stats().tokensIssued).toBe(3);
    expect(sim.stats().refused['GetChangedOrders:401']).toBe(1);
  });

  it('refreshes only once: a second token-invalid reply is an error', async () => {
    const { sim, client } = await setup({ tokenTtlMs: 1_000 }, { tokenMarginMs: 0 });
    // Each token dies at the ERP right after it is issued (its clock jumps past the expiry);
    // the client believes it good, gets code 401, refreshes once, gets 401 again and gives up.
    sim.events.on('answered', ({ endpoint }) => {
      if (endpoint === 'token') sim.advanceClock(1_500);
    });
    const err = await client
      .getChangedOrders({ startTime: '2026-12-01', endTime: '2026-12-02' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XiaobaoError);
    expect((err as XiaobaoError).code).toBe(SIM_CODES.tokenInvalid);
    expect(sim.stats().tokensIssued).toBe(2);
  });
});

describe('the simulator refuses what the real ERP would', () => {
  it('a bad signature (encoding mismatch), a stale timestamp, a wrong corp-id', async () => {
    const clock = testClock();
    const { sim, clientOptions } = await setup({ clock });
    const range = { startTime: '2026-12-01', endTime: '2026-12-02' };
    const upper = createXiaobaoClient({ ...clientOptions, signEncoding: 'HEX' });
    await expect(upper.getChangedOrders(range)).rejects.toMatchObject({ kind: 'api', code: SIM_CODES.badSign });
    const late = createXiaobaoClient({ ...clientOptions, now: () => clock.t - 6 * 60_000 });
    await expect(late.getChangedOrders(range)).rejects.toMatchObject({ kind: 'api', code: SIM_CODES.staleTimestamp });
    const corp = createXiaobaoClient({ ...clientOptions, corpId: 'other' });
    await expect(corp.getChangedOrders(range)).rejects.toMatchObject({ kind: 'api', code: SIM_CODES.corpMismatch });
    const wrong = createXiaobaoClient({ ...clientOptions, accessKeySecret: 'nope' });
    await expect(wrong.getChangedOrders(range)).rejects.toMatchObject({ kind: 'token' });
    expect(sim.ledger().orders).toEqual([]);
  });

  it('base64 signatures work when both sides use base64', async () => {
    const { client } = await setup({ signEncoding: 'base64' }, { signEncoding: 'base64' });
    await expect(client.getChangedOrders({ startTime: '2026-12-01', endTime: '2026-12-02' })).resolves.toEqual([]);
  });

  it('success rule state == 0 is configurable (and the code rule fails against such replies)', async () => {
    const { sim, clientOptions } = await setup({ successStyle: 'state' }, { success: { field: 'state', value: 0 } });
    sim.addStudent({ id: 7, name: '张三' });
    const ok = createXiaobaoClient(clientOptions);
    expect(await ok.rechargeAccountTran(recharge('B-STATE-1'))).toBeGreaterThan(0);
    const codeRule = createXiaobaoClient({ ...clientOptions, success: { field: 'code', value: 200 } });
    await expect(codeRule.getChangedOrders({ startTime: '2026-12-01', endTime: '2026-12-02' })).rejects.toMatchObject({
      kind: 'token',
    });
  });
});

describe('seed limits, enforced before sending', () => {
  it('amounts 0.01–99,999,999 yuan, naming the field and the limit; nothing is sent', async () => {
    const { sim, client } = await setup();
    await expect(client.rechargeAccountTran(recharge('B1', 0))).rejects.toMatchObject({
      kind: 'invalid-request',
      field: 'rechargeAmount',
      limit: '0.01–99999999 yuan',
    });
    await expect(client.refundAccountTran(recharge('B2', 9_999_999_901))).rejects.toMatchObject({
      kind: 'invalid-request',
      field: 'refundAmount',
    });
    await expect(
      client.rechargeAccountTran({
        ...recharge('B3'),
        accounts: [{ accountName: '微信', amountFen: 1, orderNumber: 'B3' }],
      }),
    ).rejects.toMatchObject({
      field: 'accountInfos',
    });
    await expect(
      client.rechargeAccountTran({
        ...recharge('B4'),
        accounts: [
          { accountName: '微信', amountFen: 10_050, orderNumber: 'B4', simplePaymentMethodTradeNo: '123456789' },
        ],
      }),
    ).rejects.toMatchObject({
      kind: 'invalid-request',
      field: 'accountInfos.0.simplePaymentMethodTradeNo',
    });
    expect(sim.stats().requests.RechargeAccountTran).toBeUndefined();
    expect(sim.stats().requests.RefundAccountTran).toBeUndefined();
  });

  it('GetTranOrderList ≤ 1 month and GetChangedOrders ≤ 7 days per call', async () => {
    const { sim, client } = await setup();
    await expect(
      client.getTranOrderListPage({
        pageIndex: 1,
        pageSize: 50,
        beginDate: '2026-01-31T00:00:00',
        endDate: '2026-03-01T00:00:00',
      }),
    ).rejects.toMatchObject({
      kind: 'invalid-request',
      field: 'endDate',
      limit: '1 month',
    });
    await expect(
      client.getTranOrderListPage({
        pageIndex: 1,
        pageSize: 50,
        beginDate: '2026-01-31T00:00:00',
        endDate: '2026-02-28T00:00:00',
      }),
    ).resolves.toEqual([]);
    await expect(
      client.getChangedOrders({ startTime: '2026-12-01T00:00:00', endTime: '2026-12-08T00:00:01' }),
    ).rejects.toMatchObject({ field: 'endTime', limit: '7 days' });
    expect(sim.stats().requests.GetChangedOrders).toBeUndefined();
    expect(sim.stats().requests.GetTranOrderList).toBe(1);
  });
});

describe('lists: split into windows and paged to the end', () => {
  it('GetTranOrderList over 3 months finds every order, through each paging quirk', async () => {
    const clock = testClock(Date.UTC(2026, 8, 1));
    const { sim, client } = await setup({ clock }, { pageSize: 50 });
    sim.addStudent({ id: 7, name: '张三' });
    const start = clock.t;
    for (let i = 0; i < 130; i++)
      sim.plantOrder({
        stuInfoId: 7,
        type: 2,
        realPayFen: 100 + i,
        dealDate: start + i * 16 * 3_600_000,
        createdAt: start,
      });
    for (const paging of ['none', 'cap', 'overlap', 'repeat-last'] as const) {
      sim.setFaults({ paging, pageCap: 20 });
      const before = sim.stats().requests.GetTranOrderList ?? 0;
      const all = await client.listTranOrders({ from: start, to: start + 90 * DAY_MS });
      expect(
        all.map((o) => o.id).sort((a, b) => a - b),
        paging,
      ).toEqual(sim.ledger().orders.map((o) => o.id));
      expect((sim.stats().requests.GetTranOrderList ?? 0) - before).toBeGreaterThanOrEqual(4); // ≥ 3 windows
    }
  });

  it('stops at maxPages with an error naming the limit', async () => {
    const { sim, client } = await setup({}, { pageSize: 1, maxPages: 3 });
    sim.addStudent({ id: 7, name: '张三' });
    const t = Date.now();
    for (let i = 0; i < 5; i++) sim.plantOrder({ stuInfoId: 7, type: 2, dealDate: t });
    await expect(client.listTranOrders({ from: t - DAY_MS, to: t + DAY_MS })).rejects.toMatchObject({
      kind: 'paging',
      field: 'pageIndex',
      limit: '≤ 3',
    });
  });

  it('GetChangedOrders over 20 days is split into 7-day windows', async () => {
    const clock = testClock();
    const { sim, client } = await setup({ clock });
    sim.addStudent({ id: 7, name: '张三' });
    const from = clock.t - 20 * DAY_MS;
    for (let d = 0; d < 20; d++) sim.plantOrder({ stuInfoId: 7, type: 2, changedAt: from + d * DAY_MS + 1000 });
    const all = await client.listChangedOrders({ from, to: clock.t });
    expect(all).toHaveLength(20);
    expect(sim.stats().requests.GetChangedOrders).toBe(3);
  });
});

describe('details and posts', () => {
  it('answers each of the six detail endpoints', async () => {
    const { sim, client } = await setup();
    sim.addStudent({ id: 7, name: '张三' });
    for (const [type, endpoint] of Object.entries(DETAIL_ENDPOINT_BY_TYPE) as [string, DetailEndpoint][]) {
      const o = sim.plantOrder({ stuInfoId: 7, type: Number(type), realPayFen: 1999 });
      const d = await client.getOrderDetail(endpoint, o.id);
      expect(d.baseInfo.id, endpoint).toBe(o.id);
      expect(d.baseInfo.realPay).toBe(19.99);
    }
    await expect(client.getOrderDetail('GetSignupOrderDetail', 999_999)).rejects.toMatchObject({
      kind: 'api',
      code: SIM_CODES.notFound,
    });
  });

  it('RechargeAccountTran posts yuan from fen exactly and the order carries our bill number', async () => {
    const { sim, client } = await setup();
    sim.addStudent({ id: 7, name: '张三', balanceFen: 0 });
    const id = await client.rechargeAccountTran(recharge('T01-261204-0001', 10_050));
    const detail = await client.getOrderDetail('GetAccountChangeOrderDetail', id);
    expect(detail.baseInfo.accountDetails?.[0]).toMatchObject({
      orderNumber: 'T01-261204-0001',
      amount: 100.5,
      accountName: '微信',
    });
    expect(detail.accountRemain).toBe(100.5);
    const refundId = await client.refundAccountTran({
      ...recharge('T01-261204-0002', 50),
      accounts: [{ accountName: '现金', amountFen: 50, orderNumber: 'T01-261204-0002' }],
    });
    expect(refundId).toBeGreaterThan(id);
    expect(sim.ledger().students[0]!.balanceFen).toBe(10_000);
    await expect(client.refundAccountTran({ ...recharge('T01-261204-0003', 20_000) })).rejects.toMatchObject({
      kind: 'api',
      code: SIM_CODES.badRequest,
      outcomeUnknown: false,
    });
  });
});

describe('timeouts and retries', () => {
  it('reads are retried on 5xx, resets and slowness; they succeed', async () => {
    const { sim, client } = await setup({}, { timeoutMs: 300, readRetries: 3 });
    sim.setFaults({ read: { modes: ['5xx', 'reset', 'slow'], times: 3, probability: 1 }, slowMs: 1_000, seed: 4 });
    await expect(client.getChangedOrders({ startTime: '2026-12-01', endTime: '2026-12-02' })).resolves.toEqual([]);
    expect(sim.stats().requests.GetChangedOrders).toBe(4);
  });

  it('a post is never retried: 5xx and commit-then-hang are reported as outcome unknown after ONE request', async () => {
    const { sim, client } = await setup({}, { timeoutMs: 300, readRetries: 3 });
    sim.addStudent({ id: 7, name: '张三' });
    sim.setFaults({ write: { modes: ['5xx'], times: 1 } });
    await expect(client.rechargeAccountTran(recharge('B-5XX'))).rejects.toMatchObject({
      kind: 'http',
      status: 503,
      outcomeUnknown: true,
    });
    sim.setFaults({ write: { modes: ['hang-after-commit'], times: 1 } });
    await expect(client.rechargeAccountTran(recharge('B-HANG'))).rejects.toMatchObject({
      kind: 'timeout',
      outcomeUnknown: true,
    });
    expect(sim.stats().postsPerBillNo).toEqual({ 'B-5XX': 1, 'B-HANG': 1 });
    expect(sim.ledger().byBillNo).toEqual({ 'B-HANG': 1 });
  });

  it('a refused connection is a known outcome (nothing reached the ERP)', async () => {
    const { sim, clientOptions } = await setup();
    await sim.close();
    sims.length = 0;
    const c = createXiaobaoClient({ ...clientOptions, readRetries: 0 });
    await expect(c.token()).rejects.toMatchObject({ kind: 'network', outcomeUnknown: false });
  });
});

describe('logs', () => {
  it('carry no token, secret, key id or signature', async () => {
    const logger = memoryLogger();
    const { sim, client } = await setup({}, { logger, timeoutMs: 300 });
    sim.addStudent({ id: 7, name: '张三' });
    await client.rechargeAccountTran(recharge('B-LOG'));
    sim.setFaults({ write: { modes: ['hang-after-commit'] } });
    await client.rechargeAccountTran(recharge('B-LOG2')).catch(() => {});
    sim.expireTokens();
    await client.getChangedOrders({ startTime: '2026-12-01', endTime: '2026-12-02' });
    const text = JSON.stringify(logger.lines);
    expect(logger.lines.length).toBeGreaterThan(2);
    const tok = await client.token();
    for (const secret of [sim.credentials.accessKeySecret, sim.credentials.accessKeyId, tok, 'simtok-'])
      expect(text).not.toContain(secret);
  });
});
