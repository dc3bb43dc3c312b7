import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecoveryInfoSchema } from '../../app/contract/recovery.js';
import type { DiagnosticsExport } from '../../app/contract/setup.js';
import { AppError } from '../../app/result.js';
import { createCore } from '../core.js';
import { createLogger } from '../log.js';
import { LATEST_SCHEMA_VERSION, openStore } from '../store/db.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { backupTimeFromName, diagnoseStartFailure, listRecoveryBackups } from './diagnose.js';
import { createRecoveryMode } from './dispatch.js';
import { createLedgerHealth } from './ledger-health.js';
import { recoveryLogFile, restoreBackup } from './restore.js';

const cleanup = afterEachCleanup();
const tempDataDir = (): string => cleanup.tempDataDir('cp-recovery-');

const T0 = Date.UTC(2025, 0, 31, 4, 0, 0, 0);

/** A real ledger with `rows` settings rows and one manual backup taken through the store. */
async function ledgerWithBackup(dataDir: string, rows = 4000): Promise<{ backup: string }> {
  let t = T0;
  const store = openStore({ file: path.join(dataDir, 'counterpay.db'), now: () => t });
  const mark = store.db.prepare(
    "INSERT INTO settings (key, value, updated_at) VALUES ('test.marker', ?, 0) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  mark.run('"before-damage"');
  const ins = store.db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)');
  store.tx(() => {
    for (let i = 0; i < rows; i++) ins.run(`bulk-${String(i).padStart(6, '0')}`, JSON.stringify('x'.repeat(60)));
  });
  t += 60_000;
  const info = await store.backupNow({ kind: 'manual' });
  // Written after the backup: gone once the backup is restored.
  mark.run('"after-backup"');
  store.close();
  return { backup: info.file };
}

/** Overwrite a run of pages in the middle of a real file (page 1 stays readable). */
function damagePages(file: string, pages = 3): void {
  const size = fs.statSync(file).size;
  const pageSize = 4096;
  const fd = fs.openSync(file, 'r+');
  const junk = Buffer.alloc(pageSize * pages, 0xa5);
  fs.writeSync(fd, junk, 0, junk.length, Math.floor(size / pageSize / 2) * pageSize);
  fs.closeSync(fd);
}

function openError(dataDir: string): AppError {
  try {
    openStore({ file: path.join(dataDir, 'counterpay.db') }).close();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected openStore to refuse the ledger');
}

function readRecoveryLog(dataDir: string): Record<string, unknown>[] {
  return fs
    .readFileSync(recoveryLogFile(dataDir), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('diagnoseStartFailure', () => {
  it('explains a ledger with damaged pages, with SQLite problems and the backups newest first', async () => {
    const dir = tempDataDir();
    const { backup } = await ledgerWithBackup(dir);
    // An older pre-migration backup and a half-written one: listed / skipped.
    fs.copyFileSync(backup, path.join(dir, 'backups', 'pre-migration-v1-v4-20240101T000000000Z.db'));
    fs.writeFileSync(path.join(dir, 'backups', 'scheduled-20250202T000000000Z.db.partial'), 'half');
    damagePages(path.join(dir, 'counterpay.db'));

    const info = diagnoseStartFailure(openError(dir), dir, { shell: 'browser', version: '1.2.3' });
    expect(RecoveryInfoSchema.safeParse(info).success).toBe(true);
    expect(info.code).toBe('store-corrupt');
    expect(info.details.reason).toBe('check-failed');
    expect(info.details.problems.length).toBeGreaterThan(0);
    expect(info.details.problems.join('\n')).not.toBe('ok');
    expect(info.details.file).toBe(path.join(dir, 'counterpay.db'));
    expect(info.ledgerFile).toBe(path.join(dir, 'counterpay.db'));
    expect(info.backups.map((b) => [b.kind, b.name])).toEqual([
      ['manual', path.basename(backup)],
      ['pre-migration', 'pre-migration-v1-v4-20240101T000000000Z.db'],
    ]);
    expect(info.backups[0]!.at).toBe(T0 + 60_000);
    expect(info.backups[0]!.bytes).toBe(fs.statSync(backup).size);
    expect(info.canRestore).toBe(true);
    expect(info.restored).toBeNull();
  });

  it('is what createCore fails with on a damaged ledger (the file is left untouched)', async () => {
    const dir = tempDataDir();
    await ledgerWithBackup(dir);
    const ledger = path.join(dir, 'counterpay.db');
    damagePages(ledger);
    const before = fs.readFileSync(ledger);
    const error = await createCore({
      shell: 'memory',
      dataDir: dir,
      config: {},
      env: { COUNTERPAY_SCANNER: 'off' },
    }).then(
      (c) => {
        cleanup.defer(() => c.close());
        return null;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    const info = diagnoseStartFailure(error, dir);
    expect(info.code).toBe('store-corrupt');
    expect(info.canRestore).toBe(true);
    expect(fs.readFileSync(ledger).equals(before)).toBe(true);
  });

  it('explains a ledger written by a newer Counterpay, and offers no restore for it', async () => {
    const dir = tempDataDir();
    await ledgerWithBackup(dir, 10);
    const raw = new Database(path.join(dir, 'counterpay.db'));
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
    raw.close();
    const info = diagnoseStartFailure(openError(dir), dir);
    expect(info.code).toBe('store-too-new');
    expect(info.details.dbVersion).toBe(LATEST_SCHEMA_VERSION + 3);
    expect(info.details.appVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(info.backups).toHaveLength(1);
    expect(info.canRestore).toBe(false);
  });

  it('explains an invalid config.json by file and field, and anything else as "other"', async () => {
    const dir = tempDataDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ terminalNo: 'far too long terminal' }));
    const error = await createCore({ shell: 'memory', dataDir: dir, env: { COUNTERPAY_SCANNER: 'off' } }).then(
      () => null,
      (e: unknown) => e,
    );
    const info = diagnoseStartFailure(error, dir);
    expect(info.code).toBe('config-invalid');
    expect(info.details.file).toBe(path.join(dir, 'config.json'));
    expect(info.details.problems[0]).toMatch(/^terminalNo: /);
    expect(info.canRestore).toBe(false);

    const other = diagnoseStartFailure(new Error('EADDRINUSE 127.0.0.1:4780'), dir);
    expect(other).toMatchObject({ code: 'other', message: 'EADDRINUSE 127.0.0.1:4780', canRestore: false });
  });

  it('reads the UTC stamp of a backup name', () => {
    expect(backupTimeFromName('scheduled-20250131T235959123Z.db')).toBe(Date.UTC(2025, 0, 31, 23, 59, 59, 123));
    expect(backupTimeFromName('manual-nostamp.db')).toBeNull();
  });
});

describe('restoreBackup', () => {
  it('moves the damaged ledger aside to damaged/, puts the checked backup in, and the ledger opens again', async () => {
    const dir = tempDataDir();
    const { backup } = await ledgerWithBackup(dir);
    const ledger = path.join(dir, 'counterpay.db');
    damagePages(ledger);
    fs.writeFileSync(`${ledger}-wal`, ''); // a leftover WAL travels with its ledger
    const damagedBytes = fs.readFileSync(ledger);

    const result = restoreBackup(dir, backup, { now: () => T0 + 3_600_000, by: 'test' });
    expect(result.restoredFrom).toBe(backup);
    expect(result.check).toBe('ok');
    expect(result.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(result.damagedFiles).toEqual([
      path.join(dir, 'damaged', 'counterpay-20250131T050000000Z.db'),
      path.join(dir, 'damaged', 'counterpay-20250131T050000000Z.db-wal'),
    ]);
    // Nothing deleted: the damaged bytes are in damaged/, the backup is still a backup.
    expect(fs.readFileSync(result.damagedFiles[0]!).equals(damagedBytes)).toBe(true);
    expect(fs.existsSync(backup)).toBe(true);
    expect(fs.existsSync(`${ledger}.restoring`)).toBe(false);

    const store = openStore({ file: ledger, check: 'integrity' });
    cleanup.defer(() => store.close());
    expect(store.db.prepare("SELECT value FROM settings WHERE key = 'test.marker'").get()).toEqual({
      value: '"before-damage"',
    });
    expect(
      (store.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'bulk-%'").get() as { n: number }).n,
    ).toBe(4000);

    const log = readRecoveryLog(dir);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      event: 'recovery.restore',
      backup,
      backupKind: 'manual',
      check: 'ok',
      by: 'test',
      damagedFiles: result.damagedFiles,
    });
  });

  it('refuses a backup that fails its integrity check and leaves the damaged ledger where it was', async () => {
    const dir = tempDataDir();
    const { backup } = await ledgerWithBackup(dir);
    const ledger = path.join(dir, 'counterpay.db');
    damagePages(ledger);
    damagePages(backup);
    const before = fs.readFileSync(ledger);

    let error: unknown;
    try {
      restoreBackup(dir, backup);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('store-corrupt');
    expect((error as AppError).details).toMatchObject({ reason: 'backup-damaged', backup });
    expect(((error as AppError).details?.problems as string[]).length).toBeGreaterThan(0);
    expect(fs.readFileSync(ledger).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'damaged'))).toBe(false);
    expect(fs.existsSync(`${ledger}.restoring`)).toBe(false);
    expect(readRecoveryLog(dir)[0]).toMatchObject({
      event: 'recovery.restore-refused',
      reason: 'backup-damaged',
      backup,
    });
  });

  it('refuses a file that is not one of the listed backups', async () => {
    const dir = tempDataDir();
    await ledgerWithBackup(dir, 10);
    const outside = path.join(tempDataDir(), 'manual-20250101T000000000Z.db');
    fs.writeFileSync(outside, 'x');
    for (const name of [outside, '../counterpay.db', path.join(dir, 'counterpay.db')]) {
      expect(() => restoreBackup(dir, name)).toThrow(/not a backup of this data folder/);
    }
    expect(fs.existsSync(path.join(dir, 'counterpay.db'))).toBe(true);
  });

  it('refuses a backup written by a newer Counterpay', async () => {
    const dir = tempDataDir();
    const { backup } = await ledgerWithBackup(dir, 10);
    const raw = new Database(backup);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => restoreBackup(dir, backup)).toThrow(/newer Counterpay/);
    expect(fs.existsSync(path.join(dir, 'damaged'))).toBe(false);
  });
});

describe('recovery mode dispatch', () => {
  it('answers recovery.info and app.info, restores once, and refuses everything else with the failure', async () => {
    const dir = tempDataDir();
    const { backup } = await ledgerWithBackup(dir);
    damagePages(path.join(dir, 'counterpay.db'));
    const log = createLogger({ dir: null });
    const mode = createRecoveryMode({
      info: diagnoseStartFailure(openError(dir), dir, { version: '9.9.9' }),
      dataDir: dir,
      log,
      env: {},
    });
    const ctx = { transport: 'memory' as const, connectionId: 'c1' };

    const info = await mode.dispatch('recovery.info', {}, ctx);
    expect(info).toMatchObject({ ok: true, value: { code: 'store-corrupt', canRestore: true, version: '9.9.9' } });
    expect(await mode.dispatch('app.info', {}, ctx)).toMatchObject({
      ok: true,
      value: { version: '9.9.9', sandbox: false },
    });
    expect(await mode.dispatch('counter.state', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'store-corrupt' },
    });
    expect(await mode.dispatch('payment.cash', { billId: 1, tenderedFen: 100 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'store-corrupt' },
    });
    expect(await mode.dispatch('drop.tables', {}, ctx)).toMatchObject({
      ok: false,
      error: { code: 'unknown-command' },
    });
    expect(await mode.dispatch('recovery.restore', { backupFile: backup, extra: 1 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await mode.dispatch('recovery.relaunch', {}, ctx)).toEqual({ ok: true, value: { relaunching: false } });

    const restored = await mode.dispatch('recovery.restore', { backupFile: backup }, ctx);
    expect(restored.ok).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'damaged'))).toEqual([expect.stringMatching(/^counterpay-\d{8}T\d{9}Z\.db$/)]);
    const after = await mode.dispatch('recovery.info', {}, ctx);
    expect(after).toMatchObject({ ok: true, value: { canRestore: false, restored: { restoredFrom: backup } } });
    // A second restore would move the good ledger aside as "damaged": refused.
    expect(await mode.dispatch('recovery.restore', { backupFile: backup }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(readRecoveryLog(dir).map((l) => l.event)).toEqual(['recovery.restore']);
    expect(readRecoveryLog(dir)[0]).toMatchObject({ by: 'browser:c1' });
  });

  it('exports diagnostics that carry the failure', async () => {
    const dir = tempDataDir();
    await ledgerWithBackup(dir, 10);
    const raw = new Database(path.join(dir, 'counterpay.db'));
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const mode = createRecoveryMode({
      info: diagnoseStartFailure(openError(dir), dir),
      dataDir: dir,
      log: createLogger({ dir: null }),
      env: {},
    });
    const r = await mode.dispatch('recovery.exportDiagnostics', {}, { transport: 'memory', connectionId: 'c' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const zip = r.value as DiagnosticsExport;
    expect(fs.existsSync(zip.file)).toBe(true);
    expect(zip.entries.map((e) => e.name)).toContain('recovery.json');
    // Restoring is not the fix for a newer ledger.
    const b = listRecoveryBackups(dir)[0]!;
    expect(
      await mode.dispatch('recovery.restore', { backupFile: b.file }, { transport: 'memory', connectionId: 'c' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('a ledger that fails its full check after start', () => {
  it('tells the renderer and refuses new cash and barcode payments with store-corrupt', async () => {
    const dir = tempDataDir();
    const core = await createCore({ shell: 'memory', dataDir: dir, config: {}, env: { COUNTERPAY_SCANNER: 'off' } });
    cleanup.defer(() => core.close());
    const ctx = { transport: 'memory' as const, connectionId: 'c' };
    expect(await core.dispatch('recovery.info', {}, ctx)).toEqual({ ok: true, value: null });
    expect(await core.dispatch('store.health', {}, ctx)).toMatchObject({ ok: true, value: { state: 'ok' } });
    expect(await core.dispatch('recovery.restore', { backupFile: 'x.db' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const shift = core.shifts.open({ operatorNo: '1001', floatFen: 0 });
    const bill = core.bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: shift.id });
    core.bills.addFreeAmount(bill.id, 500);

    const pushed: unknown[] = [];
    core.bus.subscribe((name, payload) => {
      if (name === 'store.health.changed') pushed.push(payload);
    });
    core.ledgerHealth.failedCheck(['*** in database main ***', 'Page 17: btreeInitPage() returns error code 11'], 1234);
    expect(pushed).toEqual([
      {
        state: 'failed',
        problems: ['*** in database main ***', 'Page 17: btreeInitPage() returns error code 11'],
        checkedAt: 1234,
      },
    ]);
    expect(await core.dispatch('store.health', {}, ctx)).toMatchObject({ ok: true, value: { state: 'failed' } });

    // A caller nobody signed in for is refused first; a signed-in cashier is refused too:
    // nobody gets to take money into a damaged ledger.
    expect(await core.dispatch('payment.cash', { billId: bill.id, tenderedFen: 500 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'not-signed-in' },
    });
    await core.operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
    expect((await core.dispatch('session.signIn', { operatorNo: '1001', pin: '1234' }, ctx)).ok).toBe(true);
    expect(await core.dispatch('payment.cash', { billId: bill.id, tenderedFen: 500 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'store-corrupt' },
    });
    expect(
      await core.dispatch('payment.collect', { billId: bill.id, barCode: '130000000000000001' }, ctx),
    ).toMatchObject({
      ok: false,
      error: { code: 'store-corrupt' },
    });
    // Scans from HID scanners reach the engine without dispatch: the engine refuses too.
    expect(() => core.payments.collect({ billId: bill.id, barCode: '130000000000000001', operatorNo: '1001' })).toThrow(
      AppError,
    );
    expect(core.payments.latestForBill(bill.id)).toBeNull();
    expect(core.bills.get(bill.id)?.status).toBe('open');
  });

  it('keeps "failed" once failed, whatever a later check says', () => {
    const h = createLedgerHealth();
    h.checking();
    expect(h.view().state).toBe('checking');
    h.failedCheck(['bad'], 1);
    h.passed(2);
    h.abandoned();
    expect(h.view()).toEqual({ state: 'failed', problems: ['bad'], checkedAt: 1 });
    expect(() => h.assertWritable('x')).toThrow(/integrity check/);
  });
});
