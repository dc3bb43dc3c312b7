import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db.js';
import { afterEachCleanup } from '../test-cleanup.js';
import { migrations } from './index.js';

const after = afterEachCleanup();
const VERSION = migrations.findIndex((m) => m.name === 'xiaobao_counter') + 1;

function open(dir: string, upTo: number): Store {
  const s = openStore({ file: join(dir, 'counterpay.db'), migrations: migrations.slice(0, upTo), now: () => 1_000 });
  after.defer(() => {
    if (!s.closed) s.close();
  });
  return s;
}

describe('xiaobao_counter migration', () => {
  it('applies on top of the previous schema, keeping its data', () => {
    const dir = after.tempDataDir();
    const before = open(dir, VERSION - 1);
    before.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '\"1\"', 0)").run();
    before.close();
    const s = open(dir, VERSION);
    expect(s.db.prepare("SELECT value FROM settings WHERE key = 'x'").pluck().get()).toBe('"1"');
    const names = s.db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE tbl_name = 'xiaobao_counter_links' AND type = 'index' ORDER BY name",
      )
      .pluck()
      .all();
    expect(names).toEqual(
      [
        'sqlite_autoindex_xiaobao_counter_links_1',
        'xiaobao_counter_links_created',
        'xiaobao_counter_links_student',
      ].sort(),
    );
  });

  it('keeps one link per bill number, the kinds, the amount limit, and a cash movement on every refund', () => {
    const dir = after.tempDataDir();
    const { db } = open(dir, VERSION);
    const ins = db.prepare(
      `INSERT INTO xiaobao_counter_links (bill_no, kind, stu_info_id, stu_name, amount_fen, cash_movement_id, operator_no, created_at)
       VALUES (@bill, @kind, 7, '张三', @amount, NULL, '1001', 0)`,
    );
    const row = { bill: 'B1', kind: 'recharge', amount: 100 };
    ins.run(row);
    expect(() => ins.run(row)).toThrow(/UNIQUE constraint failed: xiaobao_counter_links.bill_no/);
    expect(() => ins.run({ ...row, bill: 'B2', kind: 'gift' })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, bill: 'B3', amount: 0 })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, bill: 'B4', amount: 9_999_999_901 })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, bill: 'B5', kind: 'refund' })).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) FROM xiaobao_counter_links').pluck().get()).toBe(1);
  });
});
