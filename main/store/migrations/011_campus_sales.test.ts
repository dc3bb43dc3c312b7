import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db.js';
import { afterEachCleanup } from '../test-cleanup.js';
import { migrations } from './index.js';

const after = afterEachCleanup();
const upTo = migrations.findIndex((m) => m.name === 'campus_sales') + 1;

function open(dir: string, n: number): Store {
  const s = openStore({ file: join(dir, 'counterpay.db'), migrations: migrations.slice(0, n), now: () => 1_000 });
  after.defer(() => {
    if (!s.closed) s.close();
  });
  return s;
}

describe('campus_sales migration', () => {
  it('rebuilds tenders keeping its rows and indexes, and accepts the campus-qr tender kind only after', () => {
    const dir = after.tempDataDir();
    const before = open(dir, upTo - 1);
    before.db.exec(`
      INSERT INTO bills (id, bill_no, kind, business_type, status, total_fen, operator_no, created_at, updated_at)
        VALUES (1, 'T0120261205000001', 'sale', 1, 'paid', 500, '1001', 0, 0);
      INSERT INTO tenders (bill_id, kind, amount_fen, created_at) VALUES (1, 'cash', 500, 0);`);
    expect(() =>
      before.db
        .prepare("INSERT INTO tenders (bill_id, kind, amount_fen, created_at) VALUES (1, 'campus-qr', 1, 0)")
        .run(),
    ).toThrow(/CHECK/);
    before.close();
    const s = open(dir, upTo);
    expect(s.db.prepare('SELECT kind, amount_fen FROM tenders').all()).toEqual([{ kind: 'cash', amount_fen: 500 }]);
    s.db.prepare("INSERT INTO tenders (bill_id, kind, amount_fen, created_at) VALUES (1, 'campus-qr', 1, 0)").run();
    const idx = s.db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tenders'")
      .pluck()
      .all();
    expect(idx).toEqual(expect.arrayContaining(['tenders_bill', 'tenders_attempt', 'tenders_shift_report']));
    expect(s.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('allows one live charge per bill, any number of ended ones', () => {
    const s = open(after.tempDataDir(), upTo);
    s.db
      .exec(`INSERT INTO bills (id, bill_no, kind, business_type, status, total_fen, operator_no, created_at, updated_at)
      VALUES (1, 'T0120261205000001', 'sale', 1, 'locked', 500, '1001', 0, 0)`);
    const insert = s.db.prepare(
      `INSERT INTO campus_charges (bill_id, attempt, user_id, emp_name, pay_type, package_type, item_ids, items_json, amount_fen, channel, state, created_at, updated_at)
       VALUES (1, ?, 'u1', 'n', 0, 0, '1', '[]', 500, 'alipay_qr', ?, 0, 0)`,
    );
    insert.run(1, 'failed');
    insert.run(2, 'creating');
    expect(() => insert.run(3, 'creating')).toThrow(/UNIQUE/);
    expect(() => insert.run(3, 'paid')).toThrow(/CHECK/); // paid needs the charge id and the confirmation time
  });
});
