import type { PrinterInfo } from '../../app/contract/setup.js';
import type { Config } from '../config.js';
import { exportDiagnostics } from '../diagnostics/export.js';
import { collectStoreHealth } from '../diagnostics/store-health.js';
import { createSetupHandlers, type SetupHandlers, type UpdatesPort } from '../handlers/setup.js';
import type { Logger } from '../log.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { openSecretStore, type SecretCipher, type SecretStore } from './secret-store.js';
import { createSetupService, type SetupOperators, type SetupService } from './service.js';

export * from './secret-store.js';
export { createSetupService, type SetupService } from './service.js';
export { testGatewayConnection } from './test-connection.js';

/**
 * What a shell hands the core for setup, secrets, printers, restart and updates. The browser
 * shell passes nothing (plain secrets file, no printer list, no self-restart, no updates).
 */
export interface InstallerShellHooks {
  /** Electron safeStorage (main/electron/safe-storage.ts); null/absent = plain file. */
  secretCipher?: SecretCipher | null;
  listPrinters?: () => Promise<PrinterInfo[]>;
  restart?: () => void;
  updates?: UpdatesPort | null;
}

export interface InstallerServicesOptions extends InstallerShellHooks {
  dataDir: string;
  /** The secret store the core already opened (so the gateway and feed clients can use it). */
  secrets?: { store: SecretStore; migrated: string[] };
  shell: 'electron' | 'browser' | 'memory';
  env: NodeJS.ProcessEnv;
  /** The configuration the core runs with. */
  config: Config;
  appVersion: string;
  store: Store;
  operators: SetupOperators;
  /** Session service: who is signed in on a connection. */
  operatorFor?: (connectionId: string) => { operatorNo: string; role: 'cashier' | 'supervisor' } | null;
  log: Logger;
  now: () => number;
  sandboxUrl?: () => string | null;
  /** Scanner state for the diagnostics export (e.g. scan desk status + config). */
  scanners?: () => unknown;
  /** Connected scanners, for the setup screen. */
  countScanners?: () => number;
  /** More diagnostics entries (connectivity, sessions…). */
  extraDiagnostics?: Record<string, () => unknown>;
}

export interface InstallerServices {
  secrets: SecretStore;
  setup: SetupService;
  exportDiagnostics: () => Promise<import('../../app/contract/setup.js').DiagnosticsExport>;
  handlers: SetupHandlers;
}

/**
 * Build the secret store, the setup service, the diagnostics export and the handlers in one
 * call, for createCore:
 *
 *   const installer = createInstallerServices({ dataDir, shell, env, config, appVersion, store,
 *     operators, operatorFor: (id) => sessions.operatorFor(id), log, now,
 *     sandboxUrl: () => sandbox?.url ?? null, ...options.installer });
 *   handlers: { ...createHandlers(services), ...installer.handlers }
 */
export function createInstallerServices(o: InstallerServicesOptions): InstallerServices {
  const log = o.log.child('setup');
  const { store: secrets, migrated } = o.secrets ?? openSecretStore(o.dataDir, o.secretCipher ?? null);
  if (migrated.length > 0) log.info('secrets.migrated-to-safe-storage', { names: migrated });
  if (!secrets.encrypted && o.shell === 'electron') log.warn('secrets.not-encrypted', { kind: secrets.kind });

  const setup = createSetupService({
    dataDir: o.dataDir,
    shell: o.shell,
    env: o.env,
    running: o.config,
    secrets,
    operators: o.operators,
    ...(o.operatorFor ? { operatorFor: o.operatorFor } : {}),
    now: o.now,
    log,
    audit: (entry) => audit(o.store, entry),
    ...(o.sandboxUrl ? { sandboxUrl: o.sandboxUrl } : {}),
    ...(o.listPrinters ? { listPrinters: o.listPrinters } : {}),
    ...(o.countScanners ? { countScanners: o.countScanners } : {}),
    ...(o.restart ? { restart: o.restart } : {}),
    updatesSupported: (o.updates ?? null) !== null,
  });

  const runExport = () =>
    exportDiagnostics({
      dataDir: o.dataDir,
      shell: o.shell,
      appVersion: o.appVersion,
      config: o.config,
      env: o.env,
      secrets,
      ...(o.scanners ? { scanners: o.scanners } : {}),
      storeHealth: () => collectStoreHealth(o.store),
      sqliteVersion: () => (o.store.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      extra: {
        'setup-state': () => setup.state(),
        ...(o.updates ? { updates: () => o.updates!.status() } : {}),
        ...o.extraDiagnostics,
      },
      now: o.now,
    }).then((r) => {
      log.info('diagnostics.exported', { file: r.file, bytes: r.bytes });
      return r;
    });

  const handlers = createSetupHandlers({
    setup,
    exportDiagnostics: runExport,
    updates: o.updates ?? null,
    appVersion: o.appVersion,
  });
  return { secrets, setup, exportDiagnostics: runExport, handlers };
}
