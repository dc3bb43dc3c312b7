import { contextBridge, ipcRenderer } from 'electron';
import { isCommandName, isEventName, type CounterpayApi, type EventName } from '../../app/contract/index.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc.js';

/**
 * The preload exposes exactly one named object, `window.counterpay`, with the contract's
 * typed `invoke` and `on`. It refuses names outside the contract; there is no generic send.
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  const set = listeners.get(name);
  if (set) for (const l of [...set]) l(payload);
});

const api: CounterpayApi = {
  shell: 'electron',
  invoke(command, input) {
    if (!isCommandName(command)) return Promise.resolve({ ok: false, error: { code: 'unknown-command' } });
    return ipcRenderer.invoke(INVOKE_CHANNEL, command, input);
  },
  on(name: EventName, listener: (payload: never) => void) {
    if (!isEventName(name)) throw new Error('unknown event');
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => {
      set.delete(l);
    };
  },
};

contextBridge.exposeInMainWorld('counterpay', api);
