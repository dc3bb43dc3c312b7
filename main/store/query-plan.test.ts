import { afterAll, describe, expect, it } from 'vitest';
import { tempStore } from './test-helpers.js';

/**
 * Query-plan checks: the queries on the counter's hot paths must use an index, never scan a
 * table that grows with every bill (bills, tenders, payment_attempts, payment_events, outbox,
 * audit_log). A new query on these tables belongs here.
 */
const ts = tempStore();
afterAll(() => ts.cleanup());

function plan(sql: string): string {
  const rows = ts.store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
}

const GROWING = ['bills', 'tenders', 'payment_attempts', 'payment_events', 'outbox', 'audit_log', 'bill_lines'];

function expectIndexed(sql: string): void {
  const p = plan(sql);
  for (const table of GROWING) {
    // "SCAN bills" (a full table scan) is the failure; "SCAN bills USING INDEX …" is an ordered index walk.
    expect(p, `${sql}\n→ ${p}`).not.toMatch(new RegExp(`SCAN ${table}(?! USING (COVERING )?INDEX)(\\s|$)`));
  }
}

describe('query plans of hot-path queries', () => {
  it.each([
    ['the bill on the counter', "SELECT * FROM bills WHERE status IN ('open', 'locked') ORDER BY id DESC LIMIT 1"],
    [
      'the last paid bill (reprint)',
      "SELECT * FROM bills WHERE status = 'paid' AND kind IN ('sale', 'recharge') ORDER BY closed_at DESC, id DESC LIMIT 1",
    ],
    ['a bill by number', "SELECT * FROM bills WHERE bill_no = 'T01-1'"],
    ['lines of a bill', 'SELECT * FROM bill_lines WHERE bill_id = 1'],
    ['tenders of a bill', 'SELECT * FROM tenders WHERE bill_id = 1'],
    [
      'the live attempt of a bill',
      "SELECT * FROM payment_attempts WHERE bill_id = 1 AND state IN ('created','sent','awaiting-payer','unconfirmed') ORDER BY id DESC LIMIT 1",
    ],
    [
      'open attempts to resume',
      "SELECT * FROM payment_attempts WHERE state IN ('created','sent','awaiting-payer','unconfirmed') ORDER BY id",
    ],
    ['an attempt by gateway billNum', "SELECT * FROM payment_attempts WHERE gateway_bill_num = 'T01-1-1'"],
    ['events of an attempt', 'SELECT * FROM payment_events WHERE attempt_id = 1 ORDER BY id'],
    ['outbox rows due', 'SELECT * FROM outbox WHERE next_attempt_at <= 0 ORDER BY next_attempt_at LIMIT 200'],
    ["a bill's history", "SELECT * FROM audit_log WHERE subject = 'bill:1' ORDER BY id"],
    ['bills of a shift', "SELECT count(*), sum(total_fen) FROM bills WHERE shift_id = 1 AND status = 'paid'"],
  ])('%s uses an index', (_what, sql) => {
    expectIndexed(sql);
  });
});
