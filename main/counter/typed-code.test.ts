import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanOutcome } from '../../app/contract/core.js';
import type { CounterpayApi } from '../../app/contract/index.js';
import type { CounterState } from '../../app/contract/schemas.js';
import { maskBarCode } from '../../app/payment/gateway-schema.js';
import { classifyScan } from '../../app/scan/classify.js';
import { routeScan } from '../../app/scan/route.js';
import { routeTyped } from '../../app/scan/route-typed.js';
import { createCore, type Core } from '../core.js';
import { createMemoryTransport } from '../handlers/memory-transport.js';

/**
 * Codes typed into the counter's entry field (`scan.submit` source 'typed') are routed by the core
 * with the scan router and acted on by the same actor, in a real core (SQLite ledger, embedded
 * sandbox gateway, dispatch with access checks) — without the scan pipeline's side effects.
 */

type Api = CounterpayApi & { close(): void };

async function value<T>(p: Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`command failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('typed codes at the counter', () => {
  let dataDir: string;
  let core: Core;
  let cashier: Api;
  let events: { name: string; payload: unknown }[];

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-typed-'));
    core = await createCore({ shell: 'memory', dataDir, config: {}, env: { COUNTERPAY_SCANNER: 'simulated' } });
    events = [];
    core.bus.subscribe((name, payload) => events.push({ name, payload }));
    cashier = createMemoryTransport(core.dispatch, core.bus, 'cashier-1');
    await core.operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
    core.catalog.upsert({ code: '6901234567892', name: '成人票', priceFen: 8000, businessType: 1, quickKey: 1 });
    core.catalog.upsert({ code: 'A-001', name: '雨衣', priceFen: 1000, businessType: 1 });
    await value(cashier.invoke('session.signIn', { operatorNo: '1001', pin: '1234' }));
    await value(cashier.invoke('shift.open', { floatFen: 0 }));
  });

  afterEach(async () => {
    cashier.close();
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const typed = (text: string, collecting = false) =>
    value<ScanOutcome>(
      cashier.invoke('scan.submit', { text, source: 'typed', ...(collecting ? { collecting: true } : {}) }),
    );
  const state = () => value<CounterState>(cashier.invoke('counter.state', {}));
  const routed = () => events.filter((e) => e.name === 'scan.routed');

  it('routes typed codes as scanned ones: product → line, payment code while collecting → payment', async () => {
    // The router for typed codes is the scan router in every mode it shares with a scan.
    for (const text of ['6901234567892', '134567890123456789', '6901234567809']) {
      for (const mode of ['idle', 'building', 'payment-live', 'locked'] as const) {
        expect(routeTyped(classifyScan(text), mode, false)).toEqual(routeScan(classifyScan(text), mode));
      }
      expect(routeTyped(classifyScan(text), 'building', true)).toEqual(
        routeScan(classifyScan(text), 'awaiting-payment'),
      );
    }

    expect(await typed('6901234567892')).toMatchObject({ action: 'add-product', kind: 'ean13', zh: '已加入：成人票' });
    // An item code with letters, typed by hand, is an item too.
    expect(await typed('A-001')).toMatchObject({ action: 'add-product' });
    let s = await state();
    expect(s.bill?.lines.map((l) => l.itemCode)).toEqual(['6901234567892', 'A-001']);
    expect(s.bill?.totalFen).toBe(9_000);

    // Waiting for the payment code (请扫描付款码): a product is not added.
    expect(await typed('6901234567892', true)).toMatchObject({ action: 'reject', reason: 'misplaced' });
    expect((await state()).bill?.lines).toHaveLength(2);
    expect(await typed('134567890123456789', true)).toMatchObject({ action: 'pay', kind: 'wechat' });
    s = await state();
    expect(s.attempt?.barCodeMasked).toBe(maskBarCode('134567890123456789'));
    // Live: a second typed code is refused, never a second attempt.
    expect(await typed('130000000000000002', true)).toMatchObject({ action: 'reject', reason: 'payment-live' });
    expect(core.payments.latestForBill(s.bill!.id)?.attemptNo).toBe(1);
  });

  it('refuses unknown and misplaced codes with words, and a payment code at an empty counter', async () => {
    const noBill = await typed('134567890123456789');
    expect(noBill).toMatchObject({ action: 'reject', reason: 'misplaced' });
    expect(noBill.zh).toContain('没有待收款的账单');
    const unknown = await typed('hello world');
    expect(unknown).toMatchObject({ action: 'reject', reason: 'unrecognised' });
    expect(unknown.zh).toMatch(/[\u4e00-\u9fff]/);
    const missing = await typed('B-404');
    expect(missing).toMatchObject({ action: 'reject', reason: 'item-not-found', zh: '找不到商品：B-404' });
    // Nothing was charged.
    expect((await state()).attempt).toBeNull();
  });

  it('never triggers the hardware-scan side effects: no scan.routed, no beep, no held code, no duplicate filter', async () => {
    // A payment code at an empty counter is not held for a typed amount (a scan's is).
    const atEmpty = await typed('134567890123456789');
    expect(atEmpty).toMatchObject({ action: 'reject', reason: 'misplaced' });
    expect(atEmpty.held).toBeUndefined();
    const first = await typed('6901234567892');
    const again = await typed('6901234567892');
    // The same text twice at once is two items (a cashier typing twice), not one physical scan.
    expect([first.action, again.action]).toEqual(['add-product', 'add-product']);
    expect((await state()).bill?.lines.reduce((n, l) => n + l.quantity, 0)).toBe(2);
    expect(first.beep).toBeUndefined();
    expect(atEmpty.beep).toBeUndefined();
    expect(routed()).toEqual([]);

    // The same code from the page's wedge goes through the pipeline: routed, with its beep.
    expect(
      await value<ScanOutcome>(cashier.invoke('scan.submit', { text: '6901234567892', source: 'keyboard-wedge' })),
    ).toMatchObject({ action: 'add-product', beep: 'ok' });
    expect(routed()).toHaveLength(1);
  });
});
