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

/**
 * Bind the contract to Electron IPC: one `ipcMain.handle` channel for every command (the
 * dispatcher validates the name and payload), and `webContents.send` for events.
 * Electron is injected, so this module is unit-tested without the binary.
 */
export function bindIpc(opts: IpcBindingOptions): () => void {
  const { ipcMain, dispatch, bus, log } = opts;
  ipcMain.handle(INVOKE_CHANNEL, async (event, command: unknown, input: unknown) => {
    if (!opts.isTrustedSender(event)) {
      log.warn('ipc.untrusted-sender', { url: event.senderFrame?.url ?? null });
      return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
    }
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
