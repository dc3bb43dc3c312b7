import path from 'node:path';
import { defaultDataDir } from '../config.js';
import { createLogger } from '../log.js';
import { createRecoveryMode, diagnoseStartFailure, recoveryPort } from '../recovery/index.js';
import { startBrowserShell } from './server.js';

/** Set by the build (scripts/build.mjs). */
declare const __COUNTERPAY_VERSION__: string | undefined;

const HEADLINE: Record<string, string> = {
  'store-corrupt': 'the ledger (counterpay.db) failed its health check / 账本文件损坏',
  'store-too-new': 'the ledger was written by a newer Counterpay / 账本来自更新的版本',
  'config-invalid': 'config.json is invalid / 配置文件有误',
  other: 'the app could not start / 程序无法启动',
  'data-folder-unwritable': 'the data folder cannot be written / 数据文件夹无法写入',
};

/**
 * The browser shell when the core could not start: the same HTTP server on 127.0.0.1 with the
 * same token rules, bound to the recovery dispatch (main/recovery/dispatch.ts), so the person at
 * the counter sees the recovery screen instead of a dead page. Never opens the ledger.
 */
export async function startRecoveryShell(
  error: unknown,
  opts: { rendererDir: string; env?: NodeJS.ProcessEnv },
): Promise<void> {
  const env = opts.env ?? process.env;
  const dataDir = path.resolve(defaultDataDir(env));
  const version = typeof __COUNTERPAY_VERSION__ === 'string' ? __COUNTERPAY_VERSION__ : '0.0.0';
  const info = diagnoseStartFailure(error, dataDir, { shell: 'browser', version });
  const log = createLogger({ dir: path.join(dataDir, 'logs'), echo: 'warn' });
  log.error('core.start-failed.recovery-mode', {
    code: info.code,
    reason: info.details.reason,
    message: info.message,
    backups: info.backups.length,
  });
  const mode = createRecoveryMode({ info, dataDir, log, env });
  const port = recoveryPort(mode.config, env);
  let shell;
  try {
    shell = await startBrowserShell({
      dispatch: mode.dispatch,
      bus: mode.bus,
      log,
      rendererDir: opts.rendererDir,
      port,
      ...(env.COUNTERPAY_TOKEN ? { token: env.COUNTERPAY_TOKEN } : {}),
    });
  } catch (e) {
    process.stderr.write(
      `\nCounterpay cannot start: ${info.message}\n` +
        `The recovery screen could not be served either (port ${port}: ${e instanceof Error ? e.message : String(e)}).\n`,
    );
    await log.close();
    process.exit(2);
  }
  process.stderr.write(
    [
      '',
      `  Counterpay 收银台 did NOT start normally: ${HEADLINE[info.code]}`,
      `  ${info.message.split('\n')[0]}`,
      `  Open the recovery screen 恢复页面: ${shell.openUrl}`,
      `  Data folder 数据文件夹: ${dataDir}`,
      `  Backups 备份: ${info.backups.length}${info.canRestore ? ' (one can be restored from the recovery screen)' : ''}`,
      '  Nothing was deleted. Press Ctrl+C to stop.',
      '',
    ].join('\n') + '\n',
  );
  process.stdout.write(
    `COUNTERPAY_READY ${JSON.stringify({ url: shell.url, openUrl: shell.openUrl, sandboxUrl: null, dataDir, recovery: info.code })}\n`,
  );
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await shell.close();
    await log.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
