import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db.js';
import { afterEachCleanup } from '../test-cleanup.js';
import { migrations } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const cleanup = afterEachCleanup();

/** A store migrated up to `version` only. */
function storeAt(version: number): Store {
  return cleanup.tempStore({ migrations: migrations.slice(0, version), now: () => 1_000 }).store;
}

function objects(db: Database.Database, type: string): string[] {
  return db.prepare('SELECT name FROM sqlite_schema WHERE type = ? ORDER BY name').pluck().all(type) as string[];
}

describe('migration registry', () => {
  it('registers every NNN_name.ts file, in order, with matching version and name', () => {
    const files = readdirSync(here)
      .filter((f) => /^\d{3}_.+\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .sort();
    expect(files.map((f) => f.replace(/\.ts$/, ''))).toEqual(
      migrations.map((m) => `${String(m.version).padStart(3, '0')}_${m.name}`),
    );
  });
});

describe('001_initial', () => {
  it('applies on an empty database with every table, index and trigger', () => {
    const { db } = storeAt(1);
    expect(objects(db, 'table')).toEqual(
      [
        'audit_log',
        'bill_lines',
        'bills',
        'cash_movements',
        'catalog_items',
        'operators',
        'outbox',
        'payment_attempts',
        'payment_events',
        'schema_migrations',
        'settings',
        'shifts',
        'tenders',
        'terminal',
      ].sort(),
    );
    for (const idx of [
      'shifts_one_open',
      'payment_attempts_one_live',
      'payment_attempts_pending',
      'bills_shift',
      'tenders_shift',
      'outbox_due',
      'catalog_items_quick_key',
    ]) {
      expect(objects(db, 'index')).toContain(idx);
    }
    expect(objects(db, 'trigger')).toEqual(['audit_log_no_delete', 'audit_log_no_update']);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('refuses a second live payment attempt on one bill, allows one after the first is final', () => {
    const { db } = storeAt(1);
    db.prepare(
      "INSERT INTO bills (id, bill_no, kind, business_type, status, operator_no, created_at, updated_at) VALUES (1, 'T1-250101-120000-0001', 'sale', 1, 'locked', 'op1', 0, 0)",
    ).run();
    const attempt = db.prepare(
      `INSERT INTO payment_attempts (bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, deadline_at, created_at, updated_at)
       VALUES (1, ?, ?, 1, 'op1', 100, '134567890123456789', ?, 0, 0, 0)`,
    );
    attempt.run(1, 'T1-250101-120000-0001-1', 'sent');
    expect(() => attempt.run(2, 'T1-250101-120000-0001-2', 'created')).toThrow(
      /UNIQUE constraint failed: payment_attempts.bill_id/,
    );
    expect(() => attempt.run(2, 'T1-250101-120000-0001-2', 'unconfirmed')).toThrow(/UNIQUE/);
    db.prepare("UPDATE payment_attempts SET state = 'declined' WHERE attempt_no = 1").run();
    attempt.run(2, 'T1-250101-120000-0001-2', 'created');
    expect(() => attempt.run(3, 'T1-250101-120000-0001-2', 'declined')).toThrow(/gateway_bill_num/);
  });

  it('keeps audit_log append-only', () => {
    const { db } = storeAt(1);
    db.prepare("INSERT INTO audit_log (at, action) VALUES (1, 'x')").run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT action FROM audit_log').pluck().all()).toEqual(['x']);
  });

  it('enforces one open shift, bill number length, money and status checks, and foreign keys', () => {
    const { db } = storeAt(1);
    const shift = db.prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES ('op', ?, 0, 0)");
    shift.run('open');
    expect(() => shift.run('open')).toThrow(/UNIQUE/);
    shift.run('closed');
    const bill = db.prepare(
      'INSERT INTO bills (bill_no, kind, business_type, status, total_fen, operator_no, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)',
    );
    expect(() => bill.run('x'.repeat(30), 'sale', 1, 'open', 0, 'op')).toThrow(/CHECK/);
    expect(() => bill.run('B1', 'sale', 8, 'open', 0, 'op')).toThrow(/CHECK/);
    expect(() => bill.run('B1', 'sale', 1, 'pending', 0, 'op')).toThrow(/CHECK/);
    expect(() => bill.run('B1', 'sale', 1, 'open', -1, 'op')).toThrow(/CHECK/);
    expect(() => bill.run('B1', 'sale', 1, 'open', 1.5, 'op')).toThrow(/cannot store REAL/);
    bill.run('B1', 'sale', 1, 'open', 0, 'op');
    expect(() => bill.run('B1', 'sale', 1, 'open', 0, 'op')).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO bill_lines (bill_id, line_no, name, unit_price_fen, quantity, amount_fen) VALUES (999, 1, 'n', 1, 1, 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});

describe('002_ledger_indexes', () => {
  it('applies on top of 001 and adds its indexes and column', () => {
    const s = storeAt(2);
    expect(objects(s.db, 'index')).toEqual(expect.arrayContaining(['tenders_attempt', 'audit_log_subject']));
    const cols = s.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('outbox');
    expect(cols).toContain('last_attempt_at');
    expect(s.db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('upgrades a 001 ledger with data, keeping the data', () => {
    const dir = cleanup.tempDataDir();
    const file = join(dir, 'counterpay.db');
    const s1 = openStore({ file, migrations: migrations.slice(0, 1) });
    s1.db
      .prepare(
        "INSERT INTO outbox (topic, idempotency_key, payload, created_at, next_attempt_at) VALUES ('bill', 'k1', '{}', 0, 0)",
      )
      .run();
    s1.close();
    const s2 = openStore({ file, migrations: migrations.slice(0, 2) });
    cleanup.defer(() => s2.close());
    expect(s2.openReport.applied).toEqual([{ version: 2, name: 'ledger_indexes' }]);
    expect(s2.openReport.preMigrationBackup).not.toBeNull();
    expect(s2.db.prepare('SELECT idempotency_key, last_attempt_at FROM outbox').get()).toEqual({
      idempotency_key: 'k1',
      last_attempt_at: null,
    });
    // The query plans use the new index.
    const plan = s2.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM tenders WHERE attempt_id = 5').all() as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/tenders_attempt/);
  });
});

describe('005_late_outcomes', () => {
  it('upgrades a 004 ledger with an unconfirmed attempt, keeping it, and adds late_outcomes with its checks', () => {
    const file = join(cleanup.tempDataDir(), 'counterpay.db');
    const s4 = openStore({ file, migrations: migrations.slice(0, 4) });
    s4.db
      .prepare(
        "INSERT INTO bills (id, bill_no, kind, business_type, status, operator_no, created_at, updated_at) VALUES (1, 'T01-261204-224015-0001', 'sale', 1, 'unconfirmed', '1001', 0, 0)",
      )
      .run();
    s4.db
      .prepare(
        `INSERT INTO payment_attempts (id, bill_id, attempt_no, gateway_bill_num, business_type, operator_no, amount_fen, bar_code, state, deadline_at, created_at, updated_at)
         VALUES (7, 1, 1, 'T01261204A1B2C3D4E5', 1, '1001', 1250, '131050000000000001', 'unconfirmed', 0, 0, 0)`,
      )
      .run();
    s4.close();
    const s5 = openStore({ file, migrations: migrations.slice(0, 5) });
    cleanup.defer(() => s5.close());
    expect(s5.openReport.applied).toEqual([{ version: 5, name: 'late_outcomes' }]);
    expect(s5.db.pragma('user_version', { simple: true })).toBe(5);
    expect(objects(s5.db, 'table')).toContain('late_outcomes');
    expect(objects(s5.db, 'index')).toContain('late_outcomes_unacknowledged');
    expect(objects(s5.db, 'table')).toContain('payment_identity');
    const identity = s5.db.prepare('INSERT INTO payment_identity (id, install_id, created_at) VALUES (?, ?, 0)');
    identity.run(1, 'K3F9Q2ZX');
    expect(() => identity.run(2, 'K3F9Q2ZY')).toThrow(/CHECK/);
    expect(() => s5.db.prepare("UPDATE payment_identity SET install_id = 'abc-defgh' WHERE id = 1").run()).toThrow(
      /CHECK/,
    );
    expect(s5.db.prepare('SELECT state FROM payment_attempts WHERE id = 7').pluck().get()).toBe('unconfirmed');

    const insert = s5.db.prepare(
      'INSERT INTO late_outcomes (attempt_id, outcome, via, query_no, resolved_by, resolved_at, acknowledged_at, acknowledged_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run(7, 'paid', 'reconciler', 12, null, 5_000, null, null);
    // One notice per attempt; closed sets; acknowledged needs both the time and who.
    expect(() => insert.run(7, 'paid', 'reconciler', 13, null, 6_000, null, null)).toThrow(/UNIQUE/);
    expect(() => insert.run(7, 'unknown', 'reconciler', 1, null, 6_000, null, null)).toThrow(/CHECK/);
    expect(() => insert.run(7, 'paid', 'cashier', 1, null, 6_000, null, null)).toThrow(/CHECK/);
    expect(() => s5.db.prepare('UPDATE late_outcomes SET acknowledged_at = 1 WHERE attempt_id = 7').run()).toThrow(
      /CHECK/,
    );
    expect(() => insert.run(99, 'paid', 'reconciler', 1, null, 6_000, null, null)).toThrow(/FOREIGN KEY/);
  });
});
