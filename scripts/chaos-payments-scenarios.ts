/** The chaos test's scenario mix and the child's bundling (scripts/chaos-payments.ts). */
import { sandboxCode } from '../main/sandbox/scenarios.js';
import { bundleChaosChild } from './chaos-child.js';

export const buildChild = (): Promise<string> => bundleChaosChild('chaos-payments-child.ts');

export type Pick = (r: () => number) => { code: (serial: number) => string; label: string };

/** The scenario mix (weights). Seconds are chosen around a fast deadline. */
export function scenarioMix(deadlineMs: number): { w: number; pick: Pick }[] {
  const lateS = Math.ceil(deadlineMs / 1000) + 1;
  const int = (r: () => number, a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  return [
    { w: 30, pick: () => ({ label: 'paid', code: (s) => sandboxCode(0, 0, s) }) },
    {
      w: 18,
      pick: (r) => {
        const n = int(r, 1, Math.max(1, lateS - 2));
        return { label: 'password', code: (s) => sandboxCode(1, n, s) };
      },
    },
    {
      w: 10,
      pick: (r) => {
        const n = int(r, 0, 3);
        return { label: 'declined', code: (s) => sandboxCode(2, n, s) };
      },
    },
    {
      w: 5,
      pick: (r) => {
        const n = int(r, 1, 2);
        return { label: 'payer-cancels', code: (s) => sandboxCode(3, n, s) };
      },
    },
    {
      w: 5,
      pick: (r) => {
        const n = int(r, 1, 3);
        return { label: 'no-reply', code: (s) => sandboxCode(4, n, s) };
      },
    },
    {
      w: 4,
      pick: (r) => {
        const n = int(r, 0, 1);
        return { label: 'http-500', code: (s) => sandboxCode(5, n, s) };
      },
    },
    { w: 4, pick: () => ({ label: 'slow', code: (s) => sandboxCode(6, 1, s) }) },
    {
      w: 4,
      pick: (r) => {
        const n = int(r, 0, 1);
        return { label: 'reset', code: (s) => sandboxCode(7, n, s) };
      },
    },
    { w: 4, pick: () => ({ label: 'malformed', code: (s) => sandboxCode(8, 0, s) }) },
    {
      w: 4,
      pick: (r) => {
        const n = int(r, 1, 2);
        return { label: 'business-error', code: (s) => sandboxCode(9, n, s) };
      },
    },
    {
      w: 8,
      pick: (r) => {
        const n = int(r, lateS, lateS + 3);
        return { label: 'late-success', code: (s) => sandboxCode(1, n, s) };
      },
    },
  ];
}
