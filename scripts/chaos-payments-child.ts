/**
 * The process the payment chaos test kills (see scripts/chaos-payments.ts). It runs K counters
 * — each one its own ledger file, bill service and payment engine, like K terminals — against
 * the sandbox gateway in the parent, and obeys the parent over IPC:
 *
 *   → { type: 'collect', reqId, counter, barCode, amountFen }
 *   ← { type: 'ack', reqId, counter, billId, billNo, attemptId, gatewayBillNum }   (after the commit)
 *   ← { type: 'nack', reqId, counter, code, message }
 *   → { type: 'status', reqId }  ← { type: 'status', reqId, live: [...] }
 *   → { type: 'shutdown' }        (graceful: engines stop, stores close, exit 0)
 *
 * A collect on a counter whose bill is open again after a decline rescans that same bill.
 */
import path from 'node:path';
import { AppError } from '../app/result.js';
import { createBillService, type BillService } from '../main/bills/bill-service.js';
import { createGatewayClient } from '../main/gateway/client.js';
import { createPaymentEngine, type PaymentEngineImpl } from '../main/payments/engine.js';
import { openStore, type Store } from '../main/store/db.js';

interface Counter {
  store: Store;
  bills: BillService;
  engine: PaymentEngineImpl;
}

const env = process.env;
const dataDir = env['CHAOS_DATA_DIR']!;
const gatewayUrl = env['CHAOS_GATEWAY_URL']!;
const counters = Number(env['CHAOS_COUNTERS'] ?? '4');
const deadlineMs = Number(env['CHAOS_DEADLINE_MS'] ?? '2500');

const log = {
  debug() {},
  info() {},
  warn(event: string, fields?: Record<string, unknown>) {
    process.stderr.write(`${JSON.stringify({ level: 'warn', event, ...fields })}\n`);
  },
  error(event: string, fields?: Record<string, unknown>) {
    process.stderr.write(`${JSON.stringify({ level: 'error', event, ...fields })}\n`);
  },
};

const bus = { emit() {} };

function openCounter(k: number): Counter {
  const store = openStore({
    file: path.join(dataDir, `counter-${k}.db`),
    now: Date.now,
    check: 'quick',
    log: { info() {}, warn() {}, error() {} },
  });
  const bills = createBillService({ store, now: Date.now, terminalNo: `C${k}` });
  const gateway = createGatewayClient({ baseUrl: gatewayUrl, timeoutMs: { barCode: 1_500, query: 800 } });
  const engine = createPaymentEngine({
    store,
    bills,
    gateway,
    bus,
    now: Date.now,
    log,
    deadlineMs,
    reconcileSchedule: { baseMs: 300, factor: 2, capMs: 2_000 },
    sweepEveryMs: 1_000,
    stopGraceMs: 500,
  });
  return { store, bills, engine };
}

const all: Counter[] = [];
for (let k = 1; k <= counters; k++) all.push(openCounter(k));
for (const c of all) c.engine.start();

function send(msg: unknown): void {
  if (process.connected) process.send!(msg);
}

function collect(msg: { reqId: number; counter: number; barCode: string; amountFen: number }): void {
  const c = all[msg.counter - 1];
  if (!c)
    return send({
      type: 'nack',
      reqId: msg.reqId,
      counter: msg.counter,
      code: 'invalid-input',
      message: 'no such counter',
    });
  try {
    let bill = c.bills.current();
    if (bill && bill.status === 'locked') {
      return send({ type: 'nack', reqId: msg.reqId, counter: msg.counter, code: 'bill-locked', message: 'busy' });
    }
    if (!bill || bill.lines.length === 0 || bill.dueFen <= 0) {
      bill = bill ?? c.bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: null });
      bill = c.bills.addFreeAmount(bill.id, msg.amountFen);
    }
    const v = c.engine.collect({ billId: bill.id, barCode: msg.barCode, operatorNo: '1001' });
    send({
      type: 'ack',
      reqId: msg.reqId,
      counter: msg.counter,
      billId: bill.id,
      billNo: bill.billNo,
      attemptId: v.id,
      gatewayBillNum: v.gatewayBillNum,
    });
  } catch (e) {
    const code = e instanceof AppError ? e.code : 'internal-error';
    send({
      type: 'nack',
      reqId: msg.reqId,
      counter: msg.counter,
      code,
      message: e instanceof Error ? e.message : String(e),
    });
  }
}

process.on('message', (raw: unknown) => {
  const msg = raw as { type: string; reqId: number };
  switch (msg.type) {
    case 'collect':
      collect(raw as { reqId: number; counter: number; barCode: string; amountFen: number });
      break;
    case 'status':
      send({
        type: 'status',
        reqId: msg.reqId,
        live: all.flatMap((c, i) =>
          c.engine
            .listOpen()
            .map((a) => ({ counter: i + 1, id: a.id, state: a.state, gatewayBillNum: a.gatewayBillNum })),
        ),
      });
      break;
    case 'shutdown':
      void (async () => {
        for (const c of all) await c.engine.stop();
        for (const c of all) c.store.close();
        send({ type: 'bye' });
        process.exit(0);
      })();
      break;
  }
});

process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
