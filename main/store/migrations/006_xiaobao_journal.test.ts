import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db.js';
import { afterEachCleanup } from '../test-cleanup.js';
import { migrations } from './index.js';

const list = migrations;
const after = afterEachCleanup();

function open(dir: string, upTo = list.length): Store {
  const s = openStore({ file: join(dir, 'counterpay.db'), migrations: list.slice(0, upTo), now: () => 1_000 });
  after.defer(() => {
    if (!s.closed) s.close();
  });
  return s;
}

describe('006_xiaobao_journal', () => {
  it('applies on top of the previous schema, keeping its data, and adds the journal and its indexes', () => {
    const dir = after.tempDataDir();
    const before = open(dir, list.length - 1);
    before.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '\"1\"', 0)").run();
    before.close();
    const s = open(dir);
    expect(s.db.prepare("SELECT value FROM settings WHERE key = 'x'").pluck().get()).toBe('"1"');
    const names = s.db
      .prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'xiaobao_postings' ORDER BY name")
      .pluck()
      .all();
    expect(names).toEqual(
      [
        'xiaobao_postings',
        'xiaobao_postings_created',
        'xiaobao_postings_due',
        'sqlite_autoindex_xiaobao_postings_1',
      ].sort(),
    );
    expect(s.db.pragma('user_version', { simple: true })).toBe(list.length);
  });

  it('enforces one row per bill, the states, the amount limit and the posted/sending invariants', () => {
    const dir = after.tempDataDir();
    const { db } = open(dir);
    const ins = db.prepare(
      `INSERT INTO xiaobao_postings (bill_no, kind, stu_info_id, amount_fen, request_json, state, sent_at, erp_order_id, created_at, updated_at)
       VALUES (@bill, @kind, 7, @amount, '{}', @state, @sentAt, @orderId, 0, 0)`,
    );
    const row = { bill: 'B1', kind: 'recharge', amount: 100, state: 'pending', sentAt: null, orderId: null };
    ins.run(row);
    expect(() => ins.run(row)).toThrow(/UNIQUE constraint failed: xiaobao_postings.bill_no/);
    expect(() => ins.run({ ...row, bill: 'B2', state: 'lost' })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, bill: 'B3', kind: 'gift' })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, bill: 'B4', amount: 0 })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, bill: 'B5', amount: 9_999_999_901 })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, bill: 'B6', state: 'posted' })).toThrow(/CHECK/);
    expect(() => ins.run({ ...row, bill: 'B7', state: 'unknown' })).toThrow(/CHECK/);
    ins.run({ ...row, bill: 'B8', state: 'posted', sentAt: 1, orderId: 55 });
    ins.run({ ...row, bill: 'B9', state: 'sending', sentAt: 1 });
    expect(db.prepare('SELECT count(*) FROM xiaobao_postings').pluck().get()).toBe(3);
  });
});
