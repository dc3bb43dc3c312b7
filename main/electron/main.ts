import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from '../core.js';
import { bindIpc } from './ipc.js';
import { hardenWindow, isOwnPage } from './security.js';

/**
 * The Electron shell: thin. It owns the window, the preload, IPC binding and hardening.
 * Everything else is the core (main/core.ts), which never imports electron.
 */

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: Core | null = null;
  let win: BrowserWindow | null = null;
  const rendererIndex = path.join(__dirname, '..', 'renderer', 'index.html');
  const rendererIndexUrl = pathToFileURL(rendererIndex).toString();

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url, rendererIndexUrl)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.whenReady().then(async () => {
    try {
      core = await createCore({
        dataDir: process.env.COUNTERPAY_DATA_DIR ?? app.getPath('userData'),
        shell: 'electron',
        version: app.getVersion(),
      });
    } catch (e) {
      const { dialog } = await import('electron');
      dialog.showErrorBox('Counterpay 无法启动 / cannot start', e instanceof Error ? e.message : String(e));
      app.exit(1);
      return;
    }
    const c = core;
    win = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 1024,
      minHeight: 700,
      show: false,
      title: '收银台 Counterpay',
      webPreferences: {
        preload: path.join(__dirname, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false,
      },
    });
    hardenWindow({
      webContents: win.webContents,
      session: session.defaultSession,
      rendererIndexUrl,
      openExternal: (url) => shell.openExternal(url),
      log: c.log,
    });
    bindIpc({
      ipcMain,
      dispatch: c.dispatch,
      bus: c.bus,
      log: c.log,
      targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
      isTrustedSender: (event) => isOwnPage(event.senderFrame?.url ?? '', rendererIndexUrl),
    });
    win.once('ready-to-show', () => win?.show());
    await win.loadFile(rendererIndex);
  });

  app.on('window-all-closed', () => {
    app.quit();
  });

  app.on('before-quit', () => {
    void core?.close();
  });
}
