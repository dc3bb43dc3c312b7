import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventBus } from '../events.js';
import type { Dispatch } from '../handlers/dispatch.js';
import type { Logger } from '../log.js';

/** The two IPC channels of the contract. The renderer never sees them: the preload wraps them. */
export const INVOKE_CHANNEL = 'counterpay:invoke';
export const EVENT_CHANNEL = 'counterpay:event';

export interface IpcBindingOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatch: Dispatch;
  bus: EventBus;
  log: Logger;
  /** The windows that receive events. */
  targets: () => Pick<WebContents, 'send' | 'isDestroyed' | 'id'>[];
  /** True when the invoking frame is our own renderer (file:// page of our window). */
  isTrustedSender: (event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>) => boolean;
}

/** The part of a WebContents that tells us its page went away (reload, navigation, crash, close). */
export interface WatchableContents {
  id: number;
  on?: (event: string, listener: (...args: unknown[]) => void) => unknown;
  once?: (event: string, listener: (...args: unknown[]) => void) => unknown;
}

/**
 * Bind the contract to Electron IPC: one `ipcMain.handle` channel for every command (the
 * dispatcher validates the name and payload), and `webContents.send` for events.
 * Electron is injected, so this module is unit-tested without the binary.
 *
 * A window is one connection (`wc-<id>`). When its page goes away — the window closes, the page
 * reloads or navigates, the renderer crashes — the binding calls `dispatch.disconnect`, exactly
 * like the browser shell's WebSocket 'close': the operator signed in on that page is unbound and
 * the reloaded page must present its resume ticket within the grace period.
 */
export function bindIpc(opts: IpcBindingOptions): () => void {
  const { ipcMain, dispatch, bus, log } = opts;
  const watched = new Set<number>();
  function watch(sender: WatchableContents): void {
    if (watched.has(sender.id) || typeof sender.on !== 'function') return;
    watched.add(sender.id);
    const connectionId = `wc-${sender.id}`;
    const gone = (why: string) => {
      log.info('ipc.window-gone', { connectionId, why });
      dispatch.disconnect?.({ transport: 'electron', connectionId });
    };
    // Electron ≥ 30 passes one details object; older versions (event, url, isInPlace, isMainFrame).
    sender.on('did-start-navigation', (details: unknown, _url: unknown, isInPlace: unknown, isMainFrame: unknown) => {
      const d = (details ?? {}) as { isMainFrame?: boolean; isSameDocument?: boolean };
      const main = d.isMainFrame ?? isMainFrame === true;
      const sameDocument = d.isSameDocument ?? isInPlace === true;
      if (main && !sameDocument) gone('navigation');
    });
    sender.on('render-process-gone', () => gone('crashed'));
    (sender.once ?? sender.on).call(sender, 'destroyed', () => {
      watched.delete(sender.id);
      gone('closed');
    });
  }
  ipcMain.handle(INVOKE_CHANNEL, async (event, command: unknown, input: unknown) => {
    if (!opts.isTrustedSender(event)) {
      log.warn('ipc.untrusted-sender', { url: event.senderFrame?.url ?? null });
      return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    }
    watch(event.sender as unknown as WatchableContents);
    return dispatch(command, input, { transport: 'electron', connectionId: `wc-${event.sender.id}` });
  });
  const unsubscribe = bus.subscribe((name, payload) => {
    for (const wc of opts.targets()) {
      if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL, name, payload);
    }
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
