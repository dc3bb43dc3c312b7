import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { DisplayView } from '../../app/display/view.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../log.js';
import { APP_ORIGIN, secureWebPreferences } from './security.js';

/**
 * The customer display under Electron (config `display.enabled`, `display.screen`): a second,
 * frameless, full-screen window on the chosen monitor that takes no input (not focusable, mouse
 * events ignored). It loads the same display page as the browser shell's /display, through its
 * own preload (display-preload.ts) whose only API is read-only: the current view and its changes,
 * on two channels of its own. The counter's IPC channel refuses it (isTrustedIpcSender accepts
 * only the counter's page) and the counter's events are not sent to it.
 * Electron is injected, so this module is unit-tested without the binary.
 */
export const DISPLAY_STATE_CHANNEL = 'counterpay:display-state';
export const DISPLAY_EVENT_CHANNEL = 'counterpay:display-changed';
export const DISPLAY_PAGE_URL = `${APP_ORIGIN}/display.html`;

export interface ScreenLike {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}

/**
 * The monitor for the display: `screen` an index into the OS's list, or 'auto' = the first one
 * that is not the primary. Null when there is none (one monitor only, or the index is out of range):
 * no display window then — never on top of the counter's own screen.
 */
export function chooseDisplayScreen(
  screens: readonly ScreenLike[],
  primaryId: number,
  choice: number | 'auto',
): ScreenLike | null {
  if (choice === 'auto') return screens.find((s) => s.id !== primaryId) ?? null;
  const chosen = screens[choice];
  return chosen && chosen.id !== primaryId ? chosen : null;
}

export function displayWindowOptions(target: ScreenLike, preload: string): BrowserWindowConstructorOptions {
  const { x, y, width, height } = target.bounds;
  return {
    x,
    y,
    width,
    height,
    fullscreen: true,
    frame: false,
    focusable: false,
    skipTaskbar: true,
    resizable: false,
    movable: false,
    minimizable: false,
    closable: false,
    show: false,
    backgroundColor: '#0f2a3d',
    title: '顾客显示屏',
    webPreferences: secureWebPreferences(preload),
  };
}

export interface DisplayWindowDeps {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  bus: EventBus;
  display: { state(): DisplayView };
  log: Pick<Logger, 'info' | 'warn'>;
  screens: readonly ScreenLike[];
  primaryId: number;
  config: { enabled: boolean; screen: number | 'auto' };
  /** Path of the built display preload (dist/electron/display-preload.cjs). */
  preload: string;
}

export interface DisplayWindow {
  window: BrowserWindow;
  close(): void;
}

export function openDisplayWindow(deps: DisplayWindowDeps): DisplayWindow | null {
  if (!deps.config.enabled) return null;
  const target = chooseDisplayScreen(deps.screens, deps.primaryId, deps.config.screen);
  if (!target) {
    deps.log.warn('display.no-screen', { screen: deps.config.screen, screens: deps.screens.length });
    return null;
  }
  const win = deps.createWindow(displayWindowOptions(target, deps.preload));
  win.setIgnoreMouseEvents(true);
  const ownId = win.webContents.id;
  deps.ipcMain.handle(DISPLAY_STATE_CHANNEL, (event: IpcMainInvokeEvent) => {
    if (event.sender.id !== ownId)
      return { ok: false, error: { code: 'forbidden', message: 'not the display window' } };
    return { ok: true, value: deps.display.state() };
  });
  const unsubscribe = deps.bus.subscribe((name, payload) => {
    if (name === 'display.changed' && !win.isDestroyed()) win.webContents.send(DISPLAY_EVENT_CHANNEL, payload);
  });
  win.once('ready-to-show', () => win.showInactive());
  void win.loadURL(DISPLAY_PAGE_URL);
  deps.log.info('display.window', { screen: target.id });
  return {
    window: win,
    close() {
      unsubscribe();
      deps.ipcMain.removeHandler(DISPLAY_STATE_CHANNEL);
      if (!win.isDestroyed()) win.destroy();
    },
  };
}
