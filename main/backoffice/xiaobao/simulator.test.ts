import { afterEach, describe, expect, it } from 'vitest';
import { createXiaobaoClient } from './client.js';
import { SIM_CODES, startXiaobaoSimulator, type XiaobaoSimulator } from './simulator.js';

const sims: XiaobaoSimulator[] = [];
afterEach(async () => {
  while (sims.length) await sims.pop()!.close();
});

async function control(
  sim: XiaobaoSimulator,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(
    `${sim.origin}/__control/${path}`,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('simulator /__control over HTTP', () => {
  it('adds students, plants orders, sets faults, moves the clock, shows the ledger, resets', async () => {
    const sim = await startXiaobaoSimulator({ tokenTtlMs: 60_000 });
    sims.push(sim);
    const client = createXiaobaoClient({ baseUrl: sim.baseUrl, ...sim.credentials, readRetries: 0, tokenMarginMs: 0 });
    expect((await control(sim, 'students', { id: 7, name: '张三', balanceFen: 500 })).status).toBe(200);
    const planted = await control(sim, 'orders', {
      stuInfoId: 7,
      type: 2,
      realPayFen: 300,
      billNo: 'ERP-DESK-1',
      at: Date.now() - 60_000,
    });
    expect(planted.json['order']).toMatchObject({ stuInfoId: 7, type: 2, source: 'planted' });
    const ledger = await control(sim, 'ledger');
    expect(ledger.json['byBillNo']).toEqual({ 'ERP-DESK-1': 1 });

    await client.token();
    // The ERP's clock moves past the token's life: it answers code 401 (the client refreshes once).
    await control(sim, 'clock', { advanceMs: 61_000 });
    const offsetClient = createXiaobaoClient({
      baseUrl: sim.baseUrl,
      ...sim.credentials,
      readRetries: 0,
      now: () => Date.now() + 61_000,
    });
    await offsetClient.getChangedOrders({ startTime: '2026-12-01', endTime: '2026-12-02' });
    expect(sim.stats().tokensIssued).toBe(2);

    expect((await control(sim, 'faults', { read: { modes: ['5xx'], times: 1 } })).status).toBe(200);
    await expect(
      offsetClient.getChangedOrders({ startTime: '2026-12-01', endTime: '2026-12-02' }),
    ).rejects.toMatchObject({ kind: 'http', status: 503 });
    expect((await control(sim, 'faults', { write: { modes: ['explode'] } })).status).toBe(400);

    expect((await control(sim, 'reset', {})).status).toBe(200);
    expect((await control(sim, 'ledger')).json['orders']).toEqual([]);
    expect((await control(sim, 'nope', {})).status).toBe(404);
  });

  it('refuses a request signed for another body (tampered in transit)', async () => {
    const sim = await startXiaobaoSimulator({});
    sims.push(sim);
    const client = createXiaobaoClient({ baseUrl: sim.baseUrl, ...sim.credentials });
    const token = await client.token();
    const res = await fetch(`${sim.baseUrl}/OpenApi/GetChangedOrders`, {
      method: 'POST',
      headers: {
        token,
        'corp-id': sim.credentials.corpId,
        'xb-timestamp': String(Date.now()),
        'xb-sign-method': 'sha256',
        'xb-sign': '0'.repeat(64),
      },
      body: '{"startTime":"2026-12-01","endTime":"2026-12-02"}',
    });
    expect(await res.json()).toMatchObject({ code: SIM_CODES.badSign, message: '签名错误' });
  });
});
