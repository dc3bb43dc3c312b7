import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { DISPLAY_COMMANDS, DISPLAY_EVENTS } from '../../app/contract/display.js';
import { ClientFrameSchema, MAX_FRAME_BYTES, type ServerFrame } from '../../app/transport/protocol.js';
import type { EventBus } from '../events.js';
import type { Dispatch } from '../handlers/dispatch.js';
import type { Logger } from '../log.js';
import { resolveSlide } from '../display/slides.js';
import { contentTypeOf, rendererCsp } from '../renderer-assets.js';

/**
 * The browser shell: serves the built renderer and carries the contract over a WebSocket.
 * Listens on 127.0.0.1 only. The WebSocket demands the per-run token (from the page URL's
 * fragment) and a same-origin Origin header; without both the upgrade is refused.
 *
 * The customer display (`/display`) has its own per-run token: a socket opened with it receives
 * only the display's events and may call only `display.state` (app/contract/display.ts); every
 * other command is refused with `forbidden`. It can show, never act. Slideshow images are served
 * read-only at `/slides/<name>` from the configured folder only (main/display/slides.ts).
 */
export interface BrowserShellOptions {
  dispatch: Dispatch;
  bus: EventBus;
  log: Logger;
  /** Folder holding the built renderer (index.html, assets/). */
  rendererDir: string;
  port: number;
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string;
  /** The customer display's read-only token (fixed for tests; a random one per run otherwise). */
  displayToken?: string;
  /** The idle slideshow's folder (config display.slidesDir); null/absent = no slides. */
  slidesDir?: string | null;
}

export interface BrowserShell {
  url: string;
  /** The URL to open, with the token in the fragment (never sent to the server in HTTP requests). */
  openUrl: string;
  port: number;
  token: string;
  /** The customer display's page, with its read-only token in the fragment. */
  displayUrl: string;
  displayToken: string;
  connections(): number;
  close(): Promise<void>;
}

export function contentSecurityPolicy(port: number): string {
  return rendererCsp([`ws://127.0.0.1:${port}`]);
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/** The request target as a URL on this server, or null when it cannot be parsed. */
function parseRequestUrl(raw: string | undefined, port: number): URL | null {
  try {
    return new URL(raw ?? '/', `http://127.0.0.1:${port}`);
  } catch {
    return null;
  }
}

export async function startBrowserShell(opts: BrowserShellOptions): Promise<BrowserShell> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const displayToken = opts.displayToken ?? crypto.randomBytes(24).toString('base64url');
  if (displayToken === token) throw new Error('the display token must differ from the counter token');
  const root = path.resolve(opts.rendererDir);
  const log = opts.log.child('browser-shell');
  let port = opts.port;
  let connectionSeq = 0;

  const server = http.createServer((req, res) => {
    // Nothing a request carries may take the process down: a handler failure is this request's 500.
    try {
      serveRequest(req, res);
    } catch (e) {
      log.warn('http.failed', { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      else res.destroy();
    }
  });
  // A client that resets mid-request, or sends garbage the parser refuses, loses its socket only.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && err.code !== 'ECONNRESET')
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  function serveRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      // Refuse other Host names (DNS rebinding).
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = parseRequestUrl(req.url, port);
    if (!url) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      // Malformed percent-encoding (`/%ff`): the request's fault, never the process's.
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request: malformed URL');
      return;
    }
    if (rel.includes('\0')) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request: malformed URL');
      return;
    }
    if (rel.startsWith('/slides/')) {
      serveSlide(req, res, rel.slice('/slides/'.length));
      return;
    }
    if (rel === '/display/') {
      // The page's assets are relative to `/`: one address for the display.
      res.writeHead(308, { location: '/display' }).end();
      return;
    }
    if (rel === '/display') rel = '/display.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    let target = file;
    if (!fs.existsSync(target) || !fs.statSync(target).isFile()) {
      // Single-page app: unknown paths without an extension get index.html.
      if (path.extname(rel) === '') target = path.join(root, 'index.html');
      else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
    }
    if (!fs.existsSync(target)) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The renderer is not built. Run `npm run build` (npm start does it for you).');
      return;
    }
    const isHtml = target.endsWith('.html');
    res.writeHead(200, {
      'content-type': contentTypeOf(path.extname(target)),
      'content-security-policy': contentSecurityPolicy(port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') res.end();
    else {
      const stream = fs.createReadStream(target);
      stream.on('error', (e) => {
        log.warn('http.read-failed', { error: e.message });
        res.destroy();
      });
      stream.pipe(res);
    }
  }

  /** One slideshow image, read-only, from the configured folder only (404 for anything else). */
  function serveSlide(req: http.IncomingMessage, res: http.ServerResponse, name: string): void {
    const slide = resolveSlide(opts.slidesDir ?? null, name);
    if (!slide) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': slide.contentType,
      'content-length': String(slide.size),
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else {
      const stream = fs.createReadStream(slide.file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    }
  }

  const roles = new WeakMap<object, 'counter' | 'display'>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', (e) => log.warn('ws.socket-error', { error: e.message }));
    const url = parseRequestUrl(req.url, port) ?? new URL('http://127.0.0.1/invalid');
    const origin = req.headers.origin;
    const given = url.searchParams.get('token') ?? '';
    const originOk =
      origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    const role = safeEqual(given, token) ? 'counter' : safeEqual(given, displayToken) ? 'display' : null;
    if (url.pathname !== '/ws' || role === null || !originOk) {
      log.warn('ws.refused', { path: url.pathname, origin: origin ?? null, tokenPresent: given !== '' });
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      roles.set(ws, role);
      wss.emit('connection', ws, req);
    });
  });

  wss.on('connection', (ws: WebSocket) => {
    const isDisplay = roles.get(ws) === 'display';
    const connectionId = `${isDisplay ? 'display' : 'ws'}-${++connectionSeq}`;
    log.info('ws.open', { connectionId, display: isDisplay });
    const sendFrame = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = opts.bus.subscribe((name, payload) => {
      if (!isDisplay || DISPLAY_EVENTS.has(name)) sendFrame({ t: 'event', name, payload });
    });
    // A frame over maxPayload, invalid UTF-8, a bad opcode: `ws` emits 'error' and closes this
    // socket. Without this listener the error would be thrown and end the process (issue 11).
    ws.on('error', (e: Error & { code?: string }) => {
      log.warn('ws.error', { connectionId, code: e.code ?? null, error: e.message });
      ws.terminate();
    });
    ws.on('message', async (data, isBinary) => {
      if (isBinary) return;
      let frame;
      try {
        frame = ClientFrameSchema.parse(JSON.parse(data.toString()));
      } catch {
        log.warn('ws.bad-frame', { connectionId });
        return;
      }
      if (frame.t === 'ping') {
        sendFrame({ t: 'pong', id: frame.id });
        return;
      }
      if (isDisplay && !DISPLAY_COMMANDS.has(frame.command)) {
        log.warn('ws.display-refused', { connectionId, command: String(frame.command).slice(0, 64) });
        sendFrame({
          t: 'result',
          id: frame.id,
          result: {
            ok: false,
            error: { code: 'forbidden', message: 'the customer display can only read the display' },
          },
        });
        return;
      }
      let result;
      try {
        result = await opts.dispatch(frame.command, frame.input, { transport: 'websocket', connectionId });
      } catch (e) {
        log.error('ws.dispatch-failed', { connectionId, error: e instanceof Error ? e.message : String(e) });
        result = { ok: false as const, error: { code: 'internal-error' as const, message: 'the command failed' } };
      }
      sendFrame({ t: 'result', id: frame.id, result });
    });
    ws.on('close', () => {
      unsubscribe();
      if (!isDisplay) opts.dispatch.disconnect?.({ transport: 'websocket', connectionId });
      log.info('ws.close', { connectionId });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  log.info('listening', { url });

  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    token,
    displayUrl: `${url}display#token=${displayToken}`,
    displayToken,
    connections: () => wss.clients.size,
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A page reconnecting right now (an upgrade or a request in flight) must not hold the
      // shutdown open until the shell is killed, with the ledger's WAL not yet checkpointed.
      server.closeAllConnections();
      await closed;
    },
  };
}
