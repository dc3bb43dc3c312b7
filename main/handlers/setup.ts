import type { setupCommands, DiagnosticsExport, UpdateStatus } from '../../app/contract/setup.js';
import type { SetupService } from '../setup/service.js';
import type { Handler } from './dispatch.js';

/**
 * Handlers for the installer's commands (app/contract/setup.ts). Every command but
 * `setup.state`, `setup.authorize` and `setup.endAuthorization` first asks the setup service whether this caller may
 * change the setup (free before first-run setup is finished, supervisor afterwards) — the
 * contract declares them 'public' because that rule depends on state.
 */

/** The shell's auto-updater as the core sees it (Electron: main/electron/updater.ts). */
export interface UpdatesPort {
  status(): UpdateStatus;
  check(): Promise<UpdateStatus>;
  /** Restart into a downloaded update; throws AppError payment-in-progress while a payment is live. */
  install(): UpdateStatus;
}

export interface SetupHandlerDeps {
  setup: SetupService;
  /** Write the diagnostics zip (the core binds the sources: logs, config, scanners, store…). */
  exportDiagnostics: () => Promise<DiagnosticsExport>;
  /** null in the browser shell. */
  updates: UpdatesPort | null;
  appVersion: string;
}

type SetupCommandName = keyof typeof setupCommands;
export type SetupHandlers = { [K in SetupCommandName]: Handler<K> };

export function createSetupHandlers(deps: SetupHandlerDeps): SetupHandlers {
  const { setup } = deps;
  const unsupported = (): UpdateStatus => ({
    supported: false,
    enabled: false,
    state: 'unsupported',
    currentVersion: deps.appVersion,
    availableVersion: null,
    percent: null,
    lastCheckAt: null,
    message: '自动更新仅在安装版桌面程序中可用 / auto-update works in the installed desktop app only',
  });
  return {
    'setup.state': () => setup.state(),
    'setup.authorize': (input, ctx) => setup.authorize(ctx, input.operatorNo, input.pin),
    'setup.endAuthorization': (_input, ctx) => ({ ended: setup.revoke(ctx.connectionId, 'closed') }),
    'setup.status': (_input, ctx) => {
      setup.assertAllowed(ctx);
      return setup.status();
    },
    'setup.save': (input, ctx) => setup.save(input, ctx),
    'setup.testConnection': (input, ctx) => {
      setup.assertAllowed(ctx);
      return setup.testConnection(input);
    },
    'setup.restart': (_input, ctx) => {
      setup.assertAllowed(ctx);
      return setup.restart();
    },
    'diagnostics.export': (_input, ctx) => {
      setup.assertAllowed(ctx);
      return deps.exportDiagnostics();
    },
    'updates.status': (_input, ctx) => {
      setup.assertAllowed(ctx);
      return deps.updates ? deps.updates.status() : unsupported();
    },
    'updates.check': (_input, ctx) => {
      setup.assertAllowed(ctx);
      return deps.updates ? deps.updates.check() : unsupported();
    },
    'updates.install': (_input, ctx) => {
      setup.assertAllowed(ctx);
      return deps.updates ? deps.updates.install() : unsupported();
    },
  };
}
