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
    expect(v.gatewayBillNum).toBe(`${bill.billNo}-1`);
    expect(v.barCodeMasked).toMatch(/^1300\*+\d\d$/);
    expect(r.bills.get(bill.id)!.status).toBe('locked');
    expect(r.engine.history(v.id).map((e) => e.kind)).toEqual(['created', 'request-sent']);

    await r.until(() => r.view(v.id).state === 'paid');
    const done = r.view(v.id);
    expect(done.finalAt).toBe(r.clock.now());
    expect(done.queryCount).toBe(0);
    const b = r.bills.get(bill.id)!;
    expect(b.status).toBe('paid');
    expect(b.tenders).toEqual([expect.objectContaining({ kind: 'barcode', amountFen: 1234, reference: `${bill.billNo}-1` })]);
    expect(outboxRows(r)).toBe(1);
    expect(r.engine.history(v.id).map((e) => e.kind)).toEqual(['created', 'request-sent', 'barcode-reply']);

    const ledger = r.sandbox.ledger();
    expect(ledger.totals.charged).toBe(1);
    expect(ledger.payments[0]!.amountFen).toBe(1234);
    expect(r.sandbox.stats().perBill[`${bill.billNo}-1`]).toEqual({ barCode: 1, query: 0 });

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
    expect(r.sandbox.stats().perBill[`${bill.billNo}-1`]!.barCode).toBe(1);
  });
});
