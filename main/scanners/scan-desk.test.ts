import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanOutcome } from '../../app/contract/core.js';
import type { CounterpayApi } from '../../app/contract/index.js';
import { maskBarCode } from '../../app/payment/gateway-schema.js';
import type { LiveReport, PairingView, ScannerStatusView } from '../../app/contract/scanner.js';
import type { ScannerConfig } from '../../app/scan/config.js';
import { SIMULATED_SCANNERS as SIM } from '../../native/hid/simulated-backend.js';
import { createCore, type Core } from '../core.js';
import { createMemoryTransport } from '../handlers/memory-transport.js';
import { ConfigError } from '../config.js';
import { resolveScannerBackend } from './scan-desk.js';

/**
 * The scanner desk inside a real core (SQLite ledger, embedded sandbox gateway, dispatch with
 * access checks), with the simulated HID backend: every source goes through one pipeline and
 * the counter acts the same way on each; the settings screen's test mode, pairing and config.
 */

type Api = CounterpayApi & { close(): void };

async function value<T>(p: Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`command failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('scan desk in the core', () => {
  let dataDir: string;
  let core: Core;
  let cashier: Api;
  let supervisor: Api;
  let events: { name: string; payload: unknown }[];

  async function boot(env: Record<string, string> = { COUNTERPAY_SCANNER: 'simulated' }): Promise<void> {
    core = await createCore({ shell: 'memory', dataDir, config: {}, env });
    events = [];
    core.bus.subscribe((name, payload) => events.push({ name, payload }));
    cashier = createMemoryTransport(core.dispatch, core.bus, 'cashier-1');
    supervisor = createMemoryTransport(core.dispatch, core.bus, 'supervisor-1');
  }

  const of = <T>(name: string): T[] => events.filter((e) => e.name === name).map((e) => e.payload as T);

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-scan-desk-'));
    await boot();
    await core.operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
    await core.operators.add({ operatorNo: '9001', name: '李主管', role: 'supervisor', pin: '9999' });
    core.catalog.upsert({ code: '6901234567892', name: '成人票', priceFen: 8000, businessType: 1, quickKey: 1 });
    core.catalog.upsert({ code: '6901234567809', name: '儿童票', priceFen: 4000, businessType: 1, quickKey: 2 });
    await value(supervisor.invoke('session.signIn', { operatorNo: '9001', pin: '9999' }));
    await value(cashier.invoke('session.signIn', { operatorNo: '1001', pin: '1234' }));
    await value(cashier.invoke('shift.open', { floatFen: 0 }));
  });

  afterEach(async () => {
    cashier.close();
    supervisor.close();
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('HID and browser-wedge scans go through one pipeline and act the same way on the bill', async () => {
    const status = await value<ScannerStatusView>(cashier.invoke('scanner.status', {}));
    expect(status).toMatchObject({ backend: 'simulated', hid: 'ready', testing: false });
    expect(status.connected.map((c) => c.deviceId).sort()).toEqual(['0c2e:0f01:SIM-HW-0001', '1eab:0f10:SIM-NL-0001']);

    // A product from the HID scanner, another from the page's wedge: both added the same way.
    expect(
      core.scanners.service.simulator!.scan(SIM.honeywellPos.path, '6901234567892', { aim: ']E0' }),
    ).toBeGreaterThan(0);
    const viaWedge = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: '6901234567809', source: 'keyboard-wedge' }),
    );
    expect(viaWedge).toMatchObject({ action: 'add-product', kind: 'ean13', beep: 'ok' });
    // The same text from a second source at once is one physical scan (a keyboard-mode scanner
    // read through hidraw is also typed into the page): dropped, not a third item.
    const echo = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: '6901234567892', source: 'keyboard-wedge' }),
    );
    expect(echo).toMatchObject({ action: 'reject', reason: 'duplicate' });
    const routed = of<ScanOutcome>('scan.routed');
    expect(routed.map((o) => [o.action, o.beep])).toEqual([
      ['add-product', 'ok'],
      ['add-product', 'ok'],
    ]);
    const state = await value<{ bill: { totalFen: number; lines: unknown[] } }>(cashier.invoke('counter.state', {}));
    expect(state.bill.totalFen).toBe(12_000);

    // A payment code from the HID scanner pays; the mode switches to payment-live at once, so a
    // second code right behind it (another source) is refused with the error beep.
    core.scanners.service.simulator!.scan(SIM.newlandPos.path, '130000000000000002');
    expect(of<ScanOutcome>('scan.routed').at(-1)).toMatchObject({ action: 'pay', kind: 'wechat', beep: 'ok' });
    const second = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: '131111111111111111', source: 'keyboard-wedge' }),
    );
    expect(second).toMatchObject({ action: 'reject', reason: 'payment-live', beep: 'error' });
    // The same payment code read again at once is dropped, never a second attempt.
    const dup = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: '130000000000000002', source: 'keyboard-wedge' }),
    );
    expect(dup).toMatchObject({ action: 'reject', reason: 'duplicate' });
    const billId = core.bills.current()!.id;
    // One attempt, with the first code.
    const attempt = core.payments.latestForBill(billId)!;
    expect(attempt.attemptNo).toBe(1);
    expect(attempt.barCodeMasked).toBe(maskBarCode('130000000000000002'));

    // Unknown and misplaced scans: error beep and a message.
    const unknown = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: 'hello-world', source: 'keyboard-wedge' }),
    );
    expect(unknown.beep).toBe('error');
    const bad = await cashier.invoke('scan.submit', { text: '', source: 'keyboard-wedge' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('an amount typed before a payment code is collected by that scan, in one step; an invalid one leaves nothing', async () => {
    // Without an amount, a payment code at an empty counter is refused (nothing to collect).
    const none = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: '130000000000000701', source: 'keyboard-wedge' }),
    );
    expect(none).toMatchObject({ action: 'reject' });
    expect(core.bills.current()).toBeNull();

    // With the typed amount: a quick-sale bill of that amount, and the payment started on it.
    const paid = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: '130000000000000702', source: 'keyboard-wedge', amountFen: 1250 }),
    );
    expect(paid).toMatchObject({ action: 'pay', kind: 'wechat' });
    const bill = core.bills.current()!;
    expect(bill.totalFen).toBe(1250);
    expect(bill.lines).toHaveLength(1);
    const attempt = core.payments.latestForBill(bill.id)!;
    expect(attempt.amountFen).toBe(1250);
    expect(attempt.barCodeMasked).toBe(maskBarCode('130000000000000702'));

    // The amount is checked at the boundary: zero, fractions of a fen and too much never reach a bill.
    for (const amountFen of [0, 12.5, 100_000_000_000]) {
      const r = await cashier.invoke('scan.submit', {
        text: '130000000000000703',
        source: 'keyboard-wedge',
        amountFen,
      });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    // None of them touched the bill.
    expect(core.bills.get(bill.id)!.lines).toHaveLength(1);
  });

  it('a payment code from a HID scanner at an empty counter is held once for the amount typed on a screen', async () => {
    core.scanners.service.simulator!.scan(SIM.newlandPos.path, '130000000000000721');
    const refused = of<ScanOutcome>('scan.routed').at(-1)!;
    expect(refused).toMatchObject({ action: 'reject', beep: 'error' });
    expect(refused.held).toMatch(/^[0-9a-f]{24}$/);
    expect(core.bills.current()).toBeNull();

    // A wrong token, or a bad amount, does nothing and keeps nothing.
    const wrong = await cashier.invoke('scan.collectHeld', { token: 'ab'.repeat(12), amountFen: 990 });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'scan-misplaced' } });
    const bad = await cashier.invoke('scan.collectHeld', { token: refused.held!, amountFen: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(core.bills.current()).toBeNull();

    const paid = await value<ScanOutcome>(cashier.invoke('scan.collectHeld', { token: refused.held!, amountFen: 990 }));
    expect(paid).toMatchObject({ action: 'pay', beep: 'ok' });
    expect(of<ScanOutcome>('scan.routed').at(-1)).toMatchObject({ action: 'pay' });
    const bill = core.bills.current()!;
    expect(bill.totalFen).toBe(990);
    const attempt = core.payments.latestForBill(bill.id)!;
    expect(attempt).toMatchObject({ amountFen: 990, barCodeMasked: maskBarCode('130000000000000721') });

    // Good once: a second claim (another screen, a replay) is refused and charges nothing more.
    const again = await cashier.invoke('scan.collectHeld', { token: refused.held!, amountFen: 990 });
    expect(again).toMatchObject({ ok: false, error: { code: 'scan-misplaced' } });
    expect(core.payments.latestForBill(bill.id)!.id).toBe(attempt.id);
    // Nobody signed in on a connection cannot claim.
    const stranger = createMemoryTransport(core.dispatch, core.bus, 'stranger-1');
    const anon = await stranger.invoke('scan.collectHeld', { token: refused.held!, amountFen: 990 });
    expect(anon.ok).toBe(false);
    stranger.close();
  });

  it('a typed amount on a bill being built is one more line, and the scan collects the whole bill', async () => {
    await value(cashier.invoke('scan.submit', { text: '6901234567892', source: 'keyboard-wedge' }));
    const r = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: '130000000000000711', source: 'keyboard-wedge', amountFen: 500 }),
    );
    expect(r).toMatchObject({ action: 'pay' });
    const bill = core.bills.current()!;
    expect(bill.lines.map((l) => l.amountFen)).toEqual([8000, 500]);
    expect(core.payments.latestForBill(bill.id)!.amountFen).toBe(8500);
    // While that payment is live, another amount and code change nothing.
    const again = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: '130000000000000712', source: 'keyboard-wedge', amountFen: 700 }),
    );
    expect(again).toMatchObject({ action: 'reject', reason: 'payment-live' });
    expect(core.bills.get(bill.id)!.lines).toHaveLength(2);
  });

  it('test mode: scans show in the live view (raw reports too) and never pay or add', async () => {
    await value(cashier.invoke('sale.quick', { amountFen: 500 }));
    const lease = await value<{ testing: boolean; until: number; ttlMs: number }>(
      cashier.invoke('scanner.testMode', { on: true }),
    );
    expect(lease.testing).toBe(true);
    expect(of<ScannerStatusView>('scanner.status').at(-1)).toMatchObject({ testing: true });

    core.scanners.service.simulator!.scan(SIM.honeywellPos.path, '130000000000000002', { aim: ']Q1' });
    const wedge = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: '6901234567892', source: 'keyboard-wedge' }),
    );
    expect(wedge).toMatchObject({ action: 'pair', reason: 'test', beep: 'ok' });

    const live = of<LiveReport>('scanner.report');
    const raw = live.filter((r) => r.type === 'report');
    expect(raw.length).toBeGreaterThan(0);
    expect(raw[0]).toMatchObject({ deviceId: '0c2e:0f01:SIM-HW-0001' });
    expect((raw[0] as { hex: string }).hex).toMatch(/^[0-9a-f]+$/);
    expect(raw.some((r) => r.type === 'report' && r.decoded === '130000000000000002')).toBe(true);
    const scans = live.filter((r): r is Extract<LiveReport, { type: 'scan' }> => r.type === 'scan');
    expect(scans.map((s) => [s.source, s.text, s.kind])).toEqual([
      ['hid-pos', '130000000000000002', 'wechat'],
      ['keyboard-wedge', '6901234567892', 'ean13'],
    ]);
    // Nothing happened to the bill.
    const bill = core.bills.current()!;
    expect(core.payments.latestForBill(bill.id)).toBeNull();
    expect(bill.lines).toHaveLength(1);

    // Off: the counter acts again; the raw feed stops.
    await value(cashier.invoke('scanner.testMode', { on: false }));
    const before = of<LiveReport>('scanner.report').length;
    core.scanners.service.simulator!.scan(SIM.honeywellPos.path, '6901234567809');
    expect(of<LiveReport>('scanner.report')).toHaveLength(before);
    expect(of<ScanOutcome>('scan.routed').at(-1)).toMatchObject({ action: 'add-product' });
  });

  it('pairing: the HID scanner that reads the shown code is paired and the config survives a restart', async () => {
    expect(await cashier.invoke('scanner.pairStart', {})).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    const shown = await value<PairingView>(supervisor.invoke('scanner.pairStart', {}));
    expect(shown).toMatchObject({ state: 'waiting' });
    expect(shown.code).toMatch(/^CPPAIR-[A-Z2-9]{8}$/);

    // A keyboard-mode scanner reading it: nothing to pair, and it says so.
    const kb = await value<ScanOutcome>(cashier.invoke('scan.submit', { text: shown.code!, source: 'keyboard-wedge' }));
    expect(kb).toMatchObject({ action: 'pair', reason: 'keyboard' });
    expect(of<PairingView>('scanner.pairing').at(-1)).toMatchObject({ state: 'keyboard' });

    const again = await value<PairingView>(supervisor.invoke('scanner.pairStart', {}));
    expect(again.code).not.toBe(shown.code);
    core.scanners.service.simulator!.scan(SIM.newlandPos.path, again.code!, { codeId: 'j' });
    expect(of<ScanOutcome>('scan.routed').at(-1)).toMatchObject({ action: 'pair', reason: 'paired', beep: 'ok' });
    expect(of<PairingView>('scanner.pairing').at(-1)).toMatchObject({
      state: 'paired',
      deviceId: '1eab:0f10:SIM-NL-0001',
    });
    await core.scanners.service.manager.whenIdle();
    await expect.poll(() => core.scanners.config().hid.pairedDeviceIds).toEqual(['1eab:0f10:SIM-NL-0001']);
    expect(of<ScannerConfig>('scanner.config').at(-1)?.hid.pairedDeviceIds).toEqual(['1eab:0f10:SIM-NL-0001']);

    // Paired-only: the other scanner is closed.
    await value(supervisor.invoke('scanner.config.set', { hid: { mode: 'paired-only' } }));
    const { devices } = await value<{ devices: { deviceId: string; state: string; paired: boolean }[] }>(
      cashier.invoke('scanner.devices', {}),
    );
    expect(devices.find((d) => d.deviceId === '1eab:0f10:SIM-NL-0001')).toMatchObject({
      state: 'connected',
      paired: true,
    });
    expect(devices.find((d) => d.deviceId === '0c2e:0f01:SIM-HW-0001')?.state).not.toBe('connected');

    // Restart on the same data folder: the settings come back from the ledger.
    cashier.close();
    supervisor.close();
    await core.close();
    await boot();
    expect(core.scanners.config().hid).toMatchObject({
      mode: 'paired-only',
      pairedDeviceIds: ['1eab:0f10:SIM-NL-0001'],
    });
    await value(supervisor.invoke('session.signIn', { operatorNo: '9001', pin: '9999' }));
    await value(cashier.invoke('session.signIn', { operatorNo: '1001', pin: '1234' }));
    const unpaired = await value<ScannerConfig>(
      supervisor.invoke('scanner.unpair', { deviceId: '1eab:0f10:SIM-NL-0001' }),
    );
    expect(unpaired.hid.pairedDeviceIds).toEqual([]);
  });

  it('thresholds: checked with the field and limit named, applied, pushed; supervisors only', async () => {
    expect(await cashier.invoke('scanner.config.set', { wedge: { maxGapMs: 40 } })).toMatchObject({
      ok: false,
      error: { code: 'supervisor-required' },
    });
    const tooBig = await supervisor.invoke('scanner.config.set', { wedge: { maxGapMs: 900 } });
    expect(tooBig).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: { field: 'wedge.maxGapMs', limit: 200 } },
    });
    const crossed = await supervisor.invoke('scanner.config.set', { wedge: { maxGapMs: 60, endGapMs: 50 } });
    expect(crossed).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: { field: 'wedge.endGapMs', limit: 'wedge.maxGapMs' } },
    });
    expect(core.scanners.config().wedge.maxGapMs).toBe(35);

    const cfg = await value<ScannerConfig>(
      supervisor.invoke('scanner.config.set', { wedge: { maxGapMs: 45, endGapMs: 120 }, cardPattern: 'VIP\\d{7}' }),
    );
    expect(cfg.wedge).toMatchObject({ maxGapMs: 45, endGapMs: 120 });
    expect(of<ScannerConfig>('scanner.config').at(-1)?.cardPattern).toBe('VIP\\d{7}');
    expect(await value<ScannerConfig>(cashier.invoke('scanner.config.get', {}))).toMatchObject({
      cardPattern: 'VIP\\d{7}',
    });
    // The card pattern reaches classification.
    const card = await value<ScanOutcome>(
      cashier.invoke('scan.submit', { text: 'VIP0012345', source: 'keyboard-wedge' }),
    );
    expect(card.kind).toBe('card');
    const cleared = await value<ScannerConfig>(supervisor.invoke('scanner.config.set', { cardPattern: '' }));
    expect(cleared.cardPattern).toBeUndefined();
  });

  it('the developer menu drives the simulated scanners: unplug shows up in the status', async () => {
    const sims = await value<{ devices: { path: string; plugged: boolean }[] }>(
      cashier.invoke('scanner.simulated', {}),
    );
    expect(
      sims.devices
        .filter((d) => d.plugged)
        .map((d) => d.path)
        .sort(),
    ).toEqual([SIM.honeywellPos.path, SIM.newlandPos.path].sort());
    await value(cashier.invoke('scanner.simulate', { action: 'unplug', path: SIM.honeywellPos.path }));
    await core.scanners.service.manager.whenIdle();
    await expect.poll(() => core.scanners.status().connected.map((c) => c.deviceId)).toEqual(['1eab:0f10:SIM-NL-0001']);
    expect(of<ScannerStatusView>('scanner.status').at(-1)?.connected).toHaveLength(1);
    expect(
      await cashier.invoke('scanner.simulate', { action: 'scan', path: SIM.honeywellPos.path, text: '6901234567892' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'scanner-not-found' },
    });
    await value(cashier.invoke('scanner.simulate', { action: 'plug', path: SIM.honeywellPos.path }));
    expect(core.scanners.status().connected).toHaveLength(2);
    const r = await value<{ delivered: number }>(
      cashier.invoke('scanner.simulate', { action: 'scan', path: SIM.honeywellPos.path, text: '6901234567892' }),
    );
    expect(r.delivered).toBeGreaterThan(0);
    expect(of<ScanOutcome>('scan.routed').at(-1)).toMatchObject({ action: 'add-product' });
  });

  it('the udev rule and its install command are served', async () => {
    const u = await value<{ rules: string; installCommand: string; shippedPath: string | null; fileName: string }>(
      cashier.invoke('scanner.udev', {}),
    );
    expect(u.fileName).toBe('70-counterpay-scanners.rules');
    expect(u.rules).toContain('SUBSYSTEM=="hidraw", ATTRS{idVendor}=="1eab"');
    expect(u.installCommand).toContain('/etc/udev/rules.d/');
    expect(u.installCommand).toContain('udevadm control --reload-rules');
  });
});

describe('scanner backend choice', () => {
  it('defaults to node-hid in the shells and off in memory; refuses nonsense', () => {
    expect(resolveScannerBackend(undefined, 'browser')).toBe('node-hid');
    expect(resolveScannerBackend(undefined, 'memory')).toBe('off');
    expect(resolveScannerBackend('simulated', 'electron')).toBe('simulated');
    expect(resolveScannerBackend('HID', 'memory')).toBe('node-hid');
    expect(() => resolveScannerBackend('usb', 'browser')).toThrow(ConfigError);
  });

  it('off: HID unavailable with a reason, the wedge still works, simulate refuses', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-scan-off-'));
    const core = await createCore({ shell: 'memory', dataDir: dir, config: {}, env: {} });
    try {
      expect(core.scanners.status()).toMatchObject({ backend: 'off', hid: 'unavailable' });
      expect(core.scanners.status().hidError).toMatch(/COUNTERPAY_SCANNER=off/);
      const api = createMemoryTransport(core.dispatch, core.bus, 'x');
      const out = await api.invoke('scan.submit', { text: '6901234567892', source: 'keyboard-wedge' });
      // Nobody is signed in on this connection: scan.submit is refused before it reaches the pipeline.
      expect(out).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
      api.close();
    } finally {
      await core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
