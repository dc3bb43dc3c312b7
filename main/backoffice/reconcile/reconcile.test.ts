import { describe, expect, it } from 'vitest';
import { afterEachCleanup } from '../../store/test-cleanup.js';
import { createXiaobaoPoster, type PostingInput } from '../xiaobao/poster.js';
import { openJournalStore, simAndClient } from '../xiaobao/test-support.js';
import { readFirstSheet } from '../../catalog/xlsx.js';
import { reconcileFile } from './export.js';
import { createReconciliation, dayOf, dayRange } from './reconcile.js';

const cleanup = afterEachCleanup();

async function setup() {
  const { sim, client } = await simAndClient({}, { timeoutMs: 1000, readRetries: 0 });
  sim.addStudent({ id: 7, name: '张三', balanceFen: 100_000 });
  const store = openJournalStore(cleanup.tempDataDir());
  const poster = createXiaobaoPoster({ db: store.db, client, settleMs: 60_000 });
  const calls: boolean[] = [];
  const rec = createReconciliation({
    db: store.db,
    client,
    poster,
    source: 'sandbox',
    now: Date.now,
    onErpCall: (ok) => calls.push(ok),
  });
  cleanup.defer(async () => {
    store.close();
    await sim.close();
  });
  return { sim, store, poster, rec, calls };
}

const topUp = (billNo: string, amountFen = 5_000): PostingInput => ({
  billNo,
  kind: 'recharge',
  stuInfoId: 7,
  amountFen,
  accountName: '现金',
  schoolId: 1,
});

describe('校宝对账', () => {
  it('China-time days: 2026-12-05 runs from 2026-12-04T16:00Z for 24 h', () => {
    expect(dayRange('2026-12-05')).toEqual({ from: Date.UTC(2026, 11, 4, 16), to: Date.UTC(2026, 11, 5, 16) });
    expect(dayOf(Date.UTC(2026, 11, 4, 16, 30))).toBe('2026-12-05');
  });

  it('matched, only in the ERP, only at the counter (refused, with the reason) — and 重试 brings the counter-only one to matched', async () => {
    const { sim, poster, rec, calls } = await setup();
    poster.enqueue(topUp('B-OK'));
    await poster.runDue();
    sim.setFaults({ write: { modes: ['refuse'], times: 1 } });
    poster.enqueue(topUp('B-REFUSED', 2_000));
    expect((await poster.runDue())[0]).toMatchObject({ state: 'failed' });
    sim.plantOrder({
      stuInfoId: 7,
      type: 2,
      realPayFen: 3_000,
      accountDetails: [
        {
          accountId: 1,
          accountName: '现金',
          oppositeAccount: '',
          amountFen: 3_000,
          orderNumber: 'ERP-ONLY-1',
          isConfirm: true,
        },
      ],
    });
    sim.plantOrder({ stuInfoId: 7, type: 2, realPayFen: 100, accountDetails: [] });

    const day = dayOf(Date.now());
    const r = await rec.report(day);
    expect(r.counts).toEqual({ matched: 1, erpOnly: 1, counterOnly: 1, amountMismatch: 0 });
    expect(r.erpDeskOrders).toBe(1);
    expect(r.rows.map((x) => [x.status, x.billNo])).toEqual([
      ['counter-only', 'B-REFUSED'],
      ['erp-only', 'ERP-ONLY-1'],
      ['matched', 'B-OK'],
    ]);
    expect(r.rows[0]).toMatchObject({ reason: 'refused', canRetry: true, counterAmountFen: 2_000 });
    expect(r.rows[0]!.detail).toBe('模拟拒绝：校宝暂不受理此单');
    expect(r.rows[1]).toMatchObject({ erpAmountFen: 3_000, stuName: '张三', canRetry: false });
    expect(r.rows[2]).toMatchObject({ counterAmountFen: 5_000, erpAmountFen: 5_000, amountMismatch: false });
    expect(calls.every(Boolean)).toBe(true);

    const posts = sim.stats().postsPerBillNo['B-REFUSED'];
    expect(await rec.retry('B-REFUSED')).toEqual({ outcome: 'posted', detail: null });
    expect(sim.stats().postsPerBillNo['B-REFUSED']).toBe((posts ?? 0) + 1);
    const after = await rec.report(day);
    expect(after.counts).toMatchObject({ matched: 2, counterOnly: 0 });
    // Posted: a second retry sends nothing.
    expect(await rec.retry('B-REFUSED')).toMatchObject({ outcome: 'already-posted' });
    expect(sim.ledger().byBillNo['B-REFUSED']).toBe(1);
  });

  it('重试 never sends blind: a posting the ERP already has is found, not sent again', async () => {
    const { sim, poster, rec } = await setup();
    sim.setFaults({ write: { modes: ['refuse'], times: 1 } });
    poster.enqueue(topUp('B-LATE'));
    await poster.runDue();
    // Someone booked it at the ERP's desk meanwhile, with the counter's bill number.
    sim.plantOrder({
      stuInfoId: 7,
      type: 2,
      realPayFen: 5_000,
      accountDetails: [
        {
          accountId: 1,
          accountName: '现金',
          oppositeAccount: '',
          amountFen: 5_000,
          orderNumber: 'B-LATE',
          isConfirm: true,
        },
      ],
    });
    const before = sim.stats().postsPerBillNo['B-LATE'];
    expect(await rec.retry('B-LATE')).toMatchObject({ outcome: 'found-at-erp' });
    expect(sim.stats().postsPerBillNo['B-LATE']).toBe(before);
    expect(sim.ledger().byBillNo['B-LATE']).toBe(1);
  });

  it('flags an amount mismatch, and exports the same rows as CSV and XLSX', async () => {
    const { sim, poster, rec } = await setup();
    poster.enqueue(topUp('B-OK', 5_000));
    await poster.runDue();
    poster.enqueue(topUp('B-AMT', 5_000)); // journaled, not sent yet
    sim.plantOrder({
      stuInfoId: 7,
      type: 2,
      realPayFen: 4_000,
      accountDetails: [
        {
          accountId: 1,
          accountName: '现金',
          oppositeAccount: '',
          amountFen: 4_000,
          orderNumber: 'B-AMT',
          isConfirm: true,
        },
      ],
    });
    const r = await rec.report(dayOf(Date.now()));
    expect(r.rows.find((x) => x.billNo === 'B-AMT')).toMatchObject({
      status: 'matched',
      amountMismatch: true,
      counterAmountFen: 5_000,
      erpAmountFen: 4_000,
    });
    expect(r.counts.amountMismatch).toBe(1);
    const csv = reconcileFile(r, 'csv', 'zh-CN', Date.now).bytes.toString('utf8');
    expect(csv).toContain('校宝对账');
    expect(csv).toMatch(/相符,B-AMT,充值,7,张三,50\.00,40\.00,.*金额不符/);
    const sheet = readFirstSheet(reconcileFile(r, 'xlsx', 'en', Date.now).bytes);
    const flat = JSON.stringify(sheet);
    expect(flat).toContain('Xiaobao reconciliation');
    expect(flat).toContain('amount mismatch');
    expect(flat).toContain('B-OK');
  });

  it('an ERP order with several account details carrying our bill number (a top-up paid in parts) matches by their sum', async () => {
    const { sim, poster, rec } = await setup();
    const split = (billNo: string, cashFen: number, barcodeFen: number): PostingInput => ({
      billNo,
      kind: 'recharge',
      stuInfoId: 7,
      amountFen: cashFen + barcodeFen,
      accounts: [
        { accountName: '现金', amountFen: cashFen },
        { accountName: '扫码支付', amountFen: barcodeFen, gatewayRef: 'KDLQ2026120500009876' },
      ],
      schoolId: 1,
    });
    poster.enqueue(split('B-TWO', 5_000, 7_000));
    await poster.runDue();
    const detail = (orderNumber: string, accountName: string, amountFen: number) => ({
      accountId: 1,
      accountName,
      oppositeAccount: '',
      amountFen,
      orderNumber,
      isConfirm: true,
    });
    // Journaled, not sent yet; booked at the ERP's desk with only its cash part.
    poster.enqueue(split('B-PART', 5_000, 3_000));
    sim.plantOrder({ stuInfoId: 7, type: 2, realPayFen: 5_000, accountDetails: [detail('B-PART', '现金', 5_000)] });
    sim.plantOrder({
      stuInfoId: 7,
      type: 2,
      realPayFen: 900,
      accountDetails: [detail('ERP-TWO', '现金', 400), detail('ERP-TWO', '扫码支付', 500)],
    });
    const r = await rec.report(dayOf(Date.now()));
    expect(sim.ledger().orders.find((o) => o.source === 'RechargeAccountTran')?.accountDetails).toHaveLength(2);
    expect(r.rows.find((x) => x.billNo === 'B-TWO')).toMatchObject({
      status: 'matched',
      counterAmountFen: 12_000,
      erpAmountFen: 12_000,
      amountMismatch: false,
    });
    expect(r.rows.find((x) => x.billNo === 'B-PART')).toMatchObject({
      status: 'matched',
      counterAmountFen: 8_000,
      erpAmountFen: 5_000,
      amountMismatch: true,
    });
    expect(r.rows.filter((x) => x.billNo === 'ERP-TWO')).toEqual([
      expect.objectContaining({ status: 'erp-only', erpAmountFen: 900 }),
    ]);
    expect(r.counts).toEqual({ matched: 2, erpOnly: 1, counterOnly: 0, amountMismatch: 1 });
  });

  it('an unreachable ERP is reported to the status pill and stops the report', async () => {
    const { sim, rec, calls } = await setup();
    await sim.close();
    await expect(rec.report(dayOf(Date.now()))).rejects.toThrow();
    expect(calls.at(-1)).toBe(false);
  });
});
