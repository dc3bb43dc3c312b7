import { useEffect } from 'react';
import { create } from 'zustand';
import type { LiveReport, PairingView, ScannerStatusView } from '../../../../app/contract/scanner.js';
import type { ScannerConfig } from '../../../../app/scan/config.js';

/**
 * Scanner state on the page: what the core says about the scanners (status for the status bar,
 * the config in force, pairing), the live test view, and whether the settings screen is open.
 * Fed by ./feed.ts from the core's events.
 */

export type LiveLine = LiveReport & { id: number };

export const LIVE_MAX = 200;

export interface ScannerUiState {
  status: ScannerStatusView | null;
  config: ScannerConfig | null;
  pairing: PairingView;
  live: LiveLine[];
  /** The scanner settings screen is shown (instead of the counter / shift screen). */
  open: boolean;
  setStatus(s: ScannerStatusView): void;
  setConfig(c: ScannerConfig): void;
  setPairing(p: PairingView): void;
  addLive(r: LiveReport): void;
  clearLive(): void;
  setOpen(open: boolean): void;
}

let nextId = 1;

export const useScannerUi = create<ScannerUiState>()((set) => ({
  status: null,
  config: null,
  pairing: { state: 'idle', code: null, expiresAt: null, deviceId: null, device: null },
  live: [],
  open: false,
  setStatus: (status) => set({ status }),
  setConfig: (config) => set({ config }),
  setPairing: (pairing) => set({ pairing }),
  addLive: (r) => set((s) => ({ live: [{ ...r, id: nextId++ }, ...s.live].slice(0, LIVE_MAX) })),
  clearLive: () => set({ live: [] }),
  setOpen: (open) => set(open ? { open } : { open, live: [] }),
}));

export const isScannerScreenOpen = (): boolean => useScannerUi.getState().open;

/**
 * Whether the scanner settings screen is shown on this screen of the app: only for a signed-in,
 * unlocked operator (the shift or counter screen); signing out or locking closes it.
 */
export function useScannerScreenGate(screen: string): boolean {
  const open = useScannerUi((s) => s.open);
  const allowed = screen === 'counter' || screen === 'open-shift';
  useEffect(() => {
    if (!allowed && useScannerUi.getState().open) useScannerUi.getState().setOpen(false);
  }, [allowed]);
  return open && allowed;
}
