import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCampusClient, type CampusClient, type CampusClientOptions, type PayMoneyRequest } from './client.js';
import { encodeAmount, MAX_ITEMS, selectPackages } from './schema.js';
import { startCampusSimulator, type CampusSimOptions, type CampusSimulator } from './simulator.js';

let sim: CampusSimulator;
let client: CampusClient;

function make(extra: Partial<CampusClientOptions> = {}): CampusClient {
  return createCampusClient({ webPath: sim.webPath, timeoutMs: 5_000, ...extra });
}
async function restart(opts: CampusSimOptions): Promise<void> {
  await sim.close();
  sim = await startCampusSimulator(opts);
}

beforeEach(async () => {
  sim = await startCampusSimulator({ now: () => Date.UTC(2026, 11, 4, 8) });
  client = make();
});
afterEach(async () => {
  await sim.close();
});

const PAY: PayMoneyRequest = {
  channel: 'alipay_qr',
  subject: '智慧校园一卡通',
  body: '套餐B-带定位功能',
  amountFen: 18_800,
  userID: '10129580',
  empName: '陈雅诺',
  itemIDs: ['10000002'],
  type: 0,
};

describe('smart-campus client against the simulator', () => {
  it('looks up the student, sells a package by QR, sees it unpaid, then paid after the scan', async () => {
    const pk = await client.searchPayPackages({ userID: '10129580', type: 0, payType: 0 });
    expect(pk.kind).toBe('ok');
    if (pk.kind !== 'ok') return;
    expect(pk.value).toMatchObject({ empName: '陈雅诺', cardNo: '335731330', selectType: 'single' });
    expect(pk.value.photo).toMatch(/photo\/10129580\.jpg$/);
    expect(pk.value.items.map((i) => [i.id, i.valueFen, i.priceText])).toEqual([
      ['10000001', 15_800, '¥158元/年'],
      ['10000002', 18_800, '¥188元/年'],
    ]);
    const sel = selectPackages(pk.value, ['10000002']);
    expect(sel).toMatchObject({ ok: true, totalFen: 18_800 });

    const charge = await client.payMoney(PAY);
    expect(charge.kind).toBe('ok');
    if (charge.kind !== 'ok') return;
    expect(charge.value).toMatchObject({ channel: 'alipay_qr', amountFen: 18_800, paid: false });
    expect(charge.value.qrContent).toMatch(/^https:\/\/qr\.alipay\.com\//);
    expect(sim.ledger().lastBody).toMatchObject({ amount: 18_800, itemIDs: '10000002', type: 0 });

    const q = { recordIDs: charge.value.recordIDs, userID: '10129580', orderNumber: charge.value.orderNo };
    expect(await client.searchSuccessData(q)).toMatchObject({
      kind: 'ok',
      value: { paid: false, message: '未查询到付款成功记录' },
    });
    expect(sim.markPaid(charge.value.chargeId)).toBe(true);
    expect(sim.markPaid(charge.value.chargeId)).toBe(false);
    const done = await client.searchSuccessData(q);
    expect(done).toMatchObject({
      kind: 'ok',
      value: {
        paid: true,
        records: [
          {
            itemName: 'B套餐-含定位',
            cardNo: '335731330',
            className: '三年级（2）班',
            validFrom: '2026-12-04',
            validTo: '2027-12-04',
          },
        ],
      },
    });
    expect(sim.ledger().lastBody).toEqual({ ids: charge.value.recordIDs.join(',') });
    expect(sim.ledger().charges[0]).toMatchObject({ paidCount: 1 });
  });

  it('SMS packages are multiple choice; the WeChat QR channel works too', async () => {
    const pk = await client.searchPayPackages({ userID: '10129580', type: 1, payType: 0 });
    if (pk.kind !== 'ok') throw new Error(JSON.stringify(pk));
    expect(pk.value.selectType).toBe('multiple');
    const sel = selectPackages(pk.value, ['20000001', '20000002', '20000001']);
    expect(sel).toMatchObject({ ok: true, totalFen: 7_200 });
    const charge = await client.payMoney({
      ...PAY,
      channel: 'wx_pub_qr',
      amountFen: 7_200,
      itemIDs: ['20000001', '20000002'],
      subject: '短信套餐',
      body: '一年的短信费用',
    });
    if (charge.kind !== 'ok') throw new Error(JSON.stringify(charge));
    expect(charge.value.qrContent).toMatch(/^weixin:\/\/wxpay\//);
    expect(charge.value.recordIDs).toHaveLength(2);
    // Upgrade packages (payType 1) and PayMoney type 1.
    const up = await client.searchPayPackages({ userID: '10129580', type: 0, payType: 1 });
    expect(up).toMatchObject({ kind: 'ok', value: { items: [{ id: '10000003', valueFen: 3_000 }] } });
    expect((await client.payMoney({ ...PAY, itemIDs: ['10000003'], amountFen: 3_000, type: 1 })).kind).toBe('ok');
  });

  it('the amount unit is configurable: yuan sends 0.01-style numbers; a mismatch is refused by the site', async () => {
    expect(encodeAmount(18_800, 'yuan')).toBe(188);
    expect(JSON.stringify({ amount: encodeAmount(1, 'yuan') })).toBe('{"amount":0.01}');
    await restart({ amountUnit: 'yuan' });
    // A client left on the default (fen) sends 18800: the site reads 18800 yuan and refuses.
    expect(await make().payMoney(PAY)).toMatchObject({
      kind: 'refused',
      error: 1,
      message: '金额与套餐不符（应付188.00元）',
    });
    const yuan = make({ amountUnit: 'yuan' });
    const r = await yuan.payMoney(PAY);
    expect(r).toMatchObject({ kind: 'ok', value: { amountFen: 18_800 } });
    expect(sim.ledger().lastBody).toMatchObject({ amount: 188 });
  });

  it('the SearchSuccessData parameter is configurable: userID + orderNumber', async () => {
    await restart({ successParam: 'userID-orderNumber' });
    const c = make({ successParam: 'userID-orderNumber' });
    const charge = await c.payMoney(PAY);
    if (charge.kind !== 'ok') throw new Error(JSON.stringify(charge));
    sim.markPaid(charge.value.orderNo);
    const q = { recordIDs: charge.value.recordIDs, userID: '10129580', orderNumber: charge.value.orderNo };
    expect(await c.searchSuccessData(q)).toMatchObject({ kind: 'ok', value: { paid: true } });
    expect(sim.ledger().lastBody).toEqual({ userID: '10129580', orderNumber: charge.value.orderNo });
    // The default (ids) against this site never confirms.
    expect(await make().searchSuccessData(q)).toMatchObject({
      kind: 'ok',
      value: { paid: false, message: 'userID 和 orderNumber 不能为空' },
    });
  });

  it('WebPath and the controller segment are configurable', async () => {
    await restart({ webPath: '/school/zhxy', controller: 'api/v2/Pay' });
    expect(sim.webPath).toMatch(/\/school\/zhxy\/$/);
    const wrong = make();
    expect(await wrong.searchPayPackages({ userID: '10129580', type: 0, payType: 0 })).toMatchObject({
      kind: 'transport-failure',
      failure: 'http-4xx',
      status: 404,
    });
    const right = make({ controller: '/api/v2/Pay/' });
    expect(right.urls.payMoney).toBe(`${sim.webPath}api/v2/Pay/PayMoney`);
    expect((await right.searchPayPackages({ userID: '10129580', type: 0, payType: 0 })).kind).toBe('ok');
  });

  it('validation errors name the field and the limit; nothing is sent', async () => {
    expect(await client.payMoney({ ...PAY, channel: 'wx' })).toMatchObject({
      kind: 'invalid',
      field: 'channel',
      limit: 'one of alipay_qr, wx_pub_qr',
    });
    expect(await client.payMoney({ ...PAY, amountFen: 0 })).toMatchObject({ kind: 'invalid', field: 'amount' });
    expect(await client.payMoney({ ...PAY, amountFen: 1.5 })).toMatchObject({ kind: 'invalid', field: 'amount' });
    expect(await client.payMoney({ ...PAY, subject: 'x'.repeat(33) })).toMatchObject({
      kind: 'invalid',
      field: 'subject',
      limit: '1–32 characters',
    });
    expect(
      await client.payMoney({ ...PAY, itemIDs: Array.from({ length: MAX_ITEMS + 1 }, (_, i) => String(i)) }),
    ).toMatchObject({
      kind: 'invalid',
      field: 'itemIDs',
      limit: `at most ${MAX_ITEMS} packages`,
    });
    expect(await client.payMoney({ ...PAY, type: 3 as 0 })).toMatchObject({
      kind: 'invalid',
      field: 'type',
      limit: '0 buy, 1 upgrade, 2 renew',
    });
    expect(await client.searchPayPackages({ userID: '1 2', type: 0, payType: 0 })).toMatchObject({
      kind: 'invalid',
      field: 'userID',
    });
    expect(await client.searchPayPackages({ userID: '1', type: 2 as 0, payType: 0 })).toMatchObject({
      kind: 'invalid',
      field: 'type',
    });
    expect(await client.searchPayPackages({ userID: '1', type: 0, payType: 2 as 0 })).toMatchObject({
      kind: 'invalid',
      field: 'payType',
    });
    expect(await client.searchSuccessData({ recordIDs: [], userID: '1', orderNumber: '1' })).toMatchObject({
      kind: 'invalid',
      field: 'ids',
    });
    expect(sim.ledger().requests).toEqual({ searchPayPackages: 0, payMoney: 0, searchSuccessData: 0 });
    // Selection rules follow selectType.
    const single = {
      selectType: 'single' as const,
      items: [{ id: '1', name: 'a', priceText: '', valueFen: 100, description: '', details: [] }],
    };
    expect(selectPackages(single, ['1', '2'])).toMatchObject({
      ok: false,
      error: { field: 'itemIDs', limit: 'exactly 1 package (selectType single)' },
    });
    expect(selectPackages({ ...single, selectType: 'multiple' }, ['9'])).toMatchObject({
      ok: false,
      error: { field: 'itemIDs', limit: 'one of the listed packages' },
    });
  });

  it('site errors come back as refused with the message; unknown student', async () => {
    expect(await client.searchPayPackages({ userID: '999', type: 0, payType: 0 })).toMatchObject({
      kind: 'refused',
      message: '未找到该用户',
    });
    sim.setFailure({ mode: 'refuse', msg: '套餐维护中', op: 'searchPayPackages', times: 1 });
    expect(await client.searchPayPackages({ userID: '10129580', type: 0, payType: 0 })).toMatchObject({
      kind: 'refused',
      message: '套餐维护中',
    });
  });

  it('5xx, malformed and slow replies are transport failures that may have been delivered', async () => {
    sim.setFailure({ mode: 'http-5xx', times: 1 });
    expect(await client.searchPayPackages({ userID: '10129580', type: 0, payType: 0 })).toMatchObject({
      kind: 'transport-failure',
      failure: 'http-5xx',
      status: 502,
      maybeDelivered: true,
    });
    sim.setFailure({ mode: 'malformed', times: 1 });
    expect(await client.payMoney(PAY)).toMatchObject({ kind: 'transport-failure', failure: 'unparseable' });
    // The malformed PayMoney was processed: a charge exists that the counter never saw.
    expect(sim.ledger().charges).toHaveLength(1);
    sim.setFailure({ mode: 'slow', ms: null, times: 1 });
    const gaveUp = new AbortController();
    const held = once(sim.events, 'answered').then(() => gaveUp.abort());
    expect(await client.payMoney(PAY, { signal: gaveUp.signal })).toMatchObject({
      kind: 'transport-failure',
      failure: 'timeout',
      maybeDelivered: true,
    });
    await held;
    expect(sim.ledger().charges).toHaveLength(2);
    sim.setFailure({ mode: 'slow', ms: null, times: 1 });
    expect(
      await client.searchPayPackages({ userID: '10129580', type: 0, payType: 0 }, { timeoutMs: 150 }),
    ).toMatchObject({
      kind: 'transport-failure',
      failure: 'timeout',
      message: 'no answer within 150 ms',
    });
  });

  it('a charge amount that differs from the request (wrong unit on the site side) is not accepted', async () => {
    const c = createCampusClient({
      webPath: sim.webPath,
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        const j = (await res.json()) as { data?: { chargeData?: { charge?: { amount: number } } } };
        if (j.data?.chargeData?.charge) j.data.chargeData.charge.amount = 1;
        return new Response(JSON.stringify(j), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const r = await c.payMoney(PAY);
    expect(r).toMatchObject({ kind: 'transport-failure', failure: 'unparseable' });
    if (r.kind === 'transport-failure') expect(r.message).toContain('charge.amount 1 fen ≠ requested 18800 fen');
  });

  it('control endpoints mark a charge paid and switch failures', async () => {
    const charge = await client.payMoney(PAY);
    if (charge.kind !== 'ok') throw new Error(JSON.stringify(charge));
    const pay = await fetch(`${sim.url}__control/pay`, {
      method: 'POST',
      body: JSON.stringify({ orderNo: charge.value.orderNo }),
    });
    expect(await pay.json()).toEqual({ ok: true });
    expect(
      await client.searchSuccessData({ recordIDs: charge.value.recordIDs, userID: '', orderNumber: '' }),
    ).toMatchObject({ kind: 'ok', value: { paid: true } });
    await fetch(`${sim.url}__control/failure`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'http-5xx', times: 1 }),
    });
    expect(await client.searchPayPackages({ userID: '10129580', type: 0, payType: 0 })).toMatchObject({
      failure: 'http-5xx',
    });
    const l = (await (await fetch(`${sim.url}__control/ledger`)).json()) as { charges: { paid: boolean }[] };
    expect(l.charges[0]?.paid).toBe(true);
  });
});
