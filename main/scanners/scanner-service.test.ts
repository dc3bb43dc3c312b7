import { describe, expect, it } from 'vitest';
import { makePairingCode, matchesPairingCode } from '../../app/scan/pairing.js';
import type { CounterMode } from '../../app/scan/route.js';
import type { RoutedScan } from '../../app/scan/types.js';
import { SIMULATED_SCANNERS as SIM } from '../../native/hid/simulated-backend.js';
import { createScannerService } from './scanner-service.js';

describe('scanner service', () => {
  it('pairing flow: show a code, the scanner that reads it gets paired, paired-only mode keeps it', async () => {
    let mode: CounterMode = 'pairing';
    const routed: RoutedScan[] = [];
    const svc = createScannerService({
      backend: 'simulated',
      getCounterMode: () => mode,
      onRouted: (r) => routed.push(r),
    });
    await svc.start();
    const code = makePairingCode(crypto.getRandomValues(new Uint8Array(8)));
    svc.simulator!.scan(SIM.newlandPos.path, code, { codeId: 'j' });
    const r = routed[0]!;
    expect(r.route.action).toBe('pair');
    expect(matchesPairingCode(r.scan.text, code)).toBe(true);
    await svc.pair(r.scan.deviceId!);
    await svc.applyConfig({ hid: { mode: 'paired-only' } });
    expect(svc.config().hid).toMatchObject({ mode: 'paired-only', pairedDeviceIds: ['1eab:0f10:SIM-NL-0001'] });
    expect(svc.simulator!.isOpen(SIM.newlandPos.path)).toBe(true);
    expect(svc.simulator!.isOpen(SIM.honeywellPos.path)).toBe(false);
    const list = await svc.listDevices();
    expect(list.find((d) => d.path === SIM.newlandPos.path)).toMatchObject({ paired: true, state: 'connected' });
    mode = 'building';
    svc.simulator!.scan(SIM.newlandPos.path, '6901028075022');
    expect(routed.at(-1)!.route.action).toBe('add-product');
    await svc.stop();
  });

  it('browser-shell wedge scans are validated and always tagged keyboard-wedge', async () => {
    const routed: RoutedScan[] = [];
    const svc = createScannerService({
      backend: 'simulated',
      getCounterMode: () => 'awaiting-payment',
      onRouted: (r) => routed.push(r),
    });
    expect(svc.submitWedgeScan({ text: '134567890123456789', source: 'hid-pos', at: Date.now() }).status).toBe(
      'routed',
    );
    expect(routed[0]!.scan).toMatchObject({ source: 'keyboard-wedge', deviceId: 'browser-wedge' });
    expect(svc.submitWedgeScan({ text: 42 }).status).toBe('invalid');
    expect(svc.submitWedgeScan('nonsense').status).toBe('invalid');
  });

  it('config changes reach classification and the Electron wedges', async () => {
    const routed: RoutedScan[] = [];
    const svc = createScannerService({
      backend: 'simulated',
      getCounterMode: () => 'recharge-card',
      onRouted: (r) => routed.push(r),
    });
    const wedge = svc.createElectronWedge({ insertText: async () => {}, sendKey: () => {} });
    svc.submitWedgeScan({ text: 'VIP0012345', at: 1 });
    await svc.applyConfig({ cardPattern: 'VIP\\d{7}', wedge: { minLength: 10 } });
    svc.submitWedgeScan({ text: 'VIP0012346', at: 2 });
    expect(routed.map((r) => r.route.action)).toEqual(['reject', 'set-card']);
    expect(wedge.options().minLength).toBe(10);
    await expect(svc.applyConfig({ hid: { pollIntervalMs: 10 } })).rejects.toThrow();
    await svc.stop();
  });
});
