import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { listAudit } from './audit.js';
import { checkPin, createOperatorService, hashPin, type OperatorService } from './operators.js';
import { tempStore, type TempStore } from './test-helpers.js';

const FAST = { N: 1024, r: 8, p: 1, keyLength: 32 };
let t: TempStore;
let ops: OperatorService;

beforeEach(() => {
  t = tempStore();
  ops = createOperatorService({
    store: t.store,
    now: () => t.clock.t,
    scrypt: FAST,
    maxFailures: 3,
    lockoutMs: 60_000,
  });
});
afterEach(() => t.cleanup());

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('PIN hashes', () => {
  it('are salted scrypt and compare correctly', async () => {
    const a = await hashPin('1234', FAST);
    const b = await hashPin('1234', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b); // salted
    expect(await checkPin('1234', a)).toBe(true);
    expect(await checkPin('1235', a)).toBe(false);
    expect(await checkPin('1234', 'garbage')).toBe(false);
    expect(await checkPin('1234', 'scrypt$0$8$1$AAAA$AAAA')).toBe(false);
  });

  it('never stores the PIN itself', async () => {
    await ops.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '246810' });
    const row = t.store.db.prepare('SELECT pin_hash FROM operators').pluck().get() as string;
    expect(row).not.toContain('246810');
    expect(JSON.stringify(listAudit(t.store))).not.toContain('246810');
  });
});

describe('operators', () => {
  it('verifies PINs and roles', async () => {
    await ops.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
    await ops.add({ operatorNo: 'S01', name: '李主管', role: 'supervisor', pin: '9999' }, '1001');
    expect((await ops.verifyPin('1001', '1234')).name).toBe('张三');
    expect((await rejection(ops.verifyPin('1001', '1234', { role: 'supervisor' }))).code).toBe('supervisor-required');
    expect((await ops.verifyPin('S01', '9999', { role: 'supervisor' })).role).toBe('supervisor');
    expect((await rejection(ops.verifyPin('nobody', '1234'))).code).toBe('pin-wrong');
    expect((await rejection(ops.verifyPin('1001', 'abcd'))).code).toBe('pin-wrong');
    ops.setActive('1001', false, 'S01');
    expect((await rejection(ops.verifyPin('1001', '1234'))).code).toBe('operator-disabled'); // told, once the PIN was right
    expect(ops.list().map((o) => o.operatorNo)).toEqual(['S01', '1001']);
  });

  it('validates input', async () => {
    expect(
      (await rejection(ops.add({ operatorNo: '1001', name: 'x', role: 'cashier', pin: '12' }))).details,
    ).toMatchObject({ field: 'pin' });
    expect(
      (await rejection(ops.add({ operatorNo: 'x'.repeat(33), name: 'x', role: 'cashier', pin: '1234' }))).details,
    ).toMatchObject({ field: 'operatorNo' });
    expect(
      (await rejection(ops.add({ operatorNo: '1', name: 'x', role: 'boss' as 'cashier', pin: '1234' }))).details,
    ).toMatchObject({ field: 'role' });
    await ops.add({ operatorNo: '1', name: 'x', role: 'cashier', pin: '1234' });
    expect(
      (await rejection(ops.add({ operatorNo: '1', name: 'y', role: 'cashier', pin: '1234' }))).details,
    ).toMatchObject({ reason: 'duplicate' });
  });

  it('locks out after N wrong PINs for a short time, audited; success resets the counter', async () => {
    await ops.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
    await rejection(ops.verifyPin('1001', '0000'));
    await ops.verifyPin('1001', '1234'); // resets
    await rejection(ops.verifyPin('1001', '0000'));
    await rejection(ops.verifyPin('1001', '0000'));
    const third = await rejection(ops.verifyPin('1001', '0000'));
    expect(third.code).toBe('pin-wrong');
    const locked = await rejection(ops.verifyPin('1001', '1234')); // right PIN, still locked
    expect(locked.code).toBe('pin-locked-out');
    expect(locked.details).toEqual({ retryAt: t.clock.t + 60_000 });
    expect(ops.get('1001')!.lockedUntil).toBe(t.clock.t + 60_000);
    t.clock.t += 60_001;
    expect((await ops.verifyPin('1001', '1234')).lockedUntil).toBeNull();
    const actions = listAudit(t.store, { subject: 'operator:1001' }).map((a) => a.action);
    expect(actions.filter((a) => a === 'operator.pin-wrong')).toHaveLength(4);
    expect(actions).toContain('operator.pin-locked');
  });

  it('a supervisor can clear a lockout and change a PIN', async () => {
    await ops.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
    for (let i = 0; i < 3; i++) await rejection(ops.verifyPin('1001', '0000'));
    expect(ops.unlock('1001', 'S01').lockedUntil).toBeNull();
    await ops.setPin('1001', '5678', 'S01');
    expect((await rejection(ops.verifyPin('1001', '1234'))).code).toBe('pin-wrong');
    await ops.verifyPin('1001', '5678');
    expect(ops.setRole('1001', 'supervisor', 'S01').role).toBe('supervisor');
  });

  it('seeds a default supervisor only into an empty table', async () => {
    const s = await ops.seedDefaultSupervisor({ operatorNo: 'admin', name: '主管', pin: '8888' });
    expect(s).toMatchObject({ operatorNo: 'admin', role: 'supervisor' });
    expect(await ops.seedDefaultSupervisor({ operatorNo: 'admin2', name: '主管', pin: '8888' })).toBeNull();
    expect(ops.count()).toBe(1);
  });

  it('uses interactive-strength parameters by default', async () => {
    const real = createOperatorService({ store: t.store, now: () => t.clock.t });
    const v = await real.add({ operatorNo: 'R1', name: 'r', role: 'cashier', pin: '1234' });
    expect(t.store.db.prepare('SELECT pin_hash FROM operators WHERE id = ?').pluck().get(v.id)).toMatch(
      /^scrypt\$16384\$8\$1\$/,
    );
  });
});
