import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterpayApi } from '../../app/contract/index.js';
import { createCore, type Core } from '../core.js';
import { listAudit } from '../store/audit.js';
import { tempDir } from '../store/test-helpers.js';
import { createMemoryTransport } from './memory-transport.js';

/**
 * The 操作员 commands and the role permissions through the real dispatcher and session
 * service of a real core: what a supervisor may change, the sign-in after a PIN reset, and a
 * cashier's grants deciding whether a supervisor must authorise on the spot.
 */

const clock = Date.parse('2026-12-04T09:00:00Z');
let core: Core;
let removeDataDir: () => void;
let n = 0;
const api = (): CounterpayApi => createMemoryTransport(core.dispatch, core.bus, `ops-${++n}`);

async function signedIn(operatorNo: string, pin: string): Promise<CounterpayApi> {
  const a = api();
  const r = await a.invoke('session.signIn', { operatorNo, pin });
  expect(r.ok).toBe(true);
  return a;
}

function code(r: { ok: boolean; error?: { code: string } }): string {
  return r.ok ? 'ok' : r.error!.code;
}

beforeAll(async () => {
  const data = tempDir('cp-ops-');
  removeDataDir = data.cleanup;
  core = await createCore({ shell: 'memory', dataDir: data.dir, now: () => clock });
  await core.operators.add({ operatorNo: '9001', name: '王主管', role: 'supervisor', pin: '246810' });
});

afterAll(async () => {
  await core.close();
  removeDataDir();
});

describe('operators through dispatch', () => {
  it('a supervisor adds a cashier (PIN twice), who can then sign in; a cashier cannot add anyone', async () => {
    const sup = await signedIn('9001', '246810');
    const mismatch = await sup.invoke('operators.add', {
      operatorNo: '1001',
      name: '张三',
      role: 'cashier',
      newPin: '1234',
      newPinRepeat: '1235',
    });
    expect(code(mismatch)).toBe('invalid-input');
    const added = await sup.invoke('operators.add', {
      operatorNo: '1001',
      name: '张三',
      role: 'cashier',
      newPin: '1234',
      newPinRepeat: '1234',
    });
    expect(added.ok && added.value.operators.find((o) => o.operatorNo === '1001')).toMatchObject({
      role: 'cashier',
      active: true,
      mustChangePin: false,
    });
    expect(listAudit(core.store, { subject: 'operator:1001', action: 'operator.add' })[0]?.operatorNo).toBe('9001');

    const cashier = await signedIn('1001', '1234');
    const r = await cashier.invoke('operators.add', {
      operatorNo: '1002',
      name: '李四',
      role: 'supervisor',
      newPin: '1111',
      newPinRepeat: '1111',
    });
    expect(code(r)).toBe('supervisor-required');
    const list = await sup.invoke('operators.list', {});
    expect(list.ok && list.value.operators.find((o) => o.operatorNo === '1001')?.lastSignInAt).toBe(clock);
  });

  it('the last active supervisor cannot disable or demote themself (a clear code)', async () => {
    const sup = await signedIn('9001', '246810');
    expect(code(await sup.invoke('operators.setActive', { operatorNo: '9001', active: false }))).toBe(
      'last-supervisor',
    );
    expect(code(await sup.invoke('operators.setRole', { operatorNo: '9001', role: 'cashier' }))).toBe(
      'last-supervisor',
    );
  });

  it('reset PIN: sign-in asks for a new PIN (twice) before anything else, then signs in', async () => {
    const sup = await signedIn('9001', '246810');
    const reset = await sup.invoke('operators.resetPin', { operatorNo: '1001', newPin: '5555', newPinRepeat: '5555' });
    expect(reset.ok && reset.value.operators.find((o) => o.operatorNo === '1001')?.mustChangePin).toBe(true);

    const a = api();
    const first = await a.invoke('session.signIn', { operatorNo: '1001', pin: '5555' });
    expect(code(first)).toBe('pin-change-required');
    // No session was started: nothing else works on this connection.
    expect((await a.invoke('session.state', {})).ok && (await a.invoke('session.state', {}))).toMatchObject({
      value: { operator: null },
    });
    expect(code(await a.invoke('bill.suspended', {}))).toBe('not-signed-in');
    // The temporary PIN is needed, and the two new PINs must match.
    const wrongTemp = await a.invoke('session.setNewPin', {
      operatorNo: '1001',
      pin: '1234',
      newPin: '7777',
      newPinRepeat: '7777',
    });
    expect(code(wrongTemp)).toBe('pin-wrong');
    const differ = await a.invoke('session.setNewPin', {
      operatorNo: '1001',
      pin: '5555',
      newPin: '7777',
      newPinRepeat: '7778',
    });
    expect(code(differ)).toBe('invalid-input');
    const ok = await a.invoke('session.setNewPin', {
      operatorNo: '1001',
      pin: '5555',
      newPin: '7777',
      newPinRepeat: '7777',
    });
    expect(ok.ok && ok.value.operator?.operatorNo).toBe('1001');
    // From now on the new PIN signs in directly; setNewPin without a reset is refused.
    await signedIn('1001', '7777');
    const again = await api().invoke('session.setNewPin', {
      operatorNo: '1001',
      pin: '7777',
      newPin: '8888',
      newPinRepeat: '8888',
    });
    expect(again.ok ? 'ok' : again.error.details).toMatchObject({ reason: 'no-reset' });
  });

  it('disable: sign-in is refused with operator-disabled; enable lets them back', async () => {
    const sup = await signedIn('9001', '246810');
    expect(code(await sup.invoke('operators.setActive', { operatorNo: '1001', active: false }))).toBe('ok');
    expect(code(await api().invoke('session.signIn', { operatorNo: '1001', pin: '7777' }))).toBe('operator-disabled');
    expect(code(await sup.invoke('operators.setActive', { operatorNo: '1001', active: true }))).toBe('ok');
    await signedIn('1001', '7777');
  });
});

describe('unlock and role changes through dispatch', () => {
  it('a locked-out operator is unlocked by a supervisor (audited) and can sign in again', async () => {
    await core.operators.add({ operatorNo: '1003', name: '赵六', role: 'cashier', pin: '3333' });
    for (let i = 0; i < 5; i++) await api().invoke('session.signIn', { operatorNo: '1003', pin: '0000' });
    expect(code(await api().invoke('session.signIn', { operatorNo: '1003', pin: '3333' }))).toBe('pin-locked-out');
    const sup = await signedIn('9001', '246810');
    const listed = await sup.invoke('operators.list', {});
    expect(listed.ok && listed.value.operators.find((o) => o.operatorNo === '1003')?.lockedUntil).toBeGreaterThan(
      clock,
    );
    const unlocked = await sup.invoke('operators.unlock', { operatorNo: '1003' });
    expect(unlocked.ok && unlocked.value.operators.find((o) => o.operatorNo === '1003')?.lockedUntil).toBeNull();
    expect(listAudit(core.store, { subject: 'operator:1003', action: 'operator.unlock' })[0]?.operatorNo).toBe('9001');
    await signedIn('1003', '3333');
  });

  it('a cashier made a supervisor passes supervisor commands without a PIN; the change is audited', async () => {
    const sup = await signedIn('9001', '246810');
    expect(code(await sup.invoke('operators.setRole', { operatorNo: '1003', role: 'supervisor' }))).toBe('ok');
    const promoted = await signedIn('1003', '3333');
    expect(code(await promoted.invoke('operators.list', {}))).toBe('ok');
    expect(listAudit(core.store, { subject: 'operator:1003', action: 'operator.role' })[0]).toMatchObject({
      operatorNo: '9001',
      detail: { from: 'cashier', to: 'supervisor' },
    });
    // With two supervisors, one may now be demoted again; the open session is a cashier's from then on.
    expect(code(await promoted.invoke('operators.setRole', { operatorNo: '1003', role: 'cashier' }))).toBe('ok');
    expect(code(await promoted.invoke('operators.list', {}))).toBe('supervisor-required');
  });

  it('disabling a signed-in operator ends their session at once', async () => {
    const sup = await signedIn('9001', '246810');
    const cashier = await signedIn('1003', '3333');
    expect(code(await cashier.invoke('bill.suspended', {}))).toBe('ok');
    expect(code(await sup.invoke('operators.setActive', { operatorNo: '1003', active: false }))).toBe('ok');
    expect(code(await cashier.invoke('bill.suspended', {}))).toBe('not-signed-in');
    expect(
      listAudit(core.store, { subject: 'operator:1003', action: 'session.ended-disabled' }).length,
    ).toBeGreaterThan(0);
  });
});

describe('role permissions enforced in dispatch', () => {
  it('a cashier needs a supervisor for cash in/out until the role is granted it, then the use is audited', async () => {
    const sup = await signedIn('9001', '246810');
    expect(code(await sup.invoke('shift.open', { floatFen: 10_000 }))).toBe('ok');
    const cashier = await signedIn('1001', '7777');
    const move = { direction: 'in' as const, amountFen: 500, reason: '备用零钱' };
    const refused = await cashier.invoke('cash.move', move);
    expect(code(refused)).toBe('supervisor-required');

    expect(code(await sup.invoke('permissions.set', { role: 'cashier', permission: 'cash-move', granted: true }))).toBe(
      'ok',
    );
    const moved = await cashier.invoke('cash.move', move);
    expect(code(moved)).toBe('ok');
    const used = listAudit(core.store, { action: 'permission.used' })[0];
    expect(used).toMatchObject({
      operatorNo: '1001',
      subject: 'command:cash.move',
      detail: { permission: 'cash-move' },
    });
    expect(listAudit(core.store, { action: 'permission.grant' })[0]).toMatchObject({
      operatorNo: '9001',
      detail: { permission: 'cash-move' },
    });

    // Withdrawn again: back to a supervisor's PIN on the spot, which still works.
    await sup.invoke('permissions.set', { role: 'cashier', permission: 'cash-move', granted: false });
    expect(code(await cashier.invoke('cash.move', move))).toBe('supervisor-required');
    const authorised = await cashier.invoke('cash.move', {
      ...move,
      auth: { supervisorNo: '9001', supervisorPin: '246810' },
    });
    expect(code(authorised)).toBe('ok');
  });

  it('reprint: allowed to a cashier by default; withdrawn, a reprint needs a supervisor (a first print does not)', async () => {
    const cashier = await signedIn('1001', '7777');
    const sup = await signedIn('9001', '246810');
    // No such bill: the caller got past the access check (the handler answered).
    expect(code(await cashier.invoke('receipt.print', { billId: 999_999, reprint: true }))).toBe('bill-not-found');
    await sup.invoke('permissions.set', { role: 'cashier', permission: 'reprint', granted: false });
    expect(code(await cashier.invoke('receipt.print', { billId: 999_999, reprint: true }))).toBe('supervisor-required');
    expect(code(await cashier.invoke('receipt.print', { billId: 999_999, reprint: false }))).toBe('bill-not-found');
    expect(code(await sup.invoke('receipt.print', { billId: 999_999, reprint: true }))).toBe('bill-not-found');
  });
});
