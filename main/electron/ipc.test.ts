import { describe, expect, it, vi } from 'vitest';
import type { EventListener } from '../events.js';
import type { Dispatch } from '../handlers/dispatch.js';
import { bindIpc, EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc.js';
import { isTrustedIpcSender, RENDERER_INDEX_URL } from './security.js';

/** bindIpc with a fake ipcMain, a fake bus and fake web contents: no Electron involved. */

type InvokeHandler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, InvokeHandler>();
  return {
    handle: vi.fn((channel: string, fn: InvokeHandler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
    invoke(channel: string, event: unknown, ...args: unknown[]) {
      const h = handlers.get(channel);
      if (!h) throw new Error(`no handler for ${channel}`);
      return h(event, ...args);
    },
    has: (channel: string) => handlers.has(channel),
  };
}

function fakeBus() {
  const listeners = new Set<EventListener>();
  return {
    emit: (name: string, payload: unknown) => {
      for (const l of listeners) l(name as never, payload);
    },
    subscribe: (l: EventListener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    size: () => listeners.size,
  };
}

function fakeContents(id: number, destroyed = false) {
  return { id, send: vi.fn(), isDestroyed: () => destroyed };
}

const ownFrame = { url: RENDERER_INDEX_URL, parent: null };
const logStub = () => ({
  debug: vi.fn(),
  info: vi.fn(),
  warn: vi.fn(),
  error: vi.fn(),
  child: vi.fn(),
  close: vi.fn(),
});

function setup() {
  const ipcMain = fakeIpcMain();
  const bus = fakeBus();
  const dispatch = vi.fn<Dispatch>(async (command) => ({ ok: true as const, value: { echoed: command } }));
  const log = logStub();
  const windows = [fakeContents(1), fakeContents(2, true), fakeContents(3)];
  const unbind = bindIpc({
    ipcMain,
    dispatch,
    bus: bus as never,
    log: log as never,
    targets: () => windows,
    isTrustedSender: (event) => isTrustedIpcSender(event),
  });
  return { ipcMain, bus, dispatch, log, windows, unbind };
}

describe('bindIpc', () => {
  it('registers one invoke channel and dispatches trusted calls with the sender as connection', async () => {
    const { ipcMain, dispatch } = setup();
    expect(ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(ipcMain.handle.mock.calls[0]?.[0]).toBe(INVOKE_CHANNEL);
    const result = await ipcMain.invoke(INVOKE_CHANNEL, { sender: { id: 7 }, senderFrame: ownFrame }, 'app.info', {});
    expect(result).toEqual({ ok: true, value: { echoed: 'app.info' } });
    expect(dispatch).toHaveBeenCalledWith('app.info', {}, { transport: 'electron', connectionId: 'wc-7' });
  });

  it('passes the raw command and payload to the dispatcher, which validates them', async () => {
    const { ipcMain, dispatch } = setup();
    await ipcMain.invoke(INVOKE_CHANNEL, { sender: { id: 1 }, senderFrame: ownFrame }, { not: 'a name' }, 'junk');
    expect(dispatch).toHaveBeenCalledWith(
      { not: 'a name' },
      'junk',
      expect.objectContaining({ transport: 'electron' }),
    );
  });

  it('refuses calls from foreign pages, sub-frames and destroyed frames without dispatching', async () => {
    const { ipcMain, dispatch, log } = setup();
    const cases = [
      { sender: { id: 2 }, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: { id: 2 }, senderFrame: { url: RENDERER_INDEX_URL, parent: { url: 'https://evil.example/' } } },
      { sender: { id: 2 }, senderFrame: null },
      { sender: { id: 2 }, senderFrame: { url: 'file:///home/user/evil.html', parent: null } },
    ];
    for (const event of cases) {
      const r = await ipcMain.invoke(INVOKE_CHANNEL, event, 'app.info', {});
      expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: 'untrusted sender' } });
    }
    expect(dispatch).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith('ipc.untrusted-sender', { url: 'https://evil.example/' });
    expect(log.warn).toHaveBeenCalledWith('ipc.untrusted-sender', { url: null });
  });

  it('pushes events to every live window on the event channel', () => {
    const { bus, windows } = setup();
    bus.emit('scan.routed', { action: 'reject' });
    expect(windows[0]!.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'scan.routed', { action: 'reject' });
    expect(windows[1]!.send).not.toHaveBeenCalled();
    expect(windows[2]!.send).toHaveBeenCalledWith(EVENT_CHANNEL, 'scan.routed', { action: 'reject' });
  });

  it('unbinding removes the channel and stops events', () => {
    const { ipcMain, bus, windows, unbind } = setup();
    expect(bus.size()).toBe(1);
    unbind();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(INVOKE_CHANNEL);
    expect(ipcMain.has(INVOKE_CHANNEL)).toBe(false);
    expect(bus.size()).toBe(0);
    bus.emit('scan.routed', {});
    expect(windows[0]!.send).not.toHaveBeenCalled();
  });

  it('a window that reloads, navigates, crashes or closes is disconnected like a closed socket', async () => {
    const { ipcMain, dispatch } = setup();
    const disconnected: string[] = [];
    (dispatch as unknown as { disconnect: (ctx: { connectionId: string }) => void }).disconnect = (ctx) =>
      disconnected.push(ctx.connectionId);
    const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
    const sender = {
      id: 9,
      on: (name: string, fn: (...args: unknown[]) => void) =>
        void listeners.set(name, [...(listeners.get(name) ?? []), fn]),
      once: (name: string, fn: (...args: unknown[]) => void) =>
        void listeners.set(name, [...(listeners.get(name) ?? []), fn]),
    };
    const fire = (name: string, ...args: unknown[]) => (listeners.get(name) ?? []).forEach((fn) => fn(...args));
    await ipcMain.invoke(INVOKE_CHANNEL, { sender, senderFrame: ownFrame }, 'session.state', {});
    await ipcMain.invoke(INVOKE_CHANNEL, { sender, senderFrame: ownFrame }, 'session.state', {});
    expect(listeners.get('did-start-navigation')).toHaveLength(1); // watched once
    fire('did-start-navigation', { isMainFrame: true, isSameDocument: true }); // a hash change: same page
    fire('did-start-navigation', { isMainFrame: false, isSameDocument: false }); // a sub-frame
    expect(disconnected).toEqual([]);
    fire('did-start-navigation', { isMainFrame: true, isSameDocument: false }); // reload
    fire('did-start-navigation', {}, 'file:///x', false, true); // older Electron's arguments
    fire('render-process-gone', {}, { reason: 'crashed' });
    fire('destroyed');
    expect(disconnected).toEqual(['wc-9', 'wc-9', 'wc-9', 'wc-9']);
  });
});
