import { describe, expect, it } from 'vitest';
import { buildDisplayView } from '../../app/display/model.js';
import { createEventBus } from '../events.js';
import { silentLogger } from '../log.js';
import {
  chooseDisplayScreen,
  DISPLAY_EVENT_CHANNEL,
  DISPLAY_PAGE_URL,
  DISPLAY_STATE_CHANNEL,
  openDisplayWindow,
  type DisplayWindowDeps,
} from './display-window.js';

// Electron's types without importing electron (tests never load it, not even for types).
type BrowserWindowConstructorOptions = Parameters<DisplayWindowDeps['createWindow']>[0];
type BrowserWindow = ReturnType<DisplayWindowDeps['createWindow']>;
type IpcMainInvokeEvent = Parameters<Parameters<DisplayWindowDeps['ipcMain']['handle']>[1]>[0];

const primary = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } };
const second = { id: 2, bounds: { x: 1366, y: 0, width: 1024, height: 768 } };
const view = {
  rev: 1,
  ...buildDisplayView({ bill: null, attempt: null, slides: { names: [], intervalMs: 8000 }, locale: 'zh-CN' }),
};

function fakeElectron() {
  const handlers = new Map<string, (event: { sender: { id: number } }) => unknown>();
  const sent: [string, unknown][] = [];
  const calls: string[] = [];
  let options: BrowserWindowConstructorOptions | null = null;
  const win = {
    webContents: { id: 42, send: (ch: string, p: unknown) => void sent.push([ch, p]) },
    setIgnoreMouseEvents: (v: boolean) => void calls.push(`ignoreMouse:${v}`),
    once: () => {},
    loadURL: (url: string) => {
      calls.push(`load:${url}`);
      return Promise.resolve();
    },
    isDestroyed: () => false,
    destroy: () => void calls.push('destroy'),
  };
  return {
    handlers,
    sent,
    calls,
    options: () => options,
    createWindow: (o: BrowserWindowConstructorOptions) => {
      options = o;
      return win as unknown as BrowserWindow;
    },
    ipcMain: {
      handle: (ch: string, fn: (event: IpcMainInvokeEvent) => unknown) =>
        void handlers.set(ch, (event) => fn(event as unknown as IpcMainInvokeEvent)),
      removeHandler: (ch: string) => void handlers.delete(ch),
    },
  };
}

describe('the Electron customer display window', () => {
  it("chooses the first non-primary monitor for 'auto', an index otherwise, never the counter's own", () => {
    expect(chooseDisplayScreen([primary, second], 1, 'auto')).toBe(second);
    expect(chooseDisplayScreen([second, primary], 1, 'auto')).toBe(second);
    expect(chooseDisplayScreen([primary], 1, 'auto')).toBeNull();
    expect(chooseDisplayScreen([primary, second], 1, 1)).toBe(second);
    expect(chooseDisplayScreen([primary, second], 1, 0)).toBeNull();
    expect(chooseDisplayScreen([primary, second], 1, 5)).toBeNull();
  });

  it('is off by default (no window) and without a second monitor', () => {
    const e = fakeElectron();
    const base = { ...e, bus: createEventBus(), display: { state: () => view }, log: silentLogger, preload: 'p.cjs' };
    expect(
      openDisplayWindow({
        ...base,
        screens: [primary, second],
        primaryId: 1,
        config: { enabled: false, screen: 'auto' },
      }),
    ).toBeNull();
    expect(
      openDisplayWindow({ ...base, screens: [primary], primaryId: 1, config: { enabled: true, screen: 'auto' } }),
    ).toBeNull();
    expect(e.options()).toBeNull();
  });

  it('full screen and frameless on the chosen monitor, taking no input, read-only channels', () => {
    const e = fakeElectron();
    const bus = createEventBus();
    const d = openDisplayWindow({
      ...e,
      bus,
      display: { state: () => view },
      log: silentLogger,
      preload: 'display-preload.cjs',
      screens: [primary, second],
      primaryId: 1,
      config: { enabled: true, screen: 'auto' },
    });
    expect(d).not.toBeNull();
    expect(e.options()).toMatchObject({
      x: 1366,
      width: 1024,
      fullscreen: true,
      frame: false,
      focusable: false,
      webPreferences: { preload: 'display-preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    expect(e.calls).toEqual(['ignoreMouse:true', `load:${DISPLAY_PAGE_URL}`]);
    // Only its own window may read the state.
    expect(e.handlers.get(DISPLAY_STATE_CHANNEL)?.({ sender: { id: 42 } })).toEqual({ ok: true, value: view });
    expect(e.handlers.get(DISPLAY_STATE_CHANNEL)?.({ sender: { id: 7 } })).toMatchObject({ ok: false });
    // Only display events reach it.
    bus.emit('connectivity.changed', {
      gateway: 'online',
      backOffice: 'not-configured',
      outboxDepth: 0,
      oldestWaitingMs: null,
    });
    bus.emit('display.changed', { ...view, rev: 2 });
    expect(e.sent).toEqual([[DISPLAY_EVENT_CHANNEL, { ...view, rev: 2 }]]);
    d?.close();
    expect(e.handlers.size).toBe(0);
    expect(e.calls.at(-1)).toBe('destroy');
  });
});
