/**
 * KesionEDU exactly-once chaos test (smaller than scripts/chaos-xiaobao.ts):
 * `npx tsx scripts/chaos-kesion.ts [-- --orders 40 --seed 7]`.
 *
 * The KesionEDU simulator runs HERE (its ledger says how often each pay order was turned into
 * paid). N pay orders are saved there (SaveBatchBill) and journaled in a ledger file as paid at
 * the counter (state pending, counter payid), as BillService.onPaid would. The confirmation
 * worker runs in a child process (scripts/chaos-kesion-child.ts) that this process SIGKILLs:
 * right after the ERP committed a SaveSignUpOrder whose answer is held (commit-then-hang), when
 * a request arrives, and after 500s that took effect — then restarts it, until the child exits
 * by itself with every row settled. Checks: every order paid exactly once (confirmCount 1), no
 * SaveSignUpOrder on a paid order (repeatedConfirmations 0), every journal row 'confirmed'.
 * Prints one JSON document on stdout; exits 1 when a check fails.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKesionClient } from '../main/backoffice/kesion/client.js';
import { createEnrollmentJournal } from '../main/backoffice/kesion/journal.js';
import { startKesionSimulator } from '../main/backoffice/kesion/simulator.js';
import { seededRandom } from '../main/sandbox/clock.js';
import { openStore } from '../main/store/db.js';
import { bundleChaosChild } from './chaos-child.js';

export interface KesionChaosOptions {
  orders: number;
  seed: number;
  /** Chance that a SaveSignUpOrder is committed and its answer held, then the child is killed. */
  commitThenKill: number;
  /** Chance that a SaveSignUpOrder is committed and answered 500 (the child lives on). */
  commitThen500: number;
  /** Chance of a kill as a request arrives (committed or not: a race, as in life). */
  killOnRequest: number;
  settleTimeoutMs: number;
  log?: (line: string) => void;
}

export interface KesionChaosReport {
  name: 'chaos-kesion';
  ok: boolean;
  params: Omit<KesionChaosOptions, 'log'>;
  durationMs: number;
  kills: number;
  starts: number;
  erp: { signUpRequests: number; orderInfoRequests: number; repeated: number; notOnce: string[] };
  journal: { byState: Record<string, number>; foundByCheck: number };
}

const TOKEN = 'chaos-token';
const COUNTER_PAY_ID = '100';

const buildChild = (): Promise<string> => bundleChaosChild('chaos-kesion-child.ts');

export async function runKesionChaos(opts: KesionChaosOptions): Promise<KesionChaosReport> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  const rand = seededRandom(opts.seed);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'counterpay-chaos-kesion-'));
  const childFile = await buildChild();
  const sim = await startKesionSimulator({ apptoken: TOKEN, counterPayIds: [COUNTER_PAY_ID] });
  try {
    // N pay orders at the ERP, journaled as collected at the counter.
    const client = createKesionClient({ baseUrl: sim.url, apptoken: TOKEN });
    const init = await client.initializeBatchBill({ type: 1, courseIds: '101', students: 'chaos01 chaos02' });
    if (init.kind !== 'ok') throw new Error(`InitializeBatchBill: ${JSON.stringify(init)}`);
    const store = openStore({ file: path.join(dataDir, 'counterpay.db'), now: Date.now });
    const journal = createEnrollmentJournal(store);
    for (let i = 0; i < opts.orders; i++) {
      const r = await client.saveBatchBill({ type: 1, courseIds: '101', userIds: init.value.userIds });
      if (r.kind !== 'ok') throw new Error(`SaveBatchBill: ${JSON.stringify(r)}`);
      const row = journal.insert(
        {
          orderId: r.value.orderId,
          payOrderId: r.value.payOrderId,
          type: 1,
          courseIds: ['101'],
          userIds: init.value.userIds,
          courses: [],
          studentsCount: init.value.userIds.length,
          totalFen: r.value.totalFen,
          operatorNo: '1001',
        },
        Date.now(),
      );
      journal.toPending(row.id, 'counter', COUNTER_PAY_ID, Date.now());
    }
    store.close();

    let child: ChildProcess | null = null;
    let kills = 0;
    let starts = 0;
    const kill = () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        kills++;
        child.kill('SIGKILL');
      }
    };
    sim.events.on('request', ({ op }) => {
      if (op !== 'saveSignUpOrder') return;
      const roll = rand();
      if (roll < opts.commitThenKill) sim.setFailure({ mode: 'slow', ms: null, op, times: 1 });
      else if (roll < opts.commitThenKill + opts.commitThen500)
        sim.setFailure({ mode: 'http-5xx', processed: true, op, times: 1 });
      else if (roll < opts.commitThenKill + opts.commitThen500 + opts.killOnRequest) setImmediate(kill);
    });
    // The answer is held: the ERP has committed it. Kill now, before any reply could arrive.
    sim.events.on('answered', ({ status }) => {
      if (status === 'held') setImmediate(kill);
    });

    const deadline = Date.now() + opts.settleTimeoutMs;
    for (;;) {
      if (Date.now() > deadline) throw new Error('the worker did not settle in time');
      starts++;
      const c = fork(childFile, [], {
        execArgv: [],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        env: {
          ...process.env,
          CHAOS_DATA_DIR: dataDir,
          CHAOS_KESION_URL: sim.url,
          CHAOS_KESION_TOKEN: TOKEN,
        },
      });
      child = c;
      const code = await new Promise<number | null>((resolve) => c.once('exit', (n) => resolve(n)));
      if (code === 0) break;
      log(`chaos-kesion: child killed (start ${starts}); restarting`);
    }

    const ledger = sim.ledger();
    const after = openStore({ file: path.join(dataDir, 'counterpay.db'), now: Date.now });
    const rows = createEnrollmentJournal(after).all();
    after.close();
    const byState: Record<string, number> = {};
    for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
    const notOnce = ledger.orders.filter((o) => o.confirmCount !== 1).map((o) => `${o.payorderid}:${o.confirmCount}`);
    const repeated = ledger.orders.reduce((n, o) => n + o.repeatedConfirmations, 0);
    const ok = notOnce.length === 0 && repeated === 0 && byState['confirmed'] === opts.orders;
    const { log: _omit, ...params } = opts;
    void _omit;
    return {
      name: 'chaos-kesion',
      ok,
      params,
      durationMs: Date.now() - started,
      kills,
      starts,
      erp: {
        signUpRequests: ledger.requests.saveSignUpOrder,
        orderInfoRequests: ledger.requests.orderInfo,
        repeated,
        notOnce,
      },
      journal: { byState, foundByCheck: rows.filter((r) => r.foundBy === 'check').length },
    };
  } finally {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(childFile, { force: true });
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await runKesionChaos({
    orders: arg('orders', 40),
    seed: arg('seed', 20261205),
    commitThenKill: 0.3,
    commitThen500: 0.2,
    killOnRequest: 0.1,
    settleTimeoutMs: 120_000,
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(report.ok ? 0 : 1);
}
