/** The Xiaobao simulator's wire helpers: answers, faults on the socket, timers, auth checks. */
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toJsonText } from './money.js';
import { xbSign, type SignEncoding } from './sign.js';
import { SIM_CODES, type SimEvents, type SimStats } from './simulator-types.js';

export const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

export interface WireDeps {
  style: 'code' | 'state';
  stats: SimStats;
  events: EventEmitter<SimEvents>;
  held: Set<ServerResponse>;
  timers: Set<NodeJS.Timeout>;
}

export function createWire({ style, stats, events, held, timers }: WireDeps) {
  function reply(res: ServerResponse, endpoint: string, code: number, message: string, data: unknown = null): void {
    const body =
      style === 'code' ? { code, message, data } : { state: code === SIM_CODES.ok ? 0 : code, message, data };
    const text = toJsonText(body);
    if (code !== SIM_CODES.ok) bump(stats.refused, `${endpoint}:${code}`);
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    events.emit('answered', { endpoint, status: 200, code });
  }

  function fail5xx(res: ServerResponse, endpoint: string): void {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end('service unavailable');
    events.emit('answered', { endpoint, status: 503 });
  }

  function resetSocket(res: ServerResponse, endpoint: string): void {
    res.socket?.destroy();
    events.emit('answered', { endpoint, status: 'reset' });
  }

  function hold(res: ServerResponse, endpoint: string): void {
    held.add(res);
    res.on('close', () => held.delete(res));
    events.emit('answered', { endpoint, status: 'held' });
  }

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }
  return { reply, fail5xx, resetSocket, hold, later };
}

export function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export interface AuthDeps {
  tokens: Map<string, number>;
  clock: { now: () => number };
  corpId: string;
  skewMs: number;
  accessKeyId: string;
  accessKeySecret: string;
  encoding: SignEncoding;
}

/** null when the request passes; else [code, message]. */
export function authenticate(
  { tokens, clock, corpId, skewMs, accessKeyId, accessKeySecret, encoding }: AuthDeps,
  req: IncomingMessage,
  path: string,
  raw: string,
): [number, string] | null {
  const tok = header(req, 'token');
  const exp = tokens.get(tok);
  if (!tok || exp === undefined || clock.now() >= exp) return [SIM_CODES.tokenInvalid, 'token无效或已过期'];
  if (header(req, 'corp-id') !== corpId) return [SIM_CODES.corpMismatch, 'corp-id 不正确'];
  const ts = header(req, 'xb-timestamp');
  if (!/^\d{10,16}$/.test(ts) || Math.abs(Number(ts) - clock.now()) > skewMs)
    return [SIM_CODES.staleTimestamp, '请求已过期（xb-timestamp 超出允许范围）'];
  if (header(req, 'xb-sign-method').toLowerCase() !== 'sha256')
    return [SIM_CODES.badSign, '签名错误（xb-sign-method 须为 sha256）'];
  const expected = xbSign(
    { method: req.method ?? 'POST', accessKeyId, timestamp: ts, url: path, body: raw, accessKeySecret },
    encoding,
  );
  if (header(req, 'xb-sign') !== expected) return [SIM_CODES.badSign, '签名错误'];
  return null;
}
