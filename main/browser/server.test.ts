import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '../../app/transport/protocol.js';
import { createWsClient, type SocketLike } from '../../app/transport/ws-client.js';
import { createEventBus } from '../events.js';
import type { Dispatch } from '../handlers/dispatch.js';
import { silentLogger } from '../log.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { tempDir } from '../store/test-helpers.js';
import { createRecoveryMode, diagnoseStartFailure } from '../recovery/index.js';
import { startBrowserShell, type BrowserShell } from './server.js';

const cleanup = afterEachCleanup();
const { dir: rendererDir, cleanup: removeRendererDir } = tempDir('cp-renderer-');
fs.mkdirSync(path.join(rendererDir, 'assets'));
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
fs.writeFileSync(path.join(os.tmpdir(), 'cp-secret.txt'), 'secret');

const bus = createEventBus();
const calls: { command: unknown; input: unknown }[] = [];
const dispatch: Dispatch = async (command, input) => {
  calls.push({ command, input });
  if (command === 'app.info') return { ok: true, value: { echo: input } };
  return { ok: false, error: { code: 'unknown-command' } };
};

let shell: BrowserShell;
beforeAll(async () => {
  shell = await startBrowserShell({ dispatch, bus, log: silentLogger, rendererDir, port: 0, token: 'test-token-123' });
});
afterAll(async () => {
  await shell.close();
  removeRendererDir();
});

function get(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: shell.port, path: pathname, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

function openSocket(query: string, origin?: string): Promise<{ ok: boolean; status?: number; ws?: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/ws${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve({ ok: true, ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ ok: false, status: res.statusCode }));
    ws.once('error', () => resolve({ ok: false }));
  });
}

describe('browser shell server', () => {
  it('listens on loopback only', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/`);
    expect(shell.openUrl).toBe(`${shell.url}#token=test-token-123`);
  });

  it('serves the renderer with a strict CSP and refuses path traversal and foreign Host names', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect((await get('/assets/app.js')).headers['content-type']).toContain('javascript');
    expect((await get('/some/route')).body).toContain('<title>t</title>');
    expect((await get('/../cp-secret.txt')).status).not.toBe(200);
    expect((await get('/%2e%2e/cp-secret.txt')).body).not.toContain('secret');
    expect((await get('/assets/..%2f..%2fcp-secret.txt')).body).not.toContain('secret');
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421);
  });

  it('refuses the WebSocket without the token, with a wrong token, or from a foreign origin', async () => {
    expect(await openSocket('')).toMatchObject({ ok: false, status: 401 });
    expect(await openSocket('?token=wrong')).toMatchObject({ ok: false, status: 401 });
    expect(await openSocket('?token=test-token-123', 'http://evil.example')).toMatchObject({ ok: false, status: 401 });
    const good = await openSocket('?token=test-token-123', `http://127.0.0.1:${shell.port}`);
    expect(good.ok).toBe(true);
    good.ws?.close();
  });

  it('carries commands and events through the typed client, and drops malformed frames', async () => {
    const client = createWsClient({
      url: `ws://127.0.0.1:${shell.port}/ws?token=test-token-123`,
      connect: (url) => new WebSocket(url) as unknown as SocketLike,
    });
    await client.whenOpen();
    const r = await client.invoke('app.info', {});
    expect(r).toEqual({ ok: true, value: { echo: {} } });
    const unknown = await client.invoke('no.such.command' as 'app.info', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-command' } });

    const received = new Promise((resolve) => client.on('scan.routed', resolve));
    bus.emit('scan.routed', {
      action: 'reject',
      kind: 'unknown',
      reason: 'unrecognised',
      zh: '无法识别',
      en: 'Unrecognised',
    });
    expect(await received).toMatchObject({ action: 'reject', reason: 'unrecognised' });
    client.close();
  });

  it('an invoke in flight when the connection drops resolves with core-unreachable, never hangs', async () => {
    let slowResolve: (() => void) | null = null;
    const slowShell = await startBrowserShell({
      dispatch: () => new Promise((resolve) => (slowResolve = () => resolve({ ok: true, value: null }))),
      bus,
      log: silentLogger,
      rendererDir,
      port: 0,
      token: 't',
    });
    const client = createWsClient({
      url: `ws://127.0.0.1:${slowShell.port}/ws?token=t`,
      connect: (url) => new WebSocket(url) as unknown as SocketLike,
      setTimer: () => undefined, // no reconnect in this test
    });
    await client.whenOpen();
    const pending = client.invoke('app.info', {});
    await slowShell.close();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'core-unreachable' } });
    (slowResolve as (() => void) | null)?.();
  });
});

/** A raw request whose target is sent exactly as given (http.get would not send every form). */
function rawGet(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser shell robustness (issue 11, items 1 and 2)', () => {
  it('answers a malformed URL with 400 and keeps serving, on the normal and the recovery server', async () => {
    const dataDir = cleanup.tempDataDir('cp-recovery-srv-');
    const info = diagnoseStartFailure(new Error('boom'), dataDir, { shell: 'browser' });
    const mode = createRecoveryMode({ info, dataDir, log: silentLogger, env: {} });
    const recovery = await startBrowserShell({
      dispatch: mode.dispatch,
      bus: mode.bus,
      log: silentLogger,
      rendererDir,
      port: 0,
      token: 'r',
    });
    try {
      for (const s of [shell, recovery]) {
        for (const target of ['/%ff', '/%E0%A4%A', '/assets/%c0%af', '/%', '/a%00b']) {
          expect(await rawGet(s.port, target), `${target} on port ${s.port}`).toBe(400);
        }
        // Still alive: the page and the health check answer.
        expect((await get2(s.port, '/')).status).toBe(200);
        expect((await get2(s.port, '/healthz')).body).toBe('{"ok":true}');
      }
    } finally {
      await recovery.close();
    }
  });

  it('a WebSocket frame over the size limit, or a text frame with invalid UTF-8, closes that connection only', async () => {
    const open = async (): Promise<WebSocket> => {
      const r = await openSocket('?token=test-token-123');
      if (!r.ws) throw new Error('socket refused');
      return r.ws;
    };
    const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

    const big = await open();
    big.on('error', () => undefined);
    const bigClosed = closed(big);
    big.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await bigClosed).toBe(1009); // message too big

    const bad = await open();
    bad.on('error', () => undefined);
    const badClosed = closed(bad);
    // 0xC3 0x28 is not UTF-8; sent as a text frame (ws does not check what it sends).
    bad.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
    expect(await badClosed).toBe(1007); // invalid frame payload data

    // The server is up and serves another client, commands included.
    const client = createWsClient({
      url: `ws://127.0.0.1:${shell.port}/ws?token=test-token-123`,
      connect: (url) => new WebSocket(url) as unknown as SocketLike,
    });
    await client.whenOpen();
    expect(await client.invoke('app.info', {})).toEqual({ ok: true, value: { echo: {} } });
    client.close();
    expect((await get('/healthz')).status).toBe(200);
  });
});

function get2(port: number, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('browser shell shutdown', () => {
  it('close() does not wait for a request still arriving (a page reconnecting as the shell stops)', async () => {
    const own = await startBrowserShell({ dispatch, bus, log: silentLogger, rendererDir, port: 0, token: 'tok-close' });
    // Half a request: the headers never end, so the connection is busy, not idle.
    const socket = net.connect(own.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    // Without closing every connection, close() waited for this one (the test timed out).
    await own.close();
    await gone;
    expect(socket.destroyed).toBe(true);
  }, 4000);
});
