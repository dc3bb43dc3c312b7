import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { transition } from '../../app/payment/state.js';
import { createManualClock, type ManualClock } from '../sandbox/clock.js';
import { SANDBOX_CODES, sandboxCode } from '../sandbox/scenarios.js';
import { startSandboxGateway, type SandboxGateway } from '../sandbox/server.js';
import { callResultToEvent, createGatewayClient, type GatewayCallResult } from './client.js';

type LogLine = { event: string; fields: Record<string, unknown> };

function logger() {
  const lines: LogLine[] = [];
  return { lines, log: (event: string, fields: Record<string, unknown>) => lines.push({ event, fields }) };
}

let serial = 0;
const bill = () => `CLI-${process.pid}-${++serial}`;
const req = (over: Record<string, unknown> = {}) => ({
  businessType: 1,
  operatorNo: 'op01',
  billNum: bill(),
  amountFen: 1234,
  barCode: sandboxCode(0, 0, ++serial),
  ...over,
});

function expectReply(r: GatewayCallResult) {
  if (r.kind !== 'reply') throw new Error(`expected a reply, got ${JSON.stringify(r)}`);
  return r;
}
function expectFailure(r: GatewayCallResult) {
  if (r.kind !== 'transport-failure') throw new Error(`expected a transport failure, got ${JSON.stringify(r)}`);
  return r;
}

describe('against the sandbox gateway', () => {
  let gw: SandboxGateway;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = createManualClock(0);
    gw = await startSandboxGateway({ clock });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('pays at once and logs without secrets', async () => {
    const { lines, log } = logger();
    const client = createGatewayClient({ baseUrl: gw.url, log, headers: { 'x-api-key': 'SECRET-KEY-123' } });
    const r = req({ amountFen: 1005 });
    const out = expectReply(await client.barCode(r));
    expect(out).toMatchObject({ errcode: 0, status: 200, tag: { billnum: r.billNum, paystatus: 'SUCCESS' } });
    expect(gw.ledger().payments.find((p) => p.billNum === r.billNum)).toMatchObject({
      amountFen: 1005,
      summary: '10.05',
      chargeCount: 1,
    });
    const text = JSON.stringify(lines);
    expect(lines.map((l) => l.event)).toEqual(['gateway.request', 'gateway.reply']);
    expect(text).not.toContain(r.barCode);
    expect(text).toContain(`${r.barCode.slice(0, 4)}************${r.barCode.slice(-2)}`);
    expect(text).not.toContain('SECRET-KEY-123');
    expect(text).not.toMatch(/x-api-key/i);
    expect(lines[0]!.fields).toMatchObject({ op: 'barcode', billNum: r.billNum, summary: '10.05' });
    // the state machine takes the reply as is
    expect(transition({ state: 'sent' }, { type: 'gateway-reply', request: 'barcode', reply: out }, 0).state).toBe(
      'paid',
    );
    const ev = callResultToEvent(out, 'barcode');
    expect(ev).toEqual({
      type: 'gateway-reply',
      request: 'barcode',
      reply: { errcode: 0, errmsg: out.errmsg, tag: out.tag, tagPresent: true, errcodeExact: true, conflicts: [] },
    });
    expect(
      callResultToEvent(
        { kind: 'transport-failure', failure: 'http-5xx', status: 502, message: 'x', durationMs: 1 },
        'query',
      ),
    ).toEqual({
      type: 'transport-failure',
      request: 'query',
      failure: 'http-5xx',
      status: 502,
      message: 'x',
    });
  });

  it('password flow: USERPAYING then SUCCESS through query', async () => {
    const client = createGatewayClient({ baseUrl: gw.url, billtype: '1', paytype: 'KDLQ' });
    const r = req({ barCode: sandboxCode(1, 5, ++serial) });
    const first = expectReply(await client.barCode(r));
    expect(first.tag.paystatus).toBe('USERPAYING');
    expect(expectReply(await client.query({ billNum: r.billNum, autoid: first.tag.autoid })).tag.paystatus).toBe(
      'USERPAYING',
    );
    clock.advance(5_000);
    expect(expectReply(await client.query({ billNum: r.billNum })).tag.paystatus).toBe('SUCCESS');
    expect(gw.stats().perBill[r.billNum]).toEqual({ barCode: 1, query: 2 });
  });

  it('a violation names the field and the limit and sends nothing', async () => {
    const { lines, log } = logger();
    const client = createGatewayClient({ baseUrl: gw.url, log });
    const before = gw.stats();
    const cases: Array<[Record<string, unknown>, string, unknown]> = [
      [{ barCode: '1'.repeat(41) }, 'barCode', 40],
      [{ operatorNo: 'o'.repeat(33) }, 'operatorNo', 32],
      [{ billNum: 'b'.repeat(21) }, 'billNum', 20], // the gateway's Query allows 20 (gateway.maxBillNumLength)
      [{ cardNo: '9'.repeat(21) }, 'cardNo', 20],
      [{ businessType: 7 }, 'cardNo', 'required for BusinessType 7'],
      [{ businessType: 9 }, 'businessType', 'an integer 1–7'],
      [{ amountFen: 0 }, 'amountFen', 1],
      [{ amountFen: 10_000_000_000 }, 'amountFen', 9_999_999_999],
    ];
    for (const [over, field, limit] of cases) {
      const out = await client.barCode(req(over) as never);
      expect(out.kind).toBe('invalid');
      if (out.kind !== 'invalid') continue;
      expect(out.error.details.field).toBe(field);
      expect(out.error.details.limit).toBe(limit);
    }
    const q = await client.barCode(req({ billNum: 'q'.repeat(21) }) as never);
    expect(q.kind === 'invalid' && q.error.details.field).toBe('billNum');
    // A configured maximum of 32: 33 is still refused by the seed limit.
    const wide = createGatewayClient({ baseUrl: gw.url, log, maxBillNumLength: 32 });
    const w = await wide.query({ billNum: 'q'.repeat(33) });
    expect(w.kind === 'invalid' && w.error.details.limit).toBe(32);
    expect(gw.stats()).toEqual(before);
    expect(lines.every((l) => l.event === 'gateway.invalid')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('1'.repeat(41));
  });

  it('a query for a number issued before the maximum was lowered is still sent', async () => {
    const client = createGatewayClient({ baseUrl: gw.url, log: () => {}, maxBillNumLength: 20 });
    const legacy = 'T01-261204-224015-1772-1';
    const out = await client.query({ billNum: legacy });
    expect(out.kind).not.toBe('invalid');
    expect(gw.stats().perBill[legacy]?.query).toBe(1);
  });

  it('a held BarCode times out; the payment still shows up through query', async () => {
    const client = createGatewayClient({ baseUrl: gw.url, timeoutMs: { barCode: 150, query: 2_000 } });
    const r = req({ barCode: SANDBOX_CODES.noReplyPaid5s.slice(0, 5) + String(++serial).padStart(13, '0') });
    const out = expectFailure(await client.barCode(r));
    expect(out.failure).toBe('timeout');
    expect(out.message).toContain('150 ms');
    expect(out.durationMs).toBeGreaterThanOrEqual(140);
    expect(
      transition(
        { state: 'sent' },
        { type: 'transport-failure', request: 'barcode', failure: out.failure, message: out.message },
        0,
      ).state,
    ).toBe('sent');
    clock.advance(5_000);
    expect(expectReply(await client.query({ billNum: r.billNum })).tag.paystatus).toBe('SUCCESS');
  });

  it('maps sandbox 500, reset, malformed and business errors', async () => {
    const client = createGatewayClient({ baseUrl: gw.url });
    const five = expectFailure(await client.barCode(req({ barCode: sandboxCode(5, 0, ++serial) })));
    expect(five).toMatchObject({ failure: 'http-5xx', status: 500 });
    const reset = expectFailure(await client.barCode(req({ barCode: sandboxCode(7, 0, ++serial) })));
    expect(reset.failure).toBe('reset');
    const mal = expectFailure(await client.barCode(req({ barCode: sandboxCode(8, 0, ++serial) })));
    expect(mal).toMatchObject({ failure: 'unparseable', status: 200 });
    const biz = expectReply(await client.barCode(req({ barCode: sandboxCode(9, 3, ++serial) })));
    expect(biz.errcode).toBe(1);
    expect(biz.errmsg).toContain('SYSTEMERROR');
    const dec = expectReply(await client.barCode(req({ barCode: sandboxCode(2, 0, ++serial) })));
    expect(transition({ state: 'sent' }, { type: 'gateway-reply', request: 'barcode', reply: dec }, 0).state).toBe(
      'declined',
    );
  });

  it('keeps a path prefix in baseUrl and accepts a leading slash in paths', () => {
    const c = createGatewayClient({ baseUrl: 'http://example.test/pay', queryPath: '/api/3Pay/KouDaiLQ/Query' });
    expect(c.barCodeUrl).toBe('http://example.test/pay/api/3Pay/KouDaiLQ/BarCode');
    expect(c.queryUrl).toBe('http://example.test/pay/api/3Pay/KouDaiLQ/Query');
    expect(() => createGatewayClient({ baseUrl: 'ftp://x/' })).toThrow();
  });
});

describe('against ad-hoc servers', () => {
  type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
  let handler: Handler = (_q, s) => s.end();
  let server: http.Server;
  let url: string;
  const received: Array<{ url: string; body: string; headers: http.IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    server = http.createServer((q, s) => {
      let body = '';
      q.setEncoding('utf8');
      q.on('data', (c: string) => (body += c));
      q.on('end', () => {
        received.push({ url: q.url ?? '', body, headers: q.headers });
        handler(q, s, body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(() => {
    received.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const OK_BODY = {
    errcode: 0,
    errmsg: 'ok',
    tag: { billnum: 'B', autoid: 3, billstatus: 1, paystatus: 'SUCCESS', paystatusdesc: '' },
  };
  const send =
    (type: string, text: string | Buffer, status = 200): Handler =>
    (_q, s) => {
      s.writeHead(status, { 'content-type': type });
      s.end(text);
    };

  it('sends the exact wire body and headers', async () => {
    handler = send('application/json', JSON.stringify(OK_BODY));
    const client = createGatewayClient({ baseUrl: url, headers: { authorization: 'Bearer x' } });
    await client.barCode({
      businessType: 7,
      operatorNo: 'op',
      billNum: 'B',
      amountFen: 29,
      barCode: '134567890123456789',
      cardNo: 'C1',
    });
    expect(received[0]!.url).toBe('/api/3Pay/KouDaiLQ/BarCode');
    expect(received[0]!.body).toBe(
      '{"BusinessType":7,"operatorNo":"op","billNum":"B","summary":0.29,"cardNo":"C1","barCode":"134567890123456789"}',
    );
    expect(received[0]!.headers['content-type']).toContain('application/json');
    expect(received[0]!.headers['authorization']).toBe('Bearer x');
    await client.query({ billNum: 'B', autoid: '3' });
    expect(received[1]!.url).toBe('/api/3Pay/KouDaiLQ/Query');
    expect(JSON.parse(received[1]!.body)).toEqual({ billnum: 'B', autoid: '3', billtype: '', paytype: '' });
  });

  it('tolerates BOM, string errcode, text/json and text/plain, numbers in tag', async () => {
    const client = createGatewayClient({ baseUrl: url });
    for (const [type, text] of [
      ['text/json; charset=utf-8', '\uFEFF' + JSON.stringify({ ...OK_BODY, errcode: '0' })],
      ['text/plain', JSON.stringify(OK_BODY)],
      ['application/json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(OK_BODY))])],
      ['text/html', JSON.stringify(JSON.stringify(OK_BODY))],
    ] as const) {
      handler = send(type, text);
      const out = expectReply(await client.query({ billNum: 'B' }));
      expect(out.errcode).toBe(0);
      expect(out.tag).toEqual({ billnum: 'B', autoid: '3', billstatus: '1', paystatus: 'SUCCESS', paystatusdesc: '' });
    }
  });

  it('decodes a GBK reply', async () => {
    // "余额不足" in GBK
    const gbk = Buffer.concat([
      Buffer.from('{"errcode":1,"errmsg":"'),
      Buffer.from([0xd3, 0xe0, 0xb6, 0xee, 0xb2, 0xbb, 0xd7, 0xe3]),
      Buffer.from('"}'),
    ]);
    handler = send('application/json; charset=GBK', gbk);
    const out = expectReply(await createGatewayClient({ baseUrl: url }).query({ billNum: 'B' }));
    expect(out.errmsg).toBe('余额不足');
    expect(out.tagPresent).toBe(false);
  });

  it('malformed, empty, 4xx, 5xx and redirects are transport failures, never throws', async () => {
    const client = createGatewayClient({ baseUrl: url });
    handler = send('application/json', '{"errcode":0,"tag":');
    expect(expectFailure(await client.query({ billNum: 'B' })).failure).toBe('unparseable');
    handler = send('application/json', '');
    expect(expectFailure(await client.query({ billNum: 'B' })).failure).toBe('unparseable');
    handler = send('text/html', '<h1>Not Found</h1>', 404);
    expect(expectFailure(await client.query({ billNum: 'B' }))).toMatchObject({ failure: 'http-4xx', status: 404 });
    handler = send('text/html', '<h1>Bad Gateway</h1>', 502);
    expect(expectFailure(await client.query({ billNum: 'B' }))).toMatchObject({ failure: 'http-5xx', status: 502 });
    handler = (_q, s) => {
      s.writeHead(302, { location: 'http://elsewhere.test/' });
      s.end();
    };
    expect(expectFailure(await client.query({ billNum: 'B' }))).toMatchObject({ failure: 'unparseable', status: 302 });
    expect(received.length).toBe(5);
  });

  it('a reset connection is a reset', async () => {
    handler = (q) => q.socket.destroy();
    const out = expectFailure(await createGatewayClient({ baseUrl: url }).barCode(req()));
    expect(out.failure).toBe('reset');
  });

  it('a reset in the middle of the body is a reset', async () => {
    handler = (q, s) => {
      s.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      s.write('{"errcode":0,');
      setImmediate(() => q.socket.destroy());
    };
    expect(expectFailure(await createGatewayClient({ baseUrl: url }).query({ billNum: 'B' })).failure).toBe('reset');
  });

  it('slow headers or a slow body hit the timeout', async () => {
    const timers: NodeJS.Timeout[] = [];
    handler = (q, s, body) =>
      timers.push(setTimeout(() => send('application/json', JSON.stringify(OK_BODY))(q, s, body), 5_000));
    const client = createGatewayClient({ baseUrl: url, timeoutMs: 100 });
    expect(expectFailure(await client.query({ billNum: 'B' })).failure).toBe('timeout');
    handler = (_q, s) => {
      s.writeHead(200, { 'content-type': 'application/json' });
      s.write('{"errcode":0,');
    };
    expect(expectFailure(await client.query({ billNum: 'B' })).failure).toBe('timeout');
    // an outside abort is reported as a timeout too (never a throw)
    const ac = new AbortController();
    handler = () => ac.abort();
    expect(
      expectFailure(await createGatewayClient({ baseUrl: url }).query({ billNum: 'B' }, { signal: ac.signal })).failure,
    ).toBe('timeout');
    timers.forEach(clearTimeout);
    server.closeAllConnections();
  });

  it('a closed port is "refused" (the request never left)', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const out = expectFailure(await createGatewayClient({ baseUrl: `http://127.0.0.1:${port}/` }).barCode(req()));
    expect(out.failure).toBe('refused');
    expect(out.message).toContain('ECONNREFUSED');
    expect(
      transition(
        { state: 'sent' },
        { type: 'transport-failure', request: 'barcode', failure: out.failure, message: out.message },
        0,
      ),
    ).toMatchObject({
      state: 'declined',
      reason: 'not-delivered',
    });
  });

  it('masks long digit runs echoed in logged errmsg', async () => {
    const { lines, log } = logger();
    handler = send('application/json', JSON.stringify({ errcode: 1, errmsg: '付款码 134567890123456789 已过期' }));
    await createGatewayClient({ baseUrl: url, log }).query({ billNum: 'B' });
    expect(JSON.stringify(lines)).not.toContain('134567890123456789');
  });
});
