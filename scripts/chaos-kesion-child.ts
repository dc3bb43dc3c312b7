/**
 * The process the KesionEDU chaos test kills (scripts/chaos-kesion.ts). It opens the ledger
 * file, starts the confirmation worker (main/backoffice/kesion/confirmations.ts) against the
 * simulator in the parent — start() turns rows left in 'sending' into 'unknown', checked before
 * any new send — and runs it until every row is settled, then exits 0. Prints nothing on stdout.
 */
import path from 'node:path';
import { createKesionClient } from '../main/backoffice/kesion/client.js';
import { createConfirmationWorker } from '../main/backoffice/kesion/confirmations.js';
import { createEnrollmentJournal } from '../main/backoffice/kesion/journal.js';
import { openStore } from '../main/store/db.js';

const env = process.env;
const store = openStore({
  file: path.join(env['CHAOS_DATA_DIR']!, 'counterpay.db'),
  now: Date.now,
  check: 'quick',
  log: { info() {}, warn() {}, error() {} },
});
const journal = createEnrollmentJournal(store);
const client = createKesionClient({
  baseUrl: env['CHAOS_KESION_URL']!,
  apptoken: env['CHAOS_KESION_TOKEN']!,
  timeoutMs: Number(env['CHAOS_TIMEOUT_MS'] ?? '300'),
});
const worker = createConfirmationWorker({ journal, client: () => client, now: Date.now, retryMs: 40 });
worker.start();
for (;;) {
  await worker.runDue();
  if (journal.live().length === 0) break;
  await new Promise((r) => setTimeout(r, 20));
}
worker.stop();
store.close();
process.exit(0);
