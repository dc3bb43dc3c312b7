import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COMMAND_NAMES } from '../../app/contract/index.js';
import { buildDisplayView } from '../../app/display/model.js';
import { createEventBus } from '../events.js';
import type { Dispatch } from '../handlers/dispatch.js';
import { silentLogger } from '../log.js';
import { tempDir } from '../store/test-helpers.js';
import { startBrowserShell, type BrowserShell } from './server.js';

/**
 * The customer display's own read-only token (issue 14): a socket opened with it receives only
 * `display.changed` and may call only `display.state`; every other command is refused before it
 * reaches the core. Slides are served from the configured folder only.
 */
const { dir: rendererDir, cleanup: removeRendererDir } = tempDir('cp-renderer-');
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>counter</title>');
fs.writeFileSync(path.join(rendererDir, 'display.html'), '<!doctype html><title>display</title>');
const { dir: slidesRoot, cleanup: removeSlides } = tempDir('cp-slides-');
const slidesDir = path.join(slidesRoot, 'slides');
fs.mkdirSync(slidesDir);
fs.writeFileSync(path.join(slidesDir, 'a.png'), 'PNGDATA');
fs.writeFileSync(path.join(slidesRoot, 'secret.png'), 'SECRET');
fs.writeFileSync(path.join(slidesRoot, 'config.json'), '{"secret":true}');

const view = {
  rev: 1,
  ...buildDisplayView({ bill: null, attempt: null, slides: { names: [], intervalMs: 8000 }, locale: 'zh-CN' }),
};
const bus = createEventBus();
const calls: { command: unknown; connectionId: string }[] = [];
const disconnects: string[] = [];
const dispatch: Dispatch = Object.assign(
  async (command: unknown, _input: unknown, ctx: { connectionId: string }) => {
    calls.push({ command, connectionId: ctx.connectionId });
    if (command === 'display.state') return { ok: true as const, value: view };
    return { ok: true as const, value: { ran: command } };
  },
  { disconnect: (ctx: { connectionId: string }) => void disconnects.push(ctx.connectionId) },
);

let shell: BrowserShell;
beforeAll(async () => {
  shell = await startBrowserShell({
    dispatch,
    bus,
    log: silentLogger,
    rendererDir,
    port: 0,
    token: 'counter-token-123',
    displayToken: 'display-token-456',
    slidesDir,
  });
});
afterAll(async () => {
  await shell.close();
  removeRendererDir();
  removeSlides();
});

interface Frame {
  t: string;
  id?: number;
  name?: string;
  result?: { ok: boolean; error?: { code: string } };
}

async function connect(
  token: string,
): Promise<{ ws: WebSocket; frames: Frame[]; call(command: string): Promise<Frame> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/ws?token=${token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
  });
  const frames: Frame[] = [];
  const waiters = new Map<number, (f: Frame) => void>();
  ws.on('message', (data: Buffer) => {
    const f = JSON.parse(data.toString()) as Frame;
    frames.push(f);
    if (f.t === 'result' && f.id !== undefined) waiters.get(f.id)?.(f);
  });
  let id = 0;
  return {
    ws,
    frames,
    call(command) {
      const n = ++id;
      return new Promise((resolve) => {
        waiters.set(n, resolve);
        ws.send(JSON.stringify({ t: 'invoke', id: n, command, input: {} }));
      });
    },
  };
}

function get(pathname: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: shell.port, path: pathname }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('the display token', () => {
  it('is a second token, printed in its own URL', () => {
    expect(shell.displayToken).toBe('display-token-456');
    expect(shell.displayUrl).toBe(`${shell.url}display#token=display-token-456`);
    expect(shell.openUrl).toContain('#token=counter-token-123');
  });

  it('answers display.state on a display socket', async () => {
    const c = await connect('display-token-456');
    const r = await c.call('display.state');
    expect(r.result).toEqual({ ok: true, value: view });
    c.ws.close();
  });

  it('refuses every other command on a display socket, before it reaches the core', async () => {
    const c = await connect('display-token-456');
    calls.length = 0;
    const others = [...COMMAND_NAMES.filter((n) => n !== 'display.state'), 'no.such.command'];
    expect(others.length).toBeGreaterThan(50);
    for (const command of others) {
      const r = await c.call(command);
      expect(r.result, command).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(calls).toEqual([]);
    c.ws.close();
  });

  it('receives only display events; the counter socket receives them all', async () => {
    const d = await connect('display-token-456');
    const c = await connect('counter-token-123');
    bus.emit('connectivity.changed', {
      gateway: 'online',
      backOffice: 'not-configured',
      outboxDepth: 0,
      oldestWaitingMs: null,
    });
    bus.emit('display.changed', { ...view, rev: 2 });
    await expect.poll(() => d.frames.filter((f) => f.t === 'event').map((f) => f.name)).toEqual(['display.changed']);
    await expect
      .poll(() => c.frames.filter((f) => f.t === 'event').map((f) => f.name))
      .toEqual(['connectivity.changed', 'display.changed']);
    d.ws.close();
    c.ws.close();
  });

  it('the counter token still runs any command; a display socket closing ends no session', async () => {
    const c = await connect('counter-token-123');
    expect((await c.call('app.info')).result).toMatchObject({ ok: true });
    const d = await connect('display-token-456');
    disconnects.length = 0;
    d.ws.close();
    c.ws.close();
    await expect.poll(() => disconnects.length).toBe(1);
    expect(disconnects[0]).toMatch(/^ws-/);
  });

  it('a wrong token is refused', async () => {
    await expect(connect('display-token-45')).rejects.toThrow(/refused: 401/);
    await expect(connect('')).rejects.toThrow(/refused: 401/);
  });
});

describe('the display page and its slides', () => {
  it('serves /display with the strict CSP; /display/ redirects', async () => {
    const r = await get('/display');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>display</title>');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get('/display/')).status).toBe(308);
  });

  it('serves an image of the folder read-only, and nothing else', async () => {
    const ok = await get('/slides/a.png');
    expect(ok).toMatchObject({ status: 200, body: 'PNGDATA' });
    expect(ok.headers['content-type']).toBe('image/png');
    for (const p of [
      '/slides/..%2Fsecret.png',
      '/slides/..%2Fconfig.json',
      '/slides/%2E%2E%2Fsecret.png',
      `/slides/${encodeURIComponent(path.join(slidesRoot, 'secret.png'))}`,
      '/slides/missing.png',
      '/slides/',
    ]) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('SECRET');
    }
  });
});
