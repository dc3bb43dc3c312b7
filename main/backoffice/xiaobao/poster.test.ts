import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../store/db.js';
import { afterEachCleanup } from '../../store/test-cleanup.js';
import { createXiaobaoClient, type XiaobaoClientOptions } from './client.js';
import { createXiaobaoPoster, PostingConflictError, type PosterOptions, type PostingInput } from './poster.js';
import type { WriteFaultMode, XiaobaoSimulator } from './simulator.js';
import { memoryLogger, openJournalStore, simAndClient } from './test-support.js';

const cleanup = afterEachCleanup();

const SETTLE = 60_000;

async function setup(clientOpts: Partial<XiaobaoClientOptions> = {}, posterOpts: Partial<PosterOptions> = {}) {
  const { sim, client, clientOptions } = await simAndClient({}, { timeoutMs: 300, readRetries: 1, ...clientOpts });
  sim.addStudent({ id: 7, name: '张三', balanceFen: 100_000 });
  const dir = cleanup.tempDataDir();
  const clock = { t: Date.now() };
  const store = openJournalStore(dir, () => clock.t);
  const logger = memoryLogger();
  const make = (s: Store) =>
    createXiaobaoPoster({ db: s.db, client, now: () => clock.t, settleMs: SETTLE, logger, ...posterOpts });
  const poster = make(store);
  cleanup.defer(async () => {
    if (!store.closed) store.close();
    await sim.close();
  });
  return { sim, client, clientOptions, store, poster, clock, dir, logger, make };
}

const topUp = (billNo: string, amountFen = 5_000): PostingInput => ({
  billNo,
  kind: 'recharge',
  stuInfoId: 7,
  amountFen,
  accountName: '微信',
  gatewayRef: 'KDLQ2026120400001234',
  schoolId: 1,
  operatorId: 9,
});

function erpCount(sim: XiaobaoSimulator, billNo: string): number {
  return sim.ledger().byBillNo[billNo] ?? 0;
}

describe('happy path', () => {
  it('journals pending, sends once, records the ERP order id from the reply', async () => {
    const { sim, poster } = await setup();
    expect(poster.enqueue(topUp('B-1')).state).toBe('pending');
    const [row] = await poster.runDue();
    expect(row).toMatchObject({ state: 'posted', foundBy: 'reply', sends: 1 });
    const order = sim.ledger().orders.find((o) => o.id === row!.erpOrderId)!;
    expect(order.accountDetails[0]).toMatchObject({ orderNumber: 'B-1', accountName: '微信', amountFen: 5_000 });
    expect(erpCount(sim, 'B-1')).toBe(1);
    expect((await poster.runDue()).length).toBe(0);
  });

  it('sends the last 8 characters of the gateway reference as simplePaymentMethodTradeNo', async () => {
    const { sim, poster } = await setup();
    poster.enqueue(topUp('B-REF'));
    await poster.runDue();
    expect(sim.ledger().orders[0]!.accountDetails[0]!.simplePaymentMethodTradeNo).toBe('00001234');
  });

  it('enqueue is idempotent on the bill number and refuses different content', async () => {
    const { poster } = await setup();
    const a = poster.enqueue(topUp('B-2'));
    expect(poster.enqueue(topUp('B-2')).id).toBe(a.id);
    expect(() => poster.enqueue(topUp('B-2', 6_000))).toThrow(PostingConflictError);
    expect(() => poster.enqueue(topUp('B-3', 0))).toThrow(/amountFen: must be between 0\.01 and 99999999 yuan/);
  });
});

describe('faults around the post: never a second order', () => {
  const committedModes: WriteFaultMode[] = ['5xx-after-commit', 'hang-after-commit', 'reset-after-commit'];
  for (const mode of committedModes) {
    it(`${mode}: unknown → settles → found by look-up, NOT posted again`, async () => {
      const { sim, poster, clock } = await setup();
      sim.setFaults({ write: { modes: [mode], times: 1 } });
      poster.enqueue(topUp('B-C'));
      const [r1] = await poster.runDue();
      expect(r1).toMatchObject({ state: 'unknown', sends: 1 });
      expect(r1!.nextAt).toBeGreaterThanOrEqual(r1!.sentAt! + SETTLE);
      expect(await poster.runDue()).toEqual([]); // not due before it settles
      clock.t += SETTLE;
      const [r2] = await poster.runDue();
      expect(r2).toMatchObject({ state: 'posted', foundBy: 'lookup', sends: 1 });
      expect(sim.stats().postsPerBillNo['B-C']).toBe(1);
      expect(erpCount(sim, 'B-C')).toBe(1);
    });
  }

  for (const mode of ['5xx', 'reset-before'] as WriteFaultMode[]) {
    it(`${mode} (not committed): unknown → look-up finds nothing → sent again → exactly one order`, async () => {
      const { sim, poster, clock } = await setup();
      sim.setFaults({ write: { modes: [mode], times: 1 } });
      poster.enqueue(topUp('B-N'));
      expect((await poster.runDue())[0]).toMatchObject({ state: 'unknown' });
      clock.t += SETTLE;
      expect((await poster.runDue())[0]).toMatchObject({ state: 'posted', foundBy: 'reply', sends: 2 });
      expect(sim.stats().postsPerBillNo['B-N']).toBe(2);
      expect(erpCount(sim, 'B-N')).toBe(1);
    });
  }

  it('slow: the ERP commits after our timeout; the look-up waits for the settle time and finds it', async () => {
    const { sim, poster, clock } = await setup();
    sim.setFaults({ write: { modes: ['slow'], times: 1 }, slowMs: 600 });
    const committed = once(sim.events, 'committed');
    poster.enqueue(topUp('B-S'));
    expect((await poster.runDue())[0]).toMatchObject({ state: 'unknown' });
    expect(erpCount(sim, 'B-S')).toBe(0); // not yet committed: a blind resend now would double it
    await committed;
    clock.t += SETTLE;
    expect((await poster.runDue())[0]).toMatchObject({ state: 'posted', foundBy: 'lookup' });
    expect(sim.stats().postsPerBillNo['B-S']).toBe(1);
  });

  it('crash after sending (row left in "sending", ERP has it): recover → look-up → posted, no second post', async () => {
    const { sim, poster, client, clock, store, make } = await setup();
    poster.enqueue(topUp('B-K'));
    // The app sent it, the ERP committed, and the app died before writing the answer:
    store.db
      .prepare(
        "UPDATE xiaobao_postings SET state = 'sending', sends = 1, sent_at = ?, first_sent_at = ? WHERE bill_no = 'B-K'",
      )
      .run(clock.t, clock.t);
    await client.rechargeAccountTran({
      stuInfoId: 7,
      amountFen: 5_000,
      accounts: [{ accountName: '微信', amountFen: 5_000, orderNumber: 'B-K' }],
    });
    const restarted = make(store);
    expect(restarted.recover()).toBe(1);
    expect(restarted.get('B-K')!.state).toBe('unknown');
    clock.t += SETTLE;
    expect((await restarted.runDue())[0]).toMatchObject({ state: 'posted', foundBy: 'lookup', sends: 1 });
    expect(sim.stats().postsPerBillNo['B-K']).toBe(1);
    expect(erpCount(sim, 'B-K')).toBe(1);
  });

  it('crash before the request left (row in "sending", ERP has nothing): looked up, then sent once', async () => {
    const { sim, poster, clock, store, make } = await setup();
    poster.enqueue(topUp('B-K2'));
    store.db
      .prepare(
        "UPDATE xiaobao_postings SET state = 'sending', sends = 1, sent_at = ?, first_sent_at = ? WHERE bill_no = 'B-K2'",
      )
      .run(clock.t, clock.t);
    const restarted = make(store);
    restarted.recover();
    expect(await restarted.runDue()).toEqual([]); // settling
    clock.t += SETTLE;
    expect((await restarted.runDue())[0]).toMatchObject({ state: 'posted', foundBy: 'reply', sends: 2 });
    expect(erpCount(sim, 'B-K2')).toBe(1);
  });

  it('a failing look-up never leads to a send; it backs off and is bounded', async () => {
    const { sim, poster, clock } = await setup({}, { maxLookupFailures: 3, backoffBaseMs: 1_000 });
    sim.setFaults({ write: { modes: ['hang-after-commit'], times: 1 } });
    poster.enqueue(topUp('B-L'));
    await poster.runDue();
    sim.setFaults({ read: { modes: ['5xx'] } });
    clock.t += SETTLE;
    const nexts: (number | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const [r] = await poster.runDue();
      expect(r).toMatchObject({ state: 'unknown', lookups: i + 1, sends: 1 });
      nexts.push(r!.nextAt);
      if (r!.nextAt !== null) clock.t = r!.nextAt;
    }
    expect(nexts[1]! - nexts[0]!).toBeGreaterThan(1_000); // doubling backoff
    expect(nexts[2]).toBeNull(); // bounded: left for a person
    expect(await poster.runDue()).toEqual([]);
    expect(sim.stats().postsPerBillNo['B-L']).toBe(1);
    // A person's retry, with the ERP readable again: found, not re-posted.
    sim.setFaults({});
    expect(poster.retry('B-L')).toBe(true);
    expect((await poster.runDue())[0]).toMatchObject({ state: 'posted', foundBy: 'lookup' });
    expect(erpCount(sim, 'B-L')).toBe(1);
  });

  it('sends are bounded: after maxSends unknown outcomes with nothing at the ERP, it waits for a person', async () => {
    const { sim, poster, clock } = await setup({}, { maxSends: 2 });
    sim.setFaults({ write: { modes: ['5xx'] } });
    poster.enqueue(topUp('B-M'));
    for (let i = 0; i < 4; i++) {
      await poster.runDue();
      clock.t += SETTLE * 4;
    }
    const row = poster.get('B-M')!;
    expect(row).toMatchObject({ state: 'unknown', sends: 2, nextAt: null });
    expect(row.lastError).toMatch(/limit 2/);
    expect(sim.stats().postsPerBillNo['B-M']).toBe(2);
    expect(erpCount(sim, 'B-M')).toBe(0);
  });

  it('a refusal by the ERP is final (failed), not retried; a person can retry it', async () => {
    const { sim, poster } = await setup();
    poster.enqueue({ ...topUp('B-R', 200_000), kind: 'refund' }); // more than the balance
    const [r] = await poster.runDue();
    expect(r).toMatchObject({ state: 'failed', sends: 1 });
    expect(r!.lastError).toMatch(/余额不足/);
    expect(await poster.runDue()).toEqual([]);
    sim.addStudent({ id: 7, name: '张三', balanceFen: 300_000 });
    expect(poster.retry('B-R')).toBe(true);
    expect((await poster.runDue())[0]).toMatchObject({ state: 'posted', sends: 2 });
  });

  it('no token (ERP refuses the key): nothing was sent, the row stays pending with a backoff', async () => {
    const { sim, clientOptions, store, clock } = await setup();
    const bad = createXiaobaoClient({ ...clientOptions, accessKeySecret: 'wrong', readRetries: 0 });
    const poster = createXiaobaoPoster({ db: store.db, client: bad, now: () => clock.t, settleMs: SETTLE });
    poster.enqueue(topUp('B-T'));
    const [r] = await poster.runDue();
    expect(r).toMatchObject({ state: 'pending', sends: 1 });
    expect(r!.nextAt).toBeGreaterThan(clock.t);
    expect(sim.stats().postsPerBillNo['B-T']).toBeUndefined();
    expect(await poster.runDue()).toEqual([]);
  });

  it('logs name bills and outcomes, never the credentials', async () => {
    const { sim, poster, logger, clock } = await setup();
    sim.setFaults({ write: { modes: ['hang-after-commit'], times: 1 } });
    poster.enqueue(topUp('B-LOG'));
    await poster.runDue();
    clock.t += SETTLE;
    await poster.runDue();
    const text = JSON.stringify(logger.lines);
    expect(text).toContain('B-LOG');
    expect(text).not.toContain(sim.credentials.accessKeySecret);
    expect(text).not.toContain(sim.credentials.accessKeyId);
  });
});

describe('several accounts (a top-up paid in parts)', () => {
  const split = (billNo: string): PostingInput => ({
    billNo,
    kind: 'recharge',
    stuInfoId: 7,
    amountFen: 12_000,
    accounts: [
      { accountName: '现金', amountFen: 5_000 },
      { accountName: '扫码支付', amountFen: 7_000, gatewayRef: 'KDLQ2026120500009876' },
    ],
    schoolId: 1,
  });

  it('a row written by an older build (one accountName + gatewayRef in request_json) still posts its one accountInfo', async () => {
    const { sim, store, poster, clock } = await setup();
    // Exactly what builds before split payment journaled.
    const old = JSON.stringify({
      billNo: 'B-OLD',
      kind: 'recharge',
      stuInfoId: 7,
      amountFen: 5_000,
      accountName: '微信',
      gatewayRef: 'KDLQ2026120400001234',
      schoolId: 1,
      operatorId: 9,
    });
    store.db
      .prepare(
        `INSERT INTO xiaobao_postings (bill_no, kind, stu_info_id, amount_fen, request_json, state, created_at, updated_at)
         VALUES ('B-OLD', 'recharge', 7, 5000, ?, 'pending', ?, ?)`,
      )
      .run(old, clock.t, clock.t);
    expect(poster.get('B-OLD')?.input).toMatchObject({ accountName: '微信', gatewayRef: 'KDLQ2026120400001234' });
    const [row] = await poster.runDue();
    expect(row).toMatchObject({ billNo: 'B-OLD', state: 'posted', sends: 1 });
    const order = sim.ledger().orders.find((o) => o.id === row!.erpOrderId)!;
    expect(order.accountDetails).toEqual([
      expect.objectContaining({
        accountName: '微信',
        amountFen: 5_000,
        orderNumber: 'B-OLD',
        simplePaymentMethodTradeNo: '00001234',
      }),
    ]);
    // The same content enqueued again (an older build's hook) is the same row, not a conflict.
    expect(
      poster.enqueue({
        billNo: 'B-OLD',
        kind: 'recharge',
        stuInfoId: 7,
        amountFen: 5_000,
        accountName: '微信',
        gatewayRef: 'KDLQ2026120400001234',
        schoolId: 1,
        operatorId: 9,
      }).id,
    ).toBe(row!.id);
  });

  it('a two-account row posts two accountInfos, each with the bill number; the journal holds what was sent', async () => {
    const { sim, poster } = await setup();
    const journaled = poster.enqueue(split('B-SPLIT'));
    expect(journaled.input.accounts).toHaveLength(2);
    const [row] = await poster.runDue();
    expect(row).toMatchObject({ state: 'posted', sends: 1 });
    const order = sim.ledger().orders.find((o) => o.id === row!.erpOrderId)!;
    expect(order.accountDetails).toEqual([
      expect.objectContaining({ accountName: '现金', amountFen: 5_000, orderNumber: 'B-SPLIT' }),
      expect.objectContaining({
        accountName: '扫码支付',
        amountFen: 7_000,
        orderNumber: 'B-SPLIT',
        simplePaymentMethodTradeNo: '00009876',
      }),
    ]);
    expect(order.accountDetails[0]!.simplePaymentMethodTradeNo).toBeUndefined();
    expect(erpCount(sim, 'B-SPLIT')).toBe(1);
  });

  it('a two-account post committed then lost (5xx): found by the look-up, never posted twice', async () => {
    const { sim, poster, clock } = await setup();
    sim.setFaults({ write: { modes: ['5xx-after-commit'], times: 1 } });
    poster.enqueue(split('B-SPLIT-C'));
    expect((await poster.runDue())[0]).toMatchObject({ state: 'unknown' });
    clock.t += SETTLE;
    expect((await poster.runDue())[0]).toMatchObject({ state: 'posted', foundBy: 'lookup', sends: 1 });
    expect(sim.stats().postsPerBillNo['B-SPLIT-C']).toBe(1);
    expect(sim.ledger().duplicates).toEqual([]);
  });

  it('refuses a journal entry whose accounts do not add up, or that mixes both forms', async () => {
    const { poster } = await setup();
    expect(() => poster.enqueue({ ...split('B-SUM'), amountFen: 12_001 })).toThrow(/accounts add up to 12000 fen/);
    expect(() => poster.enqueue({ ...split('B-BOTH'), accountName: '现金' })).toThrow(/only without accounts/);
    const { accounts: _none, ...neither } = split('B-NONE');
    expect(() => poster.enqueue(neither)).toThrow(/accounts or accountName is required/);
    expect(poster.list()).toEqual([]);
  });
});
