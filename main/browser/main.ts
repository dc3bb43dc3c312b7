import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, defaultDataDir } from '../config.js';
import { createCore, type Core } from '../core.js';
import { createLastResortHandler, installLastResort } from '../last-resort.js';
import { loadConfigForRecovery, recoveryPort } from '../recovery/index.js';
import { probeDataFolder } from '../recovery/data-folder.js';
import { acquireDataLock, DataFolderLockedError, type DataLock } from '../store/data-lock.js';
import { assertPortFree } from './port.js';
import { startRecoveryShell } from './recovery-shell.js';
import { startBrowserShell } from './server.js';
import type { BackOfficeSource, BackOfficeSystem } from '../backoffice/effective.js';

/**
 * Entry of the browser shell (`npm start` without an Electron binary, and the e2e tests).
 * Prints the URL to open; stops cleanly on SIGINT/SIGTERM.
 *
 * Start order (issue 11): the last-resort handler; the data folder must be writable (else the
 * recovery page says which folder and what to do); the data folder's lock (a second Counterpay on
 * the same folder is refused, naming the process that holds it); the port must be free — all
 * before the core opens the ledger.
 */
async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = process.env.COUNTERPAY_RENDERER_DIR ?? path.resolve(here, '..', 'renderer');
  const env = process.env;
  const dataDir = path.resolve(defaultDataDir(env));

  let core: Core | null = null;
  installLastResort(
    createLastResortHandler({
      log: () => core?.log ?? null,
      ledger: () => (core && !core.store.closed ? core.store.db : null),
      notify: (fault) => {
        if (core && !core.store.closed) core.bus.emit('app.fault', fault);
      },
    }),
  );

  const unwritable = probeDataFolder(dataDir);
  if (unwritable) {
    process.stderr.write(`\nCounterpay cannot start: ${unwritable.message}\n`);
    await startRecoveryShell(unwritable, { rendererDir });
    return;
  }

  let lock: DataLock;
  try {
    lock = acquireDataLock(dataDir, { shell: 'browser' });
  } catch (e) {
    if (e instanceof DataFolderLockedError) {
      process.stderr.write(`\nCounterpay cannot start: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `\nCounterpay cannot lock its data folder ${dataDir}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    await startRecoveryShell(e, { rendererDir });
    return;
  }

  // A port clash is found before the ledger is opened (config.json unreadable: the core says so below).
  const port = recoveryPort(loadConfigForRecovery(dataDir, env), env);
  const portError = await assertPortFree(port);
  if (portError) {
    process.stderr.write(
      portError === 'EADDRINUSE'
        ? `\nCounterpay cannot start: port ${port} on 127.0.0.1 is already in use (is Counterpay already running?).\n` +
            `Stop the other program, or choose another port: COUNTERPAY_PORT=4781 npm start (or browserShell.port in config.json).\n`
        : `\nCounterpay cannot start: port ${port} on 127.0.0.1 cannot be used (${portError}).\n`,
    );
    lock.release();
    process.exit(2);
  }

  try {
    core = await createCore({ shell: 'browser', env, dataDir, logEcho: 'warn' });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(
        `\nCounterpay cannot start: ${e.message}\nFix the file (or remove it to use defaults) and start again.\n`,
      );
    } else {
      process.stderr.write(`\nCounterpay cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    // Still serve the page: the recovery screen says what happened and offers the backups.
    // The data folder stays locked: a restore there must not race another start.
    await startRecoveryShell(e, { rendererDir });
    return;
  }
  const c = core;
  let shell;
  try {
    shell = await startBrowserShell({
      dispatch: c.dispatch,
      bus: c.bus,
      log: c.log,
      rendererDir,
      port: c.config.browserShell.port,
      ...(process.env.COUNTERPAY_TOKEN ? { token: process.env.COUNTERPAY_TOKEN } : {}),
      ...(process.env.COUNTERPAY_DISPLAY_TOKEN ? { displayToken: process.env.COUNTERPAY_DISPLAY_TOKEN } : {}),
      slidesDir: c.config.display.slidesDir,
    });
  } catch (e) {
    const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    process.stderr.write(
      inUse
        ? `\nCounterpay cannot start: port ${c.config.browserShell.port} on 127.0.0.1 is already in use (is Counterpay already running?).\n` +
            `Stop the other program, or choose another port: COUNTERPAY_PORT=4781 npm start (or browserShell.port in config.json).\n`
        : `\nCounterpay cannot start the browser shell: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    await c.close();
    lock.release();
    process.exit(2);
  }
  if (env.COUNTERPAY_TEST_FAULTS === '1') {
    // Test hook (main/browser/process.test.ts, e2e/process-faults.spec.ts): on SIGUSR2, a throw in
    // a timer and a rejection nobody handles; the last-resort handler must keep the shell serving.
    process.on('SIGUSR2', () => {
      setTimeout(() => {
        throw new Error('test fault: thrown in a timer');
      }, 0);
      void Promise.reject(new Error('test fault: rejected and never handled'));
    });
  }
  const lines = [
    '',
    `  Counterpay 收银台 is running (browser shell).`,
    `  Open: ${shell.openUrl}`,
    `  Customer display (read-only): ${shell.displayUrl}`,
    `  Data folder: ${c.dataDir}`,
    c.sandbox
      ? `  Gateway: embedded SANDBOX 演示 at ${c.sandbox.url} (set COUNTERPAY_GATEWAY_URL for a real one)`
      : `  Gateway: ${c.config.gateway.url}`,
    backOfficesLine(c.backOffices.source),
    '  Press Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  // One machine-readable line for test harnesses.
  process.stdout.write(
    `COUNTERPAY_READY ${JSON.stringify({ url: shell.url, openUrl: shell.openUrl, displayUrl: shell.displayUrl, sandboxUrl: c.sandbox?.url ?? null, dataDir: c.dataDir, pid: process.pid })}\n`,
  );
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await shell.close();
    await c.close();
    lock.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();

/** Where each back office runs: configured, an embedded demo simulator (演示), or not set up. */
function backOfficesLine(source: Record<BackOfficeSystem, BackOfficeSource>): string {
  const names: Record<BackOfficeSystem, string> = {
    xiaobao: '校宝 Xiaobao',
    kesion: '网校 KesionEDU',
    campus: '校园卡 campus',
  };
  const words = {
    configured: 'configured',
    sandbox: 'demo simulator 演示',
    'not-configured': 'not configured',
  } as const;
  const parts = (Object.keys(names) as BackOfficeSystem[]).map((k) => `${names[k]}: ${words[source[k]]}`);
  return `  Back offices: ${parts.join(' · ')}`;
}
