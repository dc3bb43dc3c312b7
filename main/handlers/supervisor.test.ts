import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttemptView, BillView } from '../../app/contract/schemas.js';
import type { ExceptionsView, ZReportView } from '../../app/contract/supervisor.js';
import type { ReportData } from '../../app/report/schema.js';
import { buildReportView } from '../../app/report/view.js';
import { readFirstSheet } from '../catalog/xlsx.js';
import { createEventBus } from '../events.js';
import { createReportService } from '../reports/report-service.js';
import { createSupervisorService } from '../reports/supervisor-service.js';
import { insertAttempt } from '../reports/test-ledger.js';
import { silentLogger } from '../log.js';
import { createRig, type Rig } from '../payments/test-harness.js';
import { sandboxCode } from '../sandbox/scenarios.js';
import { createSessionService } from '../session/session-service.js';
import { createTerminalSettings } from '../session/terminal-settings.js';
import { audit, listAudit } from '../store/audit.js';
import { createOperatorService } from '../store/operators.js';
import { createSettings } from '../store/settings.js';
import { createShiftService, type ShiftService } from '../store/shifts.js';
import { createOutbox } from '../sync/outbox.js';
import { createDispatch, type CallContext, type Dispatch, type HandlerMap } from './dispatch.js';
import { createSessionHandlers } from './session.js';
import { createSupervisorHandlers } from './supervisor.js';

const CHEAP = { N: 1024, r: 8, p: 1, keyLength: 32 };
const SUP = { supervisorNo: 'S01', supervisorPin: '9876' };
let serial = 0;
const code = (s: number, nn = 0) => sandboxCode(s, nn, ++serial);

describe('supervisor commands through dispatch (real store, sandbox gateway, payment engine)', () => {
  let rig: Rig;
  let dispatch: Dispatch;
  let shifts: ShiftService;
  const counter: CallContext = { transport: 'memory', connectionId: 'counter' };
  const office: CallContext = { transport: 'memory', connectionId: 'office' };

  async function call<T = unknown>(command: string, input: unknown, ctx = counter): Promise<T> {
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
    ctx = counter,
  ): Promise<{ code: string; message?: string; details?: Record<string, unknown> }> {
    const r = await dispatch(command, input, ctx);
    if (r.ok) throw new Error(`${command} should have failed`);
    return r.error;
  }

  beforeEach(async () => {
    rig = await createRig();
    const { store } = rig;
    const now = rig.clock.now;
    const operators = createOperatorService({ store, now, scrypt: CHEAP });
    await operators.add({ operatorNo: 'C01', name: '收银员甲', role: 'cashier', pin: '1234' });
    await operators.add({ operatorNo: 'S01', name: '主管乙', role: 'supervisor', pin: '9876' });
    shifts = createShiftService({ store, now });
    const settings = createTerminalSettings({
      settings: createSettings({ store, now }),
      defaults: { businessType: 1 },
    });
    const sessions = createSessionService({ operators, shifts, settings, now, audit: (e) => audit(store, e) });
    const bus = createEventBus();
    const { handlers } = createSupervisorHandlers({
      store,
      now,
      bills: rig.bills,
      shifts,
      payments: rig.engine,
      sessions,
      bus,
      dataDir: null,
      utcOffsetMinutes: () => 480,
    });
    dispatch = createDispatch({ ...createSessionHandlers({ sessions }), ...handlers } as unknown as HandlerMap, {
      log: silentLogger,
      checkAccess: sessions.checkAccess,
    });
    rig.engine.start();
    await call('session.signIn', { operatorNo: 'C01', pin: '1234' });
    await call('shift.open', { floatFen: 20_000 });
  });
  afterEach(async () => rig.cleanup());

  function cashSale(amountFen: number, tenderedFen: number): BillView {
    const b = rig.bills.create({ kind: 'sale', businessType: 1, operatorNo: 'C01', shiftId: shifts.current()!.id });
    rig.bills.addFreeAmount(b.id, amountFen);
    return rig.bills.payCash(b.id, { tenderedFen, operatorNo: 'C01' }).bill;
  }
  function barcodeBill(amountFen: number): BillView {
    const b = rig.bills.create({ kind: 'sale', businessType: 2, operatorNo: 'C01', shiftId: shifts.current()!.id });
    return rig.bills.addFreeAmount(b.id, amountFen);
  }

  it('refuses a cashier without a supervisor PIN, checks the PIN and the role in main, and audits each authorisation', async () => {
    expect((await fails('report.x', {})).code).toBe('supervisor-required');
    expect((await fails('report.x', {})).details).toMatchObject({ canAuthorise: true });
    expect((await fails('report.x', { auth: { supervisorNo: 'S01', supervisorPin: '0000' } })).code).toBe('pin-wrong');
    // A cashier's own (right) PIN does not make them a supervisor.
    expect((await fails('report.x', { auth: { supervisorNo: 'C01', supervisorPin: '1234' } })).code).toBe(
      'supervisor-required',
    );
    // Nobody signed in on this connection: a PIN alone opens nothing.
    expect((await fails('report.x', { auth: SUP }, office)).code).toBe('not-signed-in');
    expect(listAudit(rig.store, { action: 'supervisor.authorise' })).toEqual([]);

    const check = await call<{
      supervisor: { operatorNo: string; via: string };
      policy: { openPaymentsAtClose: string };
      pdfAvailable: boolean;
    }>('supervisor.check', { auth: SUP });
    expect(check).toMatchObject({
      supervisor: { operatorNo: 'S01', via: 'pin' },
      policy: { openPaymentsAtClose: 'authorise' },
      pdfAvailable: false,
    });
    const x = await call<ReportData>('report.x', { auth: SUP });
    expect(x.kind).toBe('x');
    expect(x.generatedBy).toBe('S01');
    const rows = listAudit(rig.store, { action: 'supervisor.authorise' });
    expect(rows.map((r) => [r.operatorNo, r.authorisedBy, r.subject])).toEqual([
      ['C01', 'S01', 'command:report.x'],
      ['C01', 'S01', 'command:supervisor.check'],
    ]);

    // A signed-in supervisor needs no PIN.
    await call('session.signIn', { operatorNo: 'S01', pin: '9876' }, office);
    expect((await call<{ supervisor: { via: string } }>('supervisor.check', {}, office)).supervisor.via).toBe(
      'session',
    );
    // A bad auth payload is refused by the contract before anything runs.
    expect((await fails('report.x', { auth: { supervisorNo: 'S01' } })).code).toBe('invalid-input');
  });

  it('closes a shift with a cash difference: open payments block or need confirmation, exceptions are acted on, the Z report is stored and exported', async () => {
    cashSale(1250, 2000); // change 7.50: cash in the drawer +12.50
    const paidBill = barcodeBill(8800);
    const paid = rig.engine.collect({ billId: paidBill.id, barCode: code(0), operatorNo: 'C01' });
    await rig.until(() => rig.view(paid.id).state === 'paid');
    // Two payments the cashier stopped waiting for: unconfirmed.
    const lateBill = barcodeBill(3000);
    const late = rig.engine.collect({ billId: lateBill.id, barCode: code(1, 90), operatorNo: 'C01' });
    await rig.run(2_000);
    rig.engine.stopWaiting(late.id);
    const lostBill = barcodeBill(4500);
    const lost = rig.engine.collect({ billId: lostBill.id, barCode: code(1, 99), operatorNo: 'C01' });
    await rig.run(2_000);
    rig.engine.stopWaiting(lost.id);

    const count = { '10000': 2, '1000': 1, '100': 2, '10': 4 }; // ¥212.40: 10 fen short of float ¥200 + cash ¥12.50
    const refused = await fails('shift.close', { countDetail: count, auth: SUP });
    expect(refused.code).toBe('payment-in-progress');
    expect(refused.details).toMatchObject({ reason: 'open-payments-at-close', policy: 'authorise', canOverride: true });
    expect((refused.details!['attempts'] as unknown[]).length).toBe(2);
    await call('supervisor.setPolicy', { openPaymentsAtClose: 'block', auth: SUP });
    expect(
      (await fails('shift.close', { countDetail: count, acceptOpenPayments: true, auth: SUP })).details,
    ).toMatchObject({ policy: 'block', canOverride: false });

    // Exceptions: both unconfirmed payments, with their actions.
    const ex = await call<ExceptionsView>('exceptions.list', { auth: SUP });
    expect(ex.payments.map((p) => [p.attemptId, p.state])).toEqual([
      [late.id, 'unconfirmed'],
      [lost.id, 'unconfirmed'],
    ]);
    // The payer finished after 90 s: "query now" finds it paid.
    await rig.run(90_000 - 4_000);
    const queried = await call<AttemptView>('exceptions.queryPayment', { attemptId: late.id, auth: SUP });
    expect(queried.state).toBe('paid');
    // The other one the supervisor settles: the customer's phone shows no payment.
    expect(
      (await fails('exceptions.resolvePayment', { attemptId: lost.id, resolution: 'declined', note: '', auth: SUP }))
        .code,
    ).toBe('invalid-input');
    const resolved = await call<AttemptView>('exceptions.resolvePayment', {
      attemptId: lost.id,
      resolution: 'declined',
      note: '顾客手机显示未付款',
      auth: SUP,
    });
    expect(resolved.state).toBe('declined');
    const after = await call<ExceptionsView>('exceptions.list', { auth: SUP });
    expect(after.payments).toEqual([]);
    expect(after.resolvedPayments).toEqual([
      expect.objectContaining({ attemptId: lost.id, resolvedBy: 'S01', note: '顾客手机显示未付款' }),
    ]);
    // The declined bill went back to the counter open: closing is refused until it is voided (nothing is deleted).
    expect((await fails('shift.close', { countDetail: count, auth: SUP })).code).toBe('bill-locked');
    const voided = await call<BillView>('bill.void', { billNo: lostBill.billNo, reason: '顾客未付款离开', auth: SUP });
    expect(voided.status).toBe('voided');

    const closed = await call<{
      shift: { countedCashFen: number; expectedCashFen: number; closedBy: string };
      report: ReportData;
    }>('shift.close', {
      countDetail: count,
      note: '少一角',
      auth: SUP,
    });
    expect(closed.shift).toMatchObject({ countedCashFen: 21_240, expectedCashFen: 21_250, closedBy: 'S01' });
    const z = closed.report;
    expect(z.kind).toBe('z');
    expect(z.cash.expectedFen).toBe(20_000 + 1250);
    expect(z.cash.countedFen).toBe(21_240);
    expect(z.cash.differenceFen).toBe(-10);
    expect(z.cash.countDetail).toEqual(count);
    expect(z.cash.note).toBe('少一角');
    expect(z.netFen).toBe(1250 + 8800 + 3000);
    expect(z.payments.openCount).toBe(0);
    expect(z.voids).toEqual({ count: 1, totalFen: 4500 });
    expect(z.payments.byState.find((s) => s.state === 'declined')).toMatchObject({ count: 1, amountFen: 4500 });

    const stored = await call<ZReportView>('report.z', { shiftId: z.shifts[0]!.id, auth: SUP });
    expect(stored).toMatchObject({ stored: true, issuedBy: 'S01', current: null });
    expect(stored.issued).toEqual(z);

    // Export: the XLSX read back has the numbers of the screen.
    const file = await call<{ fileName: string; mimeType: string; base64: string; bytes: number }>('report.export', {
      report: { kind: 'z', shiftId: z.shifts[0]!.id },
      format: 'xlsx',
      auth: SUP,
    });
    expect(file.fileName).toMatch(/^counterpay-z-T01-shift\d+-\d{8}-\d{4}\.xlsx$/);
    const sheet = readFirstSheet(Buffer.from(file.base64, 'base64'));
    const view = buildReportView(z);
    const diffRow = sheet.rows.find((r) => r.cells[0]?.text === '差额（实点 − 应有）')!;
    expect(diffRow.cells[1]!.text).toBe('-0.10');
    expect(view.figures.find((f) => f.id === 'difference')!.cell.value).toBe(-10);
    const pdf = await fails('report.export', {
      report: { kind: 'z', shiftId: z.shifts[0]!.id },
      format: 'pdf',
      auth: SUP,
    });
    expect(pdf.details).toMatchObject({ reason: 'pdf-unavailable' });
    const html = await call<{ base64: string; mimeType: string }>('report.export', {
      report: { kind: 'x' },
      format: 'html',
      paper: '80mm',
      auth: SUP,
    }).catch((e: { code: string }) => e);
    expect((html as { code: string }).code).toBe('shift-not-open');

    // Every step is in the audit log with who authorised it.
    const actions = listAudit(rig.store, { limit: 200 }).map((r) => r.action);
    for (const a of [
      'shift.close',
      'report.z',
      'payment.resolve',
      'payment.query-now',
      'bill.void',
      'report.export',
      'setting.set',
    ])
      expect(actions).toContain(a);
    const close = listAudit(rig.store, { action: 'shift.close.authorised' })[0]!;
    expect(close).toMatchObject({ operatorNo: 'C01', authorisedBy: 'S01' });
  });

  it('refunds a paid bill as its own bill (cash leaves the drawer, queued for the back office) and refuses more than was paid', async () => {
    const sale = cashSale(6000, 10_000);
    const before = await call<ReportData>('report.x', { auth: SUP });
    const lookup = await call<{ refundable: { remainingFen: number } }>('bill.lookup', {
      billNo: sale.billNo,
      auth: SUP,
    });
    expect(lookup.refundable.remainingFen).toBe(6000);
    const part = await call<BillView>('bill.refund', {
      billNo: sale.billNo,
      amountFen: 2000,
      method: 'cash',
      reason: '退一张票',
      auth: SUP,
    });
    expect(part).toMatchObject({ kind: 'refund', status: 'paid', totalFen: 2000, operatorNo: 'C01' });
    expect(part.tenders).toEqual([expect.objectContaining({ kind: 'cash', amountFen: -2000 })]);
    expect(
      (
        await fails('bill.refund', {
          billNo: sale.billNo,
          amountFen: 4001,
          method: 'original',
          reason: '再退',
          auth: SUP,
        })
      ).details,
    ).toMatchObject({
      max: 4000,
    });
    const rest = await call<BillView>('bill.refund', {
      billNo: sale.billNo,
      method: 'original',
      reason: '全退',
      auth: SUP,
    });
    expect(rest.totalFen).toBe(4000);
    expect((await fails('bill.refund', { billNo: sale.billNo, method: 'cash', reason: '再退', auth: SUP })).code).toBe(
      'amount-out-of-range',
    );
    expect(
      (await fails('bill.refund', { billNo: part.billNo, method: 'cash', reason: '退退款', auth: SUP })).code,
    ).toBe('invalid-input');

    const x = await call<ReportData>('report.x', { auth: SUP });
    expect(x.cash.expectedFen).toBe(before.cash.expectedFen - 6000);
    expect(x.refunds).toMatchObject({ count: 2, totalFen: 6000, backOfficeFen: 0 });
    expect(x.netFen).toBe(0);
    const outbox = createOutbox(rig.store);
    const feed = JSON.parse(outbox.get(part.billNo)!.payload) as {
      kind: string;
      refundOf: string;
      tenders: { amountFen: number }[];
    };
    expect(feed).toMatchObject({ kind: 'refund', refundOf: sale.billNo, tenders: [{ amountFen: -2000 }] });
    expect(listAudit(rig.store, { action: 'bill.refund' }).map((r) => [r.operatorNo, r.authorisedBy])).toEqual([
      ['C01', 'S01'],
      ['C01', 'S01'],
    ]);
  });

  it('moves cash in and out with the authoriser, never more out than the drawer holds', async () => {
    const inMove = await call<{ authorisedBy: string; operatorNo: string }>('cash.move', {
      direction: 'in',
      amountFen: 5000,
      reason: '换零钱',
      auth: SUP,
    });
    expect(inMove).toMatchObject({ operatorNo: 'C01', authorisedBy: 'S01' });
    expect((await fails('cash.move', { direction: 'out', amountFen: 25_001, reason: '存银行', auth: SUP })).code).toBe(
      'amount-out-of-range',
    );
    await call('cash.move', { direction: 'out', amountFen: 25_000, reason: '存银行', auth: SUP });
    const x = await call<ReportData>('report.x', { auth: SUP });
    expect(x.cash).toMatchObject({ inFen: 5000, outFen: 25_000, expectedFen: 0 });
    expect(x.cash.movements.map((m) => [m.direction, m.authorisedBy])).toEqual([
      ['in', 'S01'],
      ['out', 'S01'],
    ]);
  });

  it('lists failed uploads, retries them and marks one handled without deleting it', async () => {
    cashSale(300, 300);
    const outbox = createOutbox(rig.store);
    const row = outbox.list()[0]!;
    outbox.fail(row.id, 'HTTP 503 from the back office', rig.clock.now() + 600_000);
    const ex = await call<ExceptionsView>('exceptions.list', { auth: SUP });
    expect(ex.syncs).toEqual([
      expect.objectContaining({
        id: row.id,
        attempts: 1,
        lastError: 'HTTP 503 from the back office',
        resolution: null,
      }),
    ]);
    expect(ex.outbox).toMatchObject({ depth: 1, failing: 1 });
    expect((await call<{ retried: number }>('exceptions.retrySyncs', { auth: SUP })).retried).toBe(1);
    await call('exceptions.resolveSync', { outboxId: row.id, note: '已电话通知后台补录', auth: SUP });
    const after = await call<ExceptionsView>('exceptions.list', { auth: SUP });
    expect(after.syncs[0]!.resolution).toMatchObject({ by: 'S01', note: '已电话通知后台补录' });
    expect(outbox.get(row.key)).not.toBeNull();
    expect((await fails('exceptions.resolveSync', { outboxId: 999, note: 'x', auth: SUP })).code).toBe('invalid-input');
  });
  it('lists paid bills to refund (by the end of the number, or the amount) and refuses a refund to the original barcode payment when no back office can carry it out', async () => {
    const cash = cashSale(1250, 2000);
    const open = barcodeBill(3300);
    rig.bills.lockForPayment(open.id);
    const a = insertAttempt(rig.store, open, 3300, 'paid', rig.clock.now());
    const paid = rig.bills.completeByBarcode(open.id, { attemptId: a, amountFen: 3300, reference: `AUTO${a}` });
    const day = { from: rig.clock.now() - 3_600_000, to: rig.clock.now() + 1 };
    // A cashier without a supervisor's PIN gets no list.
    expect((await fails('bill.search', { ...day, scope: 'day' })).code).toBe('supervisor-required');
    type Found = {
      bills: { billNo: string; tenderKinds: string[]; remainingFen: number }[];
      routes: { original: boolean };
    };
    const all = await call<Found>('bill.search', { ...day, scope: 'shift', auth: SUP });
    expect(all.bills.map((b) => b.billNo)).toEqual([paid.billNo, cash.billNo]);
    expect(all.routes).toEqual({ original: false });
    const byTail = await call<Found>('bill.search', { ...day, scope: 'day', text: paid.billNo.slice(-5), auth: SUP });
    expect(byTail.bills).toEqual([
      expect.objectContaining({ billNo: paid.billNo, tenderKinds: ['barcode'], remainingFen: 3300 }),
    ]);
    expect(
      (await call<Found>('bill.search', { ...day, scope: 'day', text: '12.50', auth: SUP })).bills.map((b) => b.billNo),
    ).toEqual([cash.billNo]);
    expect((await fails('bill.search', { ...day, scope: 'day', text: '退款', auth: SUP })).code).toBe('invalid-input');

    // No back office: "original" cannot be carried out for a barcode bill, so nothing is recorded.
    const refused = await fails('bill.refund', {
      billNo: paid.billNo,
      method: 'original',
      reason: '顾客退票',
      auth: SUP,
    });
    expect(refused.code).toBe('refund-route-unavailable');
    expect(rig.bills.refundable(paid.id).refundedFen).toBe(0);
    // In cash from the drawer it is.
    const r = await call<BillView>('bill.refund', {
      billNo: paid.billNo,
      amountFen: 1300,
      method: 'cash',
      reason: '顾客退票',
      auth: SUP,
    });
    expect(r.tenders).toEqual([expect.objectContaining({ kind: 'cash', amountFen: -1300 })]);

    // With a back office configured, the rest goes back the original way (a barcode refund bill for the feed).
    const withBackOffice = createSupervisorService({
      store: rig.store,
      now: rig.clock.now,
      shifts,
      bills: rig.bills,
      payments: rig.engine,
      reports: createReportService({ store: rig.store, terminalNo: rig.bills.terminalNo, now: rig.clock.now }),
      originalRefundRoute: () => true,
    });
    const back = withBackOffice.refund({
      billNo: paid.billNo,
      method: 'original',
      reason: '顾客退票',
      operatorNo: 'C01',
      authorisedBy: 'S01',
    });
    expect(back.tenders).toEqual([
      expect.objectContaining({ kind: 'barcode', amountFen: -2000, reference: `AUTO${a}` }),
    ]);
  });
});
