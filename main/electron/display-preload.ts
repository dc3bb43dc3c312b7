import { contextBridge, ipcRenderer } from 'electron';
import { DisplayViewSchema, type DisplayView } from '../../app/display/view.js';
import type { Result } from '../../app/result.js';
import { DISPLAY_EVENT_CHANNEL, DISPLAY_STATE_CHANNEL } from './display-window.js';

/**
 * The display window's preload: `window.counterpayDisplay`, read-only (renderer/src/display/connect.ts).
 * The current view and its changes; no command, no other event.
 */
const listeners = new Set<(view: DisplayView) => void>();
ipcRenderer.on(DISPLAY_EVENT_CHANNEL, (_event, payload: unknown) => {
  const parsed = DisplayViewSchema.safeParse(payload);
  if (!parsed.success) return;
  for (const l of [...listeners]) l(parsed.data);
});

contextBridge.exposeInMainWorld('counterpayDisplay', {
  state: (): Promise<Result<DisplayView>> => ipcRenderer.invoke(DISPLAY_STATE_CHANNEL),
  onChange(listener: (view: DisplayView) => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  // IPC to the core in this process: always linked.
  onLink(listener: (open: boolean) => void) {
    listener(true);
    return () => {};
  },
});
