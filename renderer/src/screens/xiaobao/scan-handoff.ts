import { create } from 'zustand';

/**
 * A code scanned while 校宝学员 is open is a student id for its finder (not a product or a
 * payment): the counter's scan action hands it here (renderer/src/actions/scan.ts). Scanned
 * while a form of the screen is showing (an amount, a PIN) it is dropped: a scan is never an
 * amount.
 */
export const useXiaobaoScan = create<{
  seq: number;
  text: string;
  /** The finder is on screen. */
  finder: boolean;
  put(text: string): void;
  setFinder(on: boolean): void;
}>((set) => ({
  seq: 0,
  text: '',
  finder: false,
  put: (text) => set((s) => (s.finder ? { seq: s.seq + 1, text: text.trim().slice(0, 40) } : {})),
  setFinder: (finder) => set({ finder }),
}));
