import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../app/result.js';
import { createBillService, type BillService } from '../../bills/bill-service.js';
import { ensureTerminalNo } from '../../bills/terminal.js';
import { parseConfig } from '../../config.js';
import { createEventBus } from '../../events.js';
import { createShiftService, type ShiftService } from '../../store/shifts.js';
import { shiftSummary } from '../../store/shift-summary.js';
import { listAudit } from '../../store/audit.js';
import { tempStore, type TempStore } from '../../store/test-helpers.js';
import type { BillView } from '../../../app/contract/schemas.js';
import { resolveXiaobaoSettings } from './settings.js';
import { createXiaobaoDesk, type XiaobaoDesk } from './desk.js';
import { startXiaobaoSimulator, type XiaobaoSimulator } from './simulator.js';
import { memoryLogger } from './test-support.js';

let t: TempStore;
let sim: XiaobaoSimulator;
let bills: BillService;
let shifts: ShiftService;
let desk: XiaobaoDesk;
let onCounter: BillView | null;

function makeDesk(configured = true): XiaobaoDesk {
  const config = parseConfig(
    configured
      ? {
          backOffices: {
            xiaobao: {
              url: sim.baseUrl,
              accessKeyId: sim.credentials.accessKeyId,
              corpId: sim.credentials.corpId,
              schoolId: 1,
              operatorIds: { '1001': 77 },
              settleMs: 500,
            },
          },
        }
      : {},
    'test',
  );
  const d = createXiaobaoDesk({
    store: t.store,
    section: config.backOffices.xiaobao,
    settings: resolveXiaobaoSettings(config, {}, (name) =>
      name === 'xiaobao.accessKeySecret' ? sim.credentials.accessKeySecret : null,
    ),
    bills,
    shifts,
    counter: { billOnCounter: () => onCounter, show: (b) => void (onCounter = b) },
    bus: createEventBus(memoryLogger()),
    businessType: () => 1,
    now: () => t.clock.t,
    log: memoryLogger(),
  });
  d.start();
  return d;
}

beforeEach(async () => {
  t = tempStore();
  // Mid-second, like a real clock: the ERP's lists compare whole seconds.
  t.clock.t = Date.UTC(2026, 11, 5, 2, 0, 0) + 500;
  sim = await startXiaobaoSimulator({ clock: { now: () => t.clock.t } });
  sim.addStudent({ id: 1001, name: '张小明', schoolName: '总校区' });
  sim.plantOrder({ stuInfoId: 1001, type: 1, content: '报名', realPayFen: 300_000, arrearageFen: 5_000 });
  ensureTerminalNo(t.store, 'T01', () => t.clock.t);
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
  shifts = createShiftService({ store: t.store, now: () => t.clock.t });
  shifts.open({ operatorNo: '1001', floatFen: 50_000 });
  onCounter = null;
  desk = makeDesk();
});

afterEach(async () => {
  desk.stop();
  await sim.close();
  t.cleanup();
});

const student = { stuInfoId: 1001, name: '张小明', schoolName: '总校区' };
const rechargesOf = (billNo: string) =>
  sim.ledger().orders.filter((o) => o.accountDetails.some((d) => d.orderNumber === billNo));

describe('xiaobao desk', () => {
  it('finds a student by name part or id in recent orders, with school and arrears', async () => {
    const byName = await desk.students('小明');
    expect(byName.students).toEqual([
      expect.objectContaining({ stuInfoId: 1001, name: '张小明', schoolName: '总校区', arrearsFen: 5_000 }),
    ]);
    expect((await desk.students('1001')).students[0]?.stuInfoId).toBe(1001);
    expect((await desk.students('李')).students).toEqual([]);
  });

  it('a top-up bill paid in cash posts RechargeAccountTran exactly once with the bill number and the cash account', async () => {
    const bill = desk.topUp({ ...student, amountFen: 10_000 }, '1001');
    expect(onCounter?.billNo).toBe(bill.billNo);
    expect(bill.lines[0]?.name).toBe('校宝充值 张小明（1001）');
    expect(desk.postings(0)).toEqual([]); // nothing journaled before the money
    bills.payCash(bill.id, { tenderedFen: 10_000, operatorNo: '1001' });
    await vi.waitFor(() => expect(desk.postings(0)[0]?.state).toBe('posted'), { timeout: 5_000 });
    const orders = sim.ledger().orders.filter((o) => o.source === 'RechargeAccountTran');
    expect(orders).toHaveLength(1);
    expect(orders[0]?.accountDetails).toEqual([
      expect.objectContaining({ orderNumber: bill.billNo, accountName: '现金', amountFen: 10_000 }),
    ]);
    expect(orders[0]?.hrDocId).toBe(77);
    // Read in the same second as the post: the window reaches past now (whole-second ERP times).
    expect(await desk.balance(1001)).toBe(10_000);
  });

  it('a top-up paid ¥50 cash + rest by barcode posts two accountInfos that add up to the top-up, each with the bill number', async () => {
    const bill = desk.topUp({ ...student, amountFen: 12_000 }, '1001');
    expect(bills.payCash(bill.id, { tenderedFen: 5_000, operatorNo: '1001' }).bill).toMatchObject({
      status: 'open',
      dueFen: 7_000,
    });
    expect(desk.postings(0)).toEqual([]); // partly paid: nothing journaled yet
    bills.lockForPayment(bill.id);
    const attemptId = Number(
      t.store.db
        .prepare(
          `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, deadline_at, created_at, updated_at)
           VALUES (?, 1, 'G-XB-1', 1, '1001', 7000, '134567890123456789', 'sent', 0, 0, 0)`,
        )
        .run(bill.id).lastInsertRowid,
    );
    const paid = bills.completeByBarcode(bill.id, { attemptId, amountFen: 7_000, reference: 'KDLQ2026120500009876' });
    expect(paid.status).toBe('paid');
    await vi.waitFor(() => expect(desk.postings(0)[0]?.state).toBe('posted'), { timeout: 5_000 });
    const orders = rechargesOf(bill.billNo);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.accountDetails).toEqual([
      expect.objectContaining({ accountName: '现金', amountFen: 5_000, orderNumber: bill.billNo }),
      expect.objectContaining({
        accountName: '扫码支付',
        amountFen: 7_000,
        orderNumber: bill.billNo,
        simplePaymentMethodTradeNo: '00009876',
      }),
    ]);
    expect(orders[0]?.accountDetails[0]?.simplePaymentMethodTradeNo).toBeUndefined();
    expect(orders[0]?.accountDetails.reduce((s, d) => s + d.amountFen, 0)).toBe(12_000);
    expect(sim.ledger().duplicates).toEqual([]);
    expect(await desk.balance(1001)).toBe(12_000);
  });

  it('a top-up bill whose line was voided and replaced by a sale is not posted (audited)', () => {
    const bill = desk.topUp({ ...student, amountFen: 10_000 }, '1001');
    bills.voidLine(bill.id, 1);
    bills.addFreeAmount(bill.id, 2_000, '文具');
    bills.payCash(bill.id, { tenderedFen: 2_000, operatorNo: '1001' });
    expect(desk.postings(0)).toEqual([]);
    expect(listAudit(t.store, { limit: 20 }).map((a) => a.action)).toContain('xiaobao.topup-not-posted');
  });

  it("a top-up bill takes no discount, 改价 or 抹零: its amount is the student's", () => {
    const bill = desk.topUp({ ...student, amountFen: 10_000 }, '1001');
    const actor = { operatorNo: '9001', authorisedBy: null, limit: null };
    expect(() => bills.discount(bill.id, {}, { mode: 'percent', rate: 90 }, actor)).toThrow(
      expect.objectContaining({ code: 'bill-amount-fixed' }),
    );
    expect(() => bills.roundOff(bill.id, 'drop-jiao', '9001')).toThrow(
      expect.objectContaining({ code: 'bill-amount-fixed' }),
    );
    expect(bills.get(bill.id)?.totalFen).toBe(10_000);
  });

  it('refuses a top-up while another bill with lines is on the counter', () => {
    const other = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: null });
    onCounter = bills.addFreeAmount(other.id, 500);
    expect(() => desk.topUp({ ...student, amountFen: 100 }, '1001')).toThrow(/finish or park/);
  });

  it('refuses a top-up onto an empty stored-value recharge bill (its hook would never post it)', () => {
    onCounter = bills.create({ kind: 'recharge', businessType: 7, operatorNo: '1001', shiftId: null });
    expect(() => desk.topUp({ ...student, amountFen: 100 }, '1001')).toThrow(/finish or park/);
    bills.voidBill(onCounter.id, '1001', 'test');
    const empty = bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: null });
    onCounter = empty;
    expect(desk.topUp({ ...student, amountFen: 100 }, '1001').id).toBe(empty.id);
  });

  it('a refund beyond the balance is refused before any cash moves; within it, cash leaves the drawer once and RefundAccountTran is posted', async () => {
    const bill = desk.topUp({ ...student, amountFen: 10_000 }, '1001');
    bills.payCash(bill.id, { tenderedFen: 10_000, operatorNo: '1001' });
    await vi.waitFor(() => expect(desk.postings(0)[0]?.state).toBe('posted'), { timeout: 5_000 });
    const shiftId = shifts.current()!.id;
    const before = shiftSummary(t.store, shiftId)!.cash.expectedFen;
    const err = await desk
      .refund({ ...student, amountFen: 10_001, reason: '退学' }, { operatorNo: '1001', authorisedBy: '9001' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('xiaobao-balance-exceeded');
    expect((err as AppError).details).toMatchObject({ field: 'amountFen', max: 10_000 });
    expect(shiftSummary(t.store, shiftId)!.cash.expectedFen).toBe(before);

    const posting = await desk.refund(
      { ...student, amountFen: 3_000, reason: '退学' },
      { operatorNo: '1001', authorisedBy: '9001' },
    );
    expect(posting.billNo).toMatch(/^T01-XR\d{6}-\d{6}-\d+$/);
    expect(shiftSummary(t.store, shiftId)!.cash.expectedFen).toBe(before - 3_000);
    expect(shifts.listCashMovements(shiftId)).toEqual([
      expect.objectContaining({
        direction: 'out',
        amountFen: 3_000,
        reason: '校宝退款 张小明（1001）',
        authorisedBy: '9001',
      }),
    ]);
    await vi.waitFor(() => expect(desk.postings(0).find((p) => p.kind === 'refund')?.state).toBe('posted'), {
      timeout: 5_000,
    });
    const refunds = sim.ledger().orders.filter((o) => o.source === 'RefundAccountTran');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.accountDetails[0]).toMatchObject({ orderNumber: posting.billNo, amountFen: -3_000 });
    expect(listAudit(t.store, { limit: 50 }).find((a) => a.action === 'xiaobao.refund')).toMatchObject({
      authorisedBy: '9001',
    });
  });

  it('a refund the ERP has not recorded yet still uses the balance: the next refund may take only the rest', async () => {
    const bill = desk.topUp({ ...student, amountFen: 10_000 }, '1001');
    bills.payCash(bill.id, { tenderedFen: 10_000, operatorNo: '1001' });
    await vi.waitFor(() => expect(desk.postings(0)[0]?.state).toBe('posted'), { timeout: 5_000 });
    // The ERP answers 5xx before committing: the first refund stays unknown (looked up after settleMs).
    sim.setFaults({ write: { modes: ['5xx'], times: 1 } });
    await desk.refund({ ...student, amountFen: 6_000, reason: '退学' }, { operatorNo: '1001', authorisedBy: '9001' });
    await vi.waitFor(() => expect(desk.postings(0).find((p) => p.kind === 'refund')?.state).toBe('unknown'), {
      timeout: 5_000,
    });
    await expect(
      desk.refund({ ...student, amountFen: 4_001, reason: '退学' }, { operatorNo: '1001', authorisedBy: '9001' }),
    ).rejects.toMatchObject({ code: 'xiaobao-balance-exceeded', details: { max: 4_000 } });
  });

  it('for the reconciliation tab: a refused top-up is listed as needing a person, and a retry posts it once the ERP accepts', async () => {
    const ghost = { stuInfoId: 4242, name: '王某', schoolName: null };
    const bill = desk.topUp({ ...ghost, amountFen: 500 }, '1001');
    bills.payCash(bill.id, { tenderedFen: 500, operatorNo: '1001' });
    await vi.waitFor(() => expect(desk.postings(0)[0]?.state).toBe('failed'), { timeout: 5_000 });
    expect(desk.postingsNeedingAttention().map((p) => p.billNo)).toEqual([bill.billNo]);
    expect(desk.postingsForDay(t.clock.t - 1000, t.clock.t + 1000).map((p) => p.billNo)).toEqual([bill.billNo]);
    expect(desk.postingsForDay(t.clock.t + 1000, t.clock.t + 2000)).toEqual([]);
    sim.addStudent({ id: 4242, name: '王某' });
    expect(desk.retry(bill.billNo, '9001')).toBe(true);
    await vi.waitFor(() => expect(desk.postings(0)[0]?.state).toBe('posted'), { timeout: 5_000 });
    expect(desk.postingsNeedingAttention()).toEqual([]);
    expect(rechargesOf(bill.billNo)).toHaveLength(1);
    expect(listAudit(t.store, { limit: 50 }).map((a) => a.action)).toContain('xiaobao.retry');
  });

  it('an ERP that cannot be read refuses the refund before any cash moves (xiaobao-unavailable)', async () => {
    sim.setFaults({ read: { modes: ['5xx'] } });
    const shiftId = shifts.current()!.id;
    await expect(
      desk.refund({ ...student, amountFen: 100, reason: '退学' }, { operatorNo: '1001', authorisedBy: '9001' }),
    ).rejects.toMatchObject({ code: 'xiaobao-unavailable' });
    await expect(desk.students('小明')).rejects.toMatchObject({ code: 'xiaobao-unavailable' });
    expect(shifts.listCashMovements(shiftId)).toEqual([]);
    expect(desk.postings(0)).toEqual([]);
  });

  it('shows a signup order readably: lessons with quantity, promotions and accounts', async () => {
    const o = sim.plantOrder({
      stuInfoId: 1001,
      type: 1,
      content: '报名',
      realPayFen: 280_000,
      lines: [{ name: '少儿英语', count: 20, unitPriceFen: 15_000, promotionFen: 20_000, className: '英语A班' }],
    });
    const orders = await desk.orders({
      stuInfoId: 1001,
      from: t.clock.t - 40 * 86_400_000,
      to: t.clock.t + 86_400_000,
      type: 1,
    });
    expect(orders.map((x) => x.id)).toContain(o.id);
    const d = await desk.orderDetail(o.id, 1);
    expect(d?.sections.find((s) => s.kind === 'lessons')?.rows).toEqual([
      { name: '少儿英语', qty: '20 × 150.00', amountFen: 280_000, note: '英语A班' },
    ]);
    expect(d?.sections.find((s) => s.kind === 'promotions')?.rows[0]).toMatchObject({ amountFen: 20_000 });
  });

  it('not configured: says what is missing and refuses every ERP action', async () => {
    desk.stop();
    desk = makeDesk(false);
    expect(desk.status()).toEqual({ configured: false, missing: expect.arrayContaining(['backOffices.xiaobao.url']) });
    await expect(desk.students('张')).rejects.toMatchObject({ code: 'xiaobao-not-configured' });
    expect(() => desk.topUp({ ...student, amountFen: 100 }, '1001')).toThrow(/not configured/);
  });
});
