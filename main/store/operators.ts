/**
 * Operators (cashiers and supervisors) and their PINs.
 *
 * PINs are stored as salted scrypt hashes (`scrypt$N$r$p$<salt b64>$<hash b64>`), computed
 * off the main thread (node:crypto scrypt runs in the libuv pool) and compared in constant
 * time. After `maxFailures` wrong PINs in a row an operator is locked out for `lockoutMs`;
 * the lockout and every wrong PIN are in the audit log. An unknown operator gets the same
 * `pin-wrong` answer, after the same amount of work, as a wrong PIN; a disabled operator is
 * told `operator-disabled` only when the PIN was right.
 *
 * The counter keeps at least one active supervisor: disabling or demoting the last one is
 * refused (`last-supervisor`). A PIN reset gives a temporary PIN and sets `must_change_pin`; the
 * session service then asks for a new PIN before the sign-in completes (migration 007).
 *
 * Role checks (cashier vs supervisor) happen in main: `verifyPin(..., { role: 'supervisor' })`.
 */
import { PIN } from '../../app/limits.js';
import { AppError } from '../../app/result.js';
import { audit } from './audit.js';
import type { Store } from './db.js';
import { checkPin, DEFAULT_SCRYPT, hashPin, type ScryptParams } from './pin-hash.js';

export { checkPin, DEFAULT_SCRYPT, hashPin, type ScryptParams } from './pin-hash.js';

export type Role = 'cashier' | 'supervisor';

export interface OperatorView {
  id: number;
  operatorNo: string;
  name: string;
  role: Role;
  active: boolean;
  /** Epoch ms until which PIN entry is refused, or null. */
  lockedUntil: number | null;
  /** A supervisor reset the PIN: the next sign-in sets a new one first. */
  mustChangePin: boolean;
  lastSignInAt: number | null;
  createdAt: number;
}

export const PIN_PATTERN = PIN.pattern;

export interface OperatorServiceOptions {
  store: Store;
  now: () => number;
  /** Wrong PINs in a row before a lockout. Default 5. */
  maxFailures?: number;
  /** Lockout length in ms. Default 60 s. */
  lockoutMs?: number;
  /** Tests use cheaper parameters. */
  scrypt?: ScryptParams;
}

export interface OperatorService {
  add(input: { operatorNo: string; name: string; role: Role; pin: string }, by?: string | null): Promise<OperatorView>;
  get(operatorNo: string): OperatorView | null;
  list(): OperatorView[];
  count(): number;
  /**
   * Check a PIN. Resolves with the operator; rejects with `pin-wrong` (unknown, inactive or
   * wrong — indistinguishable), `pin-locked-out` (details.retryAt) or, when `role` is given
   * and the operator lacks it, `supervisor-required`.
   * `countFailures: false` (callers that are not signed in, e.g. setup.authorize, which throttles
   * per connection instead): a wrong PIN is audited but never counts towards a lockout.
   */
  verifyPin(operatorNo: string, pin: string, opts?: { role?: Role; countFailures?: boolean }): Promise<OperatorView>;
  setPin(operatorNo: string, pin: string, by: string): Promise<void>;
  /** Disable or enable. Disabling the last active supervisor: `last-supervisor`. */
  setActive(operatorNo: string, active: boolean, by: string): OperatorView;
  /** Demoting the last active supervisor: `last-supervisor`. */
  setRole(operatorNo: string, role: Role, by: string): OperatorView;
  /** A temporary PIN set by a supervisor; the operator must set a new one at the next sign-in. */
  resetPin(operatorNo: string, pin: string, by: string): Promise<OperatorView>;
  /**
   * The operator sets their own new PIN after a reset (the temporary PIN was checked by the
   * caller). The new PIN must differ from the temporary one.
   */
  setOwnPin(operatorNo: string, pin: string): Promise<OperatorView>;
  /** Remember a successful sign-in (shown in the operator list). */
  recordSignIn(operatorNo: string): void;
  /** Clear a lockout and the failure counter (a supervisor did it). */
  unlock(operatorNo: string, by: string): OperatorView;
  /**
   * Create the first supervisor — only if there are no operators at all. Returns the new
   * operator, or null when the table was not empty (nothing is changed then).
   */
  seedDefaultSupervisor(input: { operatorNo: string; name: string; pin: string }): Promise<OperatorView | null>;
}

interface Row {
  id: number;
  operator_no: string;
  name: string;
  role: Role;
  pin_hash: string;
  active: number;
  failed_pins: number;
  locked_until: number | null;
  must_change_pin: number;
  last_sign_in_at: number | null;
  created_at: number;
}

function validPin(pin: unknown): string {
  if (typeof pin !== 'string' || !PIN_PATTERN.test(pin)) {
    throw new AppError('invalid-input', `pin: ${PIN.rule}`, { field: 'pin', min: PIN.minLength, max: PIN.maxLength });
  }
  return pin;
}

function validOperatorNo(no: unknown): string {
  if (typeof no !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(no)) {
    throw new AppError('invalid-input', 'operatorNo: 1 to 32 letters, digits, - or _', {
      field: 'operatorNo',
      max: 32,
    });
  }
  return no;
}

function validName(name: unknown): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (n.length < 1 || n.length > 40)
    throw new AppError('invalid-input', 'name: 1 to 40 characters', { field: 'name', max: 40 });
  return n;
}

function validRole(role: unknown): Role {
  if (role !== 'cashier' && role !== 'supervisor')
    throw new AppError('invalid-input', 'role: cashier or supervisor', { field: 'role' });
  return role;
}

export function createOperatorService(opts: OperatorServiceOptions): OperatorService {
  const { store, now } = opts;
  const maxFailures = opts.maxFailures ?? 5;
  const lockoutMs = opts.lockoutMs ?? 60_000;
  const params = opts.scrypt ?? DEFAULT_SCRYPT;
  const { db } = store;
  const q = {
    get: db.prepare('SELECT * FROM operators WHERE operator_no = ?'),
    list: db.prepare('SELECT * FROM operators ORDER BY role DESC, operator_no'),
    count: db.prepare('SELECT count(*) FROM operators').pluck(),
    insert: db.prepare(
      'INSERT INTO operators (operator_no, name, role, pin_hash, active, created_at) VALUES (?, ?, ?, ?, 1, ?)',
    ),
    fail: db.prepare('UPDATE operators SET failed_pins = failed_pins + 1 WHERE id = ?'),
    lock: db.prepare('UPDATE operators SET failed_pins = 0, locked_until = ? WHERE id = ?'),
    ok: db.prepare(
      'UPDATE operators SET failed_pins = 0, locked_until = NULL WHERE id = ? AND (failed_pins <> 0 OR locked_until IS NOT NULL)',
    ),
    setPin: db.prepare('UPDATE operators SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE id = ?'),
    setActive: db.prepare('UPDATE operators SET active = ? WHERE id = ?'),
    setRole: db.prepare('UPDATE operators SET role = ? WHERE id = ?'),
    mustChange: db.prepare('UPDATE operators SET must_change_pin = ? WHERE id = ?'),
    signedIn: db.prepare('UPDATE operators SET last_sign_in_at = ? WHERE operator_no = ?'),
    otherSupervisors: db
      .prepare("SELECT count(*) FROM operators WHERE role = 'supervisor' AND active = 1 AND id <> ?")
      .pluck(),
  };
  // A hash to check against when the operator does not exist, so the answer takes as long.
  let decoy: Promise<string> | null = null;

  const toView = (r: Row): OperatorView => ({
    id: r.id,
    operatorNo: r.operator_no,
    name: r.name,
    role: r.role,
    active: r.active === 1,
    lockedUntil: r.locked_until !== null && r.locked_until > now() ? r.locked_until : null,
    mustChangePin: r.must_change_pin === 1,
    lastSignInAt: r.last_sign_in_at,
    createdAt: r.created_at,
  });

  const row = (operatorNo: string): Row | undefined => q.get.get(operatorNo) as Row | undefined;
  const mustRow = (operatorNo: string): Row => {
    const r = row(operatorNo);
    if (!r) throw new AppError('invalid-input', `operator ${operatorNo} not found`, { field: 'operatorNo' });
    return r;
  };

  async function insert(
    input: { operatorNo: string; name: string; role: Role; pin: string },
    by: string | null,
    action: string,
  ): Promise<OperatorView> {
    const operatorNo = validOperatorNo(input.operatorNo);
    const name = validName(input.name);
    const role = validRole(input.role);
    const hash = await hashPin(validPin(input.pin), params);
    return store.tx(() => {
      if (row(operatorNo))
        throw new AppError('invalid-input', `operator ${operatorNo} already exists`, {
          field: 'operatorNo',
          reason: 'duplicate',
        });
      q.insert.run(operatorNo, name, role, hash, now());
      audit(store, { action, operatorNo: by, subject: `operator:${operatorNo}`, detail: { name, role } });
      return toView(row(operatorNo)!);
    });
  }

  return {
    add: (input, by = null) => insert(input, by, 'operator.add'),
    get(operatorNo) {
      const r = row(operatorNo);
      return r ? toView(r) : null;
    },
    list: () => (q.list.all() as Row[]).map(toView),
    count: () => q.count.get() as number,

    async verifyPin(operatorNo, pin, o = {}) {
      const r = typeof operatorNo === 'string' ? row(operatorNo) : undefined;
      if (r && r.locked_until !== null && r.locked_until > now()) {
        throw new AppError('pin-locked-out', `too many wrong PINs; try again later`, { retryAt: r.locked_until });
      }
      const candidate = typeof pin === 'string' ? pin : '';
      if (r && r.active !== 1 && PIN_PATTERN.test(candidate)) {
        // Disabled: only the right PIN learns so (the same work as any other check).
        if (await checkPin(candidate, r.pin_hash))
          throw new AppError('operator-disabled', `operator ${r.operator_no} is disabled`);
        throw new AppError('pin-wrong', 'wrong operator number or PIN');
      }
      if (!r || r.active !== 1 || !PIN_PATTERN.test(candidate)) {
        decoy ??= hashPin('0000', params);
        await checkPin(candidate, await decoy);
        if (r && r.active === 1) recordFailure(r, o.countFailures !== false);
        throw new AppError('pin-wrong', 'wrong operator number or PIN');
      }
      const good = await checkPin(candidate, r.pin_hash);
      // Re-read: another check may have locked the operator while we hashed.
      const fresh = row(r.operator_no);
      if (!fresh) throw new AppError('pin-wrong', 'wrong operator number or PIN');
      if (fresh.locked_until !== null && fresh.locked_until > now()) {
        throw new AppError('pin-locked-out', 'too many wrong PINs; try again later', { retryAt: fresh.locked_until });
      }
      if (!good) {
        recordFailure(fresh, o.countFailures !== false);
        throw new AppError('pin-wrong', 'wrong operator number or PIN');
      }
      q.ok.run(fresh.id);
      if (o.role === 'supervisor' && fresh.role !== 'supervisor') {
        throw new AppError('supervisor-required', `operator ${fresh.operator_no} is not a supervisor`);
      }
      return toView(row(fresh.operator_no)!);
    },

    async setPin(operatorNo, pin, by) {
      const hash = await hashPin(validPin(pin), params);
      store.tx(() => {
        const r = mustRow(operatorNo);
        q.setPin.run(hash, r.id);
        audit(store, { action: 'operator.pin-changed', operatorNo: by, subject: `operator:${r.operator_no}` });
      });
    },

    setActive(operatorNo, active, by) {
      return store.tx(() => {
        const r = mustRow(operatorNo);
        if (!active) keepOneSupervisor(r, 'disable');
        q.setActive.run(active ? 1 : 0, r.id);
        audit(store, {
          action: active ? 'operator.activate' : 'operator.deactivate',
          operatorNo: by,
          subject: `operator:${r.operator_no}`,
        });
        return toView(mustRow(operatorNo));
      });
    },

    setRole(operatorNo, role, by) {
      const ro = validRole(role);
      return store.tx(() => {
        const r = mustRow(operatorNo);
        if (ro !== 'supervisor') keepOneSupervisor(r, 'demote');
        q.setRole.run(ro, r.id);
        audit(store, {
          action: 'operator.role',
          operatorNo: by,
          subject: `operator:${r.operator_no}`,
          detail: { from: r.role, to: ro },
        });
        return toView(mustRow(operatorNo));
      });
    },

    async resetPin(operatorNo, pin, by) {
      const hash = await hashPin(validPin(pin), params);
      return store.tx(() => {
        const r = mustRow(operatorNo);
        q.setPin.run(hash, r.id);
        q.mustChange.run(1, r.id);
        audit(store, { action: 'operator.pin-reset', operatorNo: by, subject: `operator:${r.operator_no}` });
        return toView(mustRow(operatorNo));
      });
    },

    async setOwnPin(operatorNo, pin) {
      const before = mustRow(operatorNo);
      if (await checkPin(validPin(pin), before.pin_hash))
        throw new AppError('invalid-input', 'newPin: must differ from the temporary PIN', {
          field: 'newPin',
          reason: 'same-as-temporary',
        });
      const hash = await hashPin(pin, params);
      return store.tx(() => {
        const r = mustRow(operatorNo);
        q.setPin.run(hash, r.id);
        q.mustChange.run(0, r.id);
        audit(store, {
          action: 'operator.pin-set-at-sign-in',
          operatorNo: r.operator_no,
          subject: `operator:${r.operator_no}`,
        });
        return toView(mustRow(operatorNo));
      });
    },

    recordSignIn(operatorNo) {
      q.signedIn.run(now(), operatorNo);
    },

    unlock(operatorNo, by) {
      return store.tx(() => {
        const r = mustRow(operatorNo);
        q.ok.run(r.id);
        audit(store, { action: 'operator.unlock', operatorNo: by, subject: `operator:${r.operator_no}` });
        return toView(mustRow(operatorNo));
      });
    },

    async seedDefaultSupervisor(input) {
      if ((q.count.get() as number) > 0) return null;
      const operatorNo = validOperatorNo(input.operatorNo);
      const name = validName(input.name);
      const hash = await hashPin(validPin(input.pin), params);
      return store.tx(() => {
        if ((q.count.get() as number) > 0) return null;
        q.insert.run(operatorNo, name, 'supervisor', hash, now());
        audit(store, { action: 'operator.seed-supervisor', subject: `operator:${operatorNo}` });
        return toView(row(operatorNo)!);
      });
    },
  };

  /** The counter always keeps one active supervisor (who else would add operators or close shifts?). */
  function keepOneSupervisor(r: Row, what: 'disable' | 'demote'): void {
    if (r.role !== 'supervisor' || r.active !== 1) return;
    if ((q.otherSupervisors.get(r.id) as number) > 0) return;
    throw new AppError('last-supervisor', `${r.operator_no} is the last active supervisor and cannot be ${what}d`, {
      field: 'operatorNo',
      operatorNo: r.operator_no,
      action: what,
    });
  }

  function recordFailure(r: Row, count = true): void {
    if (!count) {
      audit(store, {
        action: 'operator.pin-wrong',
        operatorNo: r.operator_no,
        subject: `operator:${r.operator_no}`,
        detail: { counted: false },
      });
      return;
    }
    store.tx(() => {
      q.fail.run(r.id);
      const failures = row(r.operator_no)?.failed_pins ?? r.failed_pins + 1;
      audit(store, {
        action: 'operator.pin-wrong',
        operatorNo: r.operator_no,
        subject: `operator:${r.operator_no}`,
        detail: { failures },
      });
      if (failures >= maxFailures) {
        const until = now() + lockoutMs;
        q.lock.run(until, r.id);
        audit(store, {
          action: 'operator.pin-locked',
          operatorNo: r.operator_no,
          subject: `operator:${r.operator_no}`,
          detail: { until },
        });
      }
    });
  }
}
