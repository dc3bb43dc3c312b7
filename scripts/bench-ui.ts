#!/usr/bin/env tsx
/**
 * `npm run bench:ui` — the cashier screen as a cashier feels it, in the browser shell and
 * Debian's Chromium. Prints ONE JSON document on stdout (progress on stderr):
 *   - cold start: process spawn → core ready → page interactive (hydrated sign-in screen),
 *     with a fresh data folder; Chromium is already running (in Electron the window opens
 *     with the app), so its own launch is reported apart;
 *   - renderer bundle size, gzipped (every JS and CSS file the page loads);
 *   - scan → screen: from a scan reaching the core (`scan.submit`) to the bill total changing
 *     in the DOM, p50/p99 over N scans;
 *   - memory after N sales in one session: the core's resident set (VmRSS of the shell
 *     process) and the renderer's JS heap after a forced GC.
 * Options: --sales 1000 --scans 200
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { seededDataDir, startCounterShell } from '../e2e/support/counter.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SALES = arg('sales', 1000);
const SCANS = arg('scans', 200);
const log = (m: string) => process.stderr.write(`bench:ui ${m}\n`);

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN).toFixed(2));
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Number((kb / 1024).toFixed(1));
}

function bundleGzipKb(): { files: number; rawKb: number; gzipKb: number } {
  const dir = path.join(ROOT, 'dist', 'renderer');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|css|html)$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const buf = fs.readFileSync(f);
    raw += buf.length;
    gz += zlib.gzipSync(buf, { level: 9 }).length;
  }
  return { files: files.length, rawKb: Number((raw / 1024).toFixed(1)), gzipKb: Number((gz / 1024).toFixed(1)) };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'browser', 'main.js'))) {
    log('building first');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  const browserStarted = performance.now();
  const browser = await chromium.launch({
    executablePath: process.env.COUNTERPAY_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const browserLaunchMs = performance.now() - browserStarted;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();

  // An installed counter: operators and a small catalog seeded beforehand, setup done.
  const dataDir = seededDataDir();
  log('cold start');
  const spawned = performance.now();
  const shell = await startCounterShell({ dataDir, env: { COUNTERPAY_SCANNER: 'off' } });
  const coreReadyMs = performance.now() - spawned;
  await page.goto(shell.openUrl);
  await page.getByTestId('app-root').and(page.locator('[data-hydrated="yes"]')).waitFor();
  await page.getByTestId('signin-operator').waitFor({ state: 'visible' });
  const interactiveMs = performance.now() - spawned;
  const pid = Number(
    execFileSync('sh', ['-c', `pgrep -f "${path.join(ROOT, 'dist', 'browser', 'main.js')}" | head -1`], {
      encoding: 'utf8',
    }).trim(),
  );

  // Sign in and open the shift through the screen, like a cashier.
  await page.getByTestId('signin-operator').fill('1001');
  await page.keyboard.press('Enter');
  await page.getByTestId('signin-pin').fill('1234');
  await page.keyboard.press('Enter');
  await page.locator('[data-screen="open-shift"]').waitFor();
  await page.keyboard.type('200');
  await page.keyboard.press('Enter');
  await page.locator('[data-screen="counter"]').waitFor();

  log(`scan → screen x${SCANS}`);
  const scanMs: number[] = await page.evaluate(async (n) => {
    const api = (
      window as unknown as {
        counterpay: { invoke(c: string, i: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> };
      }
    ).counterpay;
    const out: number[] = [];
    const started = await api.invoke('bill.new', { kind: 'sale' });
    if (!started.ok) throw new Error(`bill.new: ${JSON.stringify(started.error)}`);
    for (let i = 0; i < n; i++) {
      const before = document.querySelector('[data-testid="bill-total"]')?.getAttribute('data-fen') ?? null;
      const t0 = performance.now();
      const changed = new Promise<number>((resolve) => {
        const obs = new MutationObserver(() => {
          const now = document.querySelector('[data-testid="bill-total"]')?.getAttribute('data-fen') ?? null;
          if (now !== before) {
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        });
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-fen'] });
      });
      const r = await api.invoke('scan.submit', { text: '6901234567892', source: 'keyboard-wedge' });
      if (!r.ok) throw new Error(`scan.submit: ${JSON.stringify(r.error)}`);
      out.push(await changed);
    }
    const bill = (await api.invoke('counter.state', {})) as {
      ok: boolean;
      value?: { bill?: { id: number; totalFen: number } };
    };
    if (bill.ok && bill.value?.bill)
      await api.invoke('payment.cash', { billId: bill.value.bill.id, tenderedFen: bill.value.bill.totalFen });
    return out;
  }, SCANS);

  log(`${SALES} cash sales in one session`);
  const salesStarted = performance.now();
  await page.evaluate(async (n) => {
    const api = (
      window as unknown as {
        counterpay: {
          invoke(c: string, i: unknown): Promise<{ ok: boolean; value?: { id: number }; error?: unknown }>;
        };
      }
    ).counterpay;
    for (let i = 0; i < n; i++) {
      const b = await api.invoke('bill.new', { kind: 'sale' });
      if (!b.ok || !b.value) throw new Error(`bill.new: ${JSON.stringify(b.error)}`);
      const f = await api.invoke('bill.addFree', { billId: b.value.id, amountFen: 100 + (i % 5000) });
      if (!f.ok) throw new Error(`bill.addFree: ${JSON.stringify(f.error)}`);
      const c = await api.invoke('payment.cash', { billId: b.value.id, tenderedFen: 10_000 });
      if (!c.ok) throw new Error(`payment.cash: ${JSON.stringify(c.error)}`);
    }
  }, SALES);
  const salesMs = performance.now() - salesStarted;

  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  const coreRss = rssMb(pid);

  await browser.close();
  await shell.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const bundle = bundleGzipKb();
  const result = {
    benchmark: 'ui',
    machine: { cpus: os.cpus().length, node: process.version },
    coldStart: {
      coreReadyMs: Math.round(coreReadyMs),
      interactiveMs: Math.round(interactiveMs),
      target: '≤ 1500 ms (spawn → interactive sign-in screen)',
      chromiumLaunchMs: Math.round(browserLaunchMs),
      dataSize: 'fresh data folder, 2 operators, 5 catalog items',
    },
    bundle: { ...bundle, unit: 'KiB', target: 'gzip ≤ 300 KB' },
    scanToScreen: {
      p50Ms: pct(scanMs, 50),
      p99Ms: pct(scanMs, 99),
      maxMs: pct(scanMs, 100),
      scans: scanMs.length,
      target: 'p99 ≤ 50 ms',
    },
    memoryAfterSales: {
      sales: SALES,
      salesWallMs: Math.round(salesMs),
      coreRssMb: coreRss,
      coreTarget: '≤ 150 MB',
      rendererHeapMb: Number((heap.usedSize / 1024 / 1024).toFixed(1)),
      rendererTarget: '≤ 60 MB',
    },
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(`bench:ui failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
