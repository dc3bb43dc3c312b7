/**
 * Crash-test child: writes bills through the bill service as fast as it can and prints
 * `paid <billNo>` on stdout right after each payment's transaction committed (stdout to a
 * pipe is synchronous on Linux, so every line the parent reads was committed first).
 * The parent kills it with SIGKILL at random moments and checks the ledger.
 *
 *   node --import tsx scripts/crash-writer.ts <db file> [seed]
 *
 * Mix per bill: ~70 % cash, ~20 % barcode (lock → attempt row → complete, as the payment
 * engine does), ~10 % parked then voided. On start it recovers what a kill left behind: an
 * open bill is voided, a locked one completed.
 */
import { createBillService } from '../main/bills/bill-service.js';
import { openStore } from '../main/store/db.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: crash-writer.ts <db file> [seed]\n');
  process.exit(2);
}
let seed = Number(process.argv[3] ?? Date.now()) >>> 0;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const store = openStore({ file, check: 'quick' });
const bills = createBillService({ store, now: Date.now, terminalNo: 'CRASH1', random });
const { db } = store;

let shiftId = db.prepare("SELECT id FROM shifts WHERE status = 'open'").pluck().get() as number | undefined;
if (shiftId === undefined) {
  shiftId = Number(
    db
      .prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('1001', 'open', ?, 0)")
      .run(Date.now()).lastInsertRowid,
  );
}

const insertAttempt = db.prepare(
  `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, deadline_at, created_at, updated_at)
   VALUES (?, ?, ?, ?, '1001', ?, '134567890123456789', 'sent', ?, ?, ?)`,
);
const finishAttempt = db.prepare(
  "UPDATE payment_attempts SET state = 'paid', final_at = ?, updated_at = ? WHERE id = ?",
);
const attemptCount = db.prepare('SELECT count(*) FROM payment_attempts WHERE bill_id = ?').pluck();
const liveAttempt = db.prepare(
  "SELECT id, amount_fen FROM payment_attempts WHERE bill_id = ? AND state IN ('created','sent','awaiting-payer','unconfirmed')",
);

function payByBarcode(billId: number): string {
  // Step 1 (engine): lock and write the attempt ahead, in one transaction.
  const attemptId = store.tx(() => {
    const bill = bills.lockForPayment(billId);
    const n = (attemptCount.get(billId) as number) + 1;
    const at = Date.now();
    return Number(
      insertAttempt.run(billId, n, `${bill.billNo}-${n}`, bill.businessType, bill.dueFen, at + 60_000, at, at)
        .lastInsertRowid,
    );
  });
  // Step 2 (engine, after the gateway said SUCCESS): complete, in one transaction.
  return store.tx(() => {
    const bill = bills.get(billId)!;
    const paid = bills.completeByBarcode(billId, { attemptId, amountFen: bill.dueFen, reference: `AUTO${attemptId}` });
    finishAttempt.run(Date.now(), Date.now(), attemptId);
    return paid.billNo;
  });
}

// Recover what the last kill left behind.
const leftover = bills.current();
if (leftover) {
  if (leftover.status === 'open') bills.voidBill(leftover.id, 'S01', 'crash recovery');
  else {
    const live = liveAttempt.get(leftover.id) as { id: number; amount_fen: number } | undefined;
    if (live) {
      store.tx(() => {
        const paid = bills.completeByBarcode(leftover.id, {
          attemptId: live.id,
          amountFen: live.amount_fen,
          reference: 'RECOVERED',
        });
        finishAttempt.run(Date.now(), Date.now(), live.id);
        process.stdout.write(`paid ${paid.billNo}\n`);
      });
    } else bills.unlockAfterDecline(leftover.id);
  }
}
process.stdout.write('ready\n');

function burst(): void {
  const n = 1 + Math.floor(random() * 20);
  for (let i = 0; i < n; i++) {
    const b = bills.create({
      kind: 'sale',
      businessType: 1 + Math.floor(random() * 2),
      operatorNo: '1001',
      shiftId: shiftId!,
    });
    const lines = 1 + Math.floor(random() * 4);
    for (let l = 0; l < lines; l++)
      bills.addLine(b.id, {
        name: `票${l}`,
        unitPriceFen: 100 + Math.floor(random() * 10_000),
        quantity: 1 + Math.floor(random() * 3),
      });
    const r = random();
    if (r < 0.7) {
      const due = bills.get(b.id)!.dueFen;
      const { bill } = bills.payCash(b.id, { tenderedFen: due + Math.floor(random() * 5000), operatorNo: '1001' });
      process.stdout.write(`paid ${bill.billNo}\n`);
    } else if (r < 0.9) {
      process.stdout.write(`paid ${payByBarcode(b.id)}\n`);
    } else {
      bills.suspend(b.id, 'later');
      bills.voidBill(b.id, 'S01', 'customer left');
    }
  }
  setImmediate(burst);
}
burst();
