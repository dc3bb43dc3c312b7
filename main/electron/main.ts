import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, screen, session, shell } from 'electron';
import { autoUpdater } from 'electron-updater';
import path from 'node:path';
import { isWaiting } from '../../app/payment/state.js';
import { createCore, type Core } from '../core.js';
import { createLastResortHandler, installLastResort } from '../last-resort.js';
import { createLogger } from '../log.js';
import { probeDataFolder } from '../recovery/data-folder.js';
import { acquireDataLock, DataFolderLockedError, type DataLock } from '../store/data-lock.js';
import { createRecoveryMode, diagnoseStartFailure } from '../recovery/index.js';
import { toKeyboardInputEvents } from '../scanners/electron-wedge.js';
import { setReportPdfPrinter } from '../reports/pdf.js';
import { openDisplayWindow, type DisplayWindow } from './display-window.js';
import { bindIpc } from './ipc.js';
import { createElectronPrinting } from './printing.js';
import { electronSecretCipher } from './safe-storage.js';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  hardenApp,
  hardenSession,
  isTrustedIpcSender,
  RENDERER_INDEX_URL,
  secureWebPreferences,
} from './security.js';
import { createLateUpdatesPort, createUpdater, type Updater } from './updater.js';

/**
 * The Electron shell: thin. It owns the window, the preload, IPC binding and hardening.
 * Everything else is the core (main/core.ts), which never imports electron.
 */

// The renderer is served from counterpay://app/ (a real origin with a CSP header), never file://.
// Must be registered before `ready`.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: Core | null = null;
  let dataLock: DataLock | null = null;
  let win: BrowserWindow | null = null;
  let displayWin: DisplayWindow | null = null;
  // Last resort (issue 11, item 3): a fault nobody caught is logged and shown, never a silent exit.
  installLastResort(
    createLastResortHandler({
      log: () => core?.log ?? null,
      ledger: () => (core && !core.store.closed ? core.store.db : null),
      notify: (fault) => {
        if (core && !core.store.closed) core.bus.emit('app.fault', fault);
      },
    }),
  );
  let updater: Updater | null = null;
  const updatesPort = createLateUpdatesPort(app.getVersion());
  /** A payment is live while the cashier waits on it (created, sent, awaiting the payer). */
  const isPaymentLive = (): boolean => core === null || core.payments.listOpen().some((a) => isWaiting(a.state));
  const rendererDir = path.join(__dirname, '..', 'renderer');
  // Until the core (and its logger) exists, security events go to stderr.
  const earlyLog = { warn: (event: string, fields?: Record<string, unknown>) => console.warn(event, fields ?? {}) };
  const securityLog = {
    warn: (event: string, fields?: Record<string, unknown>) =>
      core ? core.log.warn(event, fields) : earlyLog.warn(event, fields),
  };

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  // Every web contents (window, devtools, anything else): no navigation, no window.open, no webview.
  hardenApp(app, { openExternal: (url) => shell.openExternal(url), log: securityLog });

  app.whenReady().then(async () => {
    hardenSession(session.defaultSession, { log: securityLog });
    session.defaultSession.protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({
        rootDir: rendererDir,
        log: securityLog,
        slidesDir: () => core?.config.display.slidesDir ?? null,
      }),
    );
    // Receipts and report PDFs render in hidden, script-less windows (main/electron/printing.ts).
    const printing = createElectronPrinting((options) => new BrowserWindow(options));
    setReportPdfPrinter(printing);
    const dataDir = path.resolve(process.env.COUNTERPAY_DATA_DIR ?? app.getPath('userData'));
    // A folder that cannot be written: the recovery screen says which and what to do (item 5).
    const unwritable = probeDataFolder(dataDir);
    if (unwritable) {
      await openRecoveryWindow(unwritable);
      return;
    }
    // One Counterpay per data folder (item 6): a second one is refused, naming the holder.
    try {
      dataLock = acquireDataLock(dataDir, { shell: 'electron' });
    } catch (e) {
      if (e instanceof DataFolderLockedError) {
        dialog.showErrorBox('收银台无法启动 / Counterpay cannot start', e.message);
        app.exit(2);
        return;
      }
      await openRecoveryWindow(e);
      return;
    }
    try {
      core = await createCore({
        printing,
        dataDir,
        shell: 'electron',
        version: app.getVersion(),
        installer: {
          secretCipher: electronSecretCipher(safeStorage),
          listPrinters: async () =>
            win
              ? (await win.webContents.getPrintersAsync()).map((p) => ({
                  name: p.name,
                  displayName: p.displayName || p.name,
                  isDefault:
                    String((p.options as Record<string, unknown> | undefined)?.['is-default'] ?? '') === 'true',
                }))
              : [],
          restart: () => {
            app.relaunch();
            app.quit();
          },
          updates: updatesPort,
        },
      });
    } catch (e) {
      // The core did not start (damaged or too-new ledger, bad config.json, …): open the window on
      // the recovery screen instead of a dead end. Only if even that fails, an error box.
      try {
        await openRecoveryWindow(e);
      } catch (e2) {
        dialog.showErrorBox(
          'Counterpay 无法启动 / cannot start',
          `${e instanceof Error ? e.message : String(e)}\n\n${String(e2)}`,
        );
        app.exit(1);
      }
      return;
    }
    const c = core;
    updater = createUpdater({
      updater: autoUpdater,
      isPaymentLive,
      config: c.config.updates,
      currentVersion: app.getVersion(),
      isPackaged: app.isPackaged,
      log: c.log.child('updates'),
      onChange: (status) => c.bus.emit('updates.changed', status),
    });
    updatesPort.attach(updater);
    updater.start();
    win = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 1024,
      minHeight: 700,
      show: false,
      title: '收银台 Counterpay',
      // Scan beeps must play for a HID scan before anyone touched the page (no user gesture).
      webPreferences: {
        ...secureWebPreferences(path.join(__dirname, 'preload.cjs')),
        autoplayPolicy: 'no-user-gesture-required',
      },
    });
    bindIpc({
      ipcMain,
      dispatch: c.dispatch,
      bus: c.bus,
      log: c.log,
      // The customer display's window gets only its own read-only channels (display-window.ts).
      targets: () =>
        BrowserWindow.getAllWindows()
          .filter((w) => w !== displayWin?.window)
          .map((w) => w.webContents),
      isTrustedSender: (event) => isTrustedIpcSender(event),
    });
    // Keyboard-mode scanners: caught in main before the page sees a key (text rebuilt from
    // input.code, so the layout and the Chinese IME do not matter) and fed to the core's one scan
    // pipeline; keys that turn out to be typing are given back in order. The page installs no
    // wedge listener of its own in this shell.
    const w = win;
    const wedge = c.scanners.createElectronWedge({
      insertText: (text) => w.webContents.insertText(text),
      sendKey: (input) => {
        for (const ev of toKeyboardInputEvents(input)) {
          w.webContents.sendInputEvent({ ...ev, modifiers: ev.modifiers as Electron.KeyboardInputEvent['modifiers'] });
        }
      },
    });
    w.webContents.on('before-input-event', (event, input) => {
      if (wedge.handleInput(input)) event.preventDefault();
    });
    w.on('closed', () => wedge.dispose());
    win.once('ready-to-show', () => win?.show());
    // The customer display on the second monitor (config display.enabled / display.screen).
    displayWin = openDisplayWindow({
      createWindow: (options) => new BrowserWindow(options),
      ipcMain,
      bus: c.bus,
      display: c.display,
      log: c.log.child('display'),
      screens: screen.getAllDisplays(),
      primaryId: screen.getPrimaryDisplay().id,
      config: c.config.display,
      preload: path.join(__dirname, 'display-preload.cjs'),
    });
    w.on('closed', () => displayWin?.close());
    await win.loadURL(RENDERER_INDEX_URL);
  });

  /** Recovery mode: the same window and IPC, bound to the recovery dispatch (main/recovery). */
  async function openRecoveryWindow(error: unknown): Promise<void> {
    const dataDir = path.resolve(process.env.COUNTERPAY_DATA_DIR ?? app.getPath('userData'));
    const info = diagnoseStartFailure(error, dataDir, { shell: 'electron', version: app.getVersion() });
    const log = createLogger({ dir: path.join(dataDir, 'logs'), echo: 'warn' });
    log.error('core.start-failed.recovery-mode', {
      code: info.code,
      reason: info.details.reason,
      message: info.message,
      backups: info.backups.length,
    });
    const mode = createRecoveryMode({
      info,
      dataDir,
      log,
      relaunch: () => {
        app.relaunch();
        app.quit();
      },
    });
    win = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 1024,
      minHeight: 700,
      show: false,
      title: '收银台 Counterpay — 恢复 / recovery',
      webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
    });
    bindIpc({
      ipcMain,
      dispatch: mode.dispatch,
      bus: mode.bus,
      log,
      targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
      isTrustedSender: (event) => isTrustedIpcSender(event),
    });
    win.once('ready-to-show', () => win?.show());
    await win.loadURL(RENDERER_INDEX_URL);
  }

  app.on('window-all-closed', () => {
    app.quit();
  });

  app.on('before-quit', () => {
    updater?.beforeQuit();
    updater?.stop();
    const lock = dataLock;
    void Promise.resolve(core?.close()).finally(() => lock?.release());
  });
}
