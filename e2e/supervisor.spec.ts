import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { readFirstSheet, type XlsxSheet } from '../main/catalog/xlsx.js';
import { finishShell, expect, screenshot, startShell, test, wedgeScan, type ShellInfo } from './fixtures.js';
import type { SupervisorSeed } from './support/seed-supervisor.js';

/**
 * Issue 7 in the browser shell: a cashier is signed in; the supervisor authorises on the
 * cashier's screen with their PIN (F11), reads the X report (chart first), closes the shift
 * with a cash difference counted by denomination, reads the Z report, exports it (XLSX read
 * back equals the numbers on screen; CSV), opens the A4 print view, and finds the shift in the
 * history. Screenshots: test-results/screenshots/supervisor-*.png.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function seeded(): { dir: string; seed: SupervisorSeed } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpay-e2e-supervisor-'));
  const out = execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'e2e', 'support', 'seed-supervisor.ts'), dir],
    {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return { dir, seed: JSON.parse(out.trim().split('\n').pop()!) as SupervisorSeed };
}

const tid = (page: Page, id: string) => page.getByTestId(id);

/** Every section of the report on screen: title and the data-value of each cell, row by row. */
async function screenSections(page: Page): Promise<{ title: string; rows: { type: string; value: string }[][] }[]> {
  return page.locator('[data-testid="report-view"] section[data-testid^="report-section-"]').evaluateAll((sections) =>
    sections.map((s) => ({
      title: s.querySelector('h3')?.textContent ?? '',
      rows: [...s.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => ({
          type: td.getAttribute('data-type') ?? '',
          value: td.getAttribute('data-value') ?? '',
        })),
      ),
    })),
  );
}

function sheetRowsAfter(sheet: XlsxSheet, title: string): string[][] {
  const i = sheet.rows.findIndex((r) => r.cells[0]?.text === title);
  if (i < 0) throw new Error(`section ${title} missing from the XLSX`);
  const rows: string[][] = [];
  for (let j = i + 2; j < sheet.rows.length; j++) {
    const cells = sheet.rows[j]!.cells;
    if (cells.length === 0 || cells.every((c) => c.text === '')) break;
    rows.push(cells.map((c) => c.text));
  }
  return rows;
}

/** "-12.30" → -1230 without floating point. */
function fen(text: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(text);
  if (!m) throw new Error(`not money: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}

let shell: ShellInfo | undefined;
let seed: SupervisorSeed;

test.beforeEach(async () => {
  shell = undefined;
  const s = seeded();
  seed = s.seed;
  // An installed counter: first-run setup done (the setup screen has its own spec).
  shell = await startShell({
    dataDir: s.dir,
    config: { setup: { completedAt: new Date().toISOString(), completedBy: '9001' } },
  });
});

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await finishShell(shell, testInfo);
});

test('a supervisor closes a shift with a cash difference, reads the Z report and exports it', async ({ page }) => {
  if (!shell) throw new Error('no shell');
  await page.goto(shell.openUrl);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-screen', 'sign-in');

  // The cashier signs in; the shift (seeded) is open.
  await tid(page, 'signin-operator').fill('1001');
  await tid(page, 'signin-pin').fill('1234');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-screen', 'counter');

  // One more sale at the counter, by barcode through the sandbox gateway.
  await tid(page, 'amount-input').fill('30');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'collect');
  await wedgeScan(page, '130000000000000777');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'paid');
  const net = seed.netFen + 3000;

  // F11: the supervisor screen asks for a supervisor's PIN on the cashier's screen.
  await page.keyboard.press('F11');
  await expect(tid(page, 'supervisor-screen')).toBeVisible();
  await expect(tid(page, 'sup-gate')).toHaveAttribute('data-state', 'pin');
  await tid(page, 'sup-auth-no').fill('1001');
  await tid(page, 'sup-auth-pin').fill('1234');
  await tid(page, 'sup-auth-submit').click();
  await expect(tid(page, 'sup-notice')).toHaveAttribute('data-code', 'supervisor-required');
  await tid(page, 'sup-auth-no').fill('9001');
  await tid(page, 'sup-auth-pin').fill('9999');
  await screenshot(page, 'supervisor-01-gate');
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-who')).toHaveAttribute('data-via', 'pin');
  await expect(tid(page, 'sup-who')).toHaveAttribute('data-operator-no', '9001');

  // X report: chart first, then the figures.
  await expect(tid(page, 'report-view')).toHaveAttribute('data-kind', 'x');
  await expect(tid(page, 'report-figure-net')).toHaveAttribute('data-value', String(net));
  await expect(tid(page, 'report-figure-expectedCash')).toHaveAttribute('data-value', String(seed.expectedCashFen));
  await expect(tid(page, 'report-chart-hours').locator('svg rect').first()).toBeVisible();
  await expect(tid(page, 'report-chart-tenders').locator('g[data-tender="barcode"]')).toHaveCount(1);
  const cashRow = (row: string) =>
    page.locator(`[data-testid="report-section-cash"] tr[data-row="${row}"] td[data-col="amount"]`);
  await expect(cashRow('change')).toHaveAttribute('data-value', String(-8000));
  await expect(cashRow('refund')).toHaveAttribute('data-value', String(-6000));
  await screenshot(page, 'supervisor-02-x-report');

  // 交班: count the drawer by denomination, ¥0.10 short.
  await tid(page, 'sup-tab-close').click();
  await expect(tid(page, 'close-expected')).toHaveAttribute('data-fen', String(seed.expectedCashFen));
  const target = seed.expectedCashFen - 10; // 56,900 − 10 = 56,890 fen
  const counts: Record<string, number> = { '10000': 5, '5000': 1, '1000': 1, '500': 1, '100': 3, '50': 1, '10': 4 };
  const countedFen = Object.entries(counts).reduce((s, [d, n]) => s + Number(d) * n, 0);
  expect(countedFen).toBe(target);
  for (const [d, n] of Object.entries(counts)) await tid(page, `count-${d}`).fill(String(n));
  await expect(tid(page, 'close-counted')).toHaveAttribute('data-fen', String(target));
  await expect(tid(page, 'close-difference')).toHaveAttribute('data-fen', '-10');
  await tid(page, 'close-note').fill('找零多给了一角');
  await screenshot(page, 'supervisor-03-close-count');
  await tid(page, 'close-submit').click();
  await expect(tid(page, 'close-confirm')).toBeVisible();
  await tid(page, 'close-confirm-yes').click();

  // The Z report.
  await expect(tid(page, 'z-report')).toBeVisible();
  await expect(tid(page, 'report-view')).toHaveAttribute('data-kind', 'z');
  await expect(tid(page, 'report-figure-difference')).toHaveAttribute('data-value', '-10');
  await expect(tid(page, 'report-figure-countedCash')).toHaveAttribute('data-value', String(target));
  await expect(tid(page, 'report-figure-net')).toHaveAttribute('data-value', String(net));
  await expect(
    page.locator('[data-testid="report-section-count"] tr[data-row="10"] td[data-col="pieces"]'),
  ).toHaveAttribute('data-value', '4');
  await expect(
    page.locator('[data-testid="report-section-refundsVoids"] tr[data-row="voids"] td[data-col="count"]'),
  ).toHaveAttribute('data-value', '1');
  await expect(tid(page, 'report-warnings')).toContainText('现金差额');
  await screenshot(page, 'supervisor-04-z-report');
  await page.locator('[data-testid="report-section-tenders"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'supervisor-05-z-report-tables');

  // Export to Excel: the workbook read back has the screen's numbers, cell by cell.
  const onScreen = await screenSections(page);
  expect(onScreen.length).toBeGreaterThan(8);
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-xlsx').click()]);
  expect(xlsxDownload.suggestedFilename()).toMatch(/^counterpay-z-T01-shift\d+-\d{8}-\d{4}\.xlsx$/);
  const xlsxPath = path.join(shell.dataDir, 'downloaded.xlsx');
  await xlsxDownload.saveAs(xlsxPath);
  const sheet = readFirstSheet(fs.readFileSync(xlsxPath));
  let compared = 0;
  for (const s of onScreen) {
    const rows = sheetRowsAfter(sheet, s.title);
    expect(rows.length, s.title).toBe(s.rows.length);
    s.rows.forEach((cells, r) =>
      cells.forEach((c, i) => {
        const got = rows[r]![i] ?? '';
        if (c.type === 'money') {
          expect(fen(got), `${s.title} row ${r} col ${i}`).toBe(Number(c.value));
          compared++;
        } else if (c.type === 'count') {
          expect(Number(got)).toBe(Number(c.value));
          compared++;
        } else expect(got).toBe(c.value);
      }),
    );
  }
  expect(compared).toBeGreaterThan(60);
  await expect(tid(page, 'sup-notice')).toHaveAttribute('data-tone', 'ok');

  // CSV for Excel: UTF-8 with a BOM.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), tid(page, 'export-csv').click()]);
  const csvPath = path.join(shell.dataDir, 'downloaded.csv');
  await csvDownload.saveAs(csvPath);
  const csv = fs.readFileSync(csvPath);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(csv.toString('utf8')).toContain('差额（实点 − 应有）,-0.10');

  // The A4 print view (what the browser prints or saves as PDF).
  await tid(page, 'print-a4').click();
  await expect(tid(page, 'print-preview')).toHaveAttribute('data-paper', 'a4');
  const previewText = await tid(page, 'print-preview').evaluate((el) => el.shadowRoot?.textContent ?? '');
  expect(previewText).toContain('Z 报表');
  expect(previewText).toContain('-¥0.10');
  await screenshot(page, 'supervisor-06-print-a4');
  await tid(page, 'print-back').click();
  await tid(page, 'print-80').click();
  await expect(tid(page, 'print-preview')).toHaveAttribute('data-paper', '80mm');
  await screenshot(page, 'supervisor-06b-print-80mm');
  await tid(page, 'print-back').click();

  // History: the closed shift, with its Z report as issued.
  await tid(page, 'sup-tab-history').click();
  const row = page.locator(`[data-testid="history-row"][data-shift-id="${seed.shiftId}"]`);
  await expect(row).toHaveAttribute('data-status', 'closed');
  await expect(row.locator('td').nth(4)).toHaveAttribute('data-value', '-10');
  await screenshot(page, 'supervisor-07-history');
  await row.getByTestId('history-view').click();
  await expect(tid(page, 'report-view')).toHaveAttribute('data-kind', 'z');
  await expect(tid(page, 'report-figure-difference')).toHaveAttribute('data-value', '-10');

  // Leaving the supervisor screen: the counter asks for a new shift.
  await page.keyboard.press('Escape');
  await expect(tid(page, 'supervisor-screen')).toHaveCount(0);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-screen', 'open-shift');
  await screenshot(page, 'supervisor-08-after-close');

  // Every authorisation is in the audit log: the supervisor's PIN on the cashier's screen.
  const db = new Database(path.join(shell.dataDir, 'counterpay.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("SELECT operator_no, authorised_by, subject FROM audit_log WHERE action = 'supervisor.authorise'")
      .all() as {
      operator_no: string;
      authorised_by: string;
      subject: string;
    }[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => r.operator_no === '1001' && r.authorised_by === '9001')).toBe(true);
    expect(rows.map((r) => r.subject)).toContain('command:shift.close');
    const z = db.prepare('SELECT created_by FROM z_reports WHERE shift_id = ?').get(seed.shiftId) as
      { created_by: string } | undefined;
    expect(z?.created_by).toBe('9001');
  } finally {
    db.close();
  }
});
