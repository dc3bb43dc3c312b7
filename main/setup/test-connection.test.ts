import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxGateway, type SandboxGateway } from '../sandbox/server.js';
import { testGatewayConnection } from './test-connection.js';

/** Real HTTP on 127.0.0.1: the embedded sandbox gateway, and small servers that misbehave on purpose. */

let sandbox: SandboxGateway;
const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  sandbox = await startSandboxGateway({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

describe('testGatewayConnection', () => {
  it('reports OK against the embedded sandbox with a harmless query and no payment', async () => {
    const before = sandbox.stats();
    const r = await testGatewayConnection({ url: sandbox.url }, { billNum: 'CPTEST000000000001' });
    expect(r).toMatchObject({ ok: true, reachable: true, kind: 'ok', httpStatus: 200 });
    expect(r.url).toBe(`${sandbox.url}api/3Pay/KouDaiLQ/Query`);
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.errcode).not.toBeNull();
    expect(r.zh).toMatch(/^连接正常/);
    const after = sandbox.stats();
    expect(after.queryRequests - before.queryRequests).toBe(1);
    expect(after.barCodeRequests).toBe(before.barCodeRequests);
    expect(after.perBill['CPTEST000000000001']).toEqual({ barCode: 0, query: 1 });
    expect(sandbox.ledger().payments).toHaveLength(0);
  });

  it('names a wrong query path', async () => {
    const r = await testGatewayConnection({ url: sandbox.url, queryPath: 'api/3Pay/KouDaiLQ/Querry' });
    expect(r).toMatchObject({ ok: false, reachable: true, kind: 'not-found', httpStatus: 404 });
    expect(r.zh).toMatch(/查询路径不存在/);
  });

  it('reports a refused connection on an unreachable port', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const r = await testGatewayConnection({ url: `http://127.0.0.1:${port}/` });
    expect(r).toMatchObject({
      ok: false,
      reachable: false,
      kind: 'refused',
      httpStatus: null,
      errorCode: 'ECONNREFUSED',
    });
    expect(r.zh).toMatch(/连接被拒绝/);
    expect(r.en).toMatch(/refused/);
  });

  it('says what a refused connection means — nothing listens at that address and port — and never blames the cable', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    for (const url of [`http://127.0.0.1:${port}/`, `http://localhost:${port}/`]) {
      const r = await testGatewayConnection({ url });
      expect(r, url).toMatchObject({ kind: 'refused', errorCode: 'ECONNREFUSED' });
      expect(r.zh).toContain('没有网关服务在监听');
      expect(r.zh).toContain('端口');
      expect(r.zh).not.toMatch(/网线/);
      expect(r.en).toMatch(/nothing listens on that port/);
    }
    // a port fetch will not even try (1): said as such, not as a network fault
    const blocked = await testGatewayConnection({ url: 'http://127.0.0.1:1/' });
    expect(blocked).toMatchObject({ kind: 'refused', errorCode: 'ERR_BLOCKED_PORT', reachable: false });
    expect(blocked.zh).toContain('端口 1');
    expect(blocked.zh).not.toMatch(/网线/);
  });

  it('reports a timeout when the gateway never answers', async () => {
    const url = await serve(() => {
      /* accept and never answer */
    });
    const r = await testGatewayConnection({ url, timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, reachable: false, kind: 'timeout' });
    expect(r.zh).toMatch(/0\.3 秒内没有应答/);
  });

  it('reports an unknown host', async () => {
    const r = await testGatewayConnection({ url: 'http://gateway.counterpay.invalid/', timeoutMs: 5000 });
    expect(r.reachable).toBe(false);
    expect(['dns', 'timeout']).toContain(r.kind);
    if (r.kind === 'dns') expect(r.zh).toMatch(/找不到主机 gateway\.counterpay\.invalid/);
  });

  it('tells a web page apart from the gateway', async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>router login</html>'),
    );
    const r = await testGatewayConnection({ url });
    expect(r).toMatchObject({ ok: false, reachable: true, kind: 'not-gateway', httpStatus: 200 });
    expect(r.zh).toMatch(/不是收款网关的格式/);
  });

  it('classifies refusals, server errors and redirects, and sends the authorization it is given', async () => {
    const seen: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers.authorization);
      if (req.url?.includes('auth')) return void res.writeHead(401).end();
      if (req.url?.includes('boom')) return void res.writeHead(502).end('bad gateway');
      res.writeHead(301, { location: 'https://pay.example.cn/' }).end();
    });
    const unauthorized = await testGatewayConnection({ url, queryPath: 'auth', authorization: 'Bearer abc' });
    expect(unauthorized).toMatchObject({ kind: 'unauthorized', httpStatus: 401, reachable: true });
    expect(JSON.stringify(unauthorized)).not.toContain('Bearer abc');
    expect(seen[0]).toBe('Bearer abc');
    expect(await testGatewayConnection({ url, queryPath: 'boom' })).toMatchObject({
      kind: 'server-error',
      httpStatus: 502,
    });
    const redirect = await testGatewayConnection({ url, queryPath: 'moved' });
    expect(redirect).toMatchObject({ kind: 'http-error', httpStatus: 301 });
    expect(redirect.zh).toMatch(/https:\/\/pay\.example\.cn\//);
  });

  it('refuses a malformed URL without any request', async () => {
    for (const url of ['pay.example.cn', 'ftp://pay.example.cn/', '']) {
      const r = await testGatewayConnection({ url });
      expect(r).toMatchObject({ ok: false, kind: 'bad-url', httpStatus: null });
    }
  });
});
