/** The setup service's interface and what it is built from (main/setup/service.ts). */
import type {
  ConnectionTestResult,
  PrinterInfo,
  SetupSaveInput,
  SetupSaveResult,
  SetupState,
  SetupStatus,
} from '../../app/contract/setup.js';
import type { Config } from '../config.js';
import type { CallContext } from '../handlers/dispatch.js';
import type { Logger } from '../log.js';
import type { AuditEntry } from '../store/audit.js';
import type { OperatorService } from '../store/operators.js';
import type { SecretStore } from './secret-store.js';

export interface SetupOperators {
  list: OperatorService['list'];
  get: OperatorService['get'];
  add: OperatorService['add'];
  verifyPin: OperatorService['verifyPin'];
}

/** Writes one audit entry (main/store/audit.ts). */
export type SetupAudit = (entry: AuditEntry) => void;

export interface SetupServiceOptions {
  dataDir: string;
  shell: 'electron' | 'browser' | 'memory';
  /** The environment the core was started with (to report overrides). */
  env: NodeJS.ProcessEnv;
  /** The configuration the running core uses (environment overrides included). */
  running: Config;
  secrets: SecretStore;
  operators: SetupOperators;
  /** Who is signed in on a connection (the session service); null when nobody. */
  operatorFor?: (connectionId: string) => { operatorNo: string; role: 'cashier' | 'supervisor' } | null;
  now: () => number;
  log: Logger;
  audit?: SetupAudit;
  /** URL of the embedded sandbox gateway when the core runs one. */
  sandboxUrl?: () => string | null;
  /** OS printers (Electron: webContents.getPrintersAsync). */
  listPrinters?: () => Promise<PrinterInfo[]>;
  /** Number of connected scanners (scanner service). */
  countScanners?: () => number;
  /** Restart the app (Electron: relaunch + exit). */
  restart?: () => void;
  updatesSupported?: boolean;
  /** How long a supervisor's `authorize` lasts without use (default 10 minutes). */
  authorizeTtlMs?: number;
  /** Wrong setup PINs on one connection before it has to wait (default 3). */
  authorizeFreeFailures?: number;
  /** The first wait after that (default 5 s); it doubles with every further wrong PIN. */
  authorizeBaseDelayMs?: number;
  /** The longest wait (default 5 minutes). */
  authorizeMaxDelayMs?: number;
  /**
   * Connections are cheap: across all connections where nobody is signed in, at most this many
   * wrong setup PINs per `authorizeWindowMs` (default 30 per 10 minutes); past it such callers
   * wait. A connection with an operator signed in is held only by its own throttle, so the
   * supervisor is never locked out of 系统设置 by someone else's guessing.
   */
  authorizeAnonymousBudget?: number;
  authorizeWindowMs?: number;
  /** Timeout of the connection test (default 8 s). */
  testTimeoutMs?: number;
}

export interface SetupService {
  state(): SetupState;
  status(): Promise<SetupStatus>;
  /** Throws AppError supervisor-required unless this caller may change the setup. */
  assertAllowed(ctx: CallContext): void;
  authorize(ctx: CallContext, operatorNo: string, pin: string): Promise<{ until: number }>;
  /** End a connection's setup authorisation (dialog closed, sign-out, disconnect). True if one was held. */
  revoke(connectionId: string, reason: 'closed' | 'signed-out' | 'disconnected'): boolean;
  save(input: SetupSaveInput, ctx: CallContext): Promise<SetupSaveResult>;
  testConnection(input: {
    url: string | null;
    queryPath?: string | undefined;
    useStoredAuthorization?: boolean;
    authorization?: string | undefined;
  }): Promise<ConnectionTestResult & { sandbox: boolean; authorization: 'stored' | 'typed' | 'none' }>;
  restart(): { restarting: boolean };
  /** The file configuration now (tests, diagnostics). */
  fileConfig(): Config;
}
