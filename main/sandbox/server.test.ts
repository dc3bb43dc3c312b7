import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from './clock.js';
import { SANDBOX_CODES, sandboxCode, scenarioForCode } from './scenarios.js';
import { startSandboxGateway, type SandboxGateway } from './server.js';

let gw: SandboxGateway;
let clock: ManualClock;

beforeEach(async () => {
  clock = createManualClock(1_000_000);
  gw = await startSandboxGateway({ clock });
});
afterEach(async () => {
  await gw.close();
});

let serial = 0;
function bill(): string {
  serial += 1;
  return `SBX-${process.pid}-${serial}`;
}

async function barCode(code: string, billNum: string, summary = '12.34', extra: Record<string, unknown> = {}) {
  const res = await fetch(`${gw.url}api/3Pay/KouDaiLQ/BarCode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"BusinessType":1,"operatorNo":"0001","billNum":${JSON.stringify(billNum)},"summary":${summary},"barCode":${JSON.stringify(code)}${Object.entries(
      extra,
    )
      .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join('')}}`,
  });
  return { status: res.status, text: await res.text() };
}

async function query(billNum: string) {
  const res = await fetch(`${gw.url}api/3Pay/KouDaiLQ/Query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ billnum: billNum, autoid: '', billtype: '', paytype: '' }),
  });
  return JSON.parse(await res.text()) as {
    errcode: number;
    errmsg: string;
    tag: { paystatus: string; billnum: string };
  };
}

describe('code scheme', () => {
  it('decodes the documented codes', () => {
    expect(scenarioForCode(SANDBOX_CODES.paid)).toEqual({ kind: 'paid' });
    expect(scenarioForCode(SANDBOX_CODES.password5s)).toEqual({ kind: 'password', seconds: 5 });
    expect(scenarioForCode(SANDBOX_CODES.lateSuccess75s)).toEqual({ kind: 'password', seconds: 75 });
    expect(scenarioForCode(SANDBOX_CODES.declinedExpired)).toEqual({ kind: 'declined', why: 'expired' });
    expect(scenarioForCode(SANDBOX_CODES.http500NotCharged)).toEqual({ kind: 'http-500', charged: false });
    expect(scenarioForCode(SANDBOX_CODES.resetCharged)).toEqual({ kind: 'reset', charged: true });
    expect(scenarioForCode('281234567890123456')).toEqual({ kind: 'paid' });
    for (const code of Object.values(SANDBOX_CODES)) expect(code).toMatch(/^13\d{16}$/);
    expect(sandboxCode(1, 7, 42)).toBe('131070000000000042');
    expect(scenarioForCode(sandboxCode(9, 12, 1))).toEqual({ kind: 'business-error', seconds: 12 });
  });
});

describe('codes no wallet issues (issue 11 item 15)', () => {
  it('declines them as 付款码无效 and charges nothing; wallet codes of valid shape (Alipay 28…, UnionPay 62…) pay at once', async () => {
    expect(scenarioForCode('12')).toEqual({ kind: 'declined', why: 'invalid' });
    expect(scenarioForCode('160000000000000001')).toEqual({ kind: 'declined', why: 'invalid' });
    expect(scenarioForCode('2812345678901234')).toEqual({ kind: 'paid' });
    expect(scenarioForCode('6212345678901234567')).toEqual({ kind: 'paid' });
    expect(scenarioForCode('8812345678901234', [/^(?:88\d{14})$/])).toEqual({ kind: 'paid' });
    for (const code of [
      '12',
      '1',
      'abc',
      '160000000000000001',
      '13000000000000001',
      '6300000000000000000',
      '28123456789012345678901234',
    ]) {
      const b = bill();
      const r = await barCode(code, b);
      const reply = JSON.parse(r.text) as { errcode: number; errmsg: string; tag: { paystatus: string } };
      expect(reply.errcode, code).toBe(1);
      expect(reply.errmsg, code).toContain('付款码无效');
      expect(reply.tag.paystatus, code).toBe('PAYERROR');
      expect((await query(b)).tag.paystatus, code).not.toBe('SUCCESS');
    }
    const alipay = bill();
    const paid = JSON.parse((await barCode('281234567890123456', alipay)).text) as {
      errcode: number;
      tag: { paystatus: string };
    };
    expect(paid).toMatchObject({ errcode: 0, tag: { paystatus: 'SUCCESS' } });
    expect(gw.ledger().totals.charged).toBe(1);
  });

  it('pays a configured extra pattern (payment.extraCodePatterns) at once', async () => {
    const extra = await startSandboxGateway({ clock, extraCodePatterns: ['88\\d{14}'] });
    try {
      const res = await fetch(`${extra.url}api/3Pay/KouDaiLQ/BarCode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"BusinessType":1,"operatorNo":"0001","billNum":"X1","summary":1.00,"barCode":"8812345678901234"}',
      });
      expect(JSON.parse(await res.text())).toMatchObject({ errcode: 0, tag: { paystatus: 'SUCCESS' } });
    } finally {
      await extra.close();
    }
  });
});

describe('sandbox gateway', () => {
  it('answers health', async () => {
    const res = await fetch(`${gw.url}health`);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('paid at once, and a repeated billNum never charges twice', async () => {
    const b = bill();
    const r1 = await barCode(sandboxCode(0, 0, 1), b);
    expect(r1.status).toBe(200);
    expect(JSON.parse(r1.text)).toMatchObject({
      errcode: 0,
      tag: { billnum: b, paystatus: 'SUCCESS', billstatus: '1' },
    });
    const r2 = await barCode(sandboxCode(0, 0, 1), b);
    expect(JSON.parse(r2.text)).toMatchObject({ errcode: 0, tag: { paystatus: 'SUCCESS' } });
    const l = gw.ledger();
    expect(l.payments).toHaveLength(1);
    expect(l.payments[0]).toMatchObject({
      billNum: b,
      chargeCount: 1,
      amountFen: 1234,
      summary: '12.34',
      barCodeRequests: 2,
    });
    expect(l.totals).toMatchObject({ charged: 1, chargedFen: 1234, doubleCharged: [] });
    expect(gw.stats().perBill[b]).toEqual({ barCode: 2, query: 0 });
  });

  it('password: USERPAYING until the payer confirms on the sandbox clock', async () => {
    const b = bill();
    const r = JSON.parse((await barCode(sandboxCode(1, 5, 2), b)).text);
    expect(r).toMatchObject({ errcode: 0, tag: { paystatus: 'USERPAYING' } });
    expect((await query(b)).tag.paystatus).toBe('USERPAYING');
    expect(gw.ledger().payments[0]!.chargeCount).toBe(0);
    clock.advance(4_999);
    expect((await query(b)).tag.paystatus).toBe('USERPAYING');
    clock.advance(1);
    expect((await query(b)).tag.paystatus).toBe('SUCCESS');
    expect(gw.ledger().payments[0]!.chargeCount).toBe(1);
    expect(gw.stats().perBill[b]).toEqual({ barCode: 1, query: 3 });
  });

  it('declined at once with a classifiable errmsg; payer cancels later', async () => {
    const b = bill();
    const r = JSON.parse((await barCode(SANDBOX_CODES.declinedBalance, b)).text);
    expect(r.errcode).toBe(1);
    expect(r.errmsg).toContain('NOTENOUGH');
    expect((await query(b)).tag.paystatus).toBe('PAYERROR');
    const c = bill();
    await barCode(sandboxCode(3, 10, 3), c);
    clock.advance(10_000);
    expect((await query(c)).tag.paystatus).toBe('PAYERROR');
    expect(gw.ledger().totals.charged).toBe(0);
  });

  it('a payment code pays once: a second bill with the same code is declined', async () => {
    const code = sandboxCode(0, 0, 4);
    await barCode(code, bill());
    const r = JSON.parse((await barCode(code, bill())).text);
    expect(r.errcode).toBe(1);
    expect(r.errmsg).toContain('AUTHCODEEXPIRE');
    expect(gw.ledger().totals).toMatchObject({ payments: 1, charged: 1, reusedCodeRejections: 1 });
  });

  it('same billNum with another amount is a business error, never a second charge', async () => {
    const b = bill();
    await barCode(sandboxCode(0, 0, 5), b, '1.00');
    const r = JSON.parse((await barCode(sandboxCode(0, 0, 5), b, '2.00')).text);
    expect(r.errmsg).toContain('OUT_TRADE_NO_USED');
    expect(gw.ledger().payments[0]!.chargeCount).toBe(1);
  });

  it('validates the request like the seed', async () => {
    const long = await barCode('1'.repeat(41), bill());
    expect(JSON.parse(long.text)).toMatchObject({ errcode: 1 });
    expect(JSON.parse(long.text).errmsg).toContain('barCode');
    const threeDecimals = await barCode(sandboxCode(0, 0, 6), bill(), '1.234');
    expect(JSON.parse(threeDecimals.text).errmsg).toContain('summary');
    const noCard = await barCode(sandboxCode(0, 0, 7), bill(), '1.00', { BusinessType: 7 });
    // BusinessType appears twice in that body; JSON.parse keeps the last (7).
    expect(JSON.parse(noCard.text).errmsg).toContain('cardNo');
    expect(gw.ledger().payments).toHaveLength(0);
  });

  it('no reply: the BarCode is held, yet the payment succeeds and is visible to Query', async () => {
    const b = bill();
    const ac = new AbortController();
    const held = once(gw.events, 'held');
    const pending = fetch(`${gw.url}api/3Pay/KouDaiLQ/BarCode`, {
      method: 'POST',
      body: JSON.stringify({
        BusinessType: 1,
        operatorNo: '1',
        billNum: b,
        summary: 5,
        barCode: SANDBOX_CODES.noReplyPaid5s,
      }),
      signal: ac.signal,
    }).catch((e: unknown) => e);
    const [ev] = await held;
    expect(ev).toMatchObject({ op: 'barcode', billNum: b, ms: null });
    expect((await query(b)).tag.paystatus).toBe('USERPAYING');
    clock.advance(5_000);
    expect((await query(b)).tag.paystatus).toBe('SUCCESS');
    ac.abort();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('slow reply answers when the clock says so', async () => {
    const b = bill();
    const held = once(gw.events, 'held');
    const pending = barCode(sandboxCode(6, 3, 8), b);
    const [ev] = await held;
    expect(ev).toMatchObject({ ms: 3_000 });
    clock.advance(3_000);
    expect(JSON.parse((await pending).text)).toMatchObject({ errcode: 0, tag: { paystatus: 'SUCCESS' } });
  });

  it('5xx, reset and malformed replies, charged or not as the code says', async () => {
    const a = bill();
    expect((await barCode(SANDBOX_CODES.http500Charged, a)).status).toBe(500);
    expect((await query(a)).tag.paystatus).toBe('SUCCESS');
    const n = bill();
    expect((await barCode(SANDBOX_CODES.http500NotCharged, n)).status).toBe(500);
    expect((await query(n)).errmsg).toContain('ORDERNOTEXIST');
    const r = bill();
    await expect(barCode(SANDBOX_CODES.resetCharged, r)).rejects.toThrow();
    expect((await query(r)).tag.paystatus).toBe('SUCCESS');
    const m = bill();
    const mal = await barCode(SANDBOX_CODES.malformed, m);
    expect(() => JSON.parse(mal.text)).toThrow();
    expect((await query(m)).tag.paystatus).toBe('SUCCESS');
    const e = bill();
    expect(JSON.parse((await barCode(SANDBOX_CODES.businessError5s, e)).text).errmsg).toContain('SYSTEMERROR');
    clock.advance(5_000);
    expect((await query(e)).tag.paystatus).toBe('SUCCESS');
    expect(gw.ledger().totals).toMatchObject({ charged: 4, doubleCharged: [] });
  });

  it('control endpoint: scenario for a billNum, for the next N payments, and reset', async () => {
    const b = bill();
    let res = await fetch(`${gw.url}__control/scenario`, {
      method: 'POST',
      body: JSON.stringify({ scenario: 'declined', why: 'balance', billNum: b }),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse((await barCode(sandboxCode(0, 0, 9), b)).text).errcode).toBe(1);
    res = await fetch(`${gw.url}__control/scenario`, {
      method: 'POST',
      body: JSON.stringify({ scenario: { kind: 'password', seconds: 2 }, times: 1 }),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse((await barCode(sandboxCode(0, 0, 10), bill())).text).tag.paystatus).toBe('USERPAYING');
    expect(JSON.parse((await barCode(sandboxCode(0, 0, 11), bill())).text).tag.paystatus).toBe('SUCCESS');
    const bad = await fetch(`${gw.url}__control/scenario`, {
      method: 'POST',
      body: JSON.stringify({ scenario: 'nope' }),
    });
    expect(bad.status).toBe(400);
    const ledger = (await (await fetch(`${gw.url}__control/ledger`)).json()) as { totals: { payments: number } };
    expect(ledger.totals.payments).toBe(3);
    await fetch(`${gw.url}__control/reset`, { method: 'POST' });
    expect(gw.ledger().totals.payments).toBe(0);
    expect(gw.stats().barCodeRequests).toBe(0);
  });

  it('fault injection on queries (seeded) and a fixed network delay', async () => {
    const b = bill();
    await barCode(sandboxCode(0, 0, 12), b);
    const res = await fetch(`${gw.url}__control/faults`, {
      method: 'POST',
      body: JSON.stringify({ query: { http5xxRate: 0.5, resetRate: 0.25 }, seed: 7 }),
    });
    expect(res.status).toBe(200);
    const outcomes = { ok: 0, s503: 0, reset: 0 };
    for (let i = 0; i < 40; i++) {
      try {
        const r = await fetch(`${gw.url}api/3Pay/KouDaiLQ/Query`, {
          method: 'POST',
          body: JSON.stringify({ billnum: b }),
        });
        await r.text();
        if (r.status === 503) outcomes.s503++;
        else outcomes.ok++;
      } catch {
        outcomes.reset++;
      }
    }
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.s503).toBeGreaterThan(5);
    expect(outcomes.reset).toBeGreaterThan(2);
    expect(gw.stats().perBill[b]!.query).toBe(40);
    // Network delay holds every answer on the clock.
    gw.setFaults({ networkDelayMs: 250 });
    const held = once(gw.events, 'held');
    const p = query(b);
    expect((await held)[0]).toMatchObject({ op: 'query', ms: 250 });
    clock.advance(250);
    expect((await p).tag.paystatus).toBe('SUCCESS');
    expect(gw.ledger().payments[0]!.chargeCount).toBe(1);
  });

  it('a faulted BarCode with barCodeFaultProcessed=always still charges once, and the retry sees it', async () => {
    gw.setFaults({ barCode: { http5xxRate: 1 }, barCodeFaultProcessed: 'always' });
    const b = bill();
    expect((await barCode(sandboxCode(0, 0, 13), b)).status).toBe(503);
    gw.setFaults({});
    expect(JSON.parse((await barCode(sandboxCode(0, 0, 13), b)).text).tag.paystatus).toBe('SUCCESS');
    expect(gw.ledger().payments[0]!.chargeCount).toBe(1);
  });
});
