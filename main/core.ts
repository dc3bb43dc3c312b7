import fs from 'node:fs';
import path from 'node:path';
import { createBillService } from './bills/bill-service.js';
import { ensureTerminalNo } from './bills/terminal.js';
import { createCatalog } from './catalog/catalog.js';
import { defaultDataDir, loadConfig, parseConfig, configFile, type Config, type ConfigInput } from './config.js';
import { reportingGateway } from './connectivity/gateway-reporting.js';
import { createConnectivityMonitor, httpReachabilityCheck } from './connectivity/monitor.js';
import { createEventBus } from './events.js';
import { createFeedWiring } from './sync/feed-wiring.js';
import { createGatewayClient } from './gateway/client.js';
import { createCounter } from './counter/counter.js';
import { displayAttemptOf } from '../app/display/model.js';
import { createDisplayService } from './display/service.js';
import type { CoreServices, ShellPrinting } from './core-services.js';
import { createDispatch, type Dispatch } from './handlers/dispatch.js';
import { createHandlers } from './handlers/index.js';
import { createLogger, type LogLevel } from './log.js';
import { createPaymentEngine } from './payments/engine.js';
import { createLedgerHealth, MONEY_COMMANDS, verifyDeferred } from './recovery/ledger-health.js';
import { startSandboxGateway, type SandboxGateway } from './sandbox/server.js';
import { createSessionService, createTerminalSettings } from './session/index.js';
import { audit } from './store/audit.js';
import { diskFullError } from './store/disk-full.js';
import { openStore } from './store/db.js';
import { createInstallerServices, type InstallerShellHooks } from './setup/index.js';
import { openSecretStore } from './setup/secret-store.js';
import { createOperatorService } from './store/operators.js';
import { createPermissionService } from './store/permissions.js';
import { createScanDesk, resolveScannerBackend } from './scanners/scan-desk.js';
import { createSettings } from './store/settings.js';
import { createShiftService } from './store/shifts.js';
import { createBackOfficeServices, resolveEffectiveBackOffices } from './backoffice/wiring.js';

/**
 * The main-process core: everything but the window. Both shells (Electron and browser) and
 * the tests build it with createCore and talk to it only through `dispatch` and `bus`.
 * Nothing here imports electron.
 */
export interface CoreOptions {
  shell: 'electron' | 'browser' | 'memory';
  /** Data folder; default COUNTERPAY_DATA_DIR or the OS location (see defaultDataDir). */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaces the config file (tests). Environment overrides still apply on top when env is given. */
  config?: ConfigInput;
  version?: string;
  now?: () => number;
  /** Echo log lines at or above this level to stderr. */
  logEcho?: LogLevel | 'none';
  /** What only the shell can do for setup: encrypt secrets, list printers, restart, updates. */
  installer?: InstallerShellHooks;
  /** Printing that needs a browser engine (Electron): receipts on the receipt printer. */
  printing?: ShellPrinting;
}

export type { CoreServices, ShellPrinting } from './core-services.js';

export interface Core extends CoreServices {
  dispatch: Dispatch;
  close(): Promise<void>;
}

/** Set by the build (scripts/build.mjs); tests and tsx read package.json instead. */
declare const __COUNTERPAY_VERSION__: string | undefined;
const PACKAGE_VERSION = typeof __COUNTERPAY_VERSION__ === 'string' ? __COUNTERPAY_VERSION__ : readPackageVersion();

function readPackageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname ?? '.', '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const env = options.env ?? process.env;
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir(env));
  fs.mkdirSync(dataDir, { recursive: true });
  const config: Config = options.config
    ? parseConfig(options.config, `${configFile(dataDir)} (given in code)`)
    : loadConfig(dataDir, env);
  const now = options.now ?? Date.now;
  // A log file that cannot be written (full disk) is told to the screen once, when the bus exists.
  let logFault: ((message: string) => void) | null = null;
  const log = createLogger({
    onWriteFailure: (e, file) => logFault?.(`${e.code ?? 'error'} writing ${file}: ${e.message}`),
    dir: path.join(dataDir, 'logs'),
    level: config.log.level,
    maxBytes: config.log.maxBytes,
    keep: config.log.keep,
    echo: options.logEcho ?? 'none',
    now,
  });
  log.info('core.starting', { shell: options.shell, dataDir, version: options.version ?? PACKAGE_VERSION });

  const closers: (() => Promise<void> | void)[] = [];
  try {
    const storeLog = log.child('store');
    const store = openStore({
      file: path.join(dataDir, 'counterpay.db'),
      now,
      log: {
        info: (m, d) => storeLog.info(m, d),
        warn: (m, d) => storeLog.warn(m, d),
        error: (m, d) => storeLog.error(m, d),
      },
    });
    closers.push(() => store.close());

    // Credentials for the gateway and the back office live in the secret store (safeStorage under
    // Electron), never in config.json; the clients send them, the logs never show them.
    const secrets = openSecretStore(dataDir, options.installer?.secretCipher ?? null);
    const gatewayAuthorization = secrets.store.get('gateway.authorization');
    const backOfficeToken = secrets.store.get('backOffice.token');

    let sandbox: SandboxGateway | null = null;
    let gatewayUrl = config.gateway.url;
    if (gatewayUrl === null) {
      const sandboxLog = log.child('sandbox');
      sandbox = await startSandboxGateway({
        port: 0,
        log: (e, f) => sandboxLog.debug(e, f),
        extraCodePatterns: config.payment.extraCodePatterns,
      });
      const sb = sandbox;
      closers.push(() => sb.close());
      gatewayUrl = sandbox.url;
      log.info('sandbox.started', { url: sandbox.url });
    }

    // Back offices (docs/ARCHITECTURE.md §8.3): config + env + secrets, or embedded demo simulators.
    type SecretName = Parameters<typeof secrets.store.get>[0];
    const boSecrets = {
      get: (n: string) => secrets.store.get(n as SecretName),
      set: (n: string, v: string | null) => secrets.store.set(n as SecretName, v),
    };
    const boSettings = await resolveEffectiveBackOffices({
      config,
      env,
      dataDir,
      secrets: boSecrets,
      migrateConfigFile: !options.config,
      onSandboxGateway: sandbox !== null,
      log,
    });
    closers.push(() => boSettings.close());
    const backOffices = boSettings.effective;

    // Gateway and back-office reachability: health checks plus every real request's outcome.
    const feedUrl = config.backOffice.feedUrl;
    const connectivity = createConnectivityMonitor({
      now,
      gateway: { check: httpReachabilityCheck(gatewayUrl) },
      ...(feedUrl ? { backOffice: { check: httpReachabilityCheck(feedUrl) } } : {}),
    });
    closers.push(() => connectivity.stop());

    const gatewayLog = log.child('gateway');
    const gatewayClient = createGatewayClient({
      baseUrl: gatewayUrl,
      barCodePath: config.gateway.barCodePath,
      queryPath: config.gateway.queryPath,
      scanCodePath: config.gateway.scanCodePath,
      scanCodeQrField: config.gateway.scanCodeQrField,
      timeoutMs: { barCode: config.gateway.requestTimeoutMs, query: config.gateway.queryTimeoutMs },
      billtype: config.gateway.queryBillType,
      paytype: config.gateway.queryPayType,
      ...(gatewayAuthorization ? { headers: { authorization: gatewayAuthorization } } : {}),
      log: (e, f) => gatewayLog.info(e, f),
      now,
      maxBillNumLength: config.gateway.maxBillNumLength,
    });
    const gateway = reportingGateway(gatewayClient, connectivity);

    const bus = createEventBus(log.child('events'));
    logFault = (message) => {
      if (!store.closed)
        bus.emit('app.fault', { kind: 'log-write-failed', at: now(), count: 1, message: message.slice(0, 2000) });
    };
    ensureTerminalNo(store, config.terminalNo, now);
    const bills = createBillService({ store, now, terminalNo: config.terminalNo });
    const operators = createOperatorService({ store, now });
    const permissions = createPermissionService({ store, now });
    const shifts = createShiftService({ store, now });
    const catalog = createCatalog({ store, now });
    const terminalSettings = createTerminalSettings({
      settings: createSettings({ store, now }),
      defaults: { businessType: config.businessType },
    });
    const sessions = createSessionService({
      operators,
      shifts,
      settings: terminalSettings,
      now,
      audit: (entry) => audit(store, entry),
      permissions,
      reconnectGraceMs: config.session.reconnectGraceMs,
    });
    // A ledger that failed its full integrity check after start takes no more money.
    const ledgerHealth = createLedgerHealth();
    const payments = createPaymentEngine({
      store,
      bills,
      gateway,
      bus,
      now,
      log: log.child('payments'),
      deadlineMs: config.gateway.paymentDeadlineMs,
      extraCodePatterns: config.payment.extraCodePatterns,
      maxBillNumLength: config.gateway.maxBillNumLength,
      isGatewayOffline: () => connectivity.state('gateway') === 'offline',
      assertCanCollect: () => ledgerHealth.assertWritable('a new barcode payment'),
    });
    closers.push(() => payments.stop());
    ledgerHealth.onChange((view) => {
      if (!store.closed) bus.emit('store.health.changed', view);
    });

    // The outbox drains to the back-office bill feed when one is configured; bills queue meanwhile.
    const { sync, connectivityNow } = createFeedWiring({
      store,
      now,
      log,
      bus,
      connectivity,
      feedUrl,
      token: backOfficeToken,
    });
    if (sync) closers.push(() => sync.stop());

    // Backups on a schedule (settings backup.everyHours / backup.keep; default daily, keep 14).
    const backupSettings = createSettings({ store, now });
    if (store.backupDir) {
      const schedule = store.scheduleBackups({
        everyMs: backupSettings.getOr('backup.everyHours', 24) * 3_600_000,
        keep: backupSettings.getOr('backup.keep', 14),
      });
      closers.push(() => schedule.stop());
    }

    // Scanners: node-hid on a counter, the simulated bus with COUNTERPAY_SCANNER=simulated,
    // none (keyboard wedge only) with =off and in memory-shell tests. Settings live in the ledger.
    const scannerSettings = createSettings({ store, now });
    const scanners = createScanDesk({
      backend: resolveScannerBackend(env.COUNTERPAY_SCANNER, options.shell),
      bus,
      log: log.child('scanner'),
      store: {
        load: () => scannerSettings.get('scanner.config'),
        save: (cfg, by) => void scannerSettings.set('scanner.config', cfg, { by }),
      },
    });
    closers.push(() => scanners.stop());

    const installer = createInstallerServices({
      dataDir,
      secrets,
      shell: options.shell,
      env,
      config,
      appVersion: options.version ?? PACKAGE_VERSION,
      store,
      operators,
      operatorFor: (id) => sessions.operatorFor(id),
      log,
      now,
      sandboxUrl: () => sandbox?.url ?? null,
      scanners: () => ({ status: scanners.status(), config: scanners.config() }),
      countScanners: () => scanners.status().connected.length,
      extraDiagnostics: { connectivity: connectivityNow, sessions: () => ({ count: sessions.size() }) },
      ...options.installer,
    });

    // The one counter: the handlers and the scan pipeline share it.
    const counter = createCounter({
      store,
      now,
      bills,
      payments,
      shifts,
      terminalSettings,
      sessions,
      bus,
      defaultOperatorNo: config.operatorNo,
      connectivityNow,
    });

    // The back offices' counter services, pills, setup sections and 校宝对账 (main/backoffice/wiring.ts).
    const backOfficeServices = createBackOfficeServices({
      store,
      now,
      log,
      bus,
      bills,
      counter,
      shifts,
      businessType: () => terminalSettings.businessType(),
      env,
      effective: backOffices,
      setup: {
        dataDir,
        env,
        fileConfig: () => installer.setup.fileConfig(),
        secrets: boSecrets,
        audit: (entry) => audit(store, entry),
      },
    });
    closers.push(() => backOfficeServices.close());
    const { campus, kesion, xiaobao, reconciliation } = backOfficeServices;

    // The customer display follows the counter (main/display).
    const display = createDisplayService({
      bus,
      billOnCounter: () => counter.billOnCounter(),
      latestAttempt: (billId) => {
        const campusQr = campus.displayAttempt(billId);
        if (campusQr) return campusQr;
        const attempt = payments.latestForBill(billId);
        return attempt ? displayAttemptOf(attempt) : null;
      },
      slidesDir: config.display.slidesDir,
      slideIntervalMs: config.display.slideIntervalMs,
      locale: config.locale,
      now,
    });
    closers.push(() => display.stop());

    const sandboxOn = sandbox !== null;
    const url = gatewayUrl;
    const services: CoreServices = {
      config,
      dataDir,
      log,
      now,
      bus,
      store,
      bills,
      operators,
      permissions,
      shifts,
      catalog,
      terminalSettings,
      sessions,
      gateway,
      payments,
      counter,
      scanners,
      sandbox,
      connectivity,
      sync,
      connectivityNow,
      installer,
      printing: options.printing ?? null,
      ledgerHealth,
      display,
      campus,
      kesion,
      xiaobao,
      backOffices,
      backOfficeStatus: backOfficeServices.status,
      backOfficeSetup: backOfficeServices.setup,
      reconciliation,
      info: () => ({
        version: options.version ?? PACKAGE_VERSION,
        shell: options.shell,
        sandbox: sandboxOn,
        gatewayUrl: url,
        terminalNo: config.terminalNo,
        businessType: config.businessType,
        locale: config.locale,
        paymentDeadlineMs: config.gateway.paymentDeadlineMs,
      }),
    };

    const coreDispatch = createDispatch(createHandlers(services), {
      log: log.child('ipc'),
      checkAccess: (command, ctx, input) => {
        if (MONEY_COMMANDS.has(command)) ledgerHealth.assertWritable(command);
        return sessions.checkAccess(command, ctx, input);
      },
      mapError: (e) => diskFullError(e, dataDir),
      requireCaller: (command, ctx) => sessions.requireCaller(command, ctx),
      // The transport closed this connection / window: its session and setup authorisation go.
      onDisconnect: (ctx) => {
        sessions.disconnect(ctx.connectionId);
        installer.setup.revoke(ctx.connectionId, 'disconnected');
      },
    });
    // Every command is followed by a look at what the customer display shows.
    const dispatch = display.follow(coreDispatch);
    payments.start();
    connectivity.start();
    sync?.start();
    backOfficeServices.start();
    verifyDeferred(store, ledgerHealth, log, now);
    // Every scan, whatever its source, is acted on by the counter's scan actor.
    scanners.attach(counter.scanActor);
    await scanners.start();
    log.info('core.ready', { gateway: url, sandbox: sandboxOn });

    let closed = false;
    return {
      ...services,
      dispatch,
      async close() {
        if (closed) return;
        closed = true;
        for (const c of closers.reverse()) {
          try {
            await c();
          } catch (e) {
            log.error('core.close-failed', { error: String(e) });
          }
        }
        log.info('core.closed');
        await log.close();
      },
    };
  } catch (e) {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch {
        /* already failing */
      }
    }
    log.error('core.start-failed', { error: e instanceof Error ? e.message : String(e) });
    await log.close();
    throw e;
  }
}
