/**
 * Integrity check off the main thread. `PRAGMA integrity_check` reads every page and every
 * index: seconds on a ledger of a million bills (see README). Run synchronously at open it
 * would freeze the counter at start-up, so openStore checks small ledgers inline and the core
 * runs this one in a worker thread right after start-up, on its own read-only connection
 * (WAL lets it read while the counter writes). A failure is reported as data; the core then
 * stops taking payments and shows the "store damaged" screen.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface VerifyResult {
  ok: boolean;
  check: 'integrity' | 'quick';
  /** 'ok' or the problems SQLite listed (at most 100). */
  problems: string[];
  ms: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const started = Date.now();
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 });
  const rows = db.pragma(workerData.check === 'integrity' ? 'integrity_check(100)' : 'quick_check(100)');
  const problems = rows.map((r) => String(Object.values(r)[0]));
  parentPort.postMessage({ ok: problems.length === 1 && problems[0] === 'ok', problems, ms: Date.now() - started });
} catch (e) {
  parentPort.postMessage({ ok: false, problems: [String(e && e.message || e)], ms: Date.now() - started });
} finally {
  try { db && db.close(); } catch {}
}
`;

/** Check the ledger file in a worker thread. Never rejects for a damaged file: see `ok`. */
export function verifyInWorker(file: string, check: 'integrity' | 'quick' = 'integrity'): Promise<VerifyResult> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, check, driver } });
    let settled = false;
    worker.once('message', (m: { ok: boolean; problems: string[]; ms: number }) => {
      settled = true;
      resolve({ ok: m.ok, check, problems: m.problems, ms: m.ms });
      void worker.terminate();
    });
    worker.once('error', (e) => {
      if (!settled) reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`integrity worker exited with code ${code}`));
    });
  });
}
