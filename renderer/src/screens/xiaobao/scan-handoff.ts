import { create } from 'zustand';

/**
 * A code scanned while 校宝学员 is open is a student id for its finder (not a product or a
 * payment): the counter's scan action hands it here (renderer/src/actions/scan.ts).
 */
export const useXiaobaoScan = create<{ seq: number; text: string; put(text: string): void }>((set) => ({
  seq: 0,
  text: '',
  put: (text) => set((s) => ({ seq: s.seq + 1, text: text.trim().slice(0, 40) })),
}));
