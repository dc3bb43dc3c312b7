import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKesionClient, type KesionClient, type KesionClientOptions } from './client.js';
import { joinUrl } from './http.js';
import { fenToYuan, MAX_BATCH_IDS, validateIdList, validateUsernameList, yuanToFen } from './schema.js';
import { startKesionSimulator, type KesionSimulator } from './simulator.js';

let sim: KesionSimulator;
let client: KesionClient;

function make(extra: Partial<KesionClientOptions> = {}): KesionClient {
  return createKesionClient({ baseUrl: sim.url, apptoken: sim.apptoken, timeoutMs: 5_000, ...extra });
}

beforeEach(async () => {
  sim = await startKesionSimulator({ balanceFen: 100_000 });
  client = make();
});
afterEach(async () => {
  await sim.close();
});

/** Steps 1 and 2 for two students on class 201 (0.01 each). */
async function bill(c = client) {
  const init = await c.initializeBatchBill({ type: 2, courseIds: '201', students: ['stu001', 'stu002'] });
  if (init.kind !== 'ok') throw new Error(`initialize: ${JSON.stringify(init)}`);
  const saved = await c.saveBatchBill({ type: 2, courseIds: ['201'], userIds: init.value.userIds });
  if (saved.kind !== 'ok') throw new Error(`save: ${JSON.stringify(saved)}`);
  return { init: init.value, bill: saved.value };
}

describe('list validation', () => {
  it('keeps numeric ids, drops duplicates and leading zeros, accepts Chinese commas and new lines', () => {
    expect(validateIdList('courseids', '101, 102，101\n0102 7')).toEqual({
      ok: true,
      ids: ['101', '102', '7'],
      duplicatesRemoved: 2,
    });
  });
  it('names the field and the limit', () => {
    const r = validateIdList('courseids', '101,abc');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'invalid', field: 'courseids', limit: 'numeric ids only' });
    const many = Array.from({ length: MAX_BATCH_IDS + 1 }, (_, i) => String(i + 1));
    const r2 = validateIdList('userids', many);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error).toMatchObject({ field: 'userids', limit: `at most ${MAX_BATCH_IDS} ids` });
    // Exactly the maximum passes, even with duplicates on top.
    expect(validateIdList('userids', [...many.slice(0, MAX_BATCH_IDS), '1', '2']).ok).toBe(true);
    expect(validateIdList('userids', ' , ')).toMatchObject({
      ok: false,
      error: { field: 'userids', limit: 'at least 1 id' },
    });
    expect(validateIdList('userids', '12345678901')).toMatchObject({
      ok: false,
      error: { field: 'userids', limit: '1–10 digits, not 0' },
    });
  });
  it('account names: case-insensitive duplicates, no spaces or quotes', () => {
    expect(validateUsernameList('signup_username', 'Test001,test001 张三')).toEqual({
      ok: true,
      ids: ['Test001', '张三'],
      duplicatesRemoved: 1,
    });
    expect(validateUsernameList('signup_username', ['a"b'])).toMatchObject({
      ok: false,
      error: { field: 'signup_username' },
    });
  });
});

describe('money and URLs', () => {
  it('converts yuan text to fen without floats', () => {
    expect(yuanToFen('9087.54')).toBe(908754);
    expect(yuanToFen('0.01')).toBe(1);
    expect(yuanToFen('100')).toBe(10000);
    expect(yuanToFen('-1.5')).toBe(-150);
    expect(yuanToFen(0.07)).toBe(7);
    expect(yuanToFen('1.005')).toBeNull();
    expect(fenToYuan(908754)).toBe('9087.54');
  });
  it('joins the seed double slash to one', () => {
    expect(joinUrl('http://xx.com//', '/webapi/school/SaveBatchBill')).toBe(
      'http://xx.com/webapi/school/SaveBatchBill',
    );
    expect(joinUrl('http://xx.com/sub', 'webapi/school/SaveBatchBill')).toBe(
      'http://xx.com/sub/webapi/school/SaveBatchBill',
    );
  });
});

describe('KesionEDU client against the simulator', () => {
  it('previews, saves the bill and pays from the balance (double-slash base URL)', async () => {
    const c = make({ baseUrl: `${sim.url}/` });
    const init = await c.initializeBatchBill({
      type: 2,
      courseIds: '201,201',
      students: [{ username: 'stu001', realname: '李雷' }, 'stu002', 'STU001'],
    });
    expect(init.kind).toBe('ok');
    if (init.kind !== 'ok') return;
    expect(init.value).toMatchObject({ balanceFen: 100_000, totalFen: 2, userIds: ['1001', '1002'] });
    expect(init.value.courses[0]).toMatchObject({
      name: '班级报名测试',
      purchasePriceFen: 1,
      marketPriceFen: 10_000,
      buyLimit: 10,
      enrollEnd: '2027-04-28 10:58:03',
    });
    const saved = await c.saveBatchBill({ type: 2, courseIds: '201', userIds: init.value.userIds });
    expect(saved.kind).toBe('ok');
    if (saved.kind !== 'ok') return;
    expect(saved.value).toMatchObject({
      totalFen: 2,
      isPaid: false,
      student: { realName: '李雷', username: 'stu001' },
    });
    expect(saved.value.orderId).toMatch(/^KSE/);
    expect(saved.value.payments.map((p) => p.payId)).toEqual(['8', '14', '15']);
    const paid = await c.saveSignUpOrder({ payOrderId: saved.value.payOrderId, payId: '0' });
    expect(paid).toMatchObject({ kind: 'ok', value: { paid: true, msg: '报名成功，已从机构余额扣款' } });
    expect(sim.ledger().balanceFen).toBe(100_000 - 2);
    const info = await c.orderInfo(saved.value.payOrderId);
    expect(info).toMatchObject({ kind: 'ok', value: { isPaid: true, totalFen: 2, orderId: saved.value.orderId } });
  });

  it('records a counter collection with the configured payid, and a second confirmation is refused by the ERP', async () => {
    const { bill: b } = await bill();
    const r = await client.saveSignUpOrder({ payOrderId: b.payOrderId, payId: '100' });
    expect(r).toMatchObject({ kind: 'ok', value: { paid: true } });
    const again = await client.saveSignUpOrder({ payOrderId: b.payOrderId, payId: '100' });
    expect(again).toMatchObject({ kind: 'refused', msg: '该订单已支付，请勿重复提交' });
    const order = sim.ledger().orders.find((o) => o.payorderid === b.payOrderId)!;
    expect(order).toMatchObject({ confirmCount: 1, repeatedConfirmations: 1, paidWith: '100' });
  });

  it('result:false with a url means pay online; the msg is kept', async () => {
    const { bill: b } = await bill();
    const r = await client.saveSignUpOrder({ payOrderId: b.payOrderId, payId: '8' });
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok' && !r.value.paid) {
      expect(r.value.msg).toBe('请在线支付');
      expect(r.value.url).toContain(`payorderid=${b.payOrderId}`);
    } else throw new Error('expected paid:false');
  });

  it('accepts result as the string "true"/"false"', async () => {
    await sim.close();
    sim = await startKesionSimulator({ stringResults: true });
    client = make();
    const { bill: b } = await bill();
    expect(await client.saveSignUpOrder({ payOrderId: b.payOrderId, payId: '100' })).toMatchObject({
      kind: 'ok',
      value: { paid: true },
    });
    expect(await client.saveSignUpOrder({ payOrderId: b.payOrderId, payId: '100' })).toMatchObject({ kind: 'refused' });
  });

  it('apptoken in the query string or in the body, as configured; a wrong one is refused with the ERP text', async () => {
    await bill(make({ authPlacement: 'query' }));
    expect(sim.ledger().lastAuthIn).toBe('query');
    await bill(make({ authPlacement: 'body' }));
    expect(sim.ledger().lastAuthIn).toBe('body');
    const wrong = createKesionClient({ baseUrl: sim.url, apptoken: 'nope' });
    expect(await wrong.orderInfo('KSE1')).toMatchObject({ kind: 'refused', msg: 'apptoken 无效或已过期，请重新登录' });
  });

  it('apikey is checked when the site requires one', async () => {
    await sim.close();
    sim = await startKesionSimulator({ apikey: 'k-123' });
    expect(await make().orderInfo('KSE1')).toMatchObject({ kind: 'refused', msg: 'apikey 错误' });
    expect(await make({ apikey: 'k-123', authPlacement: 'body' }).orderInfo('KSE1')).toMatchObject({
      kind: 'refused',
      msg: '订单不存在',
    });
  });

  it('validation errors name the field and the limit, and nothing is sent', async () => {
    const before = sim.ledger().requests;
    expect(await client.initializeBatchBill({ type: 4 as 1, courseIds: '1', students: 'a' })).toMatchObject({
      kind: 'invalid',
      field: 'type',
    });
    expect(await client.initializeBatchBill({ type: 1, courseIds: '1,x', students: 'a' })).toMatchObject({
      kind: 'invalid',
      field: 'courseids',
    });
    const many = Array.from({ length: 201 }, (_, i) => `s${i}`);
    expect(await client.initializeBatchBill({ type: 1, courseIds: '101', students: many })).toMatchObject({
      kind: 'invalid',
      field: 'signup_username',
      limit: 'at most 200 accounts',
    });
    expect(await make({ maxIds: 2 }).saveBatchBill({ type: 1, courseIds: '101', userIds: '1,2,3' })).toMatchObject({
      kind: 'invalid',
      field: 'userids',
      limit: 'at most 2 ids',
    });
    expect(await client.saveSignUpOrder({ payOrderId: 'KSE 1', payId: '0' })).toMatchObject({
      kind: 'invalid',
      field: 'payOrderID',
    });
    expect(await client.saveSignUpOrder({ payOrderId: 'KSE1', payId: 'cash' })).toMatchObject({
      kind: 'invalid',
      field: 'payid',
    });
    expect(sim.ledger().requests).toEqual(before);
  });

  it('refuse mode: result:false with the msg', async () => {
    sim.setFailure({ mode: 'refuse', msg: '机构账号已停用', op: 'initialize', times: 1 });
    expect(await client.initializeBatchBill({ type: 1, courseIds: '101', students: 'a' })).toMatchObject({
      kind: 'refused',
      msg: '机构账号已停用',
    });
    expect((await client.initializeBatchBill({ type: 1, courseIds: '101', students: 'a' })).kind).toBe('ok');
    // An unknown course is refused by the ERP with its own text.
    expect(await client.initializeBatchBill({ type: 1, courseIds: '999', students: 'a' })).toMatchObject({
      kind: 'refused',
      msg: '找不到ID为999的课程',
    });
  });

  it('5xx and malformed replies are transport failures that may have been delivered', async () => {
    sim.setFailure({ mode: 'http-5xx', times: 1 });
    expect(await client.orderInfo('KSE1')).toMatchObject({
      kind: 'transport-failure',
      failure: 'http-5xx',
      status: 500,
      maybeDelivered: true,
    });
    sim.setFailure({ mode: 'malformed', times: 1 });
    expect(await client.orderInfo('KSE1')).toMatchObject({
      kind: 'transport-failure',
      failure: 'unparseable',
      maybeDelivered: true,
    });
  });

  it('slow: the call times out; the order info shows it was recorded, so a blind retry would have confirmed twice', async () => {
    const { bill: b } = await bill();
    sim.setFailure({ mode: 'slow', ms: null, op: 'saveSignUpOrder', times: 1 });
    // The cashier gives up once the ERP has the request (no timing race on a loaded machine).
    const gaveUp = new AbortController();
    const held = once(sim.events, 'answered').then(() => gaveUp.abort());
    const r = await client.saveSignUpOrder({ payOrderId: b.payOrderId, payId: '100' }, { signal: gaveUp.signal });
    await held;
    expect(r).toMatchObject({ kind: 'transport-failure', failure: 'timeout', maybeDelivered: true });
    // And the timeout itself: a held answer ends at the configured time.
    sim.setFailure({ mode: 'slow', ms: null, op: 'orderInfo', times: 1 });
    expect(await client.orderInfo(b.payOrderId, { timeoutMs: 150 })).toMatchObject({
      kind: 'transport-failure',
      failure: 'timeout',
      message: 'no answer within 150 ms',
    });
    // The documented recovery: check the status first; it is already paid, so do not send again.
    expect(await client.orderInfo(b.payOrderId)).toMatchObject({ kind: 'ok', value: { isPaid: true } });
    expect(sim.ledger().orders[0]).toMatchObject({ confirmCount: 1, signUpRequests: 1 });
  });

  it('a refused connection is known not to have been delivered', async () => {
    const port = sim.port;
    await sim.close();
    const c = createKesionClient({ baseUrl: `http://127.0.0.1:${port}/`, apptoken: 'x', timeoutMs: 2_000 });
    expect(await c.orderInfo('KSE1')).toMatchObject({
      kind: 'transport-failure',
      failure: 'refused',
      maybeDelivered: false,
    });
    sim = await startKesionSimulator();
  });

  it('control endpoints switch failures and show the ledger', async () => {
    const res = await fetch(`${sim.url}__control/failure`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'refuse', msg: '维护中', times: 1 }),
    });
    expect(res.status).toBe(200);
    expect(await client.orderInfo('KSE1')).toMatchObject({ kind: 'refused', msg: '维护中' });
    const bad = await fetch(`${sim.url}__control/failure`, {
      method: 'POST',
      body: JSON.stringify({ mode: 'explode' }),
    });
    expect(bad.status).toBe(400);
    const { bill: b } = await bill();
    await fetch(`${sim.url}__control/pay-online`, {
      method: 'POST',
      body: JSON.stringify({ payorderid: b.payOrderId }),
    });
    const ledger = (await (await fetch(`${sim.url}__control/ledger`)).json()) as { orders: { paid: boolean }[] };
    expect(ledger.orders[0]?.paid).toBe(true);
  });
});
