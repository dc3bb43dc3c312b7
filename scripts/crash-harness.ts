/**
 * Kill-and-verify harness for the store (used by scripts/crash-store.test.ts and
 * `npm run crash:store`). Each round starts scripts/crash-writer.ts on the same ledger,
 * waits until it has acknowledged a random number of bills (a signal, not a timer),
 * SIGKILLs it mid-write, reopens the ledger with a full integrity_check and verifies that
 * every acknowledged bill is there, paid, balanced, and queued for the back office.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../main/store/db.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface CrashReport {
  rounds: number;
  acknowledged: number;
  missing: string[];
  problems: string[];
  paidBills: number;
  integrity: 'ok' | 'failed';
  dbBytes: number;
  ms: number;
}

function runRound(file: string, seed: number, killAfter: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-writer.ts'), file, String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let buf = '';
    let ready = false;
    let afterReady = 0;
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') ready = true;
        else if (line.startsWith('paid ')) {
          acked.push(line.slice(5));
          if (ready) afterReady++;
        }
        if (ready && afterReady >= killAfter && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve(acked);
      else reject(new Error(`crash-writer exited on its own (code ${code}, signal ${signal}): ${stderr.slice(-2000)}`));
    });
  });
}

export async function runCrashRounds(opts: {
  rounds: number;
  seed?: number;
  dir?: string;
  log?: (msg: string) => void;
}): Promise<CrashReport> {
  const started = Date.now();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'counterpay-crash-'));
  const file = join(dir, 'counterpay.db');
  let seed = (opts.seed ?? 1234) >>> 0;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const acknowledged: string[] = [];
  const problems: string[] = [];
  const missing: string[] = [];
  let integrity: 'ok' | 'failed' = 'ok';
  let paidBills = 0;
  let dbBytes = 0;
  try {
    for (let round = 0; round < opts.rounds; round++) {
      // Kill after 1–120 acknowledged bills: sometimes right after start-up, sometimes mid-burst.
      const killAfter = 1 + Math.floor(next() * 120);
      const acked = await runRound(file, Math.floor(next() * 2 ** 31), killAfter);
      acknowledged.push(...acked);
      // Reopen exactly as the app would, with the full check.
      let store;
      try {
        store = openStore({ file, check: 'integrity' });
      } catch (e) {
        integrity = 'failed';
        problems.push(`round ${round}: reopen failed: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
      try {
        const { db } = store;
        const billByNo = db.prepare('SELECT id, status, total_fen FROM bills WHERE bill_no = ?');
        const paidSum = db.prepare('SELECT coalesce(sum(amount_fen), 0) FROM tenders WHERE bill_id = ?').pluck();
        const queued = db.prepare('SELECT 1 FROM outbox WHERE idempotency_key = ?').pluck();
        for (const no of acked) {
          const b = billByNo.get(no) as { id: number; status: string; total_fen: number } | undefined;
          if (!b) {
            missing.push(no);
            continue;
          }
          if (b.status !== 'paid') problems.push(`${no}: status ${b.status}`);
          if (paidSum.get(b.id) !== b.total_fen)
            problems.push(`${no}: tenders ${String(paidSum.get(b.id))} ≠ total ${b.total_fen}`);
          if (!queued.get(no)) problems.push(`${no}: not in the outbox`);
        }
        // Global invariants: every paid bill balanced and queued; no two live attempts (the index guarantees it).
        const unbalanced = db
          .prepare(
            `SELECT count(*) FROM bills b WHERE b.status = 'paid' AND b.total_fen <> (SELECT coalesce(sum(amount_fen), 0) FROM tenders t WHERE t.bill_id = b.id)`,
          )
          .pluck()
          .get() as number;
        if (unbalanced > 0) problems.push(`round ${round}: ${unbalanced} paid bill(s) unbalanced`);
        const unqueued = db
          .prepare(
            `SELECT count(*) FROM bills b WHERE b.status = 'paid' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.idempotency_key = b.bill_no)`,
          )
          .pluck()
          .get() as number;
        if (unqueued > 0) problems.push(`round ${round}: ${unqueued} paid bill(s) without outbox row`);
        paidBills = db.prepare("SELECT count(*) FROM bills WHERE status = 'paid'").pluck().get() as number;
        dbBytes =
          (db
            .prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()')
            .pluck()
            .get() as number) ?? 0;
      } finally {
        store.close();
      }
      opts.log?.(
        `round ${round + 1}/${opts.rounds}: killed after ${acked.length} acknowledged (total ${acknowledged.length}), ${paidBills} paid in ledger`,
      );
      if (missing.length > 0 || problems.length > 0) break;
    }
  } finally {
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  }
  return {
    rounds: opts.rounds,
    acknowledged: acknowledged.length,
    missing,
    problems: problems.slice(0, 50),
    paidBills,
    integrity,
    dbBytes,
    ms: Date.now() - started,
  };
}
