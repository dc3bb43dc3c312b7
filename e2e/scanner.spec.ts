import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import {
  expect,
  finishShell,
  humanType,
  sandboxControl,
  screenshot,
  SCREENSHOT_DIR,
  startShell,
  test,
  wedgeScan,
  type ShellInfo,
} from './fixtures.js';

/**
 * Scanners in the browser shell (issue 4):
 *  - the page's keyboard wedge: a payment code typed at scanner speed pays the bill while the
 *    caret sits in the amount field, and none of its digits land there; a number typed at a
 *    person's speed stays typed;
 *  - the scanner settings screen with the simulated HID backend (COUNTERPAY_SCANNER=simulated):
 *    devices listed, raw reports and decoded scans in the live view (HID and page wedge), pairing
 *    by the shown Code 128 barcode, thresholds checked with the field and limit named, hot-plug
 *    in the status bar.
 * Screenshots: test-results/screenshots/scanner-*.png.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Operators and two catalog items in a fresh data folder, written before the shell starts. */
/** An installed counter: first-run setup done (the setup screen has its own spec). */
const SET_UP = { setup: { completedAt: new Date().toISOString(), completedBy: '9001' } };

function seededDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpay-e2e-scanner-'));
  const script = `
    import path from 'node:path';
    import { openStore } from './main/store/db.ts';
    import { createOperatorService } from './main/store/operators.ts';
    import { createCatalog } from './main/catalog/catalog.ts';
    const store = openStore({ file: path.join(${JSON.stringify(dir)}, 'counterpay.db'), now: Date.now });
    const operators = createOperatorService({ store, now: Date.now, scrypt: { N: 1024, r: 8, p: 1, keyLength: 32 } });
    await operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
    await operators.add({ operatorNo: '9001', name: '李主管', role: 'supervisor', pin: '9999' });
    const catalog = createCatalog({ store, now: Date.now });
    catalog.upsert({ code: '6901234567892', name: '成人票', priceFen: 8000, businessType: 1, quickKey: 1 });
    catalog.upsert({ code: '6901234567809', name: '儿童票', priceFen: 4000, businessType: 1, quickKey: 2 });
    store.close();
  `;
  const file = path.join(ROOT, `.e2e-seed-${process.pid}-${Date.now()}.mts`);
  fs.writeFileSync(file, script);
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [file], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    fs.rmSync(file, { force: true });
  }
  return dir;
}

const tid = (page: Page, id: string) => page.getByTestId(id);

/** A screenshot of one part of the screen (the settings screen scrolls). */
async function shoot(locator: ReturnType<Page['getByTestId']>, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

async function signIn(page: Page, shell: ShellInfo, operatorNo: string, pin: string): Promise<void> {
  await page.goto(shell.openUrl);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-screen', 'sign-in');
  await tid(page, 'signin-operator').fill(operatorNo);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'signin-pin')).toBeFocused();
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-screen', 'open-shift');
}

let shell: ShellInfo | undefined;

test.afterEach(async ({}, testInfo) => {
  if (!shell) return;
  await finishShell(shell, testInfo);
  shell = undefined;
});

test('a scanner-speed payment code pays while the caret is in the amount field; slow typing stays typed', async ({
  page,
}) => {
  shell = await startShell({ dataDir: seededDataDir(), env: { COUNTERPAY_SCANNER: 'off' }, config: SET_UP });
  await signIn(page, shell, '1001', '1234');
  await page.keyboard.type('0');
  await page.keyboard.press('Enter');
  await tid(page, 'shift-zero-yes').click(); // a ¥0 float is confirmed explicitly
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');
  // No HID here: the status bar says keyboard mode.
  await expect(tid(page, 'link-scanner')).toHaveAttribute('data-status', 'keyboard-wedge');
  await expect(tid(page, 'link-scanner')).toHaveAttribute('data-hid', 'unavailable');

  // A ticket from a quick key: the bill is being built, the caret is in the entry field.
  await page.keyboard.press('Alt+1');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'building');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '8000');
  const entry = tid(page, 'amount-input');
  await entry.click();
  await expect(entry).toBeFocused();

  // Record every value the field ever holds from here on.
  await page.evaluate(() => {
    const w = window as unknown as { __entryValues: string[] };
    w.__entryValues = [];
    document.addEventListener(
      'input',
      (e) => {
        const el = e.target as HTMLInputElement;
        if (el.dataset['testid'] === 'amount-input') w.__entryValues.push(el.value);
      },
      true,
    );
  });

  // A person types a number: every key lands, in order.
  await humanType(page, '25');
  await expect(entry).toHaveValue('25');
  await expect(entry).toBeFocused();
  await screenshot(page, 'scanner-01-slow-typing-stays');

  // The customer's WeChat code at scanner speed (5 ms a key, then Enter), caret still in the field.
  await wedgeScan(page, '130000000000000003');
  await expect(tid(page, 'payment-view')).toHaveAttribute('data-state', 'paid');
  await screenshot(page, 'scanner-02-paid-by-wedge-scan');
  const values = await page.evaluate(() => (window as unknown as { __entryValues: string[] }).__entryValues);
  expect(values).toEqual(['2', '25']);
  // The OK beep was played for the scan.
  await expect(page.locator('html')).toHaveAttribute('data-beep', 'ok');

  const ledger = (await sandboxControl(shell, 'ledger')) as { totals: { charged: number; doubleCharged: string[] } };
  expect(ledger.totals.charged).toBe(1);
  expect(ledger.totals.doubleCharged).toEqual([]);

  // An unrecognised scan: the error beep and a message; nothing typed.
  await page.keyboard.press('Enter');
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');
  await wedgeScan(page, 'XYZ-NOT-A-CODE');
  await expect(page.locator('html')).toHaveAttribute('data-beep', 'error');
  await expect(tid(page, 'notice')).toHaveAttribute('data-tone', 'warn');
  await expect(entry).toHaveValue('');
});

test('scanner settings with a simulated scanner: devices, live view, pairing, thresholds, hot-plug', async ({
  page,
}) => {
  shell = await startShell({ dataDir: seededDataDir(), env: { COUNTERPAY_SCANNER: 'simulated' }, config: SET_UP });
  await signIn(page, shell, '9001', '9999');

  // The status bar names the connected HID scanner(s).
  const slot = tid(page, 'link-scanner');
  await expect(slot).toHaveAttribute('data-status', 'hid');
  await expect(slot).toHaveAttribute('data-connected', '2');
  await expect(slot).toContainText('Honeywell');
  await slot.click();
  const screen = tid(page, 'scanner-screen');
  await expect(screen).toBeVisible();
  await expect(slot).toHaveAttribute('data-testing', 'yes');

  // Devices: both simulated HID-POS scanners (usage page 0x8C) are connected.
  await expect(tid(page, 'scanner-hid-status')).toHaveAttribute('data-backend', 'simulated');
  const rows = tid(page, 'scanner-device');
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-testid=scanner-device][data-state=connected]')).toHaveCount(2);
  await expect(tid(page, 'scanner-devices')).toContainText('0x8C');
  await expect(tid(page, 'scanner-devices')).toContainText('1eab:0f10');

  // A simulated scan from the developer menu goes through the real HID path into the live view.
  await tid(page, 'sim-device').selectOption('sim://honeywell-pos');
  await page.locator('[data-testid=sim-sample][data-text="6901234567892"]').click();
  await tid(page, 'sim-scan').click();
  const hidScan = page.locator('[data-testid=live-item][data-type=scan][data-source=hid-pos]');
  await expect(hidScan).toHaveAttribute('data-text', '6901234567892');
  await expect(hidScan).toHaveAttribute('data-kind', 'ean13');
  await expect(page.locator('[data-testid=live-item][data-type=report]').first()).toBeVisible();

  // A keyboard-mode scan in the page shows too — and, in test mode, it is not charged.
  await wedgeScan(page, '134567890123456789');
  const wedge = page.locator('[data-testid=live-item][data-type=scan][data-source=keyboard-wedge]');
  await expect(wedge).toHaveAttribute('data-kind', 'wechat');
  await expect(wedge).toHaveAttribute('data-text', '134567890123456789');
  const stats = (await sandboxControl(shell, 'stats')) as { barCodeRequests: number };
  expect(stats.barCodeRequests).toBe(0);
  await screenshot(page, 'scanner-03-settings-live-view');

  // Pairing: the code is shown as a Code 128 barcode; the Newland scanner reads it.
  await tid(page, 'pair-start').click();
  const barcode = tid(page, 'pair-barcode');
  await expect(barcode).toBeVisible();
  const code = await barcode.getAttribute('data-code');
  expect(code).toMatch(/^CPPAIR-[A-Z2-9]{8}$/);
  // Background + 3 bars per 11-module symbol + 4 bars of the 13-module stop pattern.
  const modules = Number(await barcode.getAttribute('data-modules'));
  expect((modules - 13) % 11).toBe(0);
  await expect(barcode.locator('rect')).toHaveCount(1 + 3 * ((modules - 13) / 11) + 4);
  await screenshot(page, 'scanner-04-pairing');
  await shoot(barcode, 'scanner-04-pairing-barcode');
  await tid(page, 'sim-device').selectOption('sim://newland-pos');
  await tid(page, 'sim-text').fill(code!);
  await tid(page, 'sim-scan').click();
  await expect(tid(page, 'pair-state')).toHaveAttribute('data-state', 'paired');
  await shoot(page.locator('section', { has: tid(page, 'pair-state') }), 'scanner-04b-paired');
  await expect(page.locator('[data-testid=scanner-device][data-device-id="1eab:0f10:SIM-NL-0001"]')).toHaveAttribute(
    'data-paired',
    'yes',
  );

  // Thresholds: a clear error naming the field and its limit; nothing saved until it is right.
  const maxGap = tid(page, 'scanner-field-wedge.maxGapMs');
  await maxGap.fill('500');
  const err = page.locator('[data-testid=scanner-field-error][data-field="wedge.maxGapMs"]');
  await expect(err).toContainText('wedge.maxGapMs');
  await expect(err).toContainText('200');
  await expect(tid(page, 'scanner-save')).toBeDisabled();
  await maxGap.fill('90');
  await expect(page.locator('[data-testid=scanner-field-error][data-field="wedge.endGapMs"]')).toContainText(
    'wedge.maxGapMs',
  );
  await shoot(tid(page, 'wedge-form'), 'scanner-05-threshold-error');
  await maxGap.fill('40');
  await tid(page, 'scanner-field-wedge.endGapMs').fill('100');
  await expect(tid(page, 'scanner-save')).toBeEnabled();
  await tid(page, 'scanner-save').click();
  await expect(tid(page, 'scanner-saved')).toBeVisible();

  // The udev rule and its install command are on the screen.
  await expect(tid(page, 'udev-command')).toContainText('udevadm control --reload-rules');
  await expect(tid(page, 'udev-rules')).toContainText('SUBSYSTEM=="hidraw"');

  // Hot-plug: unplug the Honeywell scanner; the list and the status bar follow.
  await tid(page, 'sim-device').selectOption('sim://honeywell-pos');
  await tid(page, 'sim-unplug').click();
  await expect(slot).toHaveAttribute('data-connected', '1');
  await expect(page.locator('[data-testid=scanner-device][data-state=connected]')).toHaveCount(1);
  await screenshot(page, 'scanner-06-unplugged');

  // Esc goes back; test mode ends.
  await page.keyboard.press('Escape');
  await expect(screen).toHaveCount(0);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-screen', 'open-shift');
  await expect(slot).toHaveAttribute('data-testing', 'no');
  await expect(slot).toContainText('Newland');
});
