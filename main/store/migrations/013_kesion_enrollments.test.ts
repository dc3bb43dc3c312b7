import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db.js';
import { afterEachCleanup } from '../test-cleanup.js';
import { migrations } from './index.js';

const after = afterEachCleanup();
const version = migrations.findIndex((m) => m.name === 'kesion_enrollments') + 1;

function open(dir: string, upTo: number): Store {
  const s = openStore({ file: join(dir, 'counterpay.db'), migrations: migrations.slice(0, upTo), now: () => 1_000 });
  after.defer(() => {
    if (!s.closed) s.close();
  });
  return s;
}

describe('kesion_enrollments migration', () => {
  it('applies on top of the previous schema, keeping its data', () => {
    const dir = after.tempDataDir();
    const before = open(dir, version - 1);
    before.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '\"1\"', 0)").run();
    before.close();
    const s = open(dir, version);
    expect(s.db.prepare("SELECT value FROM settings WHERE key = 'x'").pluck().get()).toBe('"1"');
    const names = s.db
      .prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'kesion_enrollments' ORDER BY name")
      .pluck()
      .all();
    expect(names).toContain('kesion_enrollments_due');
  });

  it('enforces one row per pay order, the states and the pay id of a journaled row', () => {
    const { db } = open(after.tempDataDir(), version);
    const ins = db.prepare(
      `INSERT INTO kesion_enrollments (order_id, pay_order_id, type, course_ids, user_ids, courses_json,
         students_count, total_fen, operator_no, state, pay_id, created_at, updated_at)
       VALUES ('O1', @pay, 1, '[]', '[]', '[]', 3, 100, '1001', @state, @payId, 0, 0)`,
    );
    const row = { pay: 'P1', state: 'saved', payId: null as string | null };
    ins.run(row);
    expect(() => ins.run(row)).toThrow(/UNIQUE constraint failed: kesion_enrollments.pay_order_id/);
    expect(() => ins.run({ ...row, pay: 'P2', state: 'lost' })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, pay: 'P3', state: 'sending' })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, pay: 'P4', state: 'collecting' })).toThrow(/CHECK/);
    ins.run({ ...row, pay: 'P5', state: 'sending', payId: '100' });
    expect(db.prepare('SELECT count(*) FROM kesion_enrollments').pluck().get()).toBe(2);
  });
});
