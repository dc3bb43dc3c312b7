import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BillView } from '../../../app/contract/schemas.js';
import type { CampusSale } from '../../../app/contract/campus.js';
import { createBillService, type BillService } from '../../bills/bill-service.js';
import { ensureTerminalNo } from '../../bills/terminal.js';
import { tempStore, type TempStore } from '../../store/test-helpers.js';
import { createCampusClient } from './client.js';
import { createCampusSales, safePhoto, type CampusSales } from './sales.js';
import type { Timers } from './sales-poll.js';
import { startCampusSimulator, type CampusSimulator } from './simulator.js';

/** Timers run only when the test says so (no sleeps). */
function manualTimers() {
  const due: { fn: () => void; ms: number; h: number }[] = [];
  let next = 1;
  const timers: Timers = {
    set: (fn, ms) => {
      const h = next++;
      due.push({ fn, ms, h });
      return h;
    },
    clear: (h) => {
      const i = due.findIndex((d) => d.h === h);
      if (i >= 0) due.splice(i, 1);
    },
  };
  return {
    timers,
    pending: () => due.length,
    lastMs: () => due.at(-1)?.ms ?? null,
    /** Fire every timer due now; resolves once each poll it started has settled. */
    async fire(): Promise<void> {
      const now = due.splice(0);
      for (const d of now) d.fn();
      await sales.idle();
    },
  };
}

let t: TempStore;
let sim: CampusSimulator;
let bills: BillService;
let shown: BillView | null;
let events: CampusSale[];
let clock: ReturnType<typeof manualTimers>;
let sales: CampusSales;

function build(): CampusSales {
  ensureTerminalNo(t.store, 'T01', () => t.clock.t);
  bills = createBillService({ store: t.store, now: () => t.clock.t, terminalNo: 'T01', random: () => 0 });
  clock = manualTimers();
  return createCampusSales({
    store: t.store,
    now: () => t.clock.t,
    bills,
    counter: {
      billOnCounter: () => (shown ? bills.get(shown.id) : bills.current()),
      show: (b) => (shown = b),
    },
    openShiftId: () => 1,
    businessType: () => 1,
    client: createCampusClient({ webPath: sim.webPath, timeoutMs: 5_000 }),
    channels: ['alipay_qr', 'wx_pub_qr'],
    changed: (s) => events.push(s),
    log: { info: () => {}, warn: () => {} },
    timers: clock.timers,
  });
}

const SMS = {
  userID: '10129580',
  type: 1 as const,
  payType: 0 as const,
  payMoneyType: 0 as const,
  itemIDs: ['20000001', '20000002'],
  channel: 'alipay_qr',
  operatorNo: '1001',
};

beforeEach(async () => {
  t = tempStore();
  t.clock.t = Date.UTC(2026, 11, 5, 8);
  t.store.db
    .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 0)")
    .run(t.clock.t);
  sim = await startCampusSimulator({ now: () => t.clock.t });
  shown = null;
  events = [];
  sales = build();
});
afterEach(async () => {
  sales.stop();
  await sim.close();
  t.cleanup();
});

const tenders = (billId: number) =>
  t.store.db.prepare('SELECT kind, amount_fen AS amountFen, reference FROM tenders WHERE bill_id = ?').all(billId);

describe('campus sales', () => {
  it('sells two SMS packages by QR: one charge, the bill locked, paid once after the scan', async () => {
    const sale = await sales.start(SMS);
    expect(sale).toMatchObject({ state: 'pending', amountFen: 7_200, channel: 'alipay_qr', cardNo: '335731330' });
    expect(sale.qrContent).toMatch(/^https:\/\/qr\.alipay\.com\//);
    expect(bills.get(sale.billId)).toMatchObject({ status: 'locked', totalFen: 7_200 });
    expect(bills.get(sale.billId)!.lines.map((l) => l.name)).toEqual(['短信套餐-家长一', '短信套餐-家长二']);
    expect(sales.displayAttempt(sale.billId)).toMatchObject({
      state: 'awaiting-payer',
      qr: { payTypeCode: 'alipayQR' },
    });

    await clock.fire(); // not paid yet
    expect(bills.get(sale.billId)!.status).toBe('locked');
    expect(clock.pending()).toBe(1);

    expect(sim.markPaid(sale.chargeId!)).toBe(true);
    await clock.fire();
    const paid = sales.saleOf(sale.billId)!;
    expect(paid.state).toBe('paid');
    expect(paid.records.map((r) => [r.itemName, r.cardNo, r.className])).toEqual([
      ['短信套餐-家长一', '335731330', '三年级（2）班'],
      ['短信套餐-家长二', '335731330', '三年级（2）班'],
    ]);
    expect(paid.records[0]!.validTo).not.toBe('');
    expect(bills.get(sale.billId)!.status).toBe('paid');
    expect(tenders(sale.billId)).toEqual([{ kind: 'campus-qr', amountFen: 7_200, reference: sale.chargeId }]);
    expect(clock.pending()).toBe(0);

    // Asked again (a cancel racing the poll, a second screen): nothing more is recorded.
    await sales.check(sale.billId);
    await sales.cancel(sale.billId);
    expect(tenders(sale.billId)).toHaveLength(1);
    expect(sim.ledger().charges).toHaveLength(1);
  });

  it('a restart while waiting resumes polling the same charge and confirms it once', async () => {
    const sale = await sales.start({ ...SMS, itemIDs: ['20000001'] });
    sales.stop();
    t.reopen();
    sales = build();
    sales.resume();
    expect(clock.lastMs()).toBe(0); // polled at once after the start
    sim.markPaid(sale.chargeId!);
    await clock.fire();
    expect(sales.saleOf(sale.billId)!.state).toBe('paid');
    // A second restart finds nothing to resume.
    sales.stop();
    t.reopen();
    sales = build();
    sales.resume();
    expect(clock.pending()).toBe(0);
    expect(tenders(sale.billId)).toHaveLength(1);
    expect(sim.ledger().charges).toEqual([expect.objectContaining({ paidCount: 1 })]);
  });

  it('refuses a second charge for a bill whose charge is live; after expiry a retry makes a new one and keeps the old', async () => {
    const sale = await sales.start({ ...SMS, itemIDs: ['20000001'] });
    await expect(sales.retry(sale.billId, 'wx_pub_qr')).rejects.toMatchObject({ code: 'bill-locked' });
    t.clock.t = sale.expiresAt! + 1;
    await clock.fire();
    expect(sales.saleOf(sale.billId)).toMatchObject({ state: 'expired', qrContent: null, billStatus: 'open' });
    expect(sales.displayAttempt(sale.billId)).toBeNull();
    const again = await sales.retry(sale.billId, 'wx_pub_qr');
    expect(again).toMatchObject({ attempt: 2, state: 'pending', channel: 'wx_pub_qr' });
    expect(again.chargeId).not.toBe(sale.chargeId);
    const rows = t.store.db.prepare('SELECT attempt, state FROM campus_charges ORDER BY attempt').all();
    expect(rows).toEqual([
      { attempt: 1, state: 'expired' },
      { attempt: 2, state: 'pending' },
    ]);
  });

  it('cancel asks SearchSuccessData once more: a payer who just paid is confirmed, not cancelled', async () => {
    const sale = await sales.start({ ...SMS, itemIDs: ['20000001'] });
    sim.markPaid(sale.chargeId!);
    const after = await sales.cancel(sale.billId);
    expect(after.state).toBe('paid');
    expect(bills.get(sale.billId)!.status).toBe('paid');

    const other = await sales.start({ ...SMS, itemIDs: ['20000002'] });
    const cancelled = await sales.cancel(other.billId);
    expect(cancelled).toMatchObject({ state: 'cancelled', billStatus: 'open' });
    expect(sales.abandon(other.billId, '1001')).toEqual({ voided: true });
    expect(bills.get(other.billId)!.status).toBe('voided');
  });

  it('a PayMoney refusal leaves the bill open with the charge failed; a charge left mid-PayMoney becomes unknown at start', async () => {
    sim.setFailure({ mode: 'refuse', op: 'payMoney', times: 1 });
    await expect(sales.start({ ...SMS, itemIDs: ['20000001'] })).rejects.toMatchObject({ code: 'backoffice-rejected' });
    const bill = bills.current()!;
    expect(sales.saleOf(bill.id)).toMatchObject({ state: 'failed', billStatus: 'open' });
    // Simulate a crash inside PayMoney: the row was written, the answer never came.
    bills.lockForPayment(bill.id);
    t.store.db
      .prepare(
        `INSERT INTO campus_charges (bill_id, attempt, user_id, emp_name, pay_type, package_type, item_ids, items_json, amount_fen, channel, state, created_at, updated_at)
         VALUES (?, 2, '10129580', '陈雅诺', 0, 1, '20000001', '[]', 3600, 'alipay_qr', 'creating', 0, 0)`,
      )
      .run(bill.id);
    sales.resume();
    expect(sales.saleOf(bill.id)).toMatchObject({ state: 'unknown', billStatus: 'open' });
    expect(sim.ledger().charges).toHaveLength(0);
  });

  it('refuses a single-choice selection of two packages before anything is written', async () => {
    await expect(sales.start({ ...SMS, type: 0, itemIDs: ['10000001', '10000002'] })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(bills.current()).toBeNull();
  });

  it('keeps only http(s) and inline-image photos', () => {
    expect(safePhoto('http://x/p.jpg')).toBe('http://x/p.jpg');
    expect(safePhoto('javascript:alert(1)')).toBeNull();
    expect(safePhoto('http://x/"onerror=1')).toBeNull();
    expect(safePhoto('data:image/png;base64,AAAA')).toBe('data:image/png;base64,AAAA');
    expect(safePhoto('data:text/html;base64,AAAA')).toBeNull();
  });
});
