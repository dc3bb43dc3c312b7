import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { listAudit } from './audit.js';
import { createOperatorService, type OperatorService } from './operators.js';
import { createPermissionService, type PermissionService } from './permissions.js';
import { tempStore, type TempStore } from './test-helpers.js';

/** Operator upkeep from the supervisor screen: the last-supervisor rule, PIN resets, disabling, permissions. */

const FAST = { N: 1024, r: 8, p: 1, keyLength: 32 };
let t: TempStore;
let ops: OperatorService;
let perms: PermissionService;

beforeEach(async () => {
  t = tempStore();
  ops = createOperatorService({ store: t.store, now: () => t.clock.t, scrypt: FAST });
  perms = createPermissionService({ store: t.store, now: () => t.clock.t });
  await ops.add({ operatorNo: 'S01', name: '李主管', role: 'supervisor', pin: '9999' });
  await ops.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' }, 'S01');
});
afterEach(() => t.cleanup());

async function rejection(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('the last active supervisor', () => {
  it('cannot be disabled or demoted; with a second supervisor both are allowed', async () => {
    expect((await rejection(() => ops.setActive('S01', false, 'S01'))).code).toBe('last-supervisor');
    expect((await rejection(() => ops.setRole('S01', 'cashier', 'S01'))).code).toBe('last-supervisor');
    expect(ops.get('S01')).toMatchObject({ active: true, role: 'supervisor' });

    await ops.add({ operatorNo: 'S02', name: '王主管', role: 'supervisor', pin: '8888' }, 'S01');
    expect(ops.setRole('S01', 'cashier', 'S02').role).toBe('cashier');
    // S02 is now the last one.
    expect((await rejection(() => ops.setActive('S02', false, 'S02'))).code).toBe('last-supervisor');
  });

  it('a disabled supervisor does not count as the other one', async () => {
    await ops.add({ operatorNo: 'S02', name: '王主管', role: 'supervisor', pin: '8888' }, 'S01');
    ops.setActive('S02', false, 'S01');
    expect((await rejection(() => ops.setActive('S01', false, 'S01'))).code).toBe('last-supervisor');
  });

  it('disabling a cashier is fine and audited', () => {
    ops.setActive('1001', false, 'S01');
    const rows = listAudit(t.store, { subject: 'operator:1001' });
    expect(rows.map((r) => [r.action, r.operatorNo])).toContainEqual(['operator.deactivate', 'S01']);
  });
});

describe('a disabled operator', () => {
  it('is told operator-disabled with the right PIN, pin-wrong with a wrong one', async () => {
    ops.setActive('1001', false, 'S01');
    expect((await rejection(ops.verifyPin('1001', '1234'))).code).toBe('operator-disabled');
    expect((await rejection(ops.verifyPin('1001', '4321'))).code).toBe('pin-wrong');
    ops.setActive('1001', true, 'S01');
    expect((await ops.verifyPin('1001', '1234')).active).toBe(true);
  });
});

describe('a PIN reset', () => {
  it('sets a temporary PIN and the must-change flag; the operator then sets a new PIN', async () => {
    const reset = await ops.resetPin('1001', '5555', 'S01');
    expect(reset.mustChangePin).toBe(true);
    expect((await rejection(ops.verifyPin('1001', '1234'))).code).toBe('pin-wrong');
    expect((await ops.verifyPin('1001', '5555')).mustChangePin).toBe(true);

    // The new PIN must differ from the temporary one and follow the policy.
    const same = await rejection(ops.setOwnPin('1001', '5555'));
    expect(same.details).toMatchObject({ field: 'newPin', reason: 'same-as-temporary' });
    expect((await rejection(ops.setOwnPin('1001', '12'))).details).toMatchObject({ field: 'pin', min: 4, max: 12 });

    expect((await ops.setOwnPin('1001', '2468')).mustChangePin).toBe(false);
    expect((await ops.verifyPin('1001', '2468')).mustChangePin).toBe(false);
    const actions = listAudit(t.store, { subject: 'operator:1001' }).map((r) => [r.action, r.operatorNo]);
    expect(actions).toContainEqual(['operator.pin-reset', 'S01']);
    expect(actions).toContainEqual(['operator.pin-set-at-sign-in', '1001']);
  });

  it('also clears a lockout', async () => {
    const locking = createOperatorService({ store: t.store, now: () => t.clock.t, scrypt: FAST, maxFailures: 2 });
    await rejection(locking.verifyPin('1001', '0000'));
    await rejection(locking.verifyPin('1001', '0000'));
    expect(locking.get('1001')?.lockedUntil).not.toBeNull();
    await locking.resetPin('1001', '5555', 'S01');
    expect(locking.get('1001')?.lockedUntil).toBeNull();
  });
});

describe('role permissions', () => {
  it('default: a cashier may reprint only; a supervisor holds everything', () => {
    expect(perms.grants().cashier).toEqual(['reprint']);
    expect(perms.has('cashier', 'refund')).toBe(false);
    expect(perms.has('supervisor', 'refund')).toBe(true);
  });

  it('grants and withdrawals are stored in PERMISSIONS order and audited once per change', () => {
    perms.set('shift-close', true, 'S01');
    perms.set('refund', true, 'S01');
    perms.set('refund', true, 'S01'); // no change, no row
    perms.set('reprint', false, 'S01');
    expect(perms.grants().cashier).toEqual(['refund', 'shift-close']);
    // A second service over the same ledger reads the same.
    expect(createPermissionService({ store: t.store, now: () => t.clock.t }).has('cashier', 'refund')).toBe(true);
    const rows = listAudit(t.store, { subject: 'role:cashier' }).reverse();
    expect(rows.map((r) => [r.action, r.detail?.permission, r.operatorNo])).toEqual([
      ['permission.grant', 'shift-close', 'S01'],
      ['permission.grant', 'refund', 'S01'],
      ['permission.revoke', 'reprint', 'S01'],
    ]);
  });
});

describe('sign-in times', () => {
  it('are remembered for the list', () => {
    expect(ops.get('1001')?.lastSignInAt).toBeNull();
    t.clock.t += 5_000;
    ops.recordSignIn('1001');
    expect(ops.get('1001')?.lastSignInAt).toBe(t.clock.t);
  });
});
