/**
 * What the core is made of (createCore in main/core.ts builds it). Types only: the handlers and
 * the counter name the few services they need from here, and nothing here imports a handler,
 * so main/core.ts and main/handlers/ do not import each other.
 */
import type { AppInfo, Connectivity } from '../app/contract/schemas.js';
import type { BillService } from './bills/bill-service.js';
import type { Catalog } from './catalog/catalog.js';
import type { Config } from './config.js';
import type { ConnectivityMonitor } from './connectivity/monitor.js';
import type { Counter } from './counter/counter.js';
import type { DisplayService } from './display/service.js';
import type { EventBus } from './events.js';
import type { GatewayClient } from './gateway/client.js';
import type { Logger } from './log.js';
import type { PaymentEngine } from './payments/types.js';
import type { LedgerHealth } from './recovery/ledger-health.js';
import type { SandboxGateway } from './sandbox/server.js';
import type { ScanDesk } from './scanners/scan-desk.js';
import type { SessionService, TerminalSettings } from './session/index.js';
import type { InstallerServices } from './setup/index.js';
import type { Store } from './store/db.js';
import type { OperatorService } from './store/operators.js';
import type { PermissionService } from './store/permissions.js';
import type { ShiftService } from './store/shifts.js';
import type { SyncWorker } from './sync/sync-worker.js';
import type { CampusSales } from './backoffice/campus/sales.js';
import type { EnrollmentService } from './backoffice/kesion/enrollment.js';
import type { XiaobaoDesk } from './backoffice/xiaobao/desk.js';
import type { EffectiveBackOffices } from './backoffice/effective.js';
import type { BackOfficeSetupService } from './backoffice/setup.js';
import type { BackOfficeStatusService } from './backoffice/status.js';
import type { Reconciliation } from './backoffice/reconcile/reconcile.js';

/** What the Electron shell can print for the core (the core itself has no browser engine). */
export interface ShellPrinting {
  /**
   * Print a whole HTML document silently on `deviceName` (null = the system default printer),
   * at exactly `pageSizeMicrons` (receipt rolls are 58 or 80 mm wide). Rejects when printing fails.
   */
  printReceipt(
    html: string,
    opts: { pageSizeMicrons: { width: number; height: number }; deviceName: string | null },
  ): Promise<void>;
}

export interface CoreServices {
  config: Config;
  dataDir: string;
  log: Logger;
  now: () => number;
  bus: EventBus;
  store: Store;
  bills: BillService;
  operators: OperatorService;
  permissions: PermissionService;
  shifts: ShiftService;
  catalog: Catalog;
  /** The terminal's business type and screen-lock delay (settings over config). */
  terminalSettings: TerminalSettings;
  /** Who is signed in per connection; its checkAccess guards every command in dispatch. */
  sessions: SessionService;
  gateway: GatewayClient;
  payments: PaymentEngine;
  /** The counter: the bill on it, quick sale, collect, clear, and what a scan does there. */
  counter: Counter;
  /** The scanners: one scan pipeline for HID, the Electron wedge and scan.submit; settings screen state. */
  scanners: ScanDesk;
  sandbox: SandboxGateway | null;
  connectivity: ConnectivityMonitor;
  /** null when no back-office feed is configured (bills queue in the outbox). */
  sync: SyncWorker | null;
  /** Reachability of the gateway and back office, and the offline queue. */
  connectivityNow(): Connectivity;
  /** First-run setup, secrets, diagnostics export. */
  installer: InstallerServices;
  /** The shell's printing, or null (browser shell: the page prints its own preview). */
  printing: ShellPrinting | null;
  /** The ledger's health after the deferred full check; money is refused once it failed. */
  ledgerHealth: LedgerHealth;
  /** The customer display's view (main/display), pushed as display.changed. */
  display: DisplayService;
  /** 校园卡套餐: campus card packages sold by a campus QR charge (main/backoffice/campus/sales.ts). */
  campus: CampusSales;
  /** KesionEDU 机构报名: enrollments, counter collection and their ERP confirmations. */
  kesion: EnrollmentService;
  /** 校宝学员 at the counter: top-up, refund, look-up, postings (main/backoffice/xiaobao/desk.ts). */
  xiaobao: XiaobaoDesk;
  info(): AppInfo;
  /**
   * The back offices as the services should use them (main/backoffice/effective.ts): config +
   * env + secrets, or the embedded simulators when the sandbox gateway runs and one is not
   * configured. Build Xiaobao from `backOffices.xiaobao`, KesionEDU and campus from
   * `backOffices.config.kesion` / `.campus` (not from `config.backOffices`).
   */
  backOffices: EffectiveBackOffices;
  /** The status bar's back-office pills; services report their real calls' outcomes here. */
  backOfficeStatus: BackOfficeStatusService;
  /** The back offices' setup sections. */
  backOfficeSetup: BackOfficeSetupService;
  /** 校宝对账 (supervisor tab); null when Xiaobao is not configured (nor on the sandbox simulator). */
  reconciliation: Reconciliation | null;
}
