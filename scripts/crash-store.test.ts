import { describe, expect, it } from 'vitest';
import { runCrashRounds } from './crash-harness.js';

/**
 * SIGKILL the bill writer at random moments, reopen, check. 10 rounds here;
 * `npm run crash:store` runs 200 (CRASH_ROUNDS overrides both).
 */
const rounds = Number(process.env.CRASH_ROUNDS ?? 10);

describe('store crash safety', () => {
  it(
    `keeps every acknowledged bill through ${rounds} SIGKILLs, with integrity_check ok`,
    async () => {
      const report = await runCrashRounds({ rounds, seed: 20250131 });
      expect(report.integrity).toBe('ok');
      expect(report.missing).toEqual([]);
      expect(report.problems).toEqual([]);
      expect(report.acknowledged).toBeGreaterThanOrEqual(rounds);
      expect(report.paidBills).toBeGreaterThanOrEqual(report.acknowledged);
    },
    60_000 + rounds * 5_000,
  );
});
