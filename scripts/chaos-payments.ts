/**
 * Payment chaos test: `npm run chaos:payments [-- --payments 300 --counters 4 --seed 7]`.
 *
 * The sandbox gateway runs HERE (so its ledger — who was charged how many times — survives);
 * the core's store + payment engine run in a child process (scripts/chaos-payments-child.ts,
 * K counters = K ledger files) that this process kills with SIGKILL at random moments and
 * restarts, over and over, while it feeds it payments with random scenarios (immediate, password
 * waits, declines, payer cancels, no reply, slow, resets, 5xx, malformed, business errors, late
 * successes past the deadline) and random gateway faults (resets, 5xx, drops, slow answers, on
 * BarCode and Query, processed-or-not at random). Then it stops the faults, lets reconciliation
 * finish, reads every ledger file and asserts:
 *
 *   - no gateway billNum was charged twice, and no bill had two charged billNums;
 *   - every billNum the sandbox charged is a paid attempt on a paid bill (with its tender), and
 *     every paid attempt was really charged;
 *   - every attempt is final, or unconfirmed with its next query scheduled (and then the gateway
 *     has no record of it: only a supervisor can close it);
 *   - BarCode was sent at most once per attempt (never resent after a restart);
 *   - nothing lost: every collect acknowledged to the caller is in the store.
 *
 * Prints ONE JSON document on stdout (logs on stderr); exits 1 when a check fails.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../main/sandbox/clock.js';
import { startSandboxGateway, type SandboxGateway } from '../main/sandbox/server.js';
import { readLedgers, runChecks } from './chaos-payments-checker.js';
import { buildChild, scenarioMix } from './chaos-payments-scenarios.js';
import type { Ack, ChaosOptions, ChaosReport } from './chaos-payments-types.js';

export type { ChaosOptions, ChaosReport } from './chaos-payments-types.js';

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  const rand = seededRandom(opts.seed);
  const between = ([a, b]: [number, number]) => a + rand() * (b - a);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'counterpay-chaos-'));
  const childFile = await buildChild();
  const sandbox: SandboxGateway = await startSandboxGateway({
    port: 0,
    faults: {
      barCode: { resetRate: 0.06, http5xxRate: 0.06, dropRate: 0.03, slowRate: 0.08, slowMs: 1_200 },
      query: { resetRate: 0.05, http5xxRate: 0.05, dropRate: 0.02, slowRate: 0.05, slowMs: 600 },
      barCodeFaultProcessed: 'random',
      seed: opts.seed,
    },
  });
  const mix = scenarioMix(opts.deadlineMs);
  const totalW = mix.reduce((s, m) => s + m.w, 0);
  const drawScenario = () => {
    let x = rand() * totalW;
    for (const m of mix) if ((x -= m.w) < 0) return m.pick(rand);
    return mix[0]!.pick(rand);
  };

  const acks: Ack[] = [];
  const nacks: Record<string, number> = {};
  const scenarios: Record<string, number> = {};
  let kills = 0;
  let starts = 0;
  let serial = opts.seed * 1_000_000;
  let reqSeq = 0;
  let child: ChildProcess | null = null;
  let ready = false;
  const waiters = new Map<number, (msg: Record<string, unknown>) => void>();
  const outstanding = new Set<number>(); // counters with a collect in flight
  let stderrTail: string[] = [];

  function startChild(): Promise<void> {
    starts += 1;
    ready = false;
    outstanding.clear();
    const c = fork(childFile, [], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        CHAOS_DATA_DIR: dataDir,
        CHAOS_GATEWAY_URL: sandbox.url,
        CHAOS_COUNTERS: String(opts.counters),
        CHAOS_DEADLINE_MS: String(opts.deadlineMs),
      },
    });
    child = c;
    c.stderr!.setEncoding('utf8');
    c.stderr!.on('data', (d: string) => {
      stderrTail = [...stderrTail, ...d.split('\n').filter(Boolean)].slice(-20);
    });
    return new Promise((resolve, reject) => {
      c.on('message', (raw) => {
        const msg = raw as Record<string, unknown> & { type: string; reqId?: number };
        if (msg.type === 'ready') {
          ready = true;
          resolve();
          return;
        }
        if (msg.reqId !== undefined) {
          const w = waiters.get(msg.reqId);
          waiters.delete(msg.reqId);
          w?.(msg);
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

  function request(msg: Record<string, unknown>): Promise<Record<string, unknown>> {
    const c = child;
    if (!c || !ready || !c.connected) return Promise.resolve({ type: 'lost' });
    const reqId = ++reqSeq;
    return new Promise((resolve) => {
      waiters.set(reqId, resolve);
      try {
        c.send({ ...msg, reqId });
      } catch {
        waiters.delete(reqId);
        resolve({ type: 'lost' });
      }
    });
  }

  async function kill(): Promise<void> {
    const c = child;
    if (!c) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGKILL');
    await exited;
    kills += 1;
  }

  const report = (): Omit<ChaosReport, 'checks' | 'attempts' | 'bills' | 'gateway' | 'ok'> => ({
    name: 'chaos-payments',
    params: { ...opts, log: undefined } as Omit<ChaosOptions, 'log'>,
    durationMs: Date.now() - started,
    kills,
    starts,
    acknowledged: acks.length,
    nacks,
  });

  try {
    await startChild();
    // ── phase 1: payments under faults and kills ─────────────────────────────────────
    let nextKillAt = Date.now() + between(opts.killEveryMs);
    let lastProgress = Date.now();
    while (acks.length < opts.payments) {
      if (Date.now() - lastProgress > 120_000)
        throw new Error(`no progress for 2 minutes (${acks.length} acknowledged): ${stderrTail.join(' | ')}`);
      if (Date.now() >= nextKillAt) {
        await kill();
        await new Promise((r) => setTimeout(r, between(opts.downMs)));
        await startChild();
        nextKillAt = Date.now() + between(opts.killEveryMs);
        continue;
      }
      for (let k = 1; k <= opts.counters && acks.length + outstanding.size < opts.payments; k++) {
        if (outstanding.has(k)) continue;
        outstanding.add(k);
        const sc = drawScenario();
        const barCode = sc.code(++serial);
        const amountFen = 100 + Math.floor(rand() * 99_900);
        void request({ type: 'collect', counter: k, barCode, amountFen }).then((m) => {
          outstanding.delete(k);
          if (m['type'] === 'ack') {
            acks.push(m as unknown as Ack);
            scenarios[sc.label] = (scenarios[sc.label] ?? 0) + 1;
            lastProgress = Date.now();
          } else {
            const code = String(m['code'] ?? m['type']);
            nacks[code] = (nacks[code] ?? 0) + 1;
          }
        });
      }
      // Pace the feeder: real cashiers do not rescan within milliseconds.
      await new Promise((r) => setTimeout(r, 50 + rand() * 150));
    }
    log(`chaos: ${acks.length} acknowledged, ${kills} kills; letting reconciliation finish`);

    // ── phase 2: no more faults or kills; let the reconciler finish ──────────────────
    await Promise.all([...waiters.keys()].map(() => undefined));
    sandbox.setFaults({});
    if (!child) await startChild();
    const settleUntil = Date.now() + opts.settleTimeoutMs;
    let pendingLive: string[] = [];
    for (;;) {
      const st = await request({ type: 'status' });
      if (st['type'] !== 'status') throw new Error(`lost the child while settling: ${stderrTail.join(' | ')}`);
      const live = st['live'] as { counter: number; id: number; state: string; gatewayBillNum: string }[];
      const ledger = new Map(sandbox.ledger().payments.map((p) => [p.billNum, p]));
      // Done when every live attempt is unconfirmed AND the gateway has no record of it (nothing
      // can resolve it but a supervisor). Anything else will still move.
      pendingLive = live
        .filter((a) => a.state !== 'unconfirmed' || ledger.has(a.gatewayBillNum))
        .map((a) => `${a.gatewayBillNum}:${a.state}`);
      if (pendingLive.length === 0) break;
      if (Date.now() > settleUntil) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await request({ type: 'shutdown' });
    if (child) await new Promise<void>((r) => (child ? child.once('exit', () => r()) : r()));

    // ── verification: read the ledgers directly ──────────────────────────────────────
    const ledger = sandbox.ledger();
    const stats = sandbox.stats();
    const stores = readLedgers(dataDir, opts.counters);
    const { rows, billsByStatus, billTotal } = stores;
    const { checks, unresolved, byNum } = runChecks(ledger, stats, stores, acks);

    const byState: Record<string, number> = {};
    for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
    const out: ChaosReport = {
      ...report(),
      ok: Object.values(checks).every((c) => c.ok),
      attempts: {
        total: rows.length,
        byState,
        unconfirmedScheduled: unresolved.filter((r) => r.state === 'unconfirmed' && r.next_query_at !== null).length,
        unconfirmedNoGatewayRecord: unresolved.filter((r) => !byNum.has(r.gateway_bill_num)).length,
      },
      bills: { total: billTotal, byStatus: billsByStatus },
      gateway: {
        payments: ledger.totals.payments,
        charged: ledger.totals.charged,
        chargedFen: ledger.totals.chargedFen,
        doubleCharged: ledger.totals.doubleCharged,
        barCodeRequests: stats.barCodeRequests,
        queryRequests: stats.queryRequests,
        maxBarCodePerBillNum: Math.max(0, ...Object.values(stats.perBill).map((c) => c.barCode)),
      },
      checks,
    };
    (out as ChaosReport & { scenarios: Record<string, number> }).scenarios = scenarios;
    if (pendingLive.length) (out as ChaosReport & { stillMoving: string[] }).stillMoving = pendingLive.slice(0, 20);
    return out;
  } finally {
    if (child) {
      (child as ChildProcess).kill('SIGKILL');
    }
    await sandbox.close();
    rmSync(childFile, { force: true });
    if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    else log(`chaos: data kept in ${dataDir}`);
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts: ChaosOptions = {
    payments: arg('payments', 300),
    counters: arg('counters', 4),
    seed: arg('seed', Date.now() % 100_000),
    deadlineMs: arg('deadline-ms', 2_500),
    killEveryMs: [arg('kill-min-ms', 300), arg('kill-max-ms', 2_500)],
    downMs: [0, arg('down-max-ms', 400)],
    settleTimeoutMs: arg('settle-ms', 60_000),
    keepData: process.argv.includes('--keep'),
  };
  runChaos(opts)
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      process.exit(r.ok ? 0 : 1);
    })
    .catch((e: unknown) => {
      process.stderr.write(`chaos failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(2);
    });
}
