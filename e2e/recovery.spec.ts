import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, screenshot, startShell, test, type ShellInfo } from './fixtures.js';
import { CASHIER, signIn, startCounterShell } from './support/counter.js';

/**
 * Issue 5, item 2: a ledger that fails its health check at start-up gets a clear recovery screen
 * (never a silent drop or re-creation): the backups are listed, restoring one keeps the damaged
 * file in damaged/, and the next start is the normal counter with the restored data.
 */

const shells: ShellInfo[] = [];
const dirs: string[] = [];
test.afterEach(async ({}, testInfo) => {
  for (const s of shells.splice(0)) {
    await s.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(s.output()) });
    }
  }
  if (testInfo.status === testInfo.expectedStatus)
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function run(start: Promise<ShellInfo>): Promise<ShellInfo> {
  const s = await start;
  shells.push(s);
  return s;
}

async function stop(s: ShellInfo): Promise<void> {
  await s.stop();
  shells.splice(shells.indexOf(s), 1);
}

/** Overwrite a run of pages in the middle of the ledger with garbage (the header page stays). */
function damageLedger(file: string): void {
  const pageSize = 4096;
  const pages = Math.floor(fs.statSync(file).size / pageSize);
  const fd = fs.openSync(file, 'r+');
  const junk = Buffer.alloc(pageSize * 4, 0xa5);
  fs.writeSync(fd, junk, 0, junk.length, Math.max(1, Math.floor(pages / 2) - 2) * pageSize);
  fs.closeSync(fd);
}

/** UTC stamp as the store names its backups (main/store/db.ts fileStamp). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

test('a damaged ledger shows the recovery screen; restoring a backup keeps the damaged file and the next start is the normal app', async ({
  page,
}) => {
  // 1. A real counter: set up, a cashier signs in and opens the shift with a 200 yuan float.
  const first = await run(startCounterShell());
  dirs.push(first.dataDir);
  const dataDir = first.dataDir;
  await page.goto(first.openUrl);
  await signIn(page, { ...CASHIER, floatYuan: '200' });
  await stop(first); // clean stop: the WAL is checkpointed into counterpay.db

  // 2. A backup of that ledger (as the scheduled backup names it), then damage the ledger itself.
  const ledger = path.join(dataDir, 'counterpay.db');
  const backupName = `scheduled-${stamp(Date.now() - 3_600_000)}.db`;
  fs.mkdirSync(path.join(dataDir, 'backups'), { recursive: true });
  fs.copyFileSync(ledger, path.join(dataDir, 'backups', backupName));
  damageLedger(ledger);
  const damagedBytes = fs.readFileSync(ledger);

  // 3. The shell still starts and serves the recovery screen.
  const second = await run(startShell({ dataDir }));
  expect(second.output()).toMatch(/did NOT start normally/);
  await page.goto(second.openUrl);
  const screen = page.getByTestId('recovery-screen');
  await expect(screen).toBeVisible();
  await expect(screen).toHaveAttribute('data-code', 'store-corrupt');
  await expect(page.getByTestId('recovery-title')).toHaveText('账本文件损坏，收银台没有启动');
  await expect(page.getByTestId('recovery-datadir')).toHaveText(dataDir);
  const rows = page.getByTestId('recovery-backup-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-file', path.join(dataDir, 'backups', backupName));
  await expect(rows.first()).toContainText('定时备份');
  await screenshot(page, 'recovery-01-screen');
  // Nothing was touched by starting in recovery mode.
  expect(fs.readFileSync(ledger).equals(damagedBytes)).toBe(true);

  // 4. Restore, with a confirmation that says where the damaged file goes.
  await page.getByTestId('recovery-restore-btn').click();
  const confirm = page.getByTestId('recovery-confirm');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('不会被删除');
  await expect(confirm).toContainText(path.join(dataDir, 'damaged'));
  await screenshot(page, 'recovery-02-confirm');
  await page.getByTestId('recovery-confirm-yes').click();
  await expect(page.getByTestId('recovery-restored')).toBeVisible();
  await expect(screen).toHaveAttribute('data-restored', 'yes');
  await expect(page.getByTestId('recovery-restart-hint')).toContainText('npm start');
  await screenshot(page, 'recovery-03-restored');

  const damaged = fs.readdirSync(path.join(dataDir, 'damaged'));
  expect(damaged).toContainEqual(expect.stringMatching(/^counterpay-\d{8}T\d{9}Z\.db$/));
  const kept = damaged.find((n) => n.endsWith('.db'))!;
  expect(fs.readFileSync(path.join(dataDir, 'damaged', kept)).equals(damagedBytes)).toBe(true);
  await expect(page.getByTestId('recovery-damaged-file').first()).toHaveText(path.join(dataDir, 'damaged', kept));
  expect(fs.existsSync(path.join(dataDir, 'backups', backupName))).toBe(true);
  const log = fs
    .readFileSync(path.join(dataDir, 'logs', 'recovery.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string });
  expect(log.map((l) => l.event)).toEqual(['recovery.restore']);

  // English is one click away.
  await page.getByTestId('recovery-lang').click();
  await expect(page.getByTestId('recovery-restart-hint')).toContainText('Ctrl+C');
  await page.getByTestId('recovery-lang').click();
  await stop(second);

  // 5. Started again: the normal app, with the restored data (the shift opened before is still open).
  const third = await run(startShell({ dataDir }));
  expect(third.output()).not.toMatch(/did NOT start normally/);
  await page.goto(third.openUrl);
  const root = page.getByTestId('app-root');
  await expect(root).toHaveAttribute('data-hydrated', 'yes');
  await expect(root).toHaveAttribute('data-screen', 'sign-in');
  await page.getByTestId('signin-operator').fill(CASHIER.operatorNo);
  await page.getByTestId('signin-pin').fill(CASHIER.pin);
  await page.getByTestId('signin-pin').press('Enter');
  await expect(root).toHaveAttribute('data-screen', 'counter');
  await expect(page.getByTestId('recovery-screen')).toHaveCount(0);
  await expect(page.getByTestId('store-health-banner')).toHaveCount(0);
  await screenshot(page, 'recovery-04-normal-again');
});

test('a damaged ledger without any backup says to call support, offers no restore, and exports diagnostics', async ({
  page,
}) => {
  const first = await run(startCounterShell());
  dirs.push(first.dataDir);
  const dataDir = first.dataDir;
  await stop(first);
  damageLedger(path.join(dataDir, 'counterpay.db'));

  const shell = await run(startShell({ dataDir }));
  await page.goto(shell.openUrl);
  await expect(page.getByTestId('recovery-screen')).toHaveAttribute('data-code', 'store-corrupt');
  await expect(page.getByTestId('recovery-backups')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('recovery-restore-btn')).toHaveCount(0);
  await expect(page.getByTestId('recovery-todo')).toContainText('联系技术支持');
  await page.getByTestId('recovery-export').click();
  await expect(page.getByTestId('recovery-exported')).toContainText(path.join(dataDir, 'diagnostics'));
  const zips = fs.readdirSync(path.join(dataDir, 'diagnostics')).filter((n) => n.endsWith('.zip'));
  expect(zips).toHaveLength(1);
  await screenshot(page, 'recovery-05-no-backup');
});

/**
 * Issue 11, item 5: a data folder that cannot be written gives the recovery page, never a stack
 * trace. The e2e runs as root, for whom chmod 0555 stops nothing: the folder is made immutable
 * (chattr +i, which root respects too); where that is unavailable, a path through a file is used.
 */
test('a data folder that cannot be written shows the recovery page: which folder, and what to do', async ({ page }) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpay-e2e-ro-'));
  let dataDir = path.join(base, 'data');
  fs.mkdirSync(dataDir);
  let immutable = true;
  try {
    execFileSync('chattr', ['+i', dataDir], { stdio: 'ignore' });
  } catch {
    immutable = false;
    fs.rmdirSync(dataDir);
    fs.writeFileSync(path.join(base, 'data'), '');
    dataDir = path.join(base, 'data', 'counterpay');
  }
  try {
    const s = await run(startShell({ dataDir }));
    expect(s.output()).toContain(`the data folder ${dataDir} cannot be written`);
    expect(s.output()).not.toMatch(/^\s+at /m);
    await page.goto(s.openUrl);
    const screen = page.getByTestId('recovery-screen');
    await expect(screen).toHaveAttribute('data-code', 'data-folder-unwritable');
    await expect(page.getByTestId('recovery-title')).toHaveText('数据文件夹无法写入，收银台没有启动');
    await expect(page.getByTestId('recovery-datadir')).toHaveText(dataDir);
    await expect(page.getByTestId('recovery-unwritable')).toHaveText(dataDir);
    await expect(page.getByTestId('recovery-todo')).toContainText('不是只读');
    await expect(page.getByTestId('recovery-backups')).toHaveCount(0);
    await expect(page.getByTestId('recovery-export')).toHaveCount(0);
    for (const [w, h] of [
      [1024, 768],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await screenshot(page, `recovery-06-unwritable-zh-${w}`);
    }
    await page.getByTestId('recovery-lang').click();
    await expect(page.getByTestId('recovery-title')).toHaveText(
      'The data folder cannot be written; the cashier did not start',
    );
    await screenshot(page, 'recovery-07-unwritable-en-1366');
    await stop(s);
    expect(fs.readdirSync(immutable ? dataDir : base)).toEqual(immutable ? [] : ['data']);
  } finally {
    if (immutable) execFileSync('chattr', ['-i', dataDir], { stdio: 'ignore' });
    fs.rmSync(base, { recursive: true, force: true });
  }
});
