/** The chaos test's checker: reads every ledger file and checks it against the gateway's ledger. */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { SandboxGateway } from '../main/sandbox/server.js';
import type { Ack, ChaosReport } from './chaos-payments-types.js';

export interface Row {
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

export interface StoreLedgers {
  rows: Row[];
  billsByStatus: Record<string, number>;
  billProblems: string[];
  billTotal: number;
}

/** Every attempt and bill in the K ledger files (read-only). */
export function readLedgers(dataDir: string, counters: number): StoreLedgers {
  const rows: Row[] = [];
  const billsByStatus: Record<string, number> = {};
  const billProblems: string[] = [];
  let billTotal = 0;
  for (let k = 1; k <= counters; k++) {
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
  return { rows, billsByStatus, billProblems, billTotal };
}

/** The checks over the gateway's ledger and the stores' rows; `unresolved` and `byNum` for the report. */
export function runChecks(
  ledger: ReturnType<SandboxGateway['ledger']>,
  stats: ReturnType<SandboxGateway['stats']>,
  { rows, billProblems }: StoreLedgers,
  acks: Ack[],
) {
  const checks: ChaosReport['checks'] = {};
  const check = (name: string, violations: string[]) =>
    (checks[name] = { ok: violations.length === 0, violations: violations.slice(0, 20) });
  const byNum = new Map(ledger.payments.map((p) => [p.billNum, p]));
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
        return [`acknowledged ${a.gatewayBillNum} (counter ${a.counter}, attempt ${a.attemptId}) is not in the store`];
      if (r.id !== a.attemptId || r.counter !== a.counter)
        return [`acknowledged ${a.gatewayBillNum} has a different id in the store`];
      return [];
    }),
  );
  check('bill-states-consistent', billProblems);
  return { checks, unresolved, byNum };
}
