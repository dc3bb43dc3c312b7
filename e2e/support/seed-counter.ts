/**
 * Seed a fresh data folder for cashier-screen e2e tests: two operators (a cashier and a
 * supervisor) and a small ticket catalog with quick keys. Run before the shell starts (the
 * core is the database's only owner while it runs):
 *
 *   tsx e2e/support/seed-counter.ts <dataDir>
 */
import path from 'node:path';
import { createCatalog } from '../../main/catalog/catalog.js';
import { openStore } from '../../main/store/db.js';
import { createOperatorService } from '../../main/store/operators.js';

export const SEED_OPERATORS = [
  { operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' },
  { operatorNo: '9001', name: '李主管', role: 'supervisor', pin: '9999' },
] as const;

export const SEED_ITEMS = [
  { code: '6901234567892', name: '成人票', priceFen: 8000, businessType: 1, quickKey: 1 },
  { code: '6901234567809', name: '儿童票', priceFen: 4000, businessType: 1, quickKey: 2 },
  { code: '6901234567816', name: '老年票', priceFen: 4000, businessType: 1, quickKey: 3 },
  { code: '6901234567823', name: '观光车单程', priceFen: 2000, businessType: 1, quickKey: 4 },
  { code: '6901234567847', name: '夜游票', priceFen: 12000, businessType: 1, quickKey: null },
  // Other business types, for mixed bills (issue 11 item 17): own retail, and stored value.
  { code: '6901234567854', name: '矿泉水', priceFen: 300, businessType: 2, quickKey: null },
  { code: '6901234567861', name: '储值卡充值 100 元', priceFen: 10000, businessType: 7, quickKey: null },
] as const;

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: seed-counter.ts <dataDir>');
  const store = openStore({ file: path.join(dir, 'counterpay.db'), now: Date.now });
  try {
    const operators = createOperatorService({ store, now: Date.now, scrypt: { N: 1024, r: 8, p: 1, keyLength: 32 } });
    for (const op of SEED_OPERATORS) if (!operators.get(op.operatorNo)) await operators.add({ ...op });
    const catalog = createCatalog({ store, now: Date.now });
    for (const item of SEED_ITEMS) catalog.upsert({ ...item });
  } finally {
    store.close();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]).endsWith(path.join('support', 'seed-counter.ts'));
if (invokedDirectly) {
  main().catch((e: unknown) => {
    process.stderr.write(`seed-counter: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
