/** The session service's interface and the ports it is built from (main/session/session-service.ts). */
import type { CommandName } from '../../app/contract/index.js';
import type { OperatorView, Role, SessionView, ShiftView } from '../../app/contract/session.js';
import type { AccessCheck, CallContext } from '../handlers/dispatch.js';
import type { AuditEntry } from '../store/audit.js';
import type { PermissionPort } from './permissions.js';
import type { TerminalSettings } from './terminal-settings.js';

export interface OperatorPort {
  /** Resolves with the operator or rejects with AppError pin-wrong / pin-locked-out / supervisor-required. */
  verifyPin(
    operatorNo: string,
    pin: string,
    opts?: { role?: Role },
  ): Promise<{ operatorNo: string; name: string; role: Role; mustChangePin?: boolean }>;
  /** The operator's own new PIN after a reset (policy and "not the temporary one" checked there). */
  setOwnPin?(operatorNo: string, pin: string): Promise<unknown>;
  /** Remember a successful sign-in. */
  recordSignIn?(operatorNo: string): void;
}

export interface ShiftPort {
  /** The terminal's open shift, or null. */
  current(): ShiftView | null;
  /** Open the terminal's shift; AppError shift-already-open when one is open. */
  open(input: { operatorNo: string; floatFen: number }): ShiftView;
}

/** Writes one audit entry (main/store/audit.ts). */
export type AuditPort = (entry: AuditEntry) => void;

export interface SessionServiceOptions {
  operators: OperatorPort;
  shifts: ShiftPort;
  settings: TerminalSettings;
  now: () => number;
  audit?: AuditPort;
  /** Role permissions (main/store/permissions.ts); default: DEFAULT_PERMISSIONS. */
  permissions?: PermissionPort;
  /** A session not seen for this long cannot be resumed any more (default 12 h). */
  maxIdleMs?: number;
  /** A session whose connection closed can be resumed for this long, then it ends (default 30 s). */
  reconnectGraceMs?: number;
  /** Most sessions kept at once (default 64); the least recently seen goes first. */
  maxSessions?: number;
  /** Commands that need an open shift (besides being signed in). */
  shiftCommands?: readonly CommandName[];
  /** For tests. */
  randomToken?: () => string;
}

export interface SessionService {
  view(connectionId: string): SessionView;
  signIn(connectionId: string, operatorNo: string, pin: string): Promise<SessionView>;
  /** Sign-in after a PIN reset: the temporary PIN, then the new one (already typed twice). */
  setNewPin(connectionId: string, operatorNo: string, pin: string, newPin: string): Promise<SessionView>;
  resume(connectionId: string, token: string): SessionView;
  lock(connectionId: string): SessionView;
  unlock(connectionId: string, pin: string, operatorNo?: string): Promise<SessionView>;
  signOut(connectionId: string, supervisor?: { operatorNo: string; pin: string }): Promise<SessionView>;
  openShift(connectionId: string, floatFen: number): SessionView;
  setBusinessType(connectionId: string, businessType: number): SessionView;
  /** The operator signed in on this connection, if the screen is not locked. */
  operatorFor(connectionId: string): OperatorView | null;
  /** Like operatorFor, but throws not-signed-in (locked or nobody). */
  requireOperator(ctx: CallContext): OperatorView;
  isLocked(connectionId: string): boolean;
  /**
   * The operator working at this terminal for scans that come from no connection (HID
   * scanners): the most recently active session that is bound to a connection and not locked.
   * null when nobody is signed in or every screen is locked.
   */
  activeOperator(): OperatorView | null;
  /** The AccessCheck to pass to createDispatch. */
  checkAccess: AccessCheck;
  /**
   * createDispatch's requireCaller: a command that is not 'public' needs an unlocked operator
   * signed in on this very connection (another screen's operator does not count).
   */
  requireCaller(command: CommandName, ctx: CallContext): void;
  /**
   * The transport says this connection (WebSocket, window) closed or reloaded: unbind its
   * session; it stays resumable with its ticket for `reconnectGraceMs`, then it ends.
   */
  disconnect(connectionId: string): void;
  /** How many sessions are kept (for diagnostics). */
  size(): number;
  /**
   * A supervisor changed an operator: a disabled operator's sessions end at once; a new role
   * applies to their open sessions from the next command.
   */
  operatorChanged(operatorNo: string, now: { active: boolean; role: Role }): void;
}
