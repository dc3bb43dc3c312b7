import { createHash, randomBytes } from 'node:crypto';
import { commands, type CommandName } from '../../app/contract/index.js';
import type { OperatorView, Role, SessionView } from '../../app/contract/session.js';
import { AppError } from '../../app/result.js';
import { SUPERVISOR_AUTH_FIELD, SupervisorAuthSchema, type SupervisorAuth } from '../../app/contract/define.js';
import type { Authorisation } from '../handlers/dispatch.js';
import { auditsGrantUse, DEFAULT_PERMISSIONS, permissionsFor } from './permissions.js';
import type { AuditPort, SessionService, SessionServiceOptions } from './session-types.js';

export type { AuditPort, OperatorPort, SessionService, SessionServiceOptions, ShiftPort } from './session-types.js';

/**
 * Who is at the counter, per connection (Electron window or browser-shell WebSocket).
 *
 * - `signIn` checks the PIN through the operators module (salted scrypt, lockout after repeated
 *   failures — that module owns the counters) and binds a new session to the connection.
 * - A session carries a random resume token (a per-tab ticket the page keeps in sessionStorage,
 *   never the page token); a reloaded page (new connection) presents it with `resume` and the
 *   session moves to the new connection. Only a hash of the token is kept.
 * - A session lives as long as its connection (browser-shell WebSocket, Electron window): when
 *   the transport reports the connection closed (`disconnect`), nobody is "working" on it any
 *   more, and the ticket can bring it back only within `reconnectGraceMs` (a page reload). After
 *   that, or after a restart (sessions are kept in memory only), the counter asks for sign-in.
 * - `lock` keeps the operator signed in but refuses every 'signed-in' command until `unlock`
 *   with the same operator's PIN (or a supervisor's).
 * - `checkAccess` is the AccessCheck for createDispatch: it enforces each command's access rule
 *   ('public' | 'signed-in' | 'supervisor') in main, and an open shift for the commands that
 *   move goods or money, and the role permissions (./permissions.ts): a cashier whose role holds
 *   a command's permission runs it without a supervisor.
 * - An operator whose PIN a supervisor reset signs in through `setNewPin` (temporary PIN, then
 *   a new one): `signIn` answers `pin-change-required` and starts no session.
 */

/** Commands that move goods or money need the terminal's shift to be open. */
export const DEFAULT_SHIFT_COMMANDS: readonly CommandName[] = [
  'sale.quick',
  'payment.collect',
  'bill.new',
  'bill.addItem',
  'bill.addFree',
  'bill.setQuantity',
  'bill.setCard',
  'bill.resume',
  'payment.cash',
];

interface Session {
  id: number;
  operator: OperatorView;
  locked: boolean;
  signedInAt: number;
  lastSeenAt: number;
  tokenHash: string;
  connectionId: string | null;
  /** When its connection closed (null while bound, or never bound since sign-in). */
  disconnectedAt: number | null;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function createSessionService(opts: SessionServiceOptions): SessionService {
  const { operators, shifts, settings, now } = opts;
  const permissions = opts.permissions ?? DEFAULT_PERMISSIONS;
  const maxIdleMs = opts.maxIdleMs ?? 12 * 60 * 60 * 1000;
  const graceMs = opts.reconnectGraceMs ?? 30_000;
  const maxSessions = opts.maxSessions ?? 64;
  const shiftCommands = new Set<string>(opts.shiftCommands ?? DEFAULT_SHIFT_COMMANDS);
  const randomToken = opts.randomToken ?? (() => randomBytes(32).toString('base64url'));
  const record: AuditPort = opts.audit ?? (() => {});
  let seq = 0;
  const byConnection = new Map<string, Session>();
  const byToken = new Map<string, Session>();

  function touch(s: Session): void {
    s.lastSeenAt = now();
  }

  function drop(s: Session): void {
    byToken.delete(s.tokenHash);
    if (s.connectionId !== null && byConnection.get(s.connectionId) === s) byConnection.delete(s.connectionId);
    s.connectionId = null;
  }

  /** Unbound past the grace period (its screen went away), or idle too long. */
  function expired(s: Session, t = now()): boolean {
    if (t - s.lastSeenAt > maxIdleMs) return true;
    return s.connectionId === null && s.disconnectedAt !== null && t - s.disconnectedAt > graceMs;
  }

  function prune(): void {
    const t = now();
    for (const s of [...byToken.values()]) {
      if (!expired(s, t)) continue;
      if (s.connectionId === null && s.disconnectedAt !== null) {
        record({
          action: 'session.ended-disconnected',
          operatorNo: s.operator.operatorNo,
          subject: `operator:${s.operator.operatorNo}`,
        });
      }
      drop(s);
    }
    if (byToken.size <= maxSessions) return;
    const oldest = [...byToken.values()].sort((a, b) => a.lastSeenAt - b.lastSeenAt);
    for (const s of oldest.slice(0, byToken.size - maxSessions)) drop(s);
  }

  function bind(s: Session, connectionId: string): void {
    const previous = byConnection.get(connectionId);
    if (previous && previous !== s) {
      record({
        action: 'session.replaced',
        operatorNo: previous.operator.operatorNo,
        subject: `operator:${previous.operator.operatorNo}`,
      });
      drop(previous);
    }
    if (s.connectionId !== null && s.connectionId !== connectionId && byConnection.get(s.connectionId) === s) {
      byConnection.delete(s.connectionId);
    }
    s.connectionId = connectionId;
    s.disconnectedAt = null;
    byConnection.set(connectionId, s);
  }

  function sessionOf(connectionId: string): Session | null {
    const s = byConnection.get(connectionId) ?? null;
    if (s && now() - s.lastSeenAt > maxIdleMs) {
      drop(s);
      return null;
    }
    return s;
  }

  function view(connectionId: string, token: string | null = null): SessionView {
    const s = sessionOf(connectionId);
    return {
      operator: s ? { ...s.operator } : null,
      locked: s?.locked ?? false,
      signedInAt: s?.signedInAt ?? null,
      shift: shifts.current(),
      businessType: settings.businessType() as SessionView['businessType'],
      autoLockMinutes: settings.autoLockMinutes(),
      resumeToken: token,
    };
  }

  function mustSession(connectionId: string): Session {
    const s = sessionOf(connectionId);
    if (!s) throw new AppError('not-signed-in', 'nobody is signed in on this connection');
    return s;
  }

  function mustUnlocked(connectionId: string): Session {
    const s = mustSession(connectionId);
    if (s.locked) throw new AppError('not-signed-in', 'the screen is locked', { locked: true });
    return s;
  }

  /**
   * A supervisor's PIN on a cashier's screen authorises one command: checked (role supervisor,
   * lockout after wrong PINs — the operators module audits those) and audited here.
   */
  async function authoriseOnTheSpot(s: Session, command: CommandName, auth: SupervisorAuth): Promise<Authorisation> {
    const sup = await operators.verifyPin(auth.supervisorNo, auth.supervisorPin, { role: 'supervisor' });
    // The cashier's session may have been locked or replaced while the PIN was being checked.
    if (s.locked || s.connectionId === null || byConnection.get(s.connectionId) !== s) {
      throw new AppError('not-signed-in', 'the session changed while the supervisor PIN was checked; try again');
    }
    record({
      action: 'supervisor.authorise',
      operatorNo: s.operator.operatorNo,
      authorisedBy: sup.operatorNo,
      subject: `command:${command}`,
    });
    return { operatorNo: sup.operatorNo, name: sup.name, via: 'pin' };
  }

  function startSession(connectionId: string, op: { operatorNo: string; name: string; role: Role }): SessionView {
    const token = randomToken();
    const t = now();
    const s: Session = {
      id: ++seq,
      operator: { operatorNo: op.operatorNo, name: op.name, role: op.role },
      locked: false,
      signedInAt: t,
      lastSeenAt: t,
      tokenHash: hashToken(token),
      connectionId: null,
      disconnectedAt: null,
    };
    byToken.set(s.tokenHash, s);
    bind(s, connectionId);
    prune();
    operators.recordSignIn?.(op.operatorNo);
    record({ action: 'session.sign-in', operatorNo: op.operatorNo, subject: `operator:${op.operatorNo}` });
    return view(connectionId, token);
  }

  const service: SessionService = {
    view: (connectionId) => {
      const s = sessionOf(connectionId);
      if (s) touch(s);
      return view(connectionId);
    },

    async signIn(connectionId, operatorNo, pin) {
      const op = await operators.verifyPin(operatorNo, pin);
      if (op.mustChangePin)
        throw new AppError('pin-change-required', 'the PIN was reset: set a new one to sign in', {
          operatorNo: op.operatorNo,
        });
      return startSession(connectionId, op);
    },

    async setNewPin(connectionId, operatorNo, pin, newPin) {
      const op = await operators.verifyPin(operatorNo, pin);
      if (!op.mustChangePin || !operators.setOwnPin)
        throw new AppError('invalid-input', 'newPin: only after a supervisor reset the PIN', {
          field: 'newPin',
          reason: 'no-reset',
        });
      await operators.setOwnPin(op.operatorNo, newPin);
      return startSession(connectionId, op);
    },

    resume(connectionId, token) {
      prune();
      const s = byToken.get(hashToken(token));
      if (!s || expired(s)) {
        if (s) drop(s);
        throw new AppError('not-signed-in', 'the session has ended; sign in again');
      }
      // A resume hands out a fresh token: the old one cannot be replayed by another page.
      byToken.delete(s.tokenHash);
      const fresh = randomToken();
      s.tokenHash = hashToken(fresh);
      byToken.set(s.tokenHash, s);
      bind(s, connectionId);
      touch(s);
      return view(connectionId, fresh);
    },

    lock(connectionId) {
      const s = mustSession(connectionId);
      if (!s.locked) {
        s.locked = true;
        record({
          action: 'session.lock',
          operatorNo: s.operator.operatorNo,
          subject: `operator:${s.operator.operatorNo}`,
        });
      }
      touch(s);
      return view(connectionId);
    },

    async unlock(connectionId, pin, operatorNo) {
      const s = mustSession(connectionId);
      const who = operatorNo ?? s.operator.operatorNo;
      if (who !== s.operator.operatorNo) {
        // Another person unlocking the counter: only a supervisor may.
        const sup = await operators.verifyPin(who, pin, { role: 'supervisor' });
        record({
          action: 'session.unlock',
          operatorNo: s.operator.operatorNo,
          authorisedBy: sup.operatorNo,
          subject: `operator:${s.operator.operatorNo}`,
        });
      } else {
        await operators.verifyPin(who, pin);
        record({ action: 'session.unlock', operatorNo: who, subject: `operator:${who}` });
      }
      // The session may have been replaced while the PIN was being checked.
      if (byConnection.get(connectionId) !== s)
        throw new AppError('not-signed-in', 'the session has ended; sign in again');
      s.locked = false;
      touch(s);
      return view(connectionId);
    },

    async signOut(connectionId, supervisor) {
      const s = sessionOf(connectionId);
      if (!s) return view(connectionId);
      if (s.locked) {
        if (!supervisor)
          throw new AppError('supervisor-required', 'the screen is locked: a supervisor must sign this operator out', {
            locked: true,
          });
        const sup = await operators.verifyPin(supervisor.operatorNo, supervisor.pin, { role: 'supervisor' });
        record({
          action: 'session.sign-out',
          operatorNo: s.operator.operatorNo,
          authorisedBy: sup.operatorNo,
          subject: `operator:${s.operator.operatorNo}`,
        });
      } else {
        record({
          action: 'session.sign-out',
          operatorNo: s.operator.operatorNo,
          subject: `operator:${s.operator.operatorNo}`,
        });
      }
      drop(s);
      return view(connectionId);
    },

    openShift(connectionId, floatFen) {
      const s = mustUnlocked(connectionId);
      if (shifts.current()) throw new AppError('shift-already-open', 'the terminal already has an open shift');
      shifts.open({ operatorNo: s.operator.operatorNo, floatFen });
      touch(s);
      return view(connectionId);
    },

    setBusinessType(connectionId, businessType) {
      const s = mustUnlocked(connectionId);
      if (s.operator.role !== 'supervisor')
        throw new AppError('supervisor-required', 'only a supervisor may change the business type');
      if (!Number.isInteger(businessType) || businessType < 1 || businessType > 7) {
        throw new AppError('invalid-input', 'businessType: 1 to 7', { field: 'businessType', min: 1, max: 7 });
      }
      settings.setBusinessType(businessType as SessionView['businessType'], s.operator.operatorNo);
      touch(s);
      return view(connectionId);
    },

    operatorFor(connectionId) {
      const s = sessionOf(connectionId);
      return s && !s.locked ? { ...s.operator } : null;
    },

    requireOperator(ctx) {
      return { ...mustUnlocked(ctx.connectionId).operator };
    },

    isLocked(connectionId) {
      return sessionOf(connectionId)?.locked ?? false;
    },

    activeOperator() {
      let best: Session | null = null;
      for (const s of byConnection.values()) {
        if (s.locked || now() - s.lastSeenAt > maxIdleMs) continue;
        if (!best || s.lastSeenAt > best.lastSeenAt) best = s;
      }
      return best ? { ...best.operator } : null;
    },

    checkAccess(command, ctx, input) {
      const access = commands[command].access;
      if (access === 'public') return;
      const s = mustUnlocked(ctx.connectionId);
      touch(s);
      if (shiftCommands.has(command) && !shifts.current()) {
        throw new AppError('shift-not-open', 'open a shift first');
      }
      const needs = permissionsFor(command, input);
      if (access !== 'supervisor' && !needs) return;
      const self: Authorisation = { operatorNo: s.operator.operatorNo, name: s.operator.name, via: 'session' };
      if (s.operator.role === 'supervisor') return access === 'supervisor' ? self : undefined;
      const granted = needs?.find((p) => permissions.has(s.operator.role, p));
      if (granted) {
        if (auditsGrantUse(command))
          record({
            action: 'permission.used',
            operatorNo: s.operator.operatorNo,
            subject: `command:${command}`,
            detail: { permission: granted, role: s.operator.role },
          });
        return access === 'supervisor' ? self : undefined;
      }
      const auth = SupervisorAuthSchema.safeParse(
        input !== null && typeof input === 'object'
          ? (input as Record<string, unknown>)[SUPERVISOR_AUTH_FIELD]
          : undefined,
      );
      if (!auth.success)
        throw new AppError('supervisor-required', `${command} needs a supervisor (signed in, or their PIN)`, {
          canAuthorise: true,
        });
      return authoriseOnTheSpot(s, command, auth.data);
    },

    requireCaller(command, ctx) {
      if (commands[command].access === 'public') return;
      mustUnlocked(ctx.connectionId);
    },

    disconnect(connectionId) {
      const s = byConnection.get(connectionId);
      if (s) {
        byConnection.delete(connectionId);
        s.connectionId = null;
        s.disconnectedAt = now();
      }
      prune();
    },

    size: () => {
      prune();
      return byToken.size;
    },

    operatorChanged(operatorNo, change) {
      for (const s of [...byToken.values()]) {
        if (s.operator.operatorNo !== operatorNo) continue;
        if (change.active) {
          s.operator.role = change.role;
          continue;
        }
        record({ action: 'session.ended-disabled', operatorNo, subject: `operator:${operatorNo}` });
        drop(s);
      }
    },
  };
  return service;
}
