import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LateOutcomeNotice } from '../../app/contract/late-outcome.js';
import type { AttemptView, BillView } from '../../app/contract/schemas.js';
import type { ExceptionsView } from '../../app/contract/supervisor.js';
import { silentLogger } from '../log.js';
import { createRig, type Rig } from '../payments/test-harness.js';
import { sandboxCode } from '../sandbox/scenarios.js';
import { createSessionService } from '../session/session-service.js';
import { createTerminalSettings } from '../session/terminal-settings.js';
import { audit, listAudit } from '../store/audit.js';
import { createOperatorService } from '../store/operators.js';
import { createSettings } from '../store/settings.js';
import { createShiftService, type ShiftService } from '../store/shifts.js';
import { createDispatch, type CallContext, type Dispatch, type HandlerMap } from './dispatch.js';
import { createLateOutcomeHandlers } from './late-outcome.js';
import { createSessionHandlers } from './session.js';
import { createSupervisorHandlers } from './supervisor.js';

const CHEAP = { N: 1024, r: 8, p: 1, keyLength: 32 };
const SUP = { supervisorNo: 'S01', supervisorPin: '9876' };
let serial = 5000;
const code = (s: number, nn = 0) => sandboxCode(s, nn, ++serial);

describe('late outcomes: an unconfirmed payment settled later leaves a notice the counter keeps until acknowledged', () => {
  let rig: Rig;
  let dispatch: Dispatch;
  let shifts: ShiftService;
  const counter: CallContext = { transport: 'memory', connectionId: 'counter' };
  const stranger: CallContext = { transport: 'memory', connectionId: 'stranger' };

  async function call<T = unknown>(command: string, input: unknown, ctx = counter): Promise<T> {
    const r = await dispatch(command, input, ctx);
    if (!r.ok)
      throw Object.assign(new Error(`${command}: ${r.error.code} ${r.error.message ?? ''}`), { code: r.error.code });
    return r.value as T;
  }
  async function fails(command: string, input: unknown, ctx = counter): Promise<{ code: string }> {
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
    const { handlers } = createSupervisorHandlers({
      store,
      now,
      bills: rig.bills,
      shifts,
      payments: rig.engine,
      sessions,
      bus: rig.bus,
      dataDir: null,
      utcOffsetMinutes: () => 480,
    });
    dispatch = createDispatch(
      {
        ...createSessionHandlers({ sessions }),
        ...handlers,
        ...createLateOutcomeHandlers({ store, sessions }),
      } as unknown as HandlerMap,
      { log: silentLogger, checkAccess: sessions.checkAccess },
    );
    rig.engine.start();
    await call('session.signIn', { operatorNo: 'C01', pin: '1234' });
    await call('shift.open', { floatFen: 20_000 });
  });
  afterEach(async () => rig.cleanup());

  function barcodeBill(amountFen: number): BillView {
    const b = rig.bills.create({ kind: 'sale', businessType: 1, operatorNo: 'C01', shiftId: shifts.current()!.id });
    return rig.bills.addFreeAmount(b.id, amountFen);
  }

  it('reconciler confirms paid after stop-waiting: event pushed, listed, acknowledged (audited), kept in the supervisor history', async () => {
    const bill = barcodeBill(3000);
    const a = rig.engine.collect({ billId: bill.id, barCode: code(1, 40), operatorNo: 'C01' });
    await rig.run(3_000);
    const stoppedAt = rig.clock.now();
    rig.engine.stopWaiting(a.id);
    expect(rig.view(a.id).state).toBe('unconfirmed');
    expect(rig.lateOutcomes).toEqual([]);
    expect((await call<{ notices: LateOutcomeNotice[] }>('lateOutcome.list', {})).notices).toEqual([]);

    await rig.until(() => rig.view(a.id).state === 'paid');
    const paid: AttemptView = rig.view(a.id);
    // Pushed to the counter once, with what the cashier needs to see.
    expect(rig.lateOutcomes).toHaveLength(1);
    const pushed = rig.lateOutcomes[0]!;
    expect(pushed).toMatchObject({
      attemptId: a.id,
      billId: bill.id,
      billNo: bill.billNo,
      gatewayBillNum: paid.gatewayBillNum,
      amountFen: 3000,
      outcome: 'paid',
      via: 'reconciler',
      queryNo: paid.queryCount,
      resolvedBy: null,
      detail: 'SUCCESS',
      operatorNo: 'C01',
      unconfirmedAt: stoppedAt,
      resolvedAt: paid.finalAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
    });

    // The counter lists it (signed in only) until acknowledged.
    expect((await fails('lateOutcome.list', {}, stranger)).code).toBe('not-signed-in');
    expect((await fails('lateOutcome.acknowledge', { noticeId: pushed.id }, stranger)).code).toBe('not-signed-in');
    expect((await call<{ notices: LateOutcomeNotice[] }>('lateOutcome.list', {})).notices).toEqual([pushed]);
    expect((await fails('lateOutcome.acknowledge', { noticeId: 999 })).code).toBe('payment-not-found');
    expect((await fails('lateOutcome.acknowledge', { noticeId: 'x' })).code).toBe('invalid-input');

    const acked = await call<LateOutcomeNotice>('lateOutcome.acknowledge', { noticeId: pushed.id });
    expect(acked).toMatchObject({ id: pushed.id, acknowledgedBy: 'C01', acknowledgedAt: rig.clock.now() });
    // Twice is harmless and audited once.
    expect(await call<LateOutcomeNotice>('lateOutcome.acknowledge', { noticeId: pushed.id })).toEqual(acked);
    const rows = listAudit(rig.store, { action: 'late-outcome.acknowledge' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      operatorNo: 'C01',
      subject: `bill:${bill.billNo}`,
      detail: expect.objectContaining({ noticeId: pushed.id, outcome: 'paid', amountFen: 3000 }),
    });
    expect((await call<{ notices: LateOutcomeNotice[] }>('lateOutcome.list', {})).notices).toEqual([]);

    // The supervisor keeps the history: confirmed late, when, by which query.
    const ex = await call<ExceptionsView>('exceptions.list', { auth: SUP });
    expect(ex.payments).toEqual([]);
    expect(ex.lateOutcomes).toEqual([acked]);
    // And the attempt's own journal says so.
    expect(rig.engine.history(a.id).some((e) => e.kind === 'late-outcome' && e.detail?.['via'] === 'reconciler')).toBe(
      true,
    );
  });

  it('a payer who cancels after stop-waiting: declined late outcome; a supervisor query and a resolution name the supervisor', async () => {
    const cancelledBill = barcodeBill(1200);
    const cancelled = rig.engine.collect({ billId: cancelledBill.id, barCode: code(3, 30), operatorNo: 'C01' });
    await rig.run(2_000);
    rig.engine.stopWaiting(cancelled.id);
    await rig.until(() => rig.view(cancelled.id).state === 'declined');
    expect(rig.lateOutcomes.map((n) => [n.attemptId, n.outcome, n.via])).toEqual([
      [cancelled.id, 'declined', 'reconciler'],
    ]);
    rig.bills.voidBill(cancelledBill.id, 'C01', 'payer cancelled');

    // 立即查询 by a supervisor settles it: via supervisor-query, by S01.
    const queried = rig.engine.collect({ billId: barcodeBill(800).id, barCode: code(1, 95), operatorNo: 'C01' });
    await rig.run(2_000);
    rig.engine.stopWaiting(queried.id);
    // The reconciler looked at +90 s (USERPAYING) and next looks at +120 s; the payer finished at 95 s.
    await rig.run(94_500);
    expect(rig.view(queried.id).state).toBe('unconfirmed');
    const v = await call<AttemptView>('exceptions.queryPayment', { attemptId: queried.id, auth: SUP });
    expect(v.state).toBe('paid');
    expect(rig.lateOutcomes.at(-1)).toMatchObject({
      attemptId: queried.id,
      outcome: 'paid',
      via: 'supervisor-query',
      resolvedBy: 'S01',
      queryNo: v.queryCount,
    });

    // A resolution by the supervisor: via supervisor-resolve, the note as detail, no query.
    const lostBill = barcodeBill(4500);
    const lost = rig.engine.collect({ billId: lostBill.id, barCode: code(1, 99), operatorNo: 'C01' });
    await rig.run(2_000);
    rig.engine.stopWaiting(lost.id);
    await call('exceptions.resolvePayment', {
      attemptId: lost.id,
      resolution: 'cancelled',
      note: '顾客未付款离开',
      auth: SUP,
    });
    expect(rig.lateOutcomes.at(-1)).toMatchObject({
      attemptId: lost.id,
      outcome: 'cancelled',
      via: 'supervisor-resolve',
      resolvedBy: 'S01',
      queryNo: null,
      detail: '顾客未付款离开',
      amountFen: 4500,
    });
    rig.bills.voidBill(lostBill.id, 'C01', 'customer left');
    // A payment settled before the cashier stopped waiting leaves no notice.
    const onTime = rig.engine.collect({ billId: barcodeBill(500).id, barCode: code(0), operatorNo: 'C01' });
    await rig.until(() => rig.view(onTime.id).state === 'paid');
    expect(rig.lateOutcomes.some((n) => n.attemptId === onTime.id)).toBe(false);
    const list = (await call<{ notices: LateOutcomeNotice[] }>('lateOutcome.list', {})).notices;
    expect(list.map((n) => n.attemptId)).toEqual(rig.lateOutcomes.map((n) => n.attemptId));
  });
});
