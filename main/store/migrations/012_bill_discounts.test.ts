import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db.js';
import { afterEachCleanup } from '../test-cleanup.js';
import { migrations } from './index.js';

const after = afterEachCleanup();
const upTo = migrations.findIndex((m) => m.name === 'bill_discounts') + 1;

function open(dir: string, n: number): Store {
  const s = openStore({ file: join(dir, 'counterpay.db'), migrations: migrations.slice(0, n), now: () => 1_000 });
  after.defer(() => {
    if (!s.closed) s.close();
  });
  return s;
}

describe('012_bill_discounts', () => {
  it('keeps the lines of an existing bill (no discount, net = gross) and adds the adjustments table', () => {
    const dir = after.tempDataDir();
    const before = open(dir, upTo - 1);
    before.db
      .prepare(
        "INSERT INTO bills (bill_no, kind, business_type, status, total_fen, operator_no, created_at, updated_at) VALUES ('T-1', 'sale', 1, 'open', 600, '1001', 0, 0)",
      )
      .run();
    before.db
      .prepare(
        "INSERT INTO bill_lines (bill_id, line_no, name, unit_price_fen, quantity, amount_fen) VALUES (1, 1, 'x', 300, 2, 600)",
      )
      .run();
    before.close();
    const s = open(dir, upTo);
    expect(s.db.prepare('SELECT * FROM bill_lines').get()).toMatchObject({
      amount_fen: 600,
      list_price_fen: null,
      discount_fen: 0,
      bill_share_fen: 0,
      round_off_fen: 0,
    });
    expect(s.db.pragma('user_version', { simple: true })).toBe(upTo);
  });

  it('enforces one adjustment of a kind per line or bill, and the shape of each kind', () => {
    const dir = after.tempDataDir();
    const { db } = open(dir, upTo);
    db.prepare(
      "INSERT INTO bills (bill_no, kind, business_type, status, operator_no, created_at, updated_at) VALUES ('T-1', 'sale', 1, 'open', '1001', 0, 0)",
    ).run();
    const ins = db.prepare(
      `INSERT INTO bill_adjustments (bill_id, kind, line_no, mode, value, rule, given_by, created_at)
       VALUES (1, @kind, @lineNo, @mode, @value, @rule, '1001', 0)`,
    );
    const line = { kind: 'line-discount', lineNo: 1, mode: 'percent', value: 90, rule: null };
    ins.run(line);
    expect(() => ins.run(line)).toThrow(/UNIQUE/);
    expect(() => ins.run({ ...line, lineNo: 0 })).toThrow(/CHECK/);
    expect(() => ins.run({ ...line, lineNo: 2, mode: null })).toThrow(/CHECK/);
    expect(() => ins.run({ ...line, kind: 'bill-discount', lineNo: 3 })).toThrow(/CHECK/);
    expect(() => ins.run({ ...line, lineNo: 2, value: -1 })).toThrow(/CHECK/);
    ins.run({ kind: 'bill-discount', lineNo: 0, mode: 'amount', value: 500, rule: null });
    ins.run({ kind: 'round-off', lineNo: 0, mode: null, value: 0, rule: 'drop-jiao' });
    expect(() => ins.run({ kind: 'round-off', lineNo: 0, mode: null, value: 0, rule: null })).toThrow(/CHECK/);
    ins.run({ kind: 'price', lineNo: 1, mode: null, value: 250, rule: null });
    expect(db.prepare('SELECT count(*) FROM bill_adjustments').pluck().get()).toBe(4);
  });
});
