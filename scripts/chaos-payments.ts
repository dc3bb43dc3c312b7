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
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../main/sandbox/clock.js';
import { sandboxCode } from '../main/sandbox/scenarios.js';
import { startSandboxGateway, type SandboxGateway } from '../main/sandbox/server.js';

export interface ChaosOptions {
  payments: number;
  counters: number;
  seed: number;
  deadlineMs: number;
  /** Random gap between kills (ms). */
  killEveryMs: [number, number];
  /** How long the app stays dead after a kill (ms). */
  downMs: [number, number];
  /** Give up waiting for reconciliation after this long (ms). */
  settleTimeoutMs: number;
  keepData?: boolean;
  log?: (line: string) => void;
}

export interface ChaosReport {
  name: 'chaos-payments';
  ok: boolean;
  params: Omit<ChaosOptions, 'log'>;
  durationMs: number;
  kills: number;
  starts: number;
  acknowledged: number;
  nacks: Record<string, number>;
  attempts: {
    total: number;
    byState: Record<string, number>;
    unconfirmedScheduled: number;
    unconfirmedNoGatewayRecord: number;
  };
  bills: { total: number; byStatus: Record<string, number> };
  gateway: {
    payments: number;
    charged: number;
    chargedFen: number;
    doubleCharged: string[];
    barCodeRequests: number;
    queryRequests: number;
    maxBarCodePerBillNum: number;
  };
  checks: Record<string, { ok: boolean; violations: string[] }>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

/** Bundle the child once (esbuild, better-sqlite3 external) so each restart is fast. */
async function buildChild(): Promise<string> {
  const { build } = await import('esbuild');
  const outDir = path.join(ROOT, 'node_modules', '.cache', 'counterpay-chaos');
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `child-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(HERE, 'chaos-payments-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
  return outfile;
}

type Pick = (r: () => number) => { code: (serial: number) => string; label: string };

/** The scenario mix (weights). Seconds are chosen around a fast deadline. */
function scenarioMix(deadlineMs: number): { w: number; pick: Pick }[] {
  const lateS = Math.ceil(deadlineMs / 1000) + 1;
  const int = (r: () => number, a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  return [
    { w: 30, pick: () => ({ label: 'paid', code: (s) => sandboxCode(0, 0, s) }) },
    {
      w: 18,
      pick: (r) => {
        const n = int(r, 1, Math.max(1, lateS - 2));
        return { label: 'password', code: (s) => sandboxCode(1, n, s) };
      },
    },
    {
      w: 10,
      pick: (r) => {
        const n = int(r, 0, 3);
        return { label: 'declined', code: (s) => sandboxCode(2, n, s) };
      },
    },
    {
      w: 5,
      pick: (r) => {
        const n = int(r, 1, 2);
        return { label: 'payer-cancels', code: (s) => sandboxCode(3, n, s) };
      },
    },
    {
      w: 5,
      pick: (r) => {
        const n = int(r, 1, 3);
        return { label: 'no-reply', code: (s) => sandboxCode(4, n, s) };
      },
    },
    {
      w: 4,
      pick: (r) => {
        const n = int(r, 0, 1);
        return { label: 'http-500', code: (s) => sandboxCode(5, n, s) };
      },
    },
    { w: 4, pick: () => ({ label: 'slow', code: (s) => sandboxCode(6, 1, s) }) },
    {
      w: 4,
      pick: (r) => {
        const n = int(r, 0, 1);
        return { label: 'reset', code: (s) => sandboxCode(7, n, s) };
      },
    },
    { w: 4, pick: () => ({ label: 'malformed', code: (s) => sandboxCode(8, 0, s) }) },
    {
      w: 4,
      pick: (r) => {
        const n = int(r, 1, 2);
        return { label: 'business-error', code: (s) => sandboxCode(9, n, s) };
      },
    },
    {
      w: 8,
      pick: (r) => {
        const n = int(r, lateS, lateS + 3);
        return { label: 'late-success', code: (s) => sandboxCode(1, n, s) };
      },
    },
  ];
}

interface Ack {
  counter: number;
  billId: number;
  billNo: string;
  attemptId: number;
  gatewayBillNum: string;
}

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
    const checks: ChaosReport['checks'] = {};
    const check = (name: string, violations: string[]) =>
      (checks[name] = { ok: violations.length === 0, violations: violations.slice(0, 20) });
    const ledger = sandbox.ledger();
    const stats = sandbox.stats();
    const byNum = new Map(ledger.payments.map((p) => [p.billNum, p]));

    interface Row {
      counter: number;
      id: number;
      bill_id: number;
      bill_no: string;
      gateway_bill_num: string;
      state: string;
      state_reason: string | null;
      next_query_at: number | null;
      bill_status: string;
      tenders: number;
      tender_for_attempt: number;
    }
    const rows: Row[] = [];
    const billsByStatus: Record<string, number> = {};
    const billProblems: string[] = [];
    let billTotal = 0;
    for (let k = 1; k <= opts.counters; k++) {
      const db = new Database(path.join(dataDir, `counter-${k}.db`), { readonly: true });
      try {
        for (const r of db
          .prepare(
            `SELECT a.id, a.bill_id, b.bill_no, a.gateway_bill_num, a.state, a.state_reason, a.next_query_at, b.status AS bill_status,
                    (SELECT count(*) FROM tenders t WHERE t.bill_id = a.bill_id AND t.kind = 'barcode') AS tenders,
                    (SELECT count(*) FROM tenders t WHERE t.attempt_id = a.id) AS tender_for_attempt
             FROM payment_attempts a JOIN bills b ON b.id = a.bill_id`,
          )
          .all() as Omit<Row, 'counter'>[]) {
          rows.push({ counter: k, ...r });
        }
        for (const b of db.prepare('SELECT id, bill_no, status FROM bills').all() as {
          id: number;
          bill_no: string;
          status: string;
        }[]) {
          billTotal += 1;
          billsByStatus[b.status] = (billsByStatus[b.status] ?? 0) + 1;
          const live = db
            .prepare(
              "SELECT count(*) FROM payment_attempts WHERE bill_id = ? AND state IN ('created','sent','awaiting-payer','unconfirmed')",
            )
            .pluck()
            .get(b.id) as number;
          if ((b.status === 'locked' || b.status === 'unconfirmed') && live === 0)
            billProblems.push(`${b.bill_no} is ${b.status} with no live attempt`);
          if (b.status === 'open' && live > 0) billProblems.push(`${b.bill_no} is open with a live attempt`);
        }
      } finally {
        db.close();
      }
    }
    const storeByNum = new Map(rows.map((r) => [r.gateway_bill_num, r]));

    check('no-double-charge', [
      ...ledger.totals.doubleCharged.map((n) => `${n} charged more than once`),
      ...(() => {
        const perBill = new Map<string, string[]>();
        for (const p of ledger.payments) {
          if (p.chargeCount === 0) continue;
          // Gateway bill numbers are short and opaque (main/payments/gateway-bill-num.ts): the bill
          // comes from the store's attempt row; a number unknown to the store counts on its own.
          const bill = storeByNum.get(p.billNum)?.bill_no ?? `unknown:${p.billNum}`;
          perBill.set(bill, [...(perBill.get(bill) ?? []), p.billNum]);
        }
        return [...perBill]
          .filter(([, nums]) => nums.length > 1)
          .map(([bill, nums]) => `bill ${bill} charged under ${nums.join(', ')}`);
      })(),
      ...rows.filter((r) => r.tenders > 1).map((r) => `bill ${r.bill_no} has ${r.tenders} barcode tenders`),
    ]);
    check(
      'charged-means-paid',
      ledger.payments
        .filter((p) => p.chargeCount > 0)
        .flatMap((p) => {
          const r = storeByNum.get(p.billNum);
          if (!r) return [`${p.billNum} charged but unknown to the store`];
          const v: string[] = [];
          if (r.state !== 'paid') v.push(`${p.billNum} charged but the attempt is ${r.state}`);
          if (r.bill_status !== 'paid') v.push(`${p.billNum} charged but bill ${r.bill_no} is ${r.bill_status}`);
          if (r.tender_for_attempt !== 1) v.push(`${p.billNum} charged but has ${r.tender_for_attempt} tenders`);
          return v;
        }),
    );
    check(
      'paid-means-charged',
      rows
        .filter((r) => r.state === 'paid' && !(byNum.get(r.gateway_bill_num)?.chargeCount ?? 0))
        .map((r) => `${r.gateway_bill_num} paid in the store, not charged`),
    );
    check(
      'declined-means-not-charged',
      rows
        .filter((r) => r.state === 'declined' && (byNum.get(r.gateway_bill_num)?.chargeCount ?? 0) > 0)
        .map((r) => `${r.gateway_bill_num} declined but charged`),
    );
    const unresolved = rows.filter((r) => r.state !== 'paid' && r.state !== 'declined' && r.state !== 'cancelled');
    check(
      'final-or-reconciling',
      unresolved
        .filter((r) => r.state !== 'unconfirmed' || r.next_query_at === null)
        .map((r) => `${r.gateway_bill_num} left ${r.state} (next query ${r.next_query_at})`),
    );
    check(
      'reconciliation-finished',
      unresolved
        .filter((r) => byNum.has(r.gateway_bill_num))
        .map(
          (r) =>
            `${r.gateway_bill_num} still ${r.state} though the gateway knows it (${byNum.get(r.gateway_bill_num)!.paystatus})`,
        ),
    );
    check(
      'barcode-at-most-once',
      Object.entries(stats.perBill)
        .filter(([, c]) => c.barCode > 1)
        .map(([n, c]) => `${n}: ${c.barCode} BarCode requests`),
    );
    check(
      'nothing-lost',
      acks.flatMap((a) => {
        const r = storeByNum.get(a.gatewayBillNum);
        if (!r)
          return [
            `acknowledged ${a.gatewayBillNum} (counter ${a.counter}, attempt ${a.attemptId}) is not in the store`,
          ];
        if (r.id !== a.attemptId || r.counter !== a.counter)
          return [`acknowledged ${a.gatewayBillNum} has a different id in the store`];
        return [];
      }),
    );
    check('bill-states-consistent', billProblems);

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
