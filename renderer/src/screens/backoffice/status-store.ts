import { create } from 'zustand';
import type { BackOfficeStatus } from '../../../../app/contract/backoffice.js';
import type { CounterpayApi } from '../../../../app/contract/index.js';

/** The back offices' status on the page (the status bar's pills), fed from the core's events. */
export interface BackOfficeStatusState {
  systems: BackOfficeStatus[];
  set(systems: BackOfficeStatus[]): void;
}

export const useBackOfficeStatus = create<BackOfficeStatusState>((set) => ({
  systems: [],
  set: (systems) => set({ systems }),
}));

/** Load `backoffice.status` on every (re)connection and follow `backoffice.status.changed`. */
export function startBackOfficeFeed(
  api: CounterpayApi,
  conn: { status(): string; onStatus(l: (s: string) => void): () => void },
): () => void {
  const load = async (): Promise<void> => {
    const r = await api.invoke('backoffice.status', {});
    if (r.ok) useBackOfficeStatus.getState().set(r.value.systems);
  };
  const offs = [
    api.on('backoffice.status.changed', (l) => useBackOfficeStatus.getState().set(l.systems)),
    conn.onStatus((s) => {
      if (s === 'open') void load();
    }),
  ];
  if (conn.status() === 'open') void load();
  return () => {
    for (const off of offs) off();
  };
}
