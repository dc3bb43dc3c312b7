/**
 * Xiaobao exactly-once chaos test: `npm run chaos:xiaobao [-- --topups 200 --seed 7]`.
 *
 * The Xiaobao simulator runs HERE (so its ledger — which top-ups the ERP recorded, how often —
 * survives); the exactly-once poster (main/backoffice/xiaobao/poster.ts) runs in a child process
 * (scripts/chaos-xiaobao-child.ts) with its own SQLite ledger file. This process feeds it N
 * top-ups, turns on write faults (slow commits, 5xx before and after commit, commit-then-hang,
 * commit-then-reset, reset before commit) and read faults (5xx, resets), and SIGKILLs the child
 * at random moments around the post — when a RechargeAccountTran request arrives, right after
 * the ERP commits it, and at random times — then restarts it. Then it turns faults and kills off,
 * lets the poster finish, and checks:
 *
 *   - exactly once: every journaled top-up is carried by exactly one ERP order;
 *   - none missing, none foreign: no ERP order carries a bill number we did not journal;
 *   - amounts match (fen), and every journal row is 'posted' with the ERP's order id.
 *
 * Prints ONE JSON document on stdout (logs on stderr); exits 1 when a check fails.
 */
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WriteFaultModes, startXiaobaoSimulator } from '../main/backoffice/xiaobao/simulator.js';
import type { PostingInput } from '../main/backoffice/xiaobao/poster.js';
import { seededRandom } from '../main/sandbox/clock.js';
import { bundleChaosChild } from './chaos-child.js';

export interface XiaobaoChaosOptions {
  topUps: number;
  seed: number;
  /** Chance that a post meets a write fault / a read meets a read fault. */
  writeFaultRate: number;
  readFaultRate: number;
  /** Chance of a kill when a post arrives at the ERP / right after the ERP commits it. */
  killOnRequest: number;
  killOnCommit: number;
  /** Random kills besides, every [a, b] ms. */
  killEveryMs: [number, number];
  /** How long the app stays dead after a kill (ms). */
  downMs: [number, number];
  /** Give up waiting for the poster after this long (ms) once faults are off. */
  settleTimeoutMs: number;
  keepData?: boolean;
  log?: (line: string) => void;
}

export interface XiaobaoChaosReport {
  name: 'chaos-xiaobao';
  ok: boolean;
  params: Omit<XiaobaoChaosOptions, 'log'>;
  durationMs: number;
  topUps: number;
  journaled: number;
  kills: { total: number; onRequest: number; onCommit: number; random: number };
  starts: number;
  erp: {
    orders: number;
    /** RechargeAccountTran requests that arrived (committed or not). */
    posts: number;
    /** Posts beyond one per top-up: resends after a look-up found nothing. */
    resends: number;
    duplicates: string[];
    faultsApplied: Record<string, number>;
  };
  journal: { byState: Record<string, number>; foundByLookup: number; foundByReply: number; maxSends: number };
  checks: Record<string, { ok: boolean; violations: string[] }>;
}

const buildChild = (): Promise<string> => bundleChaosChild('chaos-xiaobao-child.ts');

export async function runXiaobaoChaos(opts: XiaobaoChaosOptions): Promise<XiaobaoChaosReport> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  const rand = seededRandom(opts.seed);
  const between = ([a, b]: [number, number]) => a + rand() * (b - a);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'counterpay-chaos-xiaobao-'));
  const childFile = await buildChild();
  const sim = await startXiaobaoSimulator({});
  const students = [101, 102, 103, 104, 105];
  for (const id of students) sim.addStudent({ id, name: `学员${id}` });
  const faults = {
    // Transport faults only: 'refuse' is a business refusal (the poster's final 'failed').
    write: { modes: WriteFaultModes.filter((m) => m !== 'refuse'), probability: opts.writeFaultRate },
    read: { modes: ['5xx', 'reset'] as ('5xx' | 'reset')[], probability: opts.readFaultRate },
    slowMs: 300,
    seed: opts.seed,
  };
  sim.setFaults(faults);

  const inputs: PostingInput[] = [];
  for (let i = 0; i < opts.topUps; i++) {
    inputs.push({
      billNo: `CX${opts.seed}-${String(i + 1).padStart(5, '0')}`,
      kind: 'recharge',
      stuInfoId: students[Math.floor(rand() * students.length)]!,
      amountFen: 1 + Math.floor(rand() * 500_000),
      accountName: rand() < 0.5 ? '微信' : '现金',
      gatewayRef: `KDLQ${opts.seed}${String(i).padStart(10, '0')}`,
      schoolId: 1,
      operatorId: 9,
    });
  }
  const journaled = new Set<string>();
  const kills = { total: 0, onRequest: 0, onCommit: 0, random: 0 };
  let starts = 0;
  let child: ChildProcess | null = null;
  let killing = true;
  let stderrTail: string[] = [];
  let reqSeq = 0;
  const waiters = new Map<number, (m: Record<string, unknown>) => void>();

  const startMs: number[] = [];
  function startChild(): Promise<void> {
    starts++;
    const forkedAt = Date.now();
    const c = fork(childFile, [], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        CHAOS_DATA_DIR: dataDir,
        CHAOS_XIAOBAO_URL: sim.baseUrl,
        CHAOS_XIAOBAO_ACCESS_KEY_ID: sim.credentials.accessKeyId,
        CHAOS_XIAOBAO_ACCESS_KEY_SECRET: sim.credentials.accessKeySecret,
        CHAOS_XIAOBAO_CORP_ID: sim.credentials.corpId,
        CHAOS_SETTLE_MS: '500', // > slowMs (300): a slow post has committed before it is looked up
        CHAOS_TIMEOUT_MS: '250',
      },
    });
    child = c;
    c.stderr!.setEncoding('utf8');
    c.stderr!.on('data', (d: string) => {
      stderrTail = [...stderrTail, ...d.split('\n').filter(Boolean)].slice(-20);
    });
    return new Promise((resolve, reject) => {
      let ready = false;
      c.on('message', (raw) => {
        const m = raw as Record<string, unknown> & { type: string; reqId?: number; billNo?: string };
        if (m.type === 'ready') {
          ready = true;
          startMs.push(Date.now() - forkedAt);
          // (Re)send every top-up not yet journaled: enqueue is idempotent on the bill number.
          for (const input of inputs) if (!journaled.has(input.billNo)) c.send({ type: 'topup', input });
          resolve();
        } else if (m.type === 'journaled' && m.billNo) journaled.add(m.billNo);
        else if (m.reqId !== undefined) {
          waiters.get(m.reqId)?.(m);
          waiters.delete(m.reqId);
        }
      });
      c.on('exit', (code, signal) => {
        if (!ready)
          reject(new Error(`child exited before ready (code ${code}, signal ${signal}): ${stderrTail.join(' | ')}`));
        for (const w of waiters.values()) w({ type: 'lost' });
        waiters.clear();
        if (child === c) child = null;
      });
    });
  }

  let restarting: Promise<void> | null = null;
  function kill(reason: 'onRequest' | 'onCommit' | 'random'): void {
    if (!killing || !child || restarting) return;
    const c = child;
    c.kill('SIGKILL');
    kills.total++;
    kills[reason]++;
    restarting = (async () => {
      await new Promise<void>((r) => c.once('exit', () => r()));
      await new Promise((r) => setTimeout(r, between(opts.downMs)));
      await startChild();
      restarting = null;
    })();
  }

  sim.events.on('request', ({ endpoint }) => {
    if (endpoint === 'RechargeAccountTran' && rand() < opts.killOnRequest) kill('onRequest');
  });
  sim.events.on('committed', () => {
    if (rand() < opts.killOnCommit) kill('onCommit');
  });

  await startChild();
  log(`chaos-xiaobao: ${opts.topUps} top-ups, seed ${opts.seed}, data ${dataDir}`);
  // Chaos phase: faults and kills until every top-up is journaled and the ERP has received at
  // least as many posts as there are top-ups (each one met the faults), bounded in time.
  const chaosUntil = Date.now() + opts.settleTimeoutMs;
  const posted = () => sim.stats().requests['RechargeAccountTran'] ?? 0;
  while (killing) {
    await new Promise((r) => setTimeout(r, between(opts.killEveryMs)));
    if (restarting) await restarting;
    if (journaled.size === inputs.length && posted() >= inputs.length) break;
    if (Date.now() >= chaosUntil) {
      log('chaos-xiaobao: chaos phase hit its time bound');
      break;
    }
    kill('random');
  }
  killing = false;
  if (restarting) await restarting;
  log(`chaos-xiaobao: child start median ${[...startMs].sort((a, b) => a - b)[Math.floor(startMs.length / 2)]} ms`);
  sim.setFaults({});
  log(`chaos-xiaobao: faults off after ${kills.total} kills; waiting for the poster`);

  const status = (): Promise<Record<string, number> | null> =>
    new Promise((resolve) => {
      if (!child) return resolve(null);
      const reqId = ++reqSeq;
      waiters.set(reqId, (m) => resolve((m['byState'] as Record<string, number> | undefined) ?? null));
      child.send({ type: 'status', reqId });
    });
  const deadline = Date.now() + opts.settleTimeoutMs;
  for (;;) {
    const s = await status();
    if (s && (s['posted'] ?? 0) + (s['failed'] ?? 0) >= inputs.length) break;
    if (Date.now() > deadline) {
      log(`chaos-xiaobao: not settled in time: ${JSON.stringify(s)}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child) {
    const c: ChildProcess = child;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.send({ type: 'shutdown' });
    await exited;
  }

  // ── checks ──
  const ledger = sim.ledger();
  const stats = sim.stats();
  const db = new Database(path.join(dataDir, 'counter.db'), { readonly: true });
  const rows = db
    .prepare('SELECT bill_no, state, sends, erp_order_id, found_by, amount_fen FROM xiaobao_postings')
    .all() as {
    bill_no: string;
    state: string;
    sends: number;
    erp_order_id: number | null;
    found_by: string | null;
    amount_fen: number;
  }[];
  db.close();
  const checks: XiaobaoChaosReport['checks'] = {};
  const check = (name: string, violations: string[]) =>
    (checks[name] = { ok: violations.length === 0, violations: violations.slice(0, 20) });
  const ours = new Map(inputs.map((i) => [i.billNo, i]));
  check(
    'every top-up exactly once at the ERP',
    inputs
      .filter((i) => (ledger.byBillNo[i.billNo] ?? 0) !== 1)
      .map((i) => `${i.billNo}: ${ledger.byBillNo[i.billNo] ?? 0} orders`),
  );
  check(
    'no foreign bill numbers at the ERP',
    Object.keys(ledger.byBillNo).filter((b) => !ours.has(b)),
  );
  check(
    'amounts match',
    ledger.orders.flatMap((o) =>
      o.accountDetails
        .filter((d) => ours.has(d.orderNumber) && ours.get(d.orderNumber)!.amountFen !== d.amountFen)
        .map((d) => `${d.orderNumber}: ${d.amountFen} fen`),
    ),
  );
  check(
    'every top-up journaled',
    inputs.filter((i) => !journaled.has(i.billNo)).map((i) => i.billNo),
  );
  const orderOf = new Map(ledger.orders.flatMap((o) => o.accountDetails.map((d) => [d.orderNumber, o.id] as const)));
  check(
    'journal posted with the ERP order id',
    rows
      .filter((r) => r.state !== 'posted' || r.erp_order_id !== orderOf.get(r.bill_no))
      .map((r) => `${r.bill_no}: ${r.state} ${r.erp_order_id}`),
  );
  const byState: Record<string, number> = {};
  for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
  const posts = stats.requests['RechargeAccountTran'] ?? 0;
  const report: XiaobaoChaosReport = {
    name: 'chaos-xiaobao',
    ok: Object.values(checks).every((c) => c.ok),
    params: (({ log: _l, ...rest }) => rest)(opts),
    durationMs: Date.now() - started,
    topUps: inputs.length,
    journaled: journaled.size,
    kills,
    starts,
    erp: {
      orders: ledger.orders.length,
      posts,
      resends: posts - inputs.length,
      duplicates: ledger.duplicates,
      faultsApplied: stats.faultsApplied,
    },
    journal: {
      byState,
      foundByLookup: rows.filter((r) => r.found_by === 'lookup').length,
      foundByReply: rows.filter((r) => r.found_by === 'reply').length,
      maxSends: Math.max(0, ...rows.map((r) => r.sends)),
    },
    checks,
  };
  await sim.close();
  if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
  rmSync(childFile, { force: true });
  return report;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await runXiaobaoChaos({
    topUps: arg('topups', 200),
    seed: arg('seed', 20261204),
    writeFaultRate: 0.5,
    readFaultRate: 0.1,
    killOnRequest: 0.15,
    killOnCommit: 0.25,
    killEveryMs: [500, 2_000],
    downMs: [0, 150],
    settleTimeoutMs: 240_000,
    keepData: process.argv.includes('--keep'),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(report.ok ? 0 : 1);
}
