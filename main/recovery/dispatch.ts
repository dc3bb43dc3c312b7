import { commands, isCommandName, type CommandName } from '../../app/contract/index.js';
import type { RecoveryInfo } from '../../app/contract/recovery.js';
import type { AppInfo } from '../../app/contract/schemas.js';
import type { ErrorCode } from '../../app/errors.js';
import { AppError, type Result } from '../../app/result.js';
import { loadConfig, parseConfig, type Config } from '../config.js';
import { exportDiagnostics } from '../diagnostics/export.js';
import { createEventBus, type EventBus } from '../events.js';
import type { Dispatch } from '../handlers/dispatch.js';
import type { Logger } from '../log.js';
import { listRecoveryBackups } from './diagnose.js';
import { restoreBackup } from './restore.js';

/**
 * The dispatcher of recovery mode: what a shell binds to its transport (WebSocket or IPC) when
 * the core could not start. It answers `recovery.*` and `app.info`; every other command of the
 * contract is refused with the code of the failure, so a page that was open before (or a stray
 * request) learns why nothing works instead of hanging.
 */
export interface RecoveryModeOptions {
  info: RecoveryInfo;
  dataDir: string;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** Electron: relaunch the app (app.relaunch + quit). Absent in the browser shell. */
  relaunch?: () => void;
}

export interface RecoveryMode {
  dispatch: Dispatch;
  /** Recovery mode pushes no events; the bus exists so the shells bind it the same way. */
  bus: EventBus;
  info(): RecoveryInfo;
  /** The configuration, when config.json is readable (else null: defaults are shown). */
  config: Config | null;
}

/** config.json with the environment applied, or null when it is the thing that is broken. */
export function loadConfigForRecovery(dataDir: string, env: NodeJS.ProcessEnv = process.env): Config | null {
  try {
    return loadConfig(dataDir, env);
  } catch {
    return null;
  }
}

/** The browser shell's port in recovery mode: config, else COUNTERPAY_PORT, else the default. */
export function recoveryPort(config: Config | null, env: NodeJS.ProcessEnv = process.env): number {
  if (config) return config.browserShell.port;
  const p = Number(env.COUNTERPAY_PORT);
  if (env.COUNTERPAY_PORT !== undefined && env.COUNTERPAY_PORT !== '' && Number.isInteger(p) && p >= 0 && p <= 65535)
    return p;
  return parseConfig({}, 'defaults').browserShell.port;
}

function refusalCode(info: RecoveryInfo): ErrorCode {
  if (info.code === 'other') return 'internal-error';
  return info.code;
}

export function createRecoveryMode(opts: RecoveryModeOptions): RecoveryMode {
  const env = opts.env ?? process.env;
  const now = opts.now ?? Date.now;
  const log = opts.log.child('recovery');
  const config = loadConfigForRecovery(opts.dataDir, env);
  let info: RecoveryInfo = opts.info;
  let restoring = false;

  const appInfo = (): AppInfo => ({
    version: info.version,
    shell: info.shell,
    sandbox: false,
    gatewayUrl: config?.gateway.url ?? '',
    terminalNo: config?.terminalNo ?? '',
    businessType: config?.businessType ?? 1,
    locale: config?.locale ?? 'zh-CN',
    paymentDeadlineMs: config?.gateway.paymentDeadlineMs ?? 60_000,
  });

  const handlers: Partial<{ [K in CommandName]: (input: never, connectionId: string) => unknown }> = {
    'app.info': () => appInfo(),
    'recovery.info': () => ({ ...info, backups: info.restored ? info.backups : listRecoveryBackups(opts.dataDir) }),
    'recovery.restore': ((input: { backupFile: string }, connectionId: string) => {
      if (info.restored)
        throw new AppError('forbidden', 'a backup was already restored: restart Counterpay', {
          restored: info.restored,
        });
      if (!info.canRestore)
        throw new AppError('forbidden', `restoring a backup does not fix this failure (${info.code})`);
      if (restoring) throw new AppError('forbidden', 'a restore is already running');
      restoring = true;
      try {
        const result = restoreBackup(opts.dataDir, input.backupFile, { now, by: `${info.shell}:${connectionId}` });
        info = { ...info, restored: result, canRestore: false, backups: listRecoveryBackups(opts.dataDir) };
        log.warn('recovery.restored', { from: result.restoredFrom, damaged: result.damagedFiles });
        return result;
      } catch (e) {
        log.error('recovery.restore-failed', {
          backup: input.backupFile,
          error: e instanceof Error ? e.message : String(e),
        });
        throw e;
      } finally {
        restoring = false;
      }
    }) as (input: never, connectionId: string) => unknown,
    'recovery.relaunch': () => {
      if (!opts.relaunch) return { relaunching: false };
      log.info('recovery.relaunch');
      // Answer first, then relaunch.
      setTimeout(() => opts.relaunch?.(), 50);
      return { relaunching: true };
    },
    'recovery.exportDiagnostics': () =>
      exportDiagnostics({
        dataDir: opts.dataDir,
        shell: info.shell,
        appVersion: info.version,
        config: config ?? parseConfig({}, 'defaults'),
        env,
        now,
        storeHealth: () => ({ available: false, reason: 'recovery mode: the ledger was not opened' }),
        extra: { recovery: () => info },
      }),
    'store.health': () => ({ state: 'failed', problems: info.details.problems.slice(0, 20), checkedAt: null }),
  };

  const dispatch: Dispatch = async (command, input, ctx): Promise<Result<unknown>> => {
    if (!isCommandName(command)) return { ok: false, error: { code: 'unknown-command', message: 'unknown command' } };
    const handler = handlers[command];
    if (!handler) {
      return {
        ok: false,
        error: {
          code: refusalCode(info),
          message: `Counterpay is in recovery mode (${info.code}): ${command} is not available`,
          details: { recovery: true },
        },
      };
    }
    const spec = commands[command];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'invalid-input',
          message: parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; '),
        },
      };
    }
    try {
      const value = await handler(parsed.data as never, ctx.connectionId);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        log.error('recovery.invalid-output', { command, issues: out.error.issues.slice(0, 5) });
        return { ok: false, error: { code: 'internal-error', message: 'the recovery mode produced an invalid reply' } };
      }
      return { ok: true, value: out.data };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toData() };
      log.error('recovery.handler-failed', { command, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return { ok: false, error: { code: 'internal-error', message: e instanceof Error ? e.message : String(e) } };
    }
  };

  return { dispatch, bus: createEventBus(log), info: () => info, config };
}
