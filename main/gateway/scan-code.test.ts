import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findQrContent } from '../../app/payment/scan-code.js';
import { startSandboxGateway, type SandboxGateway } from '../sandbox/server.js';
import { createGatewayClient, type ScanCodeCallResult } from './client.js';

/** A one-route gateway on 127.0.0.1 that records each request and answers `reply`. */
async function fakeGateway(reply: () => string) {
  const seen: { path: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(reply());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gw/`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const request = {
  businessType: 1,
  operatorNo: 'op01',
  billNum: 'T01QR000001',
  amountFen: 1234,
  payTypeCode: 'wxPubQR' as const,
};

function qrOf(r: ScanCodeCallResult) {
  if (r.kind !== 'reply') throw new Error(`expected a reply, got ${JSON.stringify(r)}`);
  return r.qr;
}

describe('ScanCode: the request', () => {
  it('posts the seed fields, payTypeCode and tradeFrom "1" to the configured relative path', async () => {
    const gw = await fakeGateway(
      () => '{"errcode":0,"errmsg":"ok","tag":{"billnum":"T01QR000001","code_url":"weixin://wxpay/bizpayurl?pr=abc"}}',
    );
    try {
      const client = createGatewayClient({ baseUrl: gw.url, scanCodePath: 'custom/ScanCode' });
      const r = await client.scanCode({ ...request, cardNo: 'C123' });
      expect(gw.seen[0]!.path).toBe('/gw/custom/ScanCode');
      expect(JSON.parse(gw.seen[0]!.body)).toEqual({
        BusinessType: 1,
        operatorNo: 'op01',
        billNum: 'T01QR000001',
        summary: 12.34,
        cardNo: 'C123',
        payTypeCode: 'wxPubQR',
        tradeFrom: '1',
      });
      expect(gw.seen[0]!.body).toContain('"summary":12.34,');
      expect(qrOf(r)).toEqual({ ok: true, content: 'weixin://wxpay/bizpayurl?pr=abc', field: 'tag.code_url' });
    } finally {
      await gw.close();
    }
  });

  it('refuses an unknown pay type before sending, naming the field and the list', async () => {
    const gw = await fakeGateway(() => '{}');
    try {
      const client = createGatewayClient({ baseUrl: gw.url });
      const r = await client.scanCode({ ...request, payTypeCode: 'cashQR' as never });
      expect(r).toMatchObject({ kind: 'invalid', error: { details: { field: 'payTypeCode' } } });
      expect(gw.seen).toHaveLength(0);
    } finally {
      await gw.close();
    }
  });
});

describe('ScanCode: finding the QR content', () => {
  it('by config: a dotted path inside tag, keys in any case', async () => {
    const body =
      '{"errcode":0,"errmsg":"","Tag":{"notice":"https://example.com/help","PayInfo":{"QrUrl":"https://qr.alipay.com/x1"}}}';
    const gw = await fakeGateway(() => body);
    try {
      const client = createGatewayClient({ baseUrl: gw.url, scanCodeQrField: 'payInfo.qrUrl' });
      expect(qrOf(await client.scanCode(request))).toEqual({
        ok: true,
        content: 'https://qr.alipay.com/x1',
        field: 'tag.payInfo.qrUrl',
      });
    } finally {
      await gw.close();
    }
    // Without the config, the first URL-like string wins (here the wrong one): that is what the field is for.
    expect(findQrContent(body)).toMatchObject({ ok: true, content: 'https://example.com/help' });
  });

  it('by default: the first URL-like string in tag (weixin://, alipays://, http(s)://), plain text skipped', () => {
    expect(
      findQrContent(
        '{"errcode":0,"tag":{"billnum":"B1","paystatusdesc":"请扫码","qr":"alipays://platformapi/startapp?x=1"}}',
      ),
    ).toEqual({
      ok: true,
      content: 'alipays://platformapi/startapp?x=1',
      field: 'tag.qr',
    });
    expect(findQrContent('"{\\"errcode\\":0,\\"tag\\":\\"https://qr.95516.com/abc\\"}"')).toMatchObject({
      ok: true,
      content: 'https://qr.95516.com/abc',
    });
  });

  it('none → qr-missing with words, by default and by a configured field that is empty', async () => {
    const gw = await fakeGateway(() => '{"errcode":0,"errmsg":"下单成功","tag":{"billnum":"B1","qrcode":""}}');
    try {
      const byDefault = qrOf(await createGatewayClient({ baseUrl: gw.url }).scanCode(request));
      expect(byDefault).toMatchObject({ ok: false, code: 'qr-missing' });
      expect(!byDefault.ok && byDefault.message).toContain('URL-like');
      const byField = qrOf(await createGatewayClient({ baseUrl: gw.url, scanCodeQrField: 'qrcode' }).scanCode(request));
      expect(byField).toEqual({
        ok: false,
        code: 'qr-missing',
        message: 'tag.qrcode: no QR content in the ScanCode reply',
      });
    } finally {
      await gw.close();
    }
  });

  it('a business error issues no QR (errcode is kept for the state machine)', async () => {
    const gw = await fakeGateway(() => '{"errcode":1,"errmsg":"参数错误","tag":{"qrcode":"https://x.test/q"}}');
    try {
      const r = await createGatewayClient({ baseUrl: gw.url }).scanCode(request);
      expect(r).toMatchObject({ kind: 'reply', errcode: 1, qr: { ok: false, code: 'qr-missing' } });
    } finally {
      await gw.close();
    }
  });
});

describe('ScanCode against the sandbox', () => {
  let gw: SandboxGateway;
  beforeAll(async () => {
    gw = await startSandboxGateway({});
  });
  afterAll(async () => {
    await gw.close();
  });

  it('issues a QR per pay type, the Query loop sees USERPAYING until the payer pays, then SUCCESS', async () => {
    const client = createGatewayClient({ baseUrl: gw.url });
    const r = await client.scanCode({ ...request, billNum: 'SBXQR1', payTypeCode: 'alipayQR' });
    expect(qrOf(r)).toMatchObject({ ok: true, content: expect.stringMatching(/^https:\/\/qr\.alipay\.com\//) });
    expect(await client.query({ billNum: 'SBXQR1' })).toMatchObject({ errcode: 0, tag: { paystatus: 'USERPAYING' } });
    const paid = await fetch(new URL('__control/qr/pay', gw.url), { method: 'POST', body: '{"billNum":"SBXQR1"}' });
    expect(paid.status).toBe(200);
    expect(await client.query({ billNum: 'SBXQR1' })).toMatchObject({ errcode: 0, tag: { paystatus: 'SUCCESS' } });
    expect(gw.ledger().totals.charged).toBe(1);
  });

  it('a scenario chosen by the control endpoint: expired → PAYERROR 二维码已过期, cannot be paid', async () => {
    const set = await fetch(new URL('__control/qr', gw.url), {
      method: 'POST',
      body: JSON.stringify({ billNum: 'SBXQR2', scenario: { kind: 'qr-expired', seconds: 0 } }),
    });
    expect(set.status).toBe(200);
    const client = createGatewayClient({ baseUrl: gw.url });
    await client.scanCode({ ...request, billNum: 'SBXQR2' });
    expect(await client.query({ billNum: 'SBXQR2' })).toMatchObject({
      tag: { paystatus: 'PAYERROR', paystatusdesc: '二维码已过期' },
    });
    expect(gw.payQr('SBXQR2')).toBeNull();
  });
});
