import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config.js';
import { createCore } from '../core.js';
import { startRecoveryShell } from './recovery-shell.js';
import { startBrowserShell } from './server.js';

/**
 * Entry of the browser shell (`npm start` without an Electron binary, and the e2e tests).
 * Prints the URL to open; stops cleanly on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let core;
  try {
    core = await createCore({ shell: 'browser', env: process.env, logEcho: 'warn' });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`\nCounterpay cannot start: ${e.message}\nFix the file (or remove it to use defaults) and start again.\n`);
    } else {
      process.stderr.write(`\nCounterpay cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    // Still serve the page: the recovery screen says what happened and offers the backups.
    await startRecoveryShell(e, { rendererDir: process.env.COUNTERPAY_RENDERER_DIR ?? path.resolve(here, '..', 'renderer') });
    return;
  }
  let shell;
  try {
    shell = await startBrowserShell({
      dispatch: core.dispatch,
      bus: core.bus,
      log: core.log,
      rendererDir: process.env.COUNTERPAY_RENDERER_DIR ?? path.resolve(here, '..', 'renderer'),
      port: core.config.browserShell.port,
      ...(process.env.COUNTERPAY_TOKEN ? { token: process.env.COUNTERPAY_TOKEN } : {}),
    });
  } catch (e) {
    const port = core.config.browserShell.port;
    const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    process.stderr.write(
      inUse
        ? `\nCounterpay cannot start: port ${port} on 127.0.0.1 is already in use (is Counterpay already running?).\n` +
            `Stop the other program, or choose another port: COUNTERPAY_PORT=4781 npm start (or browserShell.port in config.json).\n`
        : `\nCounterpay cannot start the browser shell: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    await core.close();
    process.exit(2);
  }
  const lines = [
    '',
    `  Counterpay 收银台 is running (browser shell).`,
    `  Open: ${shell.openUrl}`,
    `  Data folder: ${core.dataDir}`,
    core.sandbox
      ? `  Gateway: embedded SANDBOX 演示 at ${core.sandbox.url} (set COUNTERPAY_GATEWAY_URL for a real one)`
      : `  Gateway: ${core.config.gateway.url}`,
    '  Press Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  // One machine-readable line for test harnesses.
  process.stdout.write(
    `COUNTERPAY_READY ${JSON.stringify({ url: shell.url, openUrl: shell.openUrl, sandboxUrl: core.sandbox?.url ?? null, dataDir: core.dataDir })}\n`,
  );
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await shell.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
