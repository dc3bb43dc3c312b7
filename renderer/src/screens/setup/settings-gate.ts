import { create } from 'zustand';

/**
 * 系统设置 after first-run setup: the setup screen opened again from the sign-in screen. The
 * screen itself asks for a supervisor's number and PIN (checked in main by `setup.authorize`)
 * unless a supervisor is already signed in on this connection.
 */
export const useSettingsUi = create<{ open: boolean; setOpen(open: boolean): void }>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

export const openSettings = (): void => useSettingsUi.getState().setOpen(true);
export const closeSettings = (): void => useSettingsUi.getState().setOpen(false);
