import { afterEach, describe, expect, it } from 'vitest';
import { AttemptViewSchema } from '../../app/contract/schemas.js';
import { sandboxCode } from '../sandbox/scenarios.js';
import { listAudit } from '../store/audit.js';
import { createRig, type Rig } from './test-harness.js';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.cleanup();
  rig = null;
});

let serial = 1000;
const code = (s: number, nn = 0) => sandboxCode(s, nn, ++serial);

function outboxRows(r: Rig): number {
  return r.store.db.prepare("SELECT count(*) FROM outbox WHERE topic = 'bill'").pluck().get() as number;
}

describe('payment engine: the happy paths', () => {
  it('immediate success: write-ahead, one BarCode, bill paid with tender and outbox row, events pushed', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1234);
    const v = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    // Committed before the request left: the row exists, the bill is locked, request-sent is journaled.
    expect(v.state).toBe('sent');
    // The gateway's own short number: terminal, yymmdd hhmmss, install id, sequence (≤ 20).
    expect(v.gatewayBillNum).toMatch(/^T01\d{12}[0-9A-Z]{5}$/);
    expect(v.billNo).toBe(bill.billNo);
    expect(v.barCodeMasked).toMatch(/^1300\*+\d\d$/);
    expect(r.bills.get(bill.id)!.status).toBe('locked');
    expect(r.engine.history(v.id).map((e) => e.kind)).toEqual(['created', 'request-sent']);

    await r.until(() => r.view(v.id).state === 'paid');
    const done = r.view(v.id);
    expect(done.finalAt).toBe(r.clock.now());
    expect(done.queryCount).toBe(0);
    const b = r.bills.get(bill.id)!;
    expect(b.status).toBe('paid');
    expect(b.tenders).toEqual([
      expect.objectContaining({ kind: 'barcode', amountFen: 1234, reference: v.gatewayBillNum }),
    ]);
    expect(outboxRows(r)).toBe(1);
    expect(r.engine.history(v.id).map((e) => e.kind)).toEqual(['created', 'request-sent', 'barcode-reply']);

    const ledger = r.sandbox.ledger();
    expect(ledger.totals.charged).toBe(1);
    expect(ledger.payments[0]!.amountFen).toBe(1234);
    expect(r.sandbox.stats().perBill[v.gatewayBillNum]).toEqual({ barCode: 1, query: 0 });

    // Events: every one valid against the contract; the last says paid with text.
    for (const p of r.progress) expect(AttemptViewSchema.safeParse(p).success).toBe(true);
    const last = r.progress.at(-1)!;
    expect(last.state).toBe('paid');
    expect(last.outcome?.zh).toContain('支付成功');
    expect(r.billEvents.at(-1)!.status).toBe('paid');
    expect(r.engine.listOpen()).toEqual([]);
  });

  it('password wait: awaiting-payer, adaptive queries, paid soon after the payer confirms', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(500);
    const v = r.engine.collect({ billId: bill.id, barCode: code(1, 7), operatorNo: '1001' });
    await r.run(1_000);
    expect(r.view(v.id).state).toBe('awaiting-payer');
    expect(r.progress.some((p) => p.state === 'awaiting-payer' && p.outcome?.next === 'check-phone')).toBe(true);
    const t0 = r.clock.now() - 1_000;
    await r.until(() => r.view(v.id).state === 'paid');
    const paidAt = r.view(v.id).finalAt!;
    // Paid by the sandbox at 7.0 s; the ladder queries every second between 3 s and 10 s.
    expect(paidAt - t0).toBeGreaterThanOrEqual(7_000);
    expect(paidAt - t0).toBeLessThanOrEqual(8_100);
    const q = r.view(v.id).queryCount;
    expect(q).toBeGreaterThanOrEqual(6);
    expect(q).toBeLessThanOrEqual(12);
    // Never more than 2 queries in any second.
    const times = r.tracked.calls.filter((c) => c.op === 'query').map((c) => c.at);
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(1_000);
    expect(r.bills.get(bill.id)!.status).toBe('paid');
    expect(r.sandbox.stats().perBill[v.gatewayBillNum]!.barCode).toBe(1);
  });
});

describe('payment engine: declines, faults and unknowns', () => {
  it('decline, then a rescan on the same bill pays under a new attempt number and gateway billNum', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(880);
    const a1 = r.engine.collect({ billId: bill.id, barCode: code(2, 0), operatorNo: '1001' });
    await r.until(() => r.view(a1.id).state === 'declined');
    const d = r.view(a1.id);
    expect(d.stateReason).toBe('declined-by-gateway');
    expect(d.outcome?.zh).toContain('未扣款');
    expect(d.lastMessage).toContain('余额不足');
    expect(d.outcome?.next).toBe('rescan');
    expect(r.bills.get(bill.id)!.status).toBe('open');
    expect(r.bills.get(bill.id)!.tenders).toEqual([]);

    const a2 = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    expect(a2.attemptNo).toBe(2);
    expect(a2.gatewayBillNum).not.toBe(a1.gatewayBillNum);
    expect(a2.gatewayBillNum.length).toBeLessThanOrEqual(20);
    await r.until(() => r.view(a2.id).state === 'paid');
    expect(r.bills.get(bill.id)!.status).toBe('paid');
    expect(r.bills.get(bill.id)!.tenders).toHaveLength(1);
    const ledger = r.sandbox.ledger();
    expect(ledger.payments.filter((p) => p.chargeCount > 0).map((p) => p.billNum)).toEqual([a2.gatewayBillNum]);
    expect(r.engine.latestForBill(bill.id)!.id).toBe(a2.id);
  });

  it('no reply to BarCode: the engine times out, never resends, and finds the success by query', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(2000);
    // The gateway holds BarCode forever; the payment itself succeeds after 20 s.
    const v = r.engine.collect({ billId: bill.id, barCode: code(4, 20), operatorNo: '1001' });
    await r.run(16_000);
    // The BarCode timed out (15 s) meanwhile; queries were running all along.
    const mid = r.view(v.id);
    expect(mid.state).toBe('awaiting-payer');
    expect(
      r.engine.history(v.id).some((e) => e.kind === 'barcode-failure' && e.detail?.['failure'] === 'timeout'),
    ).toBe(true);
    expect(mid.queryCount).toBeGreaterThan(5);
    await r.until(() => r.view(v.id).state === 'paid');
    expect(r.view(v.id).finalAt! - v.createdAt).toBeLessThanOrEqual(22_100);
    expect(r.sandbox.stats().perBill[v.gatewayBillNum]!.barCode).toBe(1);
    expect(r.bills.get(bill.id)!.status).toBe('paid');
  });

  it.each([
    ['HTTP 500 after charging', 5, 0, 'transport-http-5xx'],
    ['connection reset after charging', 7, 0, 'transport-reset'],
    ['malformed body', 8, 0, 'transport-unparseable'],
  ])('%s: unknown is not failed — queried until paid', async (_label, s, nn, reason) => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1500);
    const v = r.engine.collect({ billId: bill.id, barCode: code(s, nn), operatorNo: '1001' });
    await r.settle();
    const after = r.view(v.id);
    expect(after.state).toBe('sent');
    expect(after.stateReason).toBe(reason);
    expect(after.outcome?.zh).toContain('请勿重复收款');
    await r.until(() => r.view(v.id).state === 'paid');
    expect(r.view(v.id).queryCount).toBe(1);
    expect(r.bills.get(bill.id)!.status).toBe('paid');
    expect(r.sandbox.stats().perBill[v.gatewayBillNum]!.barCode).toBe(1);
  });

  it('HTTP 500 without charging is NOT declined: it stays locked and unconfirmed, and keeps being reconciled', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1500);
    const v = r.engine.collect({ billId: bill.id, barCode: code(5, 1), operatorNo: '1001' });
    await r.run(60_000);
    const u = r.view(v.id);
    expect(u.state).toBe('unconfirmed');
    expect(u.stateReason).toBe('deadline');
    expect(r.bills.get(bill.id)!.status).toBe('unconfirmed');
    expect(u.queryCount).toBeLessThanOrEqual(40);
    // The reconciler keeps asking on the payer's timing: 1.5 s, 3 s, 4.5 s, 6 s, 8 s, 10 s, 13 s, 16 s, 20 s, 25 s, 30 s …
    const before = u.queryCount;
    await r.run(35_100);
    expect(r.view(v.id).queryCount).toBe(before + 11);
    expect(r.view(v.id).state).toBe('unconfirmed');
    const next = r.store.db
      .prepare('SELECT next_query_at FROM payment_attempts WHERE id = ?')
      .pluck()
      .get(v.id) as number;
    expect(next).toBeGreaterThan(r.clock.now());
    expect(r.engine.listOpen().map((a) => a.id)).toEqual([v.id]);
  });

  it('with the safety sweep on, a looked-after attempt is never "resumed" and the budget holds', async () => {
    rig = await createRig({ engine: { sweepEveryMs: 1_000 } });
    const r = rig;
    const bill = r.newBill(1500);
    const v = r.engine.collect({ billId: bill.id, barCode: code(5, 1), operatorNo: '1001' });
    await r.run(90_000);
    expect(r.view(v.id).state).toBe('unconfirmed');
    expect(r.engine.history(v.id).filter((e) => e.kind === 'resumed')).toEqual([]);
    const cashier = r.tracked.calls.filter((c) => c.op === 'query' && c.at < v.deadlineAt).map((c) => c.at);
    expect(cashier.length).toBeLessThanOrEqual(40);
    for (let i = 2; i < cashier.length; i++) expect(cashier[i]! - cashier[i - 2]!).toBeGreaterThanOrEqual(1_000);
  });

  it('the sweep picks up a live attempt nobody looks after', async () => {
    rig = await createRig({ engine: { sweepEveryMs: 1_000 } });
    const r = rig;
    r.engine.start();
    const bill = r.newBill(800);
    // A live attempt the running engine has no timer for (as if one had been lost).
    r.store.tx(() => {
      r.bills.lockForPayment(bill.id);
      r.bills.markUnconfirmed(bill.id);
      r.store.db
        .prepare(
          `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, state_reason, deadline_at, created_at, updated_at)
           VALUES (?, 1, ?, 1, '1001', 800, ?, 'unconfirmed', 'deadline', ?, ?, ?)`,
        )
        .run(bill.id, 'T01250131SWEEP00001', code(0), r.clock.now(), r.clock.now(), r.clock.now());
    });
    const id = r.engine.listOpen()[0]!.id;
    await r.run(900);
    expect(r.view(id).queryCount).toBe(0);
    await r.run(200);
    expect(r.view(id).queryCount).toBe(1);
    expect(r.engine.history(id).map((e) => e.kind)).toEqual(['resumed', 'query-reply']);
    expect(r.view(id).state).toBe('unconfirmed'); // the gateway has no record: only a supervisor can close it
  });

  it('business error (SYSTEMERROR) on BarCode keeps querying until the real outcome', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(990);
    const v = r.engine.collect({ billId: bill.id, barCode: code(9, 4), operatorNo: '1001' });
    await r.settle();
    expect(r.view(v.id).state).toBe('awaiting-payer');
    expect(r.view(v.id).stateReason).toBe('unclear-reply');
    expect(r.view(v.id).lastMessage).toContain('SYSTEMERROR');
    await r.until(() => r.view(v.id).state === 'paid');
    expect(r.view(v.id).finalAt! - v.createdAt).toBeLessThanOrEqual(5_100);
  });

  it('a payer who cancels on the phone is a definitive decline found by query', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(990);
    const v = r.engine.collect({ billId: bill.id, barCode: code(3, 6), operatorNo: '1001' });
    await r.until(() => r.view(v.id).state === 'declined');
    expect(r.view(v.id).outcome?.zh).toContain('取消');
    expect(r.bills.get(bill.id)!.status).toBe('open');
    expect(r.sandbox.ledger().totals.charged).toBe(0);
  });

  it('a gateway that refuses connections: BarCode provably not delivered → declined, bill unlocked', async () => {
    rig = await createRig();
    const r = rig;
    await r.sandbox.close();
    const bill = r.newBill(990);
    const v = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    await r.until(() => r.view(v.id).state === 'declined');
    expect(r.view(v.id).stateReason).toBe('not-delivered');
    expect(r.view(v.id).outcome?.next).toBe('take-cash');
    expect(r.bills.get(bill.id)!.status).toBe('open');
  });
});

describe('payment engine: deadline, reconciler, stop waiting', () => {
  it('a success after the deadline: unconfirmed at 60 s, the reconciler finds SUCCESS, the bill is paid and pushed', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(4321);
    const v = r.engine.collect({ billId: bill.id, barCode: code(1, 75), operatorNo: '1001' });
    expect(v.deadlineAt - v.createdAt).toBe(60_000);
    await r.until(() => r.view(v.id).state === 'unconfirmed');
    expect(r.clock.now()).toBe(v.deadlineAt);
    expect(r.bills.get(bill.id)!.status).toBe('unconfirmed');
    const u = r.progress.filter((p) => p.id === v.id && p.state === 'unconfirmed').at(-1)!;
    expect(u.stateReason).toBe('deadline');
    expect(u.outcome?.next).toBe('call-supervisor');
    expect(r.billEvents.at(-1)!.status).toBe('unconfirmed');
    // The counter can move on: a new bill opens while this one is unconfirmed.
    const other = r.newBill(100);
    expect(other.status).toBe('open');
    // A second scan on the unconfirmed bill is refused.
    expect(() => r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' })).toThrow(
      expect.objectContaining({ code: 'bill-locked' }),
    );

    r.progress.length = 0;
    r.billEvents.length = 0;
    await r.until(() => r.view(v.id).state === 'paid');
    // SUCCESS at 75 s; the reconciler asks 1.5, 3, 4.5, 6, 8, 10, 13, 16 s after the deadline: seen at 76 s.
    expect(r.view(v.id).finalAt! - v.createdAt).toBe(76_000);
    expect(r.bills.get(bill.id)!.status).toBe('paid');
    expect(r.progress.map((p) => p.state)).toEqual(['paid']);
    expect(r.billEvents.map((b) => [b.id, b.status])).toEqual([[bill.id, 'paid']]);
    expect(r.sandbox.ledger().totals.doubleCharged).toEqual([]);
    expect(r.engine.listOpen()).toEqual([]);
  });

  it('a payer who confirms just before the deadline is seen by the last look, not left to the reconciler', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(4321);
    r.sandbox.setScenario({ kind: 'password', seconds: 58.7 }, { times: 1 });
    const v = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    await r.until(() => r.view(v.id).state === 'paid' || r.view(v.id).state === 'unconfirmed');
    const done = r.view(v.id);
    expect(done.state).toBe('paid');
    expect(done.finalAt!).toBe(v.deadlineAt - 600);
    expect(done.queryCount).toBeLessThanOrEqual(40);
    const times = r.tracked.calls.filter((c) => c.op === 'query').map((c) => c.at);
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(1_000);
  });

  it('stop waiting is never a decline: unconfirmed, reconciled, then paid when the payer finishes', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1200);
    const v = r.engine.collect({ billId: bill.id, barCode: code(1, 30), operatorNo: '1001' });
    await r.run(2_000);
    const s = r.engine.stopWaiting(v.id);
    expect(s.state).toBe('unconfirmed');
    expect(s.stateReason).toBe('stopped-by-cashier');
    expect(s.outcome?.zh).toContain('不代表支付失败');
    expect(r.bills.get(bill.id)!.status).toBe('unconfirmed');
    // Idempotent.
    expect(r.engine.stopWaiting(v.id).state).toBe('unconfirmed');
    await r.until(() => r.view(v.id).state !== 'unconfirmed');
    expect(r.view(v.id).state).toBe('paid');
    expect(r.engine.history(v.id).some((e) => e.state === 'declined')).toBe(false);
    expect(r.bills.get(bill.id)!.status).toBe('paid');
  });

  it('the reconciler follows the payer: stop waiting at t, the payer finishes at t+5.5 s, recorded by t+7 s', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1200);
    const v = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    const t = v.createdAt + 2_500;
    r.sandbox.setScenario(
      { kind: 'password', seconds: (t + 5_500 - v.createdAt) / 1000 },
      { billNum: v.gatewayBillNum },
    );
    await r.run(t - r.clock.now());
    expect(r.engine.stopWaiting(v.id).state).toBe('unconfirmed');
    await r.until(() => r.view(v.id).state === 'paid', 60_000);
    const paidAt = r.view(v.id).finalAt!;
    expect(paidAt - t).toBeGreaterThanOrEqual(5_500);
    expect(paidAt - t).toBeLessThanOrEqual(7_000);
    // The early queries: 1.5 s, 3 s, 4.5 s, 6 s after stop-waiting (a query may have been in flight at t).
    const after = r.tracked.calls.filter((c) => c.op === 'query' && c.at > t).map((c) => c.at - t);
    expect(after).toEqual([1_500, 3_000, 4_500, 6_000]);
  });

  it('the reconciler stays within its budget for a payment that never settles: ≤ 16 queries in the first 2 min, then backs off to 5 min', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1200);
    const v = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    r.sandbox.setScenario({ kind: 'password', seconds: 3_600 }, { billNum: v.gatewayBillNum });
    await r.run(2_000);
    r.engine.stopWaiting(v.id);
    const t = r.clock.now();
    await r.run(30 * 60_000);
    expect(r.view(v.id).state).toBe('unconfirmed');
    const after = r.tracked.calls.filter((c) => c.op === 'query' && c.at > t).map((c) => c.at - t);
    expect(after.filter((x) => x <= 120_000)).toHaveLength(16);
    // Then 240 s, 480 s, and every 5 min: 7 more in the rest of the half hour.
    expect(after.length).toBeLessThanOrEqual(16 + 8);
    for (let i = 1; i < after.length; i++) expect(after[i]! - after[i - 1]!).toBeGreaterThanOrEqual(1_000);
    const gaps = after.slice(16).map((x, i) => x - after[i + 15]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(300_000);
    expect(gaps.at(-1)).toBe(300_000);
  });

  it('queryNow asks at once and reschedules', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1200);
    const v = r.engine.collect({ billId: bill.id, barCode: code(1, 90), operatorNo: '1001' });
    await r.run(61_000);
    expect(r.view(v.id).state).toBe('unconfirmed');
    const before = r.view(v.id).queryCount;
    const q = await r.engine.queryNow(v.id);
    expect(q.queryCount).toBe(before + 1);
    expect(q.state).toBe('unconfirmed');
    await r.until(() => r.view(v.id).state === 'paid');
  });
});

describe('payment engine: refusals and validation (nothing written, nothing sent)', () => {
  it('a second collect on a locked bill is refused and sends nothing', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(700);
    const v = r.engine.collect({ billId: bill.id, barCode: code(1, 20), operatorNo: '1001' });
    await r.run(1_000);
    const attempts = () => r.store.db.prepare('SELECT count(*) FROM payment_attempts').pluck().get();
    expect(() => r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' })).toThrow(
      expect.objectContaining({ code: 'payment-in-progress' }),
    );
    expect(attempts()).toBe(1);
    expect(r.sandbox.stats().barCodeRequests).toBe(1);
    // The database refuses a second live attempt on its own, too.
    expect(() =>
      r.store.db
        .prepare(
          `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, deadline_at, created_at, updated_at)
           VALUES (?, 9, 'X-9', 1, '1001', 700, '1', 'created', 0, 0, 0)`,
        )
        .run(bill.id),
    ).toThrow(/UNIQUE/);
    await r.until(() => r.view(v.id).state === 'paid');
    expect(() => r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' })).toThrow(
      expect.objectContaining({ code: 'bill-already-paid' }),
    );
  });

  it('limits are checked before any write and name the field and the limit', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(700);
    const tooLong = '1'.repeat(41);
    expect(() => r.engine.collect({ billId: bill.id, barCode: tooLong, operatorNo: '1001' })).toThrow(
      expect.objectContaining({
        code: 'barcode-too-long',
        details: expect.objectContaining({ field: 'barCode', limit: 40 }),
      }),
    );
    expect(() => r.engine.collect({ billId: bill.id, barCode: '  ', operatorNo: '1001' })).toThrow(
      expect.objectContaining({ code: 'barcode-invalid' }),
    );
    expect(() => r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: 'x'.repeat(33) })).toThrow(
      expect.objectContaining({
        code: 'invalid-input',
        details: expect.objectContaining({ field: 'operatorNo', limit: 32 }),
      }),
    );
    expect(() => r.engine.collect({ billId: 999, barCode: code(0), operatorNo: '1001' })).toThrow(
      expect.objectContaining({ code: 'bill-not-found' }),
    );
    expect(r.store.db.prepare('SELECT count(*) FROM payment_attempts').pluck().get()).toBe(0);
    expect(r.bills.get(bill.id)!.status).toBe('open');
    expect(r.sandbox.stats().barCodeRequests).toBe(0);
  });

  it('a payment code no wallet issues ("12" typed at 请扫描付款码) is refused: no attempt written, nothing sent', async () => {
    rig = await createRig({ engine: { extraCodePatterns: ['99\\d{14}'] }, sandboxExtraCodePatterns: ['99\\d{14}'] });
    const r = rig;
    const bill = r.newBill(1200);
    const refused = [
      '12',
      '1',
      '160000000000000001', // 18 digits, prefix 16: no wallet
      '13000000000000001', // 17 digits, WeChat prefix
      '1300000000000000012', // 19 digits, WeChat prefix
      '250000000000000', // Alipay prefix, 15 digits
      '3100000000000000', // 16 digits, prefix 31
      '6300000000000000000', // 19 digits, prefix 63
      '620000000000000000', // 18 digits, UnionPay prefix
      '13000000000000000a',
      '13000000-000000001',
      '9900000000000000000', // 19 digits: the configured pattern wants 16
      'ABCDEFGHIJKLMNOPQR',
    ];
    for (const c of refused) {
      expect(() => r.engine.collect({ billId: bill.id, barCode: c, operatorNo: '1001' }), c).toThrow(
        expect.objectContaining({
          code: 'payment-code-invalid',
          details: expect.objectContaining({ field: 'barCode' }),
        }),
      );
    }
    expect(r.store.db.prepare('SELECT count(*) FROM payment_attempts').pluck().get()).toBe(0);
    expect(r.store.db.prepare('SELECT count(*) FROM payment_events').pluck().get()).toBe(0);
    expect(r.bills.get(bill.id)!.status).toBe('open');
    expect(r.tracked.calls).toEqual([]);
    expect(r.sandbox.stats().barCodeRequests).toBe(0);

    // Codes wallets issue go through (full-width digits from an IME are the same code).
    const ok = [
      '２８１２３４５６７８９０１２３４５', // Alipay, 17 digits typed full-width
      '300000000000000000000001', // Alipay, 24 digits
      '6212345678901234567', // UnionPay
      '9912345678901234', // configured pattern
      code(0), // WeChat (sandbox)
    ];
    for (const [i, c] of ok.entries()) {
      const b = i === 0 ? bill : r.newBill(100);
      const v = r.engine.collect({ billId: b.id, barCode: c, operatorNo: '1001' });
      await r.until(() => r.view(v.id).state === 'paid');
    }
    expect(r.tracked.calls.filter((c) => c.op === 'barcode')).toHaveLength(ok.length);
    expect(r.store.db.prepare('SELECT bar_code FROM payment_attempts').pluck().all()).toContain('28123456789012345');
  });

  it('gateway known offline: refused with gateway-offline before anything is written', async () => {
    let offline = true;
    rig = await createRig({ engine: { isGatewayOffline: () => offline } });
    const r = rig;
    const bill = r.newBill(700);
    expect(() => r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' })).toThrow(
      expect.objectContaining({ code: 'gateway-offline' }),
    );
    expect(r.bills.get(bill.id)!.status).toBe('open');
    expect(r.sandbox.stats().barCodeRequests).toBe(0);
    offline = false;
    const v = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    expect(v.attemptNo).toBe(1);
    await r.until(() => r.view(v.id).state === 'paid');
  });
});

describe('payment engine: restart', () => {
  it('restart in the middle of a payment: resumes by query, ends paid, charged once, BarCode sent once', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(6600);
    const v = r.engine.collect({ billId: bill.id, barCode: code(1, 12), operatorNo: '1001' });
    await r.run(3_000);
    expect(r.view(v.id).state).toBe('awaiting-payer');
    await r.closeEngine();
    await r.run(2_000); // the app is down for 2 s
    r.reopen();
    expect(r.bills.get(bill.id)!.status).toBe('locked');
    r.engine.start();
    await r.until(() => r.view(v.id).state === 'paid');
    expect(r.view(v.id).finalAt! - v.createdAt).toBeLessThanOrEqual(13_100);
    expect(r.bills.get(bill.id)!.status).toBe('paid');
    expect(r.bills.get(bill.id)!.tenders).toHaveLength(1);
    const ledger = r.sandbox.ledger();
    expect(ledger.totals.charged).toBe(1);
    expect(ledger.payments[0]!.chargeCount).toBe(1);
    expect(r.sandbox.stats().perBill[v.gatewayBillNum]!.barCode).toBe(1);
    expect(r.engine.history(v.id).map((e) => e.kind)).toContain('resumed');
  });

  it('restart after the deadline: the attempt becomes unconfirmed at once and is reconciled to paid', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(6600);
    const v = r.engine.collect({ billId: bill.id, barCode: code(1, 70), operatorNo: '1001' });
    await r.run(10_000);
    await r.closeEngine();
    await r.run(65_000);
    r.reopen();
    r.engine.start();
    await r.settle();
    expect(r.view(v.id).state).toBe('paid'); // the immediate query on resume already sees SUCCESS at 75 s
    expect(r.engine.history(v.id).map((e) => e.kind)).toEqual(expect.arrayContaining(['resumed', 'deadline-passed']));
    expect(r.sandbox.stats().perBill[v.gatewayBillNum]!.barCode).toBe(1);
  });

  it('the reconciler schedule survives a restart (next_query_at is persisted)', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1500);
    const v = r.engine.collect({ billId: bill.id, barCode: code(5, 1), operatorNo: '1001' });
    await r.run(60_000 + 5_000 + 100);
    const next = r.store.db
      .prepare('SELECT next_query_at FROM payment_attempts WHERE id = ?')
      .pluck()
      .get(v.id) as number;
    // Unconfirmed at 60 s; queried at +1.5, +3, +4.5 s; the next look is at +6 s.
    expect(next).toBe(v.createdAt + 60_000 + 6_000);
    await r.closeEngine({ graceful: true });
    r.reopen();
    r.engine.start();
    const q0 = r.view(v.id).queryCount;
    await r.run(next - r.clock.now() - 1);
    expect(r.view(v.id).queryCount).toBe(q0);
    await r.run(2);
    expect(r.view(v.id).queryCount).toBe(q0 + 1);
  });

  it('an attempt still `created` at restart was never sent: query, no record → declined not-delivered, never a BarCode', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(800);
    // What a crash between the two write-ahead commits leaves: the attempt, the lock, no request-sent.
    r.store.tx(() => {
      r.bills.lockForPayment(bill.id);
      r.store.db
        .prepare(
          `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, state_reason, deadline_at, created_at, updated_at)
           VALUES (?, 1, ?, 1, '1001', 800, ?, 'created', 'committed', ?, ?, ?)`,
        )
        .run(bill.id, 'T01250131SWEEP00001', code(0), r.clock.now() + 60_000, r.clock.now(), r.clock.now());
    });
    r.engine.start();
    const id = r.engine.listOpen()[0]!.id;
    await r.until(() => r.view(id).state === 'declined');
    expect(r.view(id).stateReason).toBe('not-delivered');
    expect(r.bills.get(bill.id)!.status).toBe('open');
    expect(r.sandbox.stats().barCodeRequests).toBe(0);
    expect(r.sandbox.stats().queryRequests).toBe(1);
  });
});

describe('payment engine: supervisor resolution', () => {
  it('cancel an unconfirmed attempt: bill unlocked, journaled and audited with who and why', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1500);
    const v = r.engine.collect({ billId: bill.id, barCode: code(5, 1), operatorNo: '1001' });
    await r.run(61_000);
    expect(() => r.engine.resolve(v.id, { resolution: 'cancelled', note: '', by: '9001' })).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    const c = r.engine.resolve(v.id, { resolution: 'cancelled', note: '商户后台查无此单', by: '9001' });
    expect(c.state).toBe('cancelled');
    expect(c.stateReason).toBe('supervisor-cancelled');
    expect(r.bills.get(bill.id)!.status).toBe('open');
    const row = r.store.db.prepare('SELECT resolved_by, resolution_note FROM payment_attempts WHERE id = ?').get(v.id);
    expect(row).toEqual({ resolved_by: '9001', resolution_note: '商户后台查无此单' });
    const a = listAudit(r.store, { action: 'payment.resolve' });
    expect(a[0]).toMatchObject({
      authorisedBy: '9001',
      detail: { attemptId: v.id, from: 'unconfirmed', to: 'cancelled' },
    });
    // No more queries for it.
    const q = r.view(v.id).queryCount;
    await r.run(120_000);
    expect(r.view(v.id).queryCount).toBe(q);
    expect(() => r.engine.resolve(v.id, { resolution: 'paid', note: 'x', by: '9001' })).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
  });

  it('confirm paid: the bill is completed with its tender', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1500);
    const v = r.engine.collect({ billId: bill.id, barCode: code(5, 1), operatorNo: '1001' });
    await r.run(5_000);
    const p = r.engine.resolve(v.id, { resolution: 'paid', note: '顾客手机显示已付款，商户后台已到账', by: '9001' });
    expect(p.state).toBe('paid');
    expect(r.bills.get(bill.id)!.status).toBe('paid');
    expect(r.bills.get(bill.id)!.tenders).toHaveLength(1);
  });
});
