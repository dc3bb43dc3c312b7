/**
 * Split payment on the real engine (docs/ARCHITECTURE.md §6.6): each barcode part is its own
 * attempt with its own gateway bill number, cash parts in between, the bill locked while a part
 * is live, lines frozen once money is in, and a restart resuming only the live part.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { sandboxCode } from '../sandbox/scenarios.js';
import { FeedBillSchema } from '../sync/bill-feed.js';
import { createAttemptQueries } from './attempt-queries.js';
import { createRig, type Rig } from './test-harness.js';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.cleanup();
  rig = null;
});

let serial = 5000;
const code = (s: number, nn = 0) => sandboxCode(s, nn, ++serial);

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected an AppError');
}

function openShift(r: Rig): void {
  r.store.db
    .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 0)")
    .run(r.clock.now());
}

function feedRows(r: Rig): unknown[] {
  return (r.store.db.prepare("SELECT payload FROM outbox WHERE topic = 'bill'").pluck().all() as string[]).map((p) =>
    FeedBillSchema.parse(JSON.parse(p)),
  );
}

describe('split payment: barcode parts', () => {
  it('two parts are two attempts with two distinct gateway bill numbers reaching the gateway; paid when covered', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(8000);
    const a = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001', amountFen: 2000 });
    expect(a.amountFen).toBe(2000);
    await r.until(() => r.view(a.id).state === 'paid');
    const mid = r.bills.get(bill.id)!;
    // Partly paid: open for the next part, ¥60 still due, no feed row yet.
    expect(mid.status).toBe('open');
    expect(mid.dueFen).toBe(6000);
    expect(mid.tenders).toEqual([expect.objectContaining({ kind: 'barcode', amountFen: 2000 })]);
    expect(feedRows(r)).toHaveLength(0);

    const b = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    expect(b.amountFen).toBe(6000);
    await r.until(() => r.view(b.id).state === 'paid');
    expect(b.gatewayBillNum).not.toBe(a.gatewayBillNum);
    const paid = r.bills.get(bill.id)!;
    expect(paid.status).toBe('paid');
    expect(paid.dueFen).toBe(0);
    expect(paid.tenders.map((t) => [t.kind, t.amountFen, t.reference, t.wallet])).toEqual([
      ['barcode', 2000, a.gatewayBillNum, 'wechat'],
      ['barcode', 6000, b.gatewayBillNum, 'wechat'],
    ]);
    // The gateway saw two orders, one per part, each charged once for its own amount.
    const ledger = r.sandbox.ledger();
    expect(ledger.payments.map((p) => [p.billNum, p.amountFen, p.chargeCount])).toEqual(
      expect.arrayContaining([
        [a.gatewayBillNum, 2000, 1],
        [b.gatewayBillNum, 6000, 1],
      ]),
    );
    expect(ledger.totals.charged).toBe(2);
    expect(r.sandbox.stats().perBill[a.gatewayBillNum]!.barCode).toBe(1);
    expect(r.sandbox.stats().perBill[b.gatewayBillNum]!.barCode).toBe(1);
    // One feed row for the bill, carrying every tender.
    const feed = feedRows(r) as { tenders: { kind: string; amountFen: number; gatewayBillNum: string | null }[] }[];
    expect(feed).toHaveLength(1);
    expect(feed[0]!.tenders.map((t) => [t.amountFen, t.gatewayBillNum])).toEqual([
      [2000, a.gatewayBillNum],
      [6000, b.gatewayBillNum],
    ]);
  });

  it('cash ¥50 then the rest by barcode', async () => {
    rig = await createRig();
    const r = rig;
    openShift(r);
    const bill = r.newBill(8000);
    const cash = r.bills.payCash(bill.id, { tenderedFen: 5000, operatorNo: '1001' });
    expect(cash.changeFen).toBe(0);
    expect(cash.bill.status).toBe('open');
    expect(cash.bill.dueFen).toBe(3000);
    const v = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    expect(v.amountFen).toBe(3000);
    await r.until(() => r.view(v.id).state === 'paid');
    const paid = r.bills.get(bill.id)!;
    expect(paid.status).toBe('paid');
    expect(paid.tenders.map((t) => [t.kind, t.amountFen, t.wallet])).toEqual([
      ['cash', 5000, undefined],
      ['barcode', 3000, 'wechat'],
    ]);
    expect(r.sandbox.ledger().payments.map((p) => p.amountFen)).toEqual([3000]);
  });

  it('a part larger than the amount due is refused before anything is written or sent', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1000);
    expect(
      errorCode(() => r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1', amountFen: 1001 })),
    ).toBe('amount-out-of-range');
    expect(
      errorCode(() => r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1', amountFen: 0 })),
    ).toBe('amount-out-of-range');
    expect(r.engine.latestForBill(bill.id)).toBeNull();
    expect(r.bills.get(bill.id)!.status).toBe('open');
    expect(r.tracked.calls).toHaveLength(0);
  });

  it('while a part is live the bill is locked: no cash, no new part, no line change, no park, no void', async () => {
    rig = await createRig();
    const r = rig;
    openShift(r);
    const bill = r.newBill(8000);
    r.bills.payCash(bill.id, { tenderedFen: 1000, operatorNo: '1001' });
    const v = r.engine.collect({ billId: bill.id, barCode: code(1, 20), operatorNo: '1001', amountFen: 3000 });
    await r.run(1_000);
    expect(r.view(v.id).state).toBe('awaiting-payer');
    expect(errorCode(() => r.bills.payCash(bill.id, { tenderedFen: 7000, operatorNo: '1001' }))).toBe('bill-locked');
    expect(errorCode(() => r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' }))).toBe(
      'payment-in-progress',
    );
    expect(errorCode(() => r.bills.addFreeAmount(bill.id, 100))).toBe('bill-locked');
    expect(errorCode(() => r.bills.suspend(bill.id))).toBe('bill-locked');
    expect(errorCode(() => r.bills.voidBill(bill.id, '1001', 'x'))).toBe('bill-locked');
    await r.until(() => r.view(v.id).state === 'paid');
    expect(r.bills.get(bill.id)!.dueFen).toBe(4000);
  });

  it('a declined part leaves the bill partly paid and open for the next part; its lines stay frozen', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(8000);
    const a = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001', amountFen: 2000 });
    await r.until(() => r.view(a.id).state === 'paid');
    const d = r.engine.collect({ billId: bill.id, barCode: code(2, 0), operatorNo: '1001' });
    await r.until(() => r.view(d.id).state === 'declined');
    const after = r.bills.get(bill.id)!;
    expect(after.status).toBe('open');
    expect(after.dueFen).toBe(6000);
    // Money is in: the lines are frozen, the bill cannot be parked or voided.
    for (const fn of [
      () => r.bills.addFreeAmount(bill.id, 100),
      () => r.bills.voidLine(bill.id, 1),
      () => r.bills.setQuantity(bill.id, 1, 2),
      () => r.bills.suspend(bill.id),
      () => r.bills.voidBill(bill.id, '1001', 'customer left'),
    ]) {
      expect(errorCode(fn)).toBe('bill-partly-paid');
    }
    // The next part still works.
    const c = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001' });
    await r.until(() => r.view(c.id).state === 'paid');
    expect(r.bills.get(bill.id)!.status).toBe('paid');
    expect(new Set([a.gatewayBillNum, d.gatewayBillNum, c.gatewayBillNum]).size).toBe(3);
  });

  it('a restart in the middle of the second part resumes that part only, by query, and completes the bill', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(8000);
    const a = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001', amountFen: 2000 });
    await r.until(() => r.view(a.id).state === 'paid');
    const statsA = { ...r.sandbox.stats().perBill[a.gatewayBillNum]! };
    const b = r.engine.collect({ billId: bill.id, barCode: code(1, 12), operatorNo: '1001' });
    await r.run(3_000);
    expect(r.view(b.id).state).toBe('awaiting-payer');
    await r.closeEngine();
    await r.run(2_000);
    r.reopen();
    expect(r.bills.get(bill.id)!.status).toBe('locked');
    r.engine.start();
    await r.until(() => r.view(b.id).state === 'paid');
    expect(r.engine.history(b.id).map((e) => e.kind)).toContain('resumed');
    expect(r.engine.history(a.id).map((e) => e.kind)).not.toContain('resumed');
    // The paid first part is not asked about again; the second part's BarCode went once.
    expect(r.sandbox.stats().perBill[a.gatewayBillNum]).toEqual(statsA);
    expect(r.sandbox.stats().perBill[b.gatewayBillNum]!.barCode).toBe(1);
    const paid = r.bills.get(bill.id)!;
    expect(paid.status).toBe('paid');
    expect(paid.tenders.map((t) => t.amountFen)).toEqual([2000, 6000]);
    expect(r.sandbox.ledger().totals.charged).toBe(2);
  });
});

describe('split payment: late outcomes of a part', () => {
  it('a part paid late, after the counter moved on, parks the bill partly paid (部分已付) with a late-outcome notice', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(8000);
    const v = r.engine.collect({ billId: bill.id, barCode: code(1, 10), operatorNo: '1001', amountFen: 3000 });
    await r.run(1_000);
    expect(r.engine.stopWaiting(v.id).state).toBe('unconfirmed');
    expect(r.bills.get(bill.id)!.status).toBe('unconfirmed');
    const next = r.newBill(100); // the counter moves on while the part is unconfirmed
    await r.until(() => r.view(v.id).state === 'paid');
    const parked = r.bills.get(bill.id)!;
    expect(parked).toMatchObject({ status: 'suspended', suspendedLabel: '部分已付', dueFen: 5000 });
    expect(r.lateOutcomes.map((n) => [n.outcome, n.amountFen])).toEqual([['paid', 3000]]);
    expect(r.bills.get(next.id)!.status).toBe('open');
  });

  it('a part declined late, after the counter moved on, parks the bill partly paid too (never fully open)', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(8000);
    const a = r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001', amountFen: 2000 });
    await r.until(() => r.view(a.id).state === 'paid');
    const v = r.engine.collect({ billId: bill.id, barCode: code(3, 10), operatorNo: '1001' });
    await r.run(1_000);
    r.engine.stopWaiting(v.id);
    r.newBill(100);
    await r.until(() => r.view(v.id).state === 'declined');
    expect(r.bills.get(bill.id)).toMatchObject({ status: 'suspended', suspendedLabel: '部分已付', dueFen: 6000 });
  });
});

describe('split payment: QR parts and wallets', () => {
  it('a QR part carries its amount to the gateway; the wallet comes from the pay type or the code', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(8000);
    const q = r.engine.collectQr({ billId: bill.id, payTypeCode: 'alipayQR', operatorNo: '1001', amountFen: 1500 });
    expect(q.amountFen).toBe(1500);
    await r.until(() => r.view(q.id).state === 'awaiting-payer');
    const queries = createAttemptQueries(r.store);
    expect(queries.walletOf(q.id)).toBe('alipay');
    expect(r.sandbox.ledger().payments.find((p) => p.billNum === q.gatewayBillNum)?.amountFen).toBe(1500);
    r.engine.stopWaiting(q.id);
    expect(queries.walletOf(999_999)).toBeNull();
  });
});

describe('split payment: property', () => {
  it("a bill's tenders never exceed its total, except cash change on the part that completes it", async () => {
    rig = await createRig();
    const r = rig;
    openShift(r);
    type Step = { kind: 'cash' | 'paid' | 'declined'; amount: number };
    const step = fc.record({
      kind: fc.constantFrom<Step['kind']>('cash', 'paid', 'declined'),
      amount: fc.integer({ min: 1, max: 12_000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(step, { minLength: 1, maxLength: 6 }),
        async (total, steps) => {
          const bill = r.newBill(total);
          for (const s of steps) {
            const before = r.bills.get(bill.id)!;
            if (before.status === 'paid') break;
            if (s.kind === 'cash') {
              const { bill: after, changeFen } = r.bills.payCash(bill.id, {
                tenderedFen: s.amount,
                operatorNo: '1001',
              });
              expect(changeFen).toBe(Math.max(0, s.amount - before.dueFen));
              expect(after.status).toBe(s.amount >= before.dueFen ? 'paid' : 'open');
            } else {
              const part = s.amount <= before.dueFen ? s.amount : null; // more than due: refused
              if (part === null) {
                expect(
                  errorCode(() =>
                    r.engine.collect({ billId: bill.id, barCode: code(0), operatorNo: '1001', amountFen: s.amount }),
                  ),
                ).toBe('amount-out-of-range');
                continue;
              }
              const v = r.engine.collect({
                billId: bill.id,
                barCode: s.kind === 'paid' ? code(0) : code(2, 0),
                operatorNo: '1001',
                amountFen: part,
              });
              await r.until(() => ['paid', 'declined'].includes(r.view(v.id).state));
            }
            const now = r.bills.get(bill.id)!;
            const sum = now.tenders.reduce((a, t) => a + t.amountFen, 0);
            expect(sum).toBeLessThanOrEqual(total);
            expect(now.dueFen).toBe(total - sum);
            expect(now.status === 'paid').toBe(sum === total);
            // Change only on the last tender, and only cash.
            now.tenders.forEach((t, i) => {
              if ((t.changeFen ?? 0) > 0) {
                expect(t.kind).toBe('cash');
                expect(i).toBe(now.tenders.length - 1);
                expect(now.status).toBe('paid');
              }
            });
          }
          // Finish the bill in cash so the next run can open one (one open bill at a time).
          const left = r.bills.get(bill.id)!;
          if (left.status !== 'paid') r.bills.payCash(bill.id, { tenderedFen: left.dueFen, operatorNo: '1001' });
        },
      ),
      { numRuns: 60, seed: 13 },
    );
  });
});
