/**
 * Seed a data folder for the supervisor e2e test: the counter's operators and catalog (as
 * seed-counter.ts), an open shift with a float of ¥500, and bills of every kind taken
 * through the real bill service (cash with change, cash exact, barcode, a stored-value
 * recharge, a voided bill, a cash refund). Prints the expected figures as JSON on stdout.
 * Run before the shell starts (the core is the database's only owner while it runs):
 *
 *   tsx e2e/support/seed-supervisor.ts <dataDir>
 */
import path from 'node:path';
import { createBillService } from '../../main/bills/bill-service.js';
import { createCatalog } from '../../main/catalog/catalog.js';
import { insertAttempt } from '../../main/reports/test-ledger.js';
import { openStore } from '../../main/store/db.js';
import { createOperatorService } from '../../main/store/operators.js';
import { createShiftService } from '../../main/store/shifts.js';
import { SEED_ITEMS, SEED_OPERATORS } from './seed-counter.js';

export interface SupervisorSeed {
  shiftId: number;
  floatFen: number;
  /** Cash that should be in the drawer after the seeded bills. */
  expectedCashFen: number;
  netFen: number;
  cashBillNo: string;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: seed-supervisor.ts <dataDir>');
  const now = Date.now;
  const store = openStore({ file: path.join(dir, 'counterpay.db'), now });
  try {
    const operators = createOperatorService({ store, now, scrypt: { N: 1024, r: 8, p: 1, keyLength: 32 } });
    for (const op of SEED_OPERATORS) if (!operators.get(op.operatorNo)) await operators.add({ ...op });
    const catalog = createCatalog({ store, now });
    for (const item of SEED_ITEMS) catalog.upsert({ ...item });
    const bills = createBillService({ store, now, terminalNo: 'T01' });
    const shifts = createShiftService({ store, now });
    const shift = shifts.open({ operatorNo: '1001', floatFen: 50_000 });

    const sale = (bt: number, name: string, price: number, qty = 1) => {
      const b = bills.create({ kind: 'sale', businessType: bt, operatorNo: '1001', shiftId: shift.id });
      return bills.addLine(b.id, { name, unitPriceFen: price, quantity: qty });
    };
    // Cash with change: ¥120 for ¥200 → ¥80 back.
    const cash = sale(1, '成人票', 6000, 2);
    bills.payCash(cash.id, { tenderedFen: 20_000, operatorNo: '1001' });
    // Cash exact.
    const water = sale(2, '矿泉水', 300, 3);
    bills.payCash(water.id, { tenderedFen: 900, operatorNo: '1001' });
    // Barcode.
    const bc = sale(1, '儿童票', 4000, 2);
    bills.lockForPayment(bc.id);
    const a = insertAttempt(store, bc, bc.totalFen, 'paid', now());
    bills.completeByBarcode(bc.id, { attemptId: a, amountFen: bc.totalFen, reference: `AUTO${a}` });
    // Stored-value recharge by barcode.
    const rc = bills.create({
      kind: 'recharge',
      businessType: 7,
      operatorNo: '1001',
      shiftId: shift.id,
      cardNo: 'CARD88',
    });
    const rcv = bills.addLine(rc.id, { name: '储值卡充值', unitPriceFen: 20_000, quantity: 1 });
    bills.lockForPayment(rc.id);
    const a2 = insertAttempt(store, rcv, rcv.totalFen, 'paid', now());
    bills.completeByBarcode(rc.id, { attemptId: a2, amountFen: rcv.totalFen, reference: `AUTO${a2}` });
    // A voided bill.
    const v = sale(1, '夜游票', 12_000);
    bills.voidBill(v.id, '9001', '顾客改主意');
    // A cash refund of one adult ticket.
    bills.refund({
      originalBillId: cash.id,
      amountFen: 6000,
      tenderKind: 'cash',
      operatorNo: '1001',
      authorisedBy: '9001',
      reason: '退一张票',
    });

    const expectedCashFen = 50_000 + 12_000 + 900 - 6000;
    const seed: SupervisorSeed = {
      shiftId: shift.id,
      floatFen: 50_000,
      expectedCashFen,
      netFen: 12_000 + 900 + 8000 + 20_000 - 6000,
      cashBillNo: cash.billNo,
    };
    const check = shifts.summary(shift.id)!;
    if (check.cash.expectedFen !== expectedCashFen)
      throw new Error(`seed: expected cash ${check.cash.expectedFen} != ${expectedCashFen}`);
    process.stdout.write(`${JSON.stringify(seed)}\n`);
  } finally {
    store.close();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]).endsWith(path.join('support', 'seed-supervisor.ts'));
if (invokedDirectly) {
  main().catch((e: unknown) => {
    process.stderr.write(`seed-supervisor: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
