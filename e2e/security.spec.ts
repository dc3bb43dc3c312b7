import { _electron } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { expect, sandboxControl, test, type ShellInfo } from './fixtures.js';
import { CASHIER, signIn, startCounterShell } from './support/counter.js';
import { electronBinary } from './support/electron.js';

/**
 * The browser shell as an attacker would see it: the core is reachable only from this machine
 * (127.0.0.1), only with the per-run token, and only from the app's own origin. A web page on
 * another origin — even one that learned the token — cannot drive the core.
 */

function portOf(shell: ShellInfo): number {
  return Number(new URL(shell.url).port);
}
function tokenOf(shell: ShellInfo): string {
  const t = new URLSearchParams(new URL(shell.openUrl).hash.slice(1)).get('token');
  if (!t) throw new Error('no token in openUrl');
  return t;
}

/** Open a WebSocket from Node; resolves 'open' or the refusal (HTTP status / error code). */
function tryWs(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ outcome: 'open' | 'refused'; status?: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ outcome: 'open', ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ outcome: 'refused', status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', () => resolve({ outcome: 'refused' }));
  });
}

function invoke(
  ws: WebSocket,
  command: string,
  input: unknown = {},
): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const id = Math.floor(Math.random() * 1e9);
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { t: string; id?: number; result?: { ok: boolean } };
      if (frame.t === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.result as never);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'invoke', id, command, input }));
  });
}

function connectRefused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 3000 });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(true));
  });
}

test.describe('browser shell: the core is reachable only by its own page', () => {
  test('listens on 127.0.0.1 only', async ({ shell }) => {
    const port = portOf(shell);
    expect(new URL(shell.url).hostname).toBe('127.0.0.1');
    expect(await connectRefused('127.0.0.1', port)).toBe(false);
    expect(await connectRefused('::1', port)).toBe(true);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && !i.internal && i.family === 'IPv4')
      .map((i) => i.address);
    test.info().annotations.push({ type: 'interfaces', description: external.join(', ') || 'none besides loopback' });
    for (const address of external) expect(await connectRefused(address, port), address).toBe(true);
  });

  test('refuses the WebSocket without the token, with a wrong token, from a foreign origin or another path', async ({
    shell,
  }) => {
    const port = portOf(shell);
    const token = tokenOf(shell);
    const origin = `http://127.0.0.1:${port}`;
    const base = `ws://127.0.0.1:${port}`;
    const cases: [string, string, Record<string, string>][] = [
      ['no token', `${base}/ws`, { origin }],
      ['empty token', `${base}/ws?token=`, { origin }],
      ['wrong token', `${base}/ws?token=${token.slice(0, -2)}xx`, { origin }],
      ['token with a suffix', `${base}/ws?token=${token}0`, { origin }],
      ['foreign origin', `${base}/ws?token=${token}`, { origin: 'http://evil.example' }],
      ['other local port as origin', `${base}/ws?token=${token}`, { origin: `http://127.0.0.1:${port + 1}` }],
      ['null origin', `${base}/ws?token=${token}`, { origin: 'null' }],
      ['other path', `${base}/other?token=${token}`, { origin }],
    ];
    for (const [name, url, headers] of cases) {
      const r = await tryWs(url, headers);
      expect(r.outcome, name).toBe('refused');
      expect(r.status, name).toBe(401);
    }
    // The same request with the right token and origin works (so the refusals above mean something).
    const good = await tryWs(`${base}/ws?token=${token}`, { origin });
    expect(good.outcome).toBe('open');
    const info = await invoke(good.ws!, 'app.info');
    expect(info.ok).toBe(true);
    good.ws!.close();
  });

  test('serves pages with a strict CSP and refuses foreign Host names', async ({ shell }) => {
    const res = await fetch(shell.url);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // DNS rebinding: a request naming another host is refused.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: portOf(shell), path: '/', headers: { host: 'evil.example' } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.once('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  test('a page on another origin cannot reach the core, even knowing the token', async ({ page, shell }) => {
    const token = tokenOf(shell);
    const port = portOf(shell);
    // A "malicious" page served from another local port (another origin).
    const evil = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>evil</title>'),
    );
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    try {
      await page.goto(evilUrl);
      const outcome = await page.evaluate(
        ({ port, token }) =>
          Promise.all(
            [
              `ws://127.0.0.1:${port}/ws`,
              `ws://127.0.0.1:${port}/ws?token=wrong`,
              `ws://127.0.0.1:${port}/ws?token=${token}`,
            ].map(
              (u) =>
                new Promise<string>((resolve) => {
                  const ws = new WebSocket(u);
                  ws.onopen = () => {
                    ws.close();
                    resolve('open');
                  };
                  ws.onerror = () => resolve('refused');
                }),
            ),
          ),
        { port, token },
      );
      expect(outcome).toEqual(['refused', 'refused', 'refused']);
      // Nor can it read the app's HTTP answers (no CORS headers: the fetch is opaque/blocked).
      const read = await page.evaluate(async (u) => {
        try {
          const r = await fetch(u);
          return `read ${r.status}`;
        } catch {
          return 'blocked';
        }
      }, `http://127.0.0.1:${port}/healthz`);
      expect(read).toBe('blocked');
    } finally {
      evil.closeAllConnections();
      await new Promise<void>((r) => evil.close(() => r()));
    }
  });

  test('the app page without the token cannot talk to the core; with it, it can', async ({ page, shell }) => {
    await page.goto(shell.url);
    await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'no-token');
    // (a fresh load: going to the same URL plus a fragment would not reload the page)
    await page.goto('about:blank');
    await page.goto(shell.openUrl);
    await expect(page.getByTestId('conn-status')).toHaveAttribute('data-status', 'open');
    // The token left the address bar (it lives in sessionStorage for reloads only).
    expect(new URL(page.url()).hash).toBe('');
  });
});

test.describe('browser shell: who may do what', () => {
  let counter: ShellInfo | undefined;
  test.afterEach(async () => {
    await counter?.stop();
    if (counter) fs.rmSync(counter.dataDir, { recursive: true, force: true });
    counter = undefined;
  });

  test('a connection with the page token but nobody signed in cannot pay for or add to the bill on the counter', async ({
    page,
  }) => {
    counter = await startCounterShell();
    await page.goto(counter.openUrl);
    await signIn(page, { ...CASHIER, floatYuan: '100' });
    const root = page.getByTestId('app-root');
    await page.getByTestId('amount-input').fill('12.50');
    await page.keyboard.press('Enter');
    await expect(root).toHaveAttribute('data-phase', 'collect');

    // Another client on this PC that learned the token (and sends the app's own origin).
    const port = portOf(counter);
    const r = await tryWs(`ws://127.0.0.1:${port}/ws?token=${tokenOf(counter)}`, {
      origin: `http://127.0.0.1:${port}`,
    });
    expect(r.outcome).toBe('open');
    const ws = r.ws!;
    try {
      for (const text of ['130000000000000077', '6901234567892']) {
        expect(await invoke(ws, 'scan.submit', { text, source: 'keyboard-wedge' })).toMatchObject({
          ok: false,
          error: { code: 'not-signed-in' },
        });
      }
      const state = (await invoke(ws, 'counter.state')) as {
        ok: boolean;
        value?: { bill: { id: number; totalFen: number; status: string } | null };
      };
      const bill = state.value!.bill!;
      expect(bill).toMatchObject({ totalFen: 1250, status: 'open' });
      expect(await invoke(ws, 'payment.collect', { billId: bill.id, barCode: '130000000000000078' })).toMatchObject({
        ok: false,
        error: { code: 'not-signed-in' },
      });
      expect(await invoke(ws, 'bill.addFree', { billId: bill.id, amountFen: 100 })).toMatchObject({
        ok: false,
        error: { code: 'not-signed-in' },
      });
      // the sandbox charged nothing
      const ledger = (await sandboxControl(counter, 'ledger')) as { totals: { charged: number } };
      expect(ledger.totals.charged).toBe(0);
    } finally {
      ws.close();
    }
    // The cashier's own page still collects.
    await expect(root).toHaveAttribute('data-phase', 'collect');
  });

  test('a reload within the grace period keeps the cashier signed in; the page token alone resumes nothing', async ({
    page,
  }) => {
    counter = await startCounterShell();
    await page.goto(counter.openUrl);
    await signIn(page, { ...CASHIER, floatYuan: '100' });
    const root = page.getByTestId('app-root');
    await page.reload();
    await expect(root).toHaveAttribute('data-screen', 'counter');
    // A new tab with the same token (no resume ticket of its own) must sign in.
    const other = await page.context().newPage();
    await other.goto(counter.openUrl);
    await expect(other.getByTestId('app-root')).toHaveAttribute('data-screen', 'sign-in');
    await other.close();
  });
});

test.describe('Electron shell hardening', () => {
  const bin = electronBinary();
  test.skip('reason' in bin, `Electron-only: ${'reason' in bin ? bin.reason : ''}`);

  test('the window runs our page from counterpay://, isolated, and cannot navigate, open windows or run inline script', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpay-electron-'));
    fs.writeFileSync(
      path.join(dataDir, 'config.json'),
      JSON.stringify({ setup: { completedAt: '2025-01-01T00:00:00.000Z', completedBy: 'e2e' } }),
    );
    const app = await _electron.launch({
      executablePath: (bin as { path: string }).path,
      args: [path.join(root, 'dist', 'electron', 'main.cjs')],
      env: { ...process.env, COUNTERPAY_DATA_DIR: dataDir, COUNTERPAY_GATEWAY_URL: '' } as Record<string, string>,
    });
    try {
      const win = await app.firstWindow();
      await expect(win.getByTestId('app-root')).toBeVisible();
      expect(new URL(win.url()).protocol).toBe('counterpay:');
      const facts = await win.evaluate(() => ({
        node: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        api: typeof (window as unknown as { counterpay?: unknown }).counterpay,
        opened: window.open('https://example.com/') === null,
      }));
      expect(facts).toEqual({ node: 'undefined', process: 'undefined', api: 'object', opened: true });
      const inline = await win.evaluate(() => {
        const el = document.createElement('script');
        el.textContent = 'window.__inlineRan = true';
        document.head.appendChild(el);
        return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      });
      expect(inline).toBe(false);
      const before = win.url();
      await win.evaluate(() => {
        location.href = 'https://example.com/';
      });
      await expect.poll(() => win.url()).toBe(before);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
