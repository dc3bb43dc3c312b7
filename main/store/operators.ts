/**
 * Operators (cashiers and supervisors) and their PINs.
 *
 * PINs are stored as salted scrypt hashes (`scrypt$N$r$p$<salt b64>$<hash b64>`), computed
 * off the main thread (node:crypto scrypt runs in the libuv pool) and compared in constant
 * time. After `maxFailures` wrong PINs in a row an operator is locked out for `lockoutMs`;
 * the lockout and every wrong PIN are in the audit log. An unknown or inactive operator
 * gets the same `pin-wrong` answer, after the same amount of work, as a wrong PIN.
 *
 * Role checks (cashier vs supervisor) happen in main: `verifyPin(..., { role: 'supervisor' })`.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PIN } from '../../app/limits.js';
import { AppError } from '../../app/result.js';
import { audit } from './audit.js';
import type { Store } from './db.js';

export type Role = 'cashier' | 'supervisor';

export interface OperatorView {
  id: number;
  operatorNo: string;
  name: string;
  role: Role;
  active: boolean;
  /** Epoch ms until which PIN entry is refused, or null. */
  lockedUntil: number | null;
  createdAt: number;
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

/** ~50 ms on the counter PCs we measured; interactive-login strength, 16 MiB of memory. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1, keyLength: 32 };

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
  setActive(operatorNo: string, active: boolean, by: string): OperatorView;
  setRole(operatorNo: string, role: Role, by: string): OperatorView;
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
  created_at: number;
}

function scrypt(password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 128 * p.N * p.r * 2 + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, p.keyLength, opts, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Constant-time check of a PIN against a stored hash. A malformed hash never matches. */
export async function checkPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (![N, r, p].every((x) => Number.isSafeInteger(x) && x > 0) || expected.length < 16 || salt.length < 8)
    return false;
  const key = await scrypt(pin, salt, { N, r, p, keyLength: expected.length });
  return timingSafeEqual(key, expected);
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
