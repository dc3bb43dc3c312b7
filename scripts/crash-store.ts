/**
 * `npm run crash:store` — the full-size crash test: 200 SIGKILL rounds (or --rounds N).
 * Prints one JSON report on stdout; progress on stderr. Exits 1 on any lost or broken bill.
 */
import { runCrashRounds } from './crash-harness.js';

const i = process.argv.indexOf('--rounds');
const rounds = Number(i >= 0 ? process.argv[i + 1] : (process.env.CRASH_ROUNDS ?? 200));
const report = await runCrashRounds({ rounds, seed: Date.now() >>> 0, log: (m) => process.stderr.write(`${m}\n`) });
process.stdout.write(`${JSON.stringify({ test: 'store-crash', ...report }, null, 2)}\n`);
process.exit(report.integrity === 'ok' && report.missing.length === 0 && report.problems.length === 0 ? 0 : 1);
