/**
 * The process the Xiaobao chaos test kills (see scripts/chaos-xiaobao.ts). It opens the ledger
 * file (with the Xiaobao journal), runs the exactly-once poster against the simulator in the
 * parent, and obeys the parent over IPC:
 *
 *   → { type: 'topup', input }          journal a top-up (idempotent on billNo)
 *   ← { type: 'journaled', billNo }     after the journal row is committed
 *   → { type: 'status', reqId }  ← { type: 'status', reqId, byState }
 *   → { type: 'shutdown' }              (graceful: store closed, exit 0)
 *
 * On start it calls recover(): rows left in 'sending' by a kill are unknown and looked up first.
 */
import { createXiaobaoClient } from '../main/backoffice/xiaobao/client.js';
import { createXiaobaoPoster, type PostingInput } from '../main/backoffice/xiaobao/poster.js';
import { openStore } from '../main/store/db.js';
import path from 'node:path';

const env = process.env;
const dataDir = env['CHAOS_DATA_DIR']!;
const settleMs = Number(env['CHAOS_SETTLE_MS'] ?? '500');

const store = openStore({
  file: path.join(dataDir, 'counter.db'),
  now: Date.now,
  check: 'quick',
  log: { info() {}, warn() {}, error() {} },
});
const client = createXiaobaoClient({
  baseUrl: env['CHAOS_XIAOBAO_URL']!,
  accessKeyId: env['CHAOS_XIAOBAO_ACCESS_KEY_ID']!,
  accessKeySecret: env['CHAOS_XIAOBAO_ACCESS_KEY_SECRET']!,
  corpId: env['CHAOS_XIAOBAO_CORP_ID']!,
  timeoutMs: Number(env['CHAOS_TIMEOUT_MS'] ?? '250'),
  readRetries: 2,
  retryDelayMs: 20,
});
const poster = createXiaobaoPoster({
  db: store.db,
  client,
  settleMs,
  windowBeforeMs: 10_000,
  windowAfterMs: 10_000,
  maxSends: 50,
  maxLookupFailures: 1_000,
  backoffBaseMs: 50,
  backoffMaxMs: 1_000,
});
poster.recover();

let wake: (() => void) | null = null;
const nudge = () => {
  wake?.();
  wake = null;
};

process.on('message', (raw) => {
  const msg = raw as { type: string; reqId?: number; input?: PostingInput };
  if (msg.type === 'topup' && msg.input) {
    poster.enqueue(msg.input);
    process.send!({ type: 'journaled', billNo: msg.input.billNo });
    nudge();
  } else if (msg.type === 'status') {
    const byState: Record<string, number> = {};
    for (const r of poster.list()) byState[r.state] = (byState[r.state] ?? 0) + 1;
    process.send!({ type: 'status', reqId: msg.reqId, byState });
  } else if (msg.type === 'shutdown') {
    stopping = true;
    nudge();
  }
});

let stopping = false;
process.send!({ type: 'ready' });
while (!stopping) {
  try {
    await poster.runDue();
  } catch (e) {
    process.stderr.write(`${JSON.stringify({ level: 'error', event: 'runDue failed', error: String(e) })}\n`);
  }
  const next = poster.nextDueAt();
  const wait = Math.max(5, Math.min(200, (next ?? Date.now() + 200) - Date.now()));
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, wait);
    wake = () => {
      clearTimeout(t);
      resolve();
    };
  });
}
store.close();
process.exit(0);
