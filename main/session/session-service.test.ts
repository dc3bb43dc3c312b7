import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { createOperatorService, type OperatorService } from '../store/operators.js';
import { createSettings } from '../store/settings.js';
import { createShiftService } from '../store/shifts.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { deriveCounterMode } from './counter-mode.js';
import { createSessionService, type SessionService } from './session-service.js';
import { createTerminalSettings } from './terminal-settings.js';

const CHEAP = { N: 1024, r: 8, p: 1, keyLength: 32 };

async function rejects(p: Promise<unknown> | (() => unknown), code: string): Promise<AppError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    return e as AppError;
  }
  throw new Error(`expected ${code}`);
}

describe('session service', () => {
  let ts: TempStore;
  let operators: OperatorService;
  let sessions: SessionService;
  let tokens: number;

  beforeEach(async () => {
    ts = tempStore();
    const now = () => ts.clock.t;
    operators = createOperatorService({ store: ts.store, now, scrypt: CHEAP, maxFailures: 3, lockoutMs: 60_000 });
    await operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
    await operators.add({ operatorNo: '9001', name: '李主管', role: 'supervisor', pin: '9999' });
    tokens = 0;
    sessions = createSessionService({
      operators,
      shifts: createShiftService({ store: ts.store, now }),
      settings: createTerminalSettings({
        settings: createSettings({ store: ts.store, now }),
        defaults: { businessType: 1 },
      }),
      now,
      randomToken: () => `token-${++tokens}-${'x'.repeat(20)}`,
    });
  });
  afterEach(() => ts.cleanup());

  it('signs in with operator number and PIN, binding the session to the connection only', async () => {
    const v = await sessions.signIn('c1', '1001', '1234');
    expect(v.operator).toEqual({ operatorNo: '1001', name: '张三', role: 'cashier' });
    expect(v.locked).toBe(false);
    expect(v.resumeToken).toMatch(/^token-1/);
    expect(sessions.operatorFor('c1')?.operatorNo).toBe('1001');
    expect(sessions.operatorFor('c2')).toBeNull();
    expect(sessions.view('c1').resumeToken).toBeNull();
  });

  it('a closed connection leaves nobody working; its ticket resumes within the 30 s grace period only', async () => {
    const v = await sessions.signIn('c1', '1001', '1234');
    expect(sessions.activeOperator()?.operatorNo).toBe('1001');
    sessions.disconnect('c1');
    expect(sessions.activeOperator()).toBeNull();
    expect(sessions.operatorFor('c1')).toBeNull();
    ts.clock.t += 29_999;
    const back = sessions.resume('c2', v.resumeToken!);
    expect(back.operator?.operatorNo).toBe('1001');
    expect(sessions.activeOperator()?.operatorNo).toBe('1001');
    // gone again, now for longer than the grace period
    sessions.disconnect('c2');
    ts.clock.t += 30_001;
    await rejects(() => sessions.resume('c3', back.resumeToken!), 'not-signed-in');
    expect(sessions.size()).toBe(0);
    // a connection that never closed keeps its session however long the gap (up to the idle limit)
    await sessions.signIn('c4', '1001', '1234');
    ts.clock.t += 60 * 60_000;
    expect(sessions.operatorFor('c4')?.operatorNo).toBe('1001');
  });

  it('the grace period is configurable', async () => {
    const now = () => ts.clock.t;
    const short = createSessionService({
      operators,
      shifts: createShiftService({ store: ts.store, now }),
      settings: createTerminalSettings({
        settings: createSettings({ store: ts.store, now }),
        defaults: { businessType: 1 },
      }),
      now,
      reconnectGraceMs: 5_000,
    });
    const v = await short.signIn('c1', '1001', '1234');
    short.disconnect('c1');
    ts.clock.t += 5_001;
    await rejects(() => short.resume('c2', v.resumeToken!), 'not-signed-in');
  });

  it('refuses a wrong PIN and locks the operator out after repeated failures', async () => {
    await rejects(sessions.signIn('c1', '1001', '0000'), 'pin-wrong');
    await rejects(sessions.signIn('c1', '1001', '1111'), 'pin-wrong');
    await rejects(sessions.signIn('c1', '1001', '2222'), 'pin-wrong');
    const e = await rejects(sessions.signIn('c1', '1001', '1234'), 'pin-locked-out');
    expect(e.details?.retryAt).toBe(ts.clock.t + 60_000);
    expect(sessions.operatorFor('c1')).toBeNull();
    ts.clock.t += 60_001;
    await sessions.signIn('c1', '1001', '1234');
    expect(sessions.operatorFor('c1')?.operatorNo).toBe('1001');
  });

  it('resumes a session on a new connection with its token, once', async () => {
    const first = await sessions.signIn('c1', '1001', '1234');
    const resumed = sessions.resume('c2', first.resumeToken!);
    expect(resumed.operator?.operatorNo).toBe('1001');
    expect(resumed.resumeToken).not.toBe(first.resumeToken);
    expect(sessions.operatorFor('c2')?.operatorNo).toBe('1001');
    // The old connection no longer carries it, and the old token cannot be replayed.
    expect(sessions.operatorFor('c1')).toBeNull();
    await rejects(() => sessions.resume('c3', first.resumeToken!), 'not-signed-in');
    // A reload again: the fresh token works.
    expect(sessions.resume('c3', resumed.resumeToken!).operator?.operatorNo).toBe('1001');
  });

  it('forgets sessions idle for longer than maxIdleMs', async () => {
    const v = await sessions.signIn('c1', '1001', '1234');
    ts.clock.t += 13 * 60 * 60 * 1000;
    await rejects(() => sessions.resume('c2', v.resumeToken!), 'not-signed-in');
    expect(sessions.operatorFor('c1')).toBeNull();
  });

  it('locks the screen: signed-in commands are refused until the same PIN unlocks', async () => {
    await sessions.signIn('c1', '1001', '1234');
    sessions.openShift('c1', 20_000);
    expect(sessions.lock('c1').locked).toBe(true);
    expect(sessions.operatorFor('c1')).toBeNull();
    const e = await rejects(
      () => sessions.checkAccess('bill.new', { transport: 'memory', connectionId: 'c1' }),
      'not-signed-in',
    );
    expect(e.details).toEqual({ locked: true });
    // public commands still work
    sessions.checkAccess('session.state', { transport: 'memory', connectionId: 'c1' });
    await rejects(sessions.unlock('c1', '0000'), 'pin-wrong');
    expect(sessions.isLocked('c1')).toBe(true);
    expect((await sessions.unlock('c1', '1234')).locked).toBe(false);
    sessions.checkAccess('bill.new', { transport: 'memory', connectionId: 'c1' });
  });

  it('lets a supervisor unlock or sign out a locked screen, but not another cashier', async () => {
    await operators.add({ operatorNo: '1002', name: '王五', role: 'cashier', pin: '5555' });
    await sessions.signIn('c1', '1001', '1234');
    sessions.lock('c1');
    await rejects(sessions.unlock('c1', '5555', '1002'), 'supervisor-required');
    await rejects(sessions.signOut('c1'), 'supervisor-required');
    await rejects(sessions.signOut('c1', { operatorNo: '1002', pin: '5555' }), 'supervisor-required');
    const out = await sessions.signOut('c1', { operatorNo: '9001', pin: '9999' });
    expect(out.operator).toBeNull();
  });

  it('enforces access rules in main: public, signed-in, supervisor, and an open shift', async () => {
    const ctx = { transport: 'memory' as const, connectionId: 'c1' };
    sessions.checkAccess('app.info', ctx);
    await rejects(() => sessions.checkAccess('bill.suspended', ctx), 'not-signed-in');
    await sessions.signIn('c1', '1001', '1234');
    sessions.checkAccess('bill.suspended', ctx);
    await rejects(() => sessions.checkAccess('bill.new', ctx), 'shift-not-open');
    await rejects(() => sessions.checkAccess('terminal.setBusinessType', ctx), 'supervisor-required');
    sessions.openShift('c1', 0);
    sessions.checkAccess('bill.new', ctx);
    await sessions.signIn('c2', '9001', '9999');
    sessions.checkAccess('terminal.setBusinessType', { transport: 'memory', connectionId: 'c2' });
  });

  it('opens one shift per terminal with its float, and shows it to every session', async () => {
    await sessions.signIn('c1', '1001', '1234');
    const v = sessions.openShift('c1', 50_000);
    expect(v.shift).toMatchObject({ operatorNo: '1001', floatFen: 50_000 });
    await sessions.signIn('c2', '9001', '9999');
    expect(sessions.view('c2').shift?.id).toBe(v.shift?.id);
    await rejects(() => sessions.openShift('c2', 0), 'shift-already-open');
  });

  it('changes the business type only for a supervisor, and keeps it in the ledger', async () => {
    await sessions.signIn('c1', '1001', '1234');
    await rejects(() => sessions.setBusinessType('c1', 2), 'supervisor-required');
    await sessions.signIn('c2', '9001', '9999');
    expect(sessions.setBusinessType('c2', 2).businessType).toBe(2);
    expect(sessions.view('c1').businessType).toBe(2);
  });

  it('signing in again on a connection replaces its previous session', async () => {
    const a = await sessions.signIn('c1', '1001', '1234');
    await sessions.signIn('c1', '9001', '9999');
    expect(sessions.operatorFor('c1')?.operatorNo).toBe('9001');
    await rejects(() => sessions.resume('c2', a.resumeToken!), 'not-signed-in');
    expect(sessions.size()).toBe(1);
  });

  it('signs out and records sign-in, lock, unlock and sign-out in the audit log', async () => {
    const audited: string[] = [];
    const now = () => ts.clock.t;
    const s = createSessionService({
      operators,
      shifts: createShiftService({ store: ts.store, now }),
      settings: createTerminalSettings({
        settings: createSettings({ store: ts.store, now }),
        defaults: { businessType: 1 },
      }),
      now,
      audit: (e) => audited.push(`${e.action}:${e.operatorNo}`),
    });
    await s.signIn('c1', '1001', '1234');
    s.lock('c1');
    await s.unlock('c1', '1234');
    expect((await s.signOut('c1')).operator).toBeNull();
    expect(audited).toEqual([
      'session.sign-in:1001',
      'session.lock:1001',
      'session.unlock:1001',
      'session.sign-out:1001',
    ]);
  });
});

describe('deriveCounterMode', () => {
  const open = { kind: 'sale' as const, status: 'open' as const, cardNo: null };
  it('is locked when nobody is signed in or the screen is locked', () => {
    expect(deriveCounterMode({ signedIn: false, locked: false, bill: open, attemptLive: false })).toBe('locked');
    expect(deriveCounterMode({ signedIn: true, locked: true, bill: open, attemptLive: false })).toBe('locked');
  });
  it('follows the bill', () => {
    const base = { signedIn: true, locked: false };
    expect(deriveCounterMode({ ...base, bill: null, attemptLive: false })).toBe('idle');
    expect(deriveCounterMode({ ...base, bill: open, attemptLive: false })).toBe('building');
    expect(deriveCounterMode({ ...base, bill: open, attemptLive: true })).toBe('payment-live');
    expect(deriveCounterMode({ ...base, bill: { ...open, status: 'locked' }, attemptLive: false })).toBe(
      'payment-live',
    );
    expect(deriveCounterMode({ ...base, bill: { ...open, kind: 'recharge' }, attemptLive: false })).toBe(
      'recharge-card',
    );
    expect(
      deriveCounterMode({ ...base, bill: { ...open, kind: 'recharge', cardNo: '8800123' }, attemptLive: false }),
    ).toBe('building');
    expect(deriveCounterMode({ ...base, bill: { ...open, status: 'paid' }, attemptLive: false })).toBe('idle');
  });
});

describe('activeOperator (scans that come from no connection)', () => {
  it('is the most recently active unlocked, connected session', async () => {
    const ts = tempStore();
    try {
      const now = () => ts.clock.t;
      const operators = createOperatorService({ store: ts.store, now, scrypt: CHEAP });
      await operators.add({ operatorNo: '1001', name: 'A', role: 'cashier', pin: '1234' });
      await operators.add({ operatorNo: '1002', name: 'B', role: 'cashier', pin: '5678' });
      const s = createSessionService({
        operators,
        shifts: createShiftService({ store: ts.store, now }),
        settings: createTerminalSettings({
          settings: createSettings({ store: ts.store, now }),
          defaults: { businessType: 1 },
        }),
        now,
      });
      expect(s.activeOperator()).toBeNull();
      await s.signIn('c1', '1001', '1234');
      ts.clock.t += 1000;
      await s.signIn('c2', '1002', '5678');
      expect(s.activeOperator()?.operatorNo).toBe('1002');
      s.lock('c2');
      expect(s.activeOperator()?.operatorNo).toBe('1001');
      s.lock('c1');
      expect(s.activeOperator()).toBeNull();
      s.disconnect('c1');
      expect(s.activeOperator()).toBeNull();
    } finally {
      ts.cleanup();
    }
  });
});
