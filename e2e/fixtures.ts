import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One browser shell per test: the built core (`dist/browser/main.js`) in a child process with
 * its own data folder and free ports, started exactly as `npm start` starts it. Tests wait on
 * the shell's ready line and on the app's own signals (data-* attributes), never on sleeps.
 */
export interface ShellInfo {
  url: string;
  openUrl: string;
  sandboxUrl: string | null;
  dataDir: string;
  /** Everything the process printed (for failure messages). */
  output(): string;
  /** Stop the process (SIGTERM, or SIGKILL to simulate a crash) and wait for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** config.json written into the data folder before start. */
  config?: Record<string, unknown>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

export async function startShell(opts: StartOptions = {}): Promise<ShellInfo> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'counterpay-e2e-'));
  if (opts.config) fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify(opts.config, null, 2));
  const entry = path.join(ROOT, 'dist', 'browser', 'main.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      COUNTERPAY_DATA_DIR: dataDir,
      COUNTERPAY_PORT: '0',
      COUNTERPAY_GATEWAY_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ url: string; openUrl: string; sandboxUrl: string | null }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^COUNTERPAY_READY (.+)$/m.exec(out);
      if (m?.[1]) resolve(JSON.parse(m[1]) as { url: string; openUrl: string; sandboxUrl: string | null });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`browser shell exited (${code}) before it was ready:\n${out}`)));
  });
  const info = await ready;
  return {
    ...info,
    dataDir,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      // A shell that does not stop within 10 s is killed (and the test's output says so).
      const timer = setTimeout(() => {
        out += '\n[e2e] the shell did not exit within 10 s of ' + signal + '; killed\n';
        child.kill('SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Drive the embedded sandbox gateway's control endpoint (scenario for the next payments, etc.). */
export async function sandboxControl(shell: ShellInfo, route: string, body?: unknown): Promise<unknown> {
  if (!shell.sandboxUrl) throw new Error('no sandbox gateway in this shell');
  const res = await fetch(new URL(`__control/${route}`, shell.sandboxUrl), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`sandbox ${route}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** Type like a keyboard-wedge scanner: characters a few ms apart, then Enter. */
export async function wedgeScan(page: Page, text: string, delayMs = 5): Promise<void> {
  await page.keyboard.type(text, { delay: delayMs });
  await page.keyboard.press('Enter');
}

/** Type like a person (well above the scanner's inter-key gap). */
export async function humanType(page: Page, text: string, delayMs = 120): Promise<void> {
  await page.keyboard.type(text, { delay: delayMs });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/**
 * Stop a shell after a test: its data folder is removed when the test went as expected, and its
 * output is attached to the report when it did not (the folder stays for a look).
 */
export async function finishShell(shell: ShellInfo, testInfo: TestInfo): Promise<void> {
  await shell.stop();
  if (testInfo.status === testInfo.expectedStatus) fs.rmSync(shell.dataDir, { recursive: true, force: true });
  else
    testInfo.attachments.push({ name: 'shell-output', contentType: 'text/plain', body: Buffer.from(shell.output()) });
}

export const test = base.extend<{ shell: ShellInfo }>({
  shell: async ({}, use, testInfo) => {
    const shell = await startShell();
    await use(shell);
    await finishShell(shell, testInfo);
  },
});

export { expect };
