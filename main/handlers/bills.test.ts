import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BillView } from '../../app/contract/schemas.js';
import { createBillService } from '../bills/bill-service.js';
import { counterServices } from '../counter/test-services.js';
import { createCatalog } from '../catalog/catalog.js';
import { createEventBus } from '../events.js';
import { silentLogger } from '../log.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createBillHandlers } from './bills.js';
import { createDispatch, type CallContext, type Dispatch, type HandlerMap } from './dispatch.js';
import { createSessionHandlers } from './session.js';

describe('session and counter handlers through dispatch', () => {
  let ts: TempStore;
  let dispatch: Dispatch;
  let events: { name: string; payload: unknown }[];
  let counterBills: (BillView | null)[];
  const c1: CallContext = { transport: 'memory', connectionId: 'c1' };
  const c2: CallContext = { transport: 'memory', connectionId: 'c2' };

  async function call<T = unknown>(command: string, input: unknown, ctx = c1): Promise<T> {
    const r = await dispatch(command, input, ctx);
    if (!r.ok)
      throw Object.assign(new Error(`${command}: ${r.error.code} ${r.error.message ?? ''}`), {
        code: r.error.code,
        details: r.error.details,
      });
    return r.value as T;
  }
  async function fails(
    command: string,
    input: unknown,
    ctx = c1,
  ): Promise<{ code: string; details?: Record<string, unknown> }> {
    const r = await dispatch(command, input, ctx);
    if (r.ok) throw new Error(`${command} should have failed`);
    return r.error;
  }

  beforeEach(async () => {
    ts = tempStore();
    const { store, now, shifts, settings, sessions } = await counterServices(ts);
    const catalog = createCatalog({ store, now });
    catalog.upsert({ code: '6901234567892', name: '成人票', priceFen: 8000, businessType: 1, quickKey: 1 });
    catalog.upsert({ code: '6901234567809', name: '儿童票', priceFen: 4000, businessType: 1, quickKey: 2 });
    catalog.upsert({ code: '6901234567816', name: '矿泉水', priceFen: 300, businessType: 2 });
    const bills = createBillService({ store, now, terminalNo: 'T01' });
    const bus = createEventBus();
    events = [];
    bus.subscribe((name, payload) => events.push({ name, payload }));
    counterBills = [];
    const handlers = {
      ...createSessionHandlers({ sessions }),
      ...createBillHandlers({
        bills,
        sessions,
        shifts,
        settings,
        catalog,
        bus,
        counter: { show: (b) => counterBills.push(b) },
      }),
    } as unknown as HandlerMap;
    dispatch = createDispatch(handlers, { log: silentLogger, checkAccess: sessions.checkAccess });
  });
  afterEach(() => ts.cleanup());

  async function signInWithShift(): Promise<void> {
    await call('session.signIn', { operatorNo: '1001', pin: '1234' });
    await call('shift.open', { floatFen: 20_000 });
  }

  it('refuses counter commands before sign-in and before the shift is open', async () => {
    expect((await fails('bill.new', { kind: 'sale' })).code).toBe('not-signed-in');
    await call('session.signIn', { operatorNo: '1001', pin: '1234' });
    expect((await fails('bill.new', { kind: 'sale' })).code).toBe('shift-not-open');
    expect((await fails('bill.new', { kind: 'sale' }, c2)).code).toBe('not-signed-in');
    await call('shift.open', { floatFen: 20_000 });
    const bill = await call<BillView>('bill.new', { kind: 'sale' });
    expect(bill).toMatchObject({ status: 'open', operatorNo: '1001', businessType: 1, kind: 'sale' });
    expect(bill.shiftId).not.toBeNull();
  });

  it('builds a bill: items by code, repeat, quantity, free amount, line void, running total', async () => {
    await signInWithShift();
    let bill = await call<BillView>('bill.new', { kind: 'sale' });
    bill = await call<BillView>('bill.addItem', { billId: bill.id, code: '6901234567892' });
    bill = await call<BillView>('bill.addItem', { billId: bill.id, code: '6901234567892' });
    expect(bill.lines).toHaveLength(1);
    expect(bill.lines[0]).toMatchObject({ quantity: 2, amountFen: 16_000 });
    bill = await call<BillView>('bill.addItem', { billId: bill.id, code: '6901234567809', quantity: 3 });
    bill = await call<BillView>('bill.setQuantity', { billId: bill.id, lineNo: 1, quantity: 1 });
    bill = await call<BillView>('bill.addFree', { billId: bill.id, amountFen: 550, name: '寄存' });
    expect(bill.totalFen).toBe(8000 + 12_000 + 550);
    bill = await call<BillView>('bill.voidLine', { billId: bill.id, lineNo: 2 });
    expect(bill.totalFen).toBe(8550);
    expect(bill.lines.find((l) => l.lineNo === 2)?.voided).toBe(true);
    expect((await fails('bill.addItem', { billId: bill.id, code: 'NOPE' })).code).toBe('item-not-found');
    expect((await fails('bill.addItem', { billId: bill.id, code: 'x'.repeat(41) })).code).toBe('invalid-input');
    expect(events.filter((e) => e.name === 'bill.changed')).toHaveLength(7);
  });

  it('parks and resumes bills (挂单 / 取单); the park survives a restart of the services', async () => {
    await signInWithShift();
    let bill = await call<BillView>('bill.new', { kind: 'sale' });
    bill = await call<BillView>('bill.addItem', { billId: bill.id, code: '6901234567892' });
    const parked = await call<BillView>('bill.suspend', { billId: bill.id, label: '穿红衣服的顾客' });
    expect(parked.status).toBe('suspended');
    expect(counterBills.at(-1)).toBeNull();
    // The counter is free for the next customer.
    const other = await call<BillView>('bill.new', { kind: 'sale' });
    await call('bill.addFree', { billId: other.id, amountFen: 100 });
    expect((await fails('bill.resume', { billId: bill.id })).code).toBe('bill-locked');
    await call('bill.suspend', { billId: other.id });
    // Reopen the database: the parked bills are still there.
    ts.reopen();
    const bills = createBillService({ store: ts.store, now: () => ts.clock.t, terminalNo: 'T01' });
    expect(bills.listSuspended().map((b) => b.id)).toEqual([other.id, bill.id]);
  });

  it('lists parked bills and resumes one onto the counter', async () => {
    await signInWithShift();
    const bill = await call<BillView>('bill.new', { kind: 'sale' });
    await call('bill.addItem', { billId: bill.id, code: '6901234567892' });
    await call('bill.suspend', { billId: bill.id });
    const { bills } = await call<{ bills: BillView[] }>('bill.suspended', {});
    expect(bills.map((b) => b.id)).toEqual([bill.id]);
    const resumed = await call<BillView>('bill.resume', { billId: bill.id });
    expect(resumed.status).toBe('open');
    expect(counterBills.at(-1)?.id).toBe(bill.id);
  });

  it('takes cash with change; less than due is a cash part and freezes the bill until the rest is in', async () => {
    await signInWithShift();
    const bill = await call<BillView>('bill.new', { kind: 'sale' });
    await call('bill.addItem', { billId: bill.id, code: '6901234567892' });
    const part = await call<{ bill: BillView; changeFen: number }>('payment.cash', {
      billId: bill.id,
      tenderedFen: 5000,
    });
    expect(part).toMatchObject({ changeFen: 0, bill: { status: 'open', dueFen: 3000 } });
    expect((await fails('bill.addFree', { billId: bill.id, amountFen: 1 })).code).toBe('bill-partly-paid');
    expect((await fails('bill.cancel', { billId: bill.id })).code).toBe('bill-partly-paid');
    const r = await call<{ bill: BillView; changeFen: number; tenderedFen: number }>('payment.cash', {
      billId: bill.id,
      tenderedFen: 10_000,
    });
    expect(r.changeFen).toBe(7000);
    expect(r.bill.status).toBe('paid');
    expect(r.bill.tenders[1]).toMatchObject({ kind: 'cash', amountFen: 3000, tenderedFen: 10_000, changeFen: 7000 });
    expect((await fails('bill.addFree', { billId: bill.id, amountFen: 1 })).code).toBe('bill-already-paid');
  });

  it('makes a stored-value recharge bill of business type 7 with its card number', async () => {
    await signInWithShift();
    let bill = await call<BillView>('bill.new', { kind: 'recharge' });
    expect(bill).toMatchObject({ kind: 'recharge', businessType: 7, cardNo: null });
    expect((await fails('bill.setCard', { billId: bill.id, cardNo: '1'.repeat(21) })).code).toBe('invalid-input');
    bill = await call<BillView>('bill.setCard', { billId: bill.id, cardNo: '88001234' });
    bill = await call<BillView>('bill.addFree', { billId: bill.id, amountFen: 10_000, name: '储值卡充值' });
    expect(bill).toMatchObject({ cardNo: '88001234', totalFen: 10_000 });
  });

  it('cancels an unpaid bill, recording who did it', async () => {
    await signInWithShift();
    const bill = await call<BillView>('bill.new', { kind: 'sale' });
    await call('bill.addItem', { billId: bill.id, code: '6901234567892' });
    const voided = await call<BillView>('bill.cancel', { billId: bill.id });
    expect(voided.status).toBe('voided');
    const row = ts.store.db.prepare("SELECT authorised_by FROM audit_log WHERE action = 'bill.void'").get() as {
      authorised_by: string;
    };
    expect(row.authorised_by).toBe('1001');
  });

  it('searches the catalog and lists quick keys', async () => {
    await signInWithShift();
    const found = await call<{ items: { code: string; name: string }[] }>('catalog.search', { query: '成人' });
    expect(found.items.map((i) => i.name)).toEqual(['成人票']);
    const byCode = await call<{ items: { code: string }[] }>('catalog.search', { query: '69012345678', limit: 2 });
    expect(byCode.items).toHaveLength(2);
    const keys = await call<{ items: { quickKey: number | null; name: string }[] }>('catalog.quickKeys', {});
    expect(keys.items.map((i) => [i.quickKey, i.name])).toEqual([
      [1, '成人票'],
      [2, '儿童票'],
    ]);
  });

  it('a locked screen refuses bill commands until unlocked; a reload resumes with the token', async () => {
    await signInWithShift();
    await call('session.lock', {});
    expect((await fails('bill.new', { kind: 'sale' })).code).toBe('not-signed-in');
    expect((await fails('session.unlock', { pin: '9999' })).code).toBe('pin-wrong');
    const unlocked = await call<{ locked: boolean }>('session.unlock', { pin: '1234' });
    expect(unlocked.locked).toBe(false);
    const me = await call<{ resumeToken: string | null }>('session.signIn', { operatorNo: '1001', pin: '1234' });
    const again = await call<{ operator: { operatorNo: string } | null }>(
      'session.resume',
      { token: me.resumeToken },
      c2,
    );
    expect(again.operator?.operatorNo).toBe('1001');
    await call('bill.new', { kind: 'sale' }, c2);
    expect((await fails('bill.new', { kind: 'sale' }, c1)).code).toBe('not-signed-in');
  });

  it('validates sign-in input before checking anything', async () => {
    expect((await fails('session.signIn', { operatorNo: 'x'.repeat(33), pin: '1234' })).code).toBe('invalid-input');
    expect((await fails('session.signIn', { operatorNo: '1001', pin: '0000' })).code).toBe('pin-wrong');
  });
});
