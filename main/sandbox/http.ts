/**
 * The sandbox's HTTP plumbing: read bodies (64 KiB at most), route requests, and carry out an
 * endpoint's answer on the sandbox clock — a JSON reply, a fault (socket reset, an HTML 503, or a
 * dropped request that is never answered), a held request, or a raw body. Emits `held` and
 * `answered` as it goes; answers the client gave up on are not written.
 */
import type { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { SandboxClock, Timer } from './clock.js';
import type { Answered } from './endpoints.js';
import { readBody, sendJson, sendText } from '../net/local-http.js';
import type { SandboxEvents } from './types.js';

const MAX_BODY = 64 * 1024;

export { sendJson, sendText };

export interface SandboxRoutes {
  /** GET /health */
  health(): unknown;
  control(path: string, req: IncomingMessage, res: ServerResponse, raw: string): Promise<void>;
  barCode(raw: string): Answered;
  query(raw: string): Answered;
  /** ScanCode (main/sandbox/scan-code.ts). */
  scanCode?(raw: string): Answered;
}

export interface SandboxHttp {
  server: http.Server;
  /** Cancel every answer still waiting on the clock. */
  cancelTimers(): void;
}

export function createSandboxHttp(deps: {
  clock: SandboxClock;
  events: EventEmitter<SandboxEvents>;
  log: (event: string, fields: Record<string, unknown>) => void;
  routes: SandboxRoutes;
}): SandboxHttp {
  const { clock, events, log, routes } = deps;
  const timers = new Set<Timer>();

  /** Run `fn` after `ms` (sandbox clock), unless the client gave up meanwhile. */
  function later(res: ServerResponse, a: Omit<Answered, 'answer'>, ms: number, fn: () => void): void {
    if (ms <= 0) {
      fn();
      return;
    }
    const timer = clock.setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) fn();
    }, ms);
    timers.add(timer);
    res.on('close', () => {
      timer.cancel();
      timers.delete(timer);
    });
    events.emit('held', { op: a.op, billNum: a.billNum, ms });
  }

  function carryOut(req: IncomingMessage, res: ServerResponse, a: Answered): void {
    const { op, billNum, answer } = a;
    switch (answer.kind) {
      case 'hold':
        // Nothing is written; the client times out and closes. close() destroys what is left.
        events.emit('held', { op, billNum, ms: null });
        return;
      case 'reply':
        return later(res, a, answer.delayMs, () => {
          const reply = answer.reply;
          sendJson(res, 200, reply);
          log('sandbox.answer', { op, billNum, errcode: reply.errcode, paystatus: reply.tag.paystatus });
          events.emit('answered', { op, billNum, status: 200, errcode: reply.errcode, paystatus: reply.tag.paystatus });
        });
      case 'fault':
        if (answer.fault === 'drop') {
          events.emit('held', { op, billNum, ms: null });
          return;
        }
        return later(res, a, answer.delayMs, () => {
          if (answer.fault === 'reset') {
            req.socket.destroy();
            events.emit('answered', { op, billNum, status: 'reset' });
          } else {
            sendText(res, 503, '<html><body><h1>503 Service Unavailable</h1></body></html>');
            events.emit('answered', { op, billNum, status: 503 });
          }
        });
      case 'raw':
        return later(res, a, answer.delayMs, () => {
          sendText(res, answer.status, answer.text, answer.contentType);
          events.emit('answered', { op, billNum, status: answer.status });
        });
    }
  }

  const server = http.createServer((req, res) => {
    readBody(req, res, MAX_BODY, (raw, tooBig) => {
      const path = new URL(req.url ?? '/', 'http://sandbox').pathname.replace(/\/+$/, '').toLowerCase() || '/';
      if (tooBig) return sendText(res, 413, 'payload too large', 'text/plain');
      try {
        if (req.method === 'GET' && path === '/health') return sendJson(res, 200, routes.health());
        if (path.startsWith('/__control/')) {
          void routes
            .control(path, req, res, raw)
            .catch((e: unknown) => sendJson(res, 500, { ok: false, error: String(e) }));
          return;
        }
        if (path === '/api/3pay/koudailq/barcode') {
          if (req.method !== 'POST') return sendText(res, 405, 'method not allowed', 'text/plain');
          return carryOut(req, res, routes.barCode(raw));
        }
        if (path === '/api/3pay/koudailq/scancode' && routes.scanCode) {
          if (req.method !== 'POST') return sendText(res, 405, 'method not allowed', 'text/plain');
          return carryOut(req, res, routes.scanCode(raw));
        }
        if (path === '/api/3pay/koudailq/query') {
          if (req.method !== 'POST') return sendText(res, 405, 'method not allowed', 'text/plain');
          return carryOut(req, res, routes.query(raw));
        }
        return sendText(res, 404, 'not found', 'text/plain');
      } catch (e) {
        log('sandbox.error', { error: String(e) });
        return sendText(res, 500, 'sandbox error', 'text/plain');
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  return {
    server,
    cancelTimers() {
      for (const t of timers) t.cancel();
      timers.clear();
    },
  };
}
