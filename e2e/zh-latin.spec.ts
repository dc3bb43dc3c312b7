import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screenshot, startShell, test, type ShellInfo } from './fixtures.js';
import { CASHIER, scannerBurst, seededDataDir, SUPERVISOR } from './support/counter.js';

/**
 * Issue 11 item 26: a zh-CN screen shows no Latin-script words except an allow-list — brand and
 * product names, key names, units and file formats, and codes the cashier has to read (bill
 * numbers, terminal numbers, device ids, paths and URLs). Walks sign-in, the counter, a declined
 * payment, every supervisor tab, 首次设置 and the scanner settings, and scans the visible text.
 */

const ALLOWED_WORDS = new Set(
  [
    // brands, products, standards
    'Counterpay',
    'KouDaiLQ',
    'WeChat',
    'Alipay',
    'UnionPay',
    'Honeywell',
    'Zebra',
    'Newland',
    'Datalogic',
    'Symbol',
    'Excel',
    'Windows',
    'Linux',
    'macOS',
    'Electron',
    'Chromium',
    'USB',
    'HID',
    'HID-POS',
    'POS',
    'VID',
    'PID',
    'Code',
    'QR',
    'EAN',
    'UPC',
    'CSV',
    'XLSX',
    'PDF',
    'HTML',
    'UTF-8',
    'GBK',
    // the Xiaobao signature's encoding, named as its papers name it
    'Base64',
    'A4',
    'SKU',
    'ID',
    'URL',
    'HTTP',
    'HTTPS',
    'IP',
    'PIN',
    'OK',
    'Linux',
    'udev',
    'AppImage',
    'deb',
    // the gateway's header name, typed as the gateway documents it
    'Authorization',
    // the language switch names its language
    'English',
    // keys
    'Enter',
    'Esc',
    'Alt',
    'Ctrl',
    'Shift',
    'Tab',
    'Space',
    'Backspace',
    'Delete',
    'Home',
    'End',
    'PageUp',
    'PageDown',
    // units, report names
    'mm',
    'ms',
    'MB',
    'KB',
    'X',
    'Z',
  ].map((w) => w.toLowerCase()),
);

/** Latin-script tokens of a text that are not allowed on a zh-CN screen. */
function latinProblems(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.match(/[A-Za-z0-9_.:/\\@#+-]*[A-Za-z][A-Za-z0-9_.:/\\@#+-]*/g) ?? []) {
    if (/^https?:\/\//i.test(raw) || raw.includes('/') || /^[A-Z]:\\/.test(raw)) continue; // URLs, paths, device paths
    const t = raw.replace(/^[.:-]+|[.:-]+$/g, '');
    if (t === '') continue;
    if (ALLOWED_WORDS.has(t.toLowerCase())) continue;
    if (/^F([1-9]|1[0-2])$/.test(t)) continue; // function keys
    if (/^(Alt|Ctrl|Shift)\+/.test(t)) continue; // key chords
    if (/^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(t) && /\d/.test(t)) continue; // bill / terminal numbers, codes with digits
    if (/^(0x)?[0-9a-f]+(:[0-9a-f]+)*$/i.test(t) && /\d/.test(t)) continue; // hex ids (1eab:0f10, 0x8C)
    if (/^\d+(\.\d+)*[A-Za-z]{1,3}$/.test(t)) continue; // 58mm, 1.2s
    out.push(t);
  }
  return out;
}

async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      document: {
        body: { innerText: string };
        querySelectorAll: (s: string) => ArrayLike<{ getAttribute(n: string): string | null; offsetParent: unknown }>;
      };
    };
    const placeholders = Array.from(g.document.querySelectorAll('input[placeholder], textarea[placeholder]'))
      .filter((el) => el.offsetParent !== null)
      .map((el) => el.getAttribute('placeholder') ?? '');
    // Text shown verbatim on purpose (device names as the device reports them, shell commands,
    // the udev file, the developer-only simulator) is marked data-verbatim and left out: hidden
    // for the reading, then shown again.
    const verbatim = Array.from(g.document.querySelectorAll('[data-verbatim]')) as unknown as {
      style: { display: string };
    }[];
    const before = verbatim.map((el) => el.style.display);
    verbatim.forEach((el) => (el.style.display = 'none'));
    const text = g.document.body.innerText;
    verbatim.forEach((el, i) => (el.style.display = before[i] ?? ''));
    return [text, ...placeholders].join('\n');
  });
}

const found = new Map<string, Set<string>>();
async function check(page: Page, where: string): Promise<void> {
  const words = latinProblems(await visibleText(page));
  if (words.length) found.set(where, new Set(words));
}

let shells: ShellInfo[] = [];
test.afterEach(async ({}, testInfo) => {
  for (const s of shells) {
    await s.stop();
    if (testInfo.status === testInfo.expectedStatus) fs.rmSync(s.dataDir, { recursive: true, force: true });
    else testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(s.output()) });
  }
  shells = [];
});

const tid = (page: Page, id: string) => page.getByTestId(id);

test('the allow-list rule catches raw codes and keeps what the cashier must read', () => {
  expect(latinProblems('无法处理此条码（invalid-input）')).toEqual(['invalid-input']);
  expect(latinProblems('阈值 wedge.maxGapMs 超出范围；browser-wedge')).toEqual(['wedge.maxGapMs', 'browser-wedge']);
  expect(latinProblems('网关提示：NOTENOUGH: 用户余额不足')).toEqual(['NOTENOUGH']);
  expect(
    latinProblems(
      '单号 T01-261204-231313-4973 · 终端 T01 · 1eab:0f10 · 0x8C · F11 主管 · Enter · 58 mm · Counterpay 收银台 · http://127.0.0.1:4780/',
    ),
  ).toEqual([]);
});

test('zh-CN screens show no Latin-script words outside the allow-list', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1024, height: 768 });

  // 首次设置 on a fresh data folder.
  const fresh = await startShell({ config: { setup: { completedAt: null, completedBy: null } } });
  shells.push(fresh);
  await page.goto(fresh.openUrl);
  await expect(tid(page, 'setup-screen')).toHaveAttribute('data-phase', 'form');
  await check(page, 'setup');
  await screenshot(page, 'zh-latin-01-setup');
  await tid(page, 'setup-sec-receipt').scrollIntoViewIfNeeded();
  await screenshot(page, 'zh-latin-01b-setup-receipt');

  // A set-up counter with a simulated scanner.
  const shell = await startShell({
    dataDir: seededDataDir(),
    env: { COUNTERPAY_SCANNER: 'simulated' },
    config: { setup: { completedAt: new Date().toISOString(), completedBy: SUPERVISOR.operatorNo } },
  });
  shells.push(shell);
  await page.goto(shell.openUrl);
  const root = tid(page, 'app-root');
  await expect(root).toHaveAttribute('data-screen', 'sign-in');
  await check(page, 'sign-in');
  await tid(page, 'signin-operator').fill(CASHIER.operatorNo);
  await tid(page, 'signin-pin').fill(CASHIER.pin);
  await tid(page, 'signin-pin').press('Enter');
  await expect(root).toHaveAttribute('data-screen', 'open-shift');
  await check(page, 'open-shift');
  await tid(page, 'shift-float').fill('100');
  await tid(page, 'shift-float').press('Enter');
  await expect(root).toHaveAttribute('data-screen', 'counter');
  await check(page, 'counter');

  // A declined payment (balance too low: NOTENOUGH from the sandbox).
  await tid(page, 'amount-input').fill('12');
  await page.keyboard.press('Enter');
  await expect(root).toHaveAttribute('data-phase', 'collect');
  await scannerBurst(page, '132000000000000801');
  await expect(tid(page, 'payment-view')).toHaveAttribute('data-state', 'declined');
  await check(page, 'payment declined');
  await screenshot(page, 'zh-latin-02-declined');

  // The scanner settings.
  await tid(page, 'link-scanner').click();
  await expect(tid(page, 'scanner-screen')).toBeVisible();
  await expect(tid(page, 'scanner-device')).toHaveCount(2);
  await check(page, 'scanner settings');
  await screenshot(page, 'zh-latin-03-scanner');
  await page.keyboard.press('Escape');
  await expect(tid(page, 'scanner-screen')).toHaveCount(0);

  // Every supervisor tab.
  await page.keyboard.press('F11');
  await tid(page, 'sup-auth-no').fill(SUPERVISOR.operatorNo);
  await tid(page, 'sup-auth-pin').fill(SUPERVISOR.pin);
  await page.keyboard.press('Enter');
  await expect(tid(page, 'sup-who')).toHaveAttribute('data-operator-no', SUPERVISOR.operatorNo);
  for (const tab of ['x', 'close', 'history', 'exceptions', 'bills', 'cash', 'import']) {
    await tid(page, `sup-tab-${tab}`).click();
    await expect(tid(page, 'supervisor-screen')).toHaveAttribute('data-tab', tab);
    await expect(tid(page, 'sup-loading')).toHaveCount(0);
    await check(page, `supervisor ${tab}`);
  }

  const report = [...found].map(([where, words]) => `${where}: ${[...words].join(', ')}`);
  expect(report).toEqual([]);
});
