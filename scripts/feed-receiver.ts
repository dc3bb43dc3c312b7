/**
 * Run the local bill-feed receiver standalone (demos, manual tests).
 *
 *   npx tsx scripts/feed-receiver.ts [--port 4790] [--mode ok|down|slow|flaky|ack-twice|drop-ack]
 *                                    [--slow-ms 2000] [--fail-rate 0.5] [--log bills.jsonl] [--token T]
 *
 * Point the app at it with COUNTERPAY_FEED_URL=http://127.0.0.1:<port>/feed.
 * While it runs, type a mode name + Enter on stdin to switch (e.g. "down", "ok"), or
 * "stats" to print counters. Logs go to stderr; one JSON line per event on stdout.
 */
import { createInterface } from 'node:readline';
import { startFeedReceiver, type ReceiverMode } from '../main/sync/feed-receiver.js';

const MODES: ReceiverMode[] = ['ok', 'down', 'slow', 'flaky', 'ack-twice', 'drop-ack'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const mode = (arg('mode') ?? 'ok') as ReceiverMode;
if (!MODES.includes(mode)) {
  console.error(`unknown mode ${mode}; one of ${MODES.join(', ')}`);
  process.exit(2);
}

const receiver = await startFeedReceiver({
  port: Number(arg('port') ?? 4790),
  mode,
  ...(arg('slow-ms') ? { slowMs: Number(arg('slow-ms')) } : {}),
  ...(arg('fail-rate') ? { failRate: Number(arg('fail-rate')) } : {}),
  ...(arg('log') ? { logFile: arg('log')! } : {}),
  ...(arg('token') ? { token: arg('token')! } : {}),
});

const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
out({ event: 'listening', url: receiver.url, mode });
console.error(`bill feed receiver on ${receiver.url} (mode ${mode}); type a mode or "stats" + Enter`);
receiver.on('bill', (b: { billNo: string; totalFen: number }) =>
  out({ event: 'bill', billNo: b.billNo, totalFen: b.totalFen }),
);

createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = line.trim() as ReceiverMode | 'stats';
  if (cmd === 'stats') out({ event: 'stats', bills: receiver.bills.size, ...receiver.stats, mode: receiver.mode });
  else if (MODES.includes(cmd)) {
    receiver.setMode(cmd);
    out({ event: 'mode', mode: cmd });
  } else if (cmd) console.error(`unknown command ${cmd}`);
});

const shutdown = () => {
  void receiver.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
