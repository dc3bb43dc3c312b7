/**
 * HTTP plumbing shared by the local test servers (the embedded KouDaiLQ sandbox, the back-office
 * simulators): read a request body up to a cap, write a JSON or text answer, listen on a port of
 * 127.0.0.1 (0 = a free one).
 */
import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Read the body of `req` (at most `maxBytes` kept), then call `done` with it as UTF-8 and whether
 * it was longer than that. A request error destroys the response.
 */
export function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
  done: (raw: string, tooBig: boolean) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= maxBytes) chunks.push(c);
  });
  req.on('error', () => res.destroy());
  req.on('end', () => done(size > maxBytes ? '' : Buffer.concat(chunks).toString('utf8'), size > maxBytes));
}

/** A JSON answer with its length (nothing when the response is already finished or gone). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A text answer with its length (nothing when the response is already finished or gone). */
export function sendText(res: ServerResponse, status: number, text: string, type = 'text/html; charset=utf-8'): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Listen on `host`:`port` (0: a free port); resolves the port, rejects when it is taken. */
export async function listenLocal(server: http.Server, port = 0, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * A simulator's "slow" fault: keep the response open (tracked in `held`, so a reset or close can
 * destroy it), then answer after `ms`, or never when `ms` is null.
 */
export function holdAnswer(
  res: ServerResponse,
  held: Set<ServerResponse>,
  ms: number | null,
  answer: () => void,
): void {
  held.add(res);
  res.on('close', () => held.delete(res));
  if (ms === null) return;
  const t = setTimeout(() => {
    held.delete(res);
    answer();
  }, ms);
  res.on('close', () => clearTimeout(t));
}
