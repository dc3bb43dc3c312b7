import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../app/result.js';
import { createBillService, type BillService } from '../../bills/bill-service.js';
import { ensureTerminalNo } from '../../bills/terminal.js';
import { silentLogger } from '../../log.js';
import { tempStore, type TempStore } from '../../store/test-helpers.js';
import { KesionConfigSchema } from '../config.js';
import { createKesionClient } from './client.js';
import { createEnrollmentService, type EnrollmentService } from './enrollment.js';
import { startKesionSimulator, type KesionSimulator } from './simulator.js';

let t: TempStore;
let bills: BillService;
let sim: KesionSimulator;
const services: EnrollmentService[] = [];

function service(timeoutMs = 3000): EnrollmentService {
  const config = KesionConfigSchema.parse({ url: sim.url, apptoken: 'tok', counterPayId: '100' });
  const s = createEnrollmentService({
    store: t.store,
    config,
    now: () => t.clock.t,
    log: silentLogger,
    billById: (id) => bills.get(id),
    openCounterBill: ({ name, amountFen, operatorNo }) => {
      const b = bills.create({ kind: 'sale', businessType: 1, operatorNo, shiftId: null });
      return bills.addFreeAmount(b.id, amountFen, name);
    },
    client: createKesionClient({ baseUrl: sim.url, apptoken: 'tok', timeoutMs }),
  });
  const off = bills.onPaid((bill) => s.onBillPaid(bill));
  services.push({ ...s, worker: { ...s.worker, stop: () => (off(), s.worker.stop()) } });
  return s;
}

/** Preview and save type 1, courses 101,102, three students. */
async function saved(s: EnrollmentService) {
  const p = await s.preview({ type: 1, courseIds: '101, 102，101', students: 'stu01\nstu02 stu03 STU01' });
  return { p, row: await s.save({ type: 1, courseIds: p.courseIds, userIds: p.userIds, operatorNo: '1001' }) };
}

beforeEach(async () => {
  t = tempStore();
  t.store.db
    .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 10000)")
    .run(t.clock.t);
  ensureTerminalNo(t.store, 'T01', () => t.clock.t);
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
  sim = await startKesionSimulator({ apptoken: 'tok', counterPayIds: ['100'], balanceFen: 2_000_00 });
});

afterEach(async () => {
  for (const s of services.splice(0)) s.worker.stop();
  await sim.close();
  t.cleanup();
});

describe('KesionEDU enrollment at the counter', () => {
  it('previews with duplicates removed and said so, saves, collects in cash and confirms once', async () => {
    const s = service();
    const { p, row } = await saved(s);
    expect(p.courseIds).toEqual(['101', '102']);
    expect(p.students).toEqual(['stu01', 'stu02', 'stu03']);
    expect(p.duplicates).toEqual({ courseIds: 1, students: 1 });
    expect(p.courses.map((c) => c.name)).toEqual(['高一数学同步课', '高一英语听说']);
    expect(p.totalFen).toBe((19900 + 9950) * 3);
    expect(row.state).toBe('saved');
    const bill = s.collect(row.id, '1001');
    expect(bill.totalFen).toBe(row.totalFen);
    expect(bill.lines[0]?.name).toBe(`机构报名 订单${row.orderId}（2门课程，3名学员）`);
    expect(s.get(row.id)?.state).toBe('collecting');
    bills.payCash(bill.id, { tenderedFen: bill.totalFen, operatorNo: '1001' });
    // The journal row exists with the money, before any send.
    expect(s.get(row.id)?.state).toBe('pending');
    await s.worker.runDue();
    expect(s.get(row.id)).toMatchObject({ state: 'confirmed', foundBy: 'reply', sends: 1, payId: '100' });
    const order = sim.ledger().orders.find((o) => o.payorderid === row.payOrderId);
    expect(order).toMatchObject({ paid: true, confirmCount: 1, paidWith: '100' });
  });

  it('refuses invalid lists naming the field and the limit, before anything is sent', async () => {
    const s = service();
    const bad = async (courseIds: string, students: string) => {
      try {
        await s.preview({ type: 1, courseIds, students });
      } catch (e) {
        return (e as AppError).details;
      }
      throw new Error('not refused');
    };
    expect(await bad('101, abc', 'stu01')).toMatchObject({ field: 'courseIds', rule: 'numeric', value: 'abc' });
    expect(await bad('', 'stu01')).toMatchObject({ field: 'courseIds', rule: 'empty' });
    expect(await bad('101', 'stu 01 ！')).toMatchObject({ field: 'students', rule: 'chars' });
    const many = Array.from({ length: 201 }, (_, i) => `s${i}`).join(',');
    expect(await bad('101', many)).toMatchObject({ field: 'students', rule: 'max', max: 200 });
    expect(sim.ledger().requests.initialize).toBe(0);
  });

  it('an unknown outcome (ERP committed, then 500) is checked, never re-sent: confirmed once', async () => {
    const s = service();
    const { row } = await saved(s);
    const bill = s.collect(row.id, '1001');
    sim.setFailure({ mode: 'http-5xx', processed: true, op: 'saveSignUpOrder', times: 1 });
    bills.payCash(bill.id, { tenderedFen: bill.totalFen, operatorNo: '1001' });
    await s.worker.runDue();
    expect(s.get(row.id)).toMatchObject({ state: 'unknown', sends: 1 });
    expect(s.exceptions().map((r) => r.id)).toEqual([row.id]);
    t.clock.t += 60_000;
    await s.worker.runDue();
    expect(s.get(row.id)).toMatchObject({ state: 'confirmed', foundBy: 'check', sends: 1, checks: 1 });
    expect(s.exceptions()).toEqual([]);
    const order = sim.ledger().orders.find((o) => o.payorderid === row.payOrderId)!;
    expect(order.confirmCount).toBe(1);
    expect(order.signUpRequests).toBe(1);
  });

  it('a crash while sending (ERP committed, reply never came) is checked at the next start: confirmed once', async () => {
    const first = service(500);
    const { row } = await saved(first);
    const bill = first.collect(row.id, '1001');
    sim.setFailure({ mode: 'slow', ms: null, op: 'saveSignUpOrder', times: 1 });
    bills.payCash(bill.id, { tenderedFen: bill.totalFen, operatorNo: '1001' });
    // Die while the request is on the wire: the row says 'sending' (committed before the send).
    const sending = first.worker.runDue();
    await new Promise<void>((resolve) => sim.events.once('request', () => resolve()));
    expect(first.get(row.id)?.state).toBe('sending');
    first.worker.stop();
    t.store.db.prepare("UPDATE kesion_enrollments SET state = 'sending' WHERE id = ?").run(row.id);
    // A new process on the same ledger: the interrupted send is checked before anything else.
    const second = service();
    second.worker.start();
    await second.worker.runDue();
    expect(second.get(row.id)).toMatchObject({ state: 'confirmed', foundBy: 'check' });
    await sending; // the first process's request times out; its outcome no longer matters
    const order = sim.ledger().orders.find((o) => o.payorderid === row.payOrderId)!;
    expect(order.confirmCount).toBe(1);
    expect(order.signUpRequests).toBe(1);
    expect(order.repeatedConfirmations).toBe(0);
  });

  it('a refusal stays under exceptions with the ERP msg; 重试 checks first, then sends', async () => {
    const s = service();
    const { row } = await saved(s);
    const bill = s.collect(row.id, '1001');
    sim.setFailure({ mode: 'refuse', msg: '支付方式未启用', op: 'saveSignUpOrder', times: 1 });
    bills.payCash(bill.id, { tenderedFen: bill.totalFen, operatorNo: '1001' });
    await s.worker.runDue();
    expect(s.get(row.id)).toMatchObject({ state: 'failed', lastMsg: '支付方式未启用' });
    t.clock.t += 3_600_000;
    await s.worker.runDue();
    expect(s.get(row.id)?.state).toBe('failed');
    const after = await s.retry(row.id);
    expect(after).toMatchObject({ state: 'confirmed', foundBy: 'reply', checks: 1, sends: 2 });
    expect(sim.ledger().orders.find((o) => o.payorderid === row.payOrderId)?.confirmCount).toBe(1);
  });

  it('pays from the institution balance; a short balance answers a pay-online url, kept as text', async () => {
    const s = service();
    const { row } = await saved(s);
    const paid = await s.payBalance(row.id);
    expect(paid).toMatchObject({ state: 'confirmed', mode: 'balance', payId: '0', billId: null });
    expect(sim.ledger().balanceFen).toBe(2_000_00 - row.totalFen);
    const { row: second } = await saved(s);
    const third = await saved(s);
    await s.payBalance(second.id);
    const online = await s.payBalance(third.row.id);
    expect(online.state).toBe('online');
    expect(online.payUrl).toMatch(/^https?:\/\//);
    await expect(s.payBalance(row.id)).rejects.toMatchObject({ code: 'bill-not-open' });
  });

  it('says not configured without a url, and counter collection off without counterPayId', async () => {
    const config = KesionConfigSchema.parse({});
    const s = createEnrollmentService({
      store: t.store,
      config,
      now: () => t.clock.t,
      log: silentLogger,
      billById: () => null,
      openCounterBill: () => {
        throw new Error('unused');
      },
    });
    expect(s.status()).toEqual({ configured: false, counterPay: false, maxIds: 200 });
    await expect(s.preview({ type: 1, courseIds: '101', students: 'a' })).rejects.toMatchObject({
      code: 'kesion-not-configured',
    });
  });
});

it('a restart checks an unknown row at once, without waiting for its backoff', async () => {
  const s = service();
  const { row } = await saved(s);
  const bill = s.collect(row.id, '1001');
  sim.setFailure({ mode: 'http-5xx', processed: true, op: 'saveSignUpOrder', times: 1 });
  bills.payCash(bill.id, { tenderedFen: bill.totalFen, operatorNo: '1001' });
  await s.worker.runDue();
  expect(s.get(row.id)?.state).toBe('unknown');
  s.worker.stop();
  const next = service();
  next.worker.start();
  await next.worker.runDue();
  expect(next.get(row.id)).toMatchObject({ state: 'confirmed', foundBy: 'check', sends: 1 });
});

it('a paid counter bill whose onPaid hook failed is journaled at the next start (never lost), and confirmed once', async () => {
  const config = KesionConfigSchema.parse({ url: sim.url, apptoken: 'tok', counterPayId: '100' });
  const make = () =>
    createEnrollmentService({
      store: t.store,
      config,
      now: () => t.clock.t,
      log: silentLogger,
      billById: (id) => bills.get(id),
      openCounterBill: ({ name, amountFen, operatorNo }) => {
        const b = bills.create({ kind: 'sale', businessType: 1, operatorNo, shiftId: null });
        return bills.addFreeAmount(b.id, amountFen, name);
      },
      client: createKesionClient({ baseUrl: sim.url, apptoken: 'tok' }),
    });
  const s = make(); // no onPaid hook subscribed: as if it had thrown
  const { row } = await saved(s);
  const bill = s.collect(row.id, '1001');
  bills.payCash(bill.id, { tenderedFen: bill.totalFen, operatorNo: '1001' });
  expect(s.get(row.id)?.state).toBe('collecting');
  const next = make();
  next.worker.start();
  await next.worker.runDue();
  next.worker.stop();
  expect(next.get(row.id)).toMatchObject({ state: 'confirmed', sends: 1 });
  expect(sim.ledger().orders.find((o) => o.payorderid === row.payOrderId)?.confirmCount).toBe(1);
});

it('a counter bill cancelled before it was paid releases its order: offered again, collected on a new bill', async () => {
  const s = service();
  const { row } = await saved(s);
  const first = s.collect(row.id, '1001');
  bills.voidBill(first.id, '1001', 'customer left');
  expect(s.unfinished(10).map((r) => [r.id, r.state, r.billId])).toEqual([[row.id, 'saved', null]]);
  const second = s.collect(row.id, '1001');
  expect(second.id).not.toBe(first.id);
  bills.payCash(second.id, { tenderedFen: second.totalFen, operatorNo: '1001' });
  await s.worker.runDue();
  expect(s.get(row.id)).toMatchObject({ state: 'confirmed', billId: second.id });
});

it('an order waiting to be paid online is confirmed by the order check once it is paid there, never sent again', async () => {
  const s = service();
  const rows = [];
  for (let i = 0; i < 3; i++) rows.push((await saved(s)).row);
  await s.payBalance(rows[0]!.id);
  await s.payBalance(rows[1]!.id);
  const online = await s.payBalance(rows[2]!.id);
  expect(online.state).toBe('online');
  expect((await s.checkOnline(online.id)).state).toBe('online');
  expect(sim.payOnline(online.payOrderId)).toBe(true);
  expect(await s.checkOnline(online.id)).toMatchObject({ state: 'confirmed', foundBy: 'check', sends: 1 });
  expect(sim.ledger().orders.find((o) => o.payorderid === online.payOrderId)?.confirmCount).toBe(1);
});
