import { describe, expect, it } from 'vitest';
import type { CounterMode } from '../../app/scan/route.js';
import type { RoutedScan } from '../../app/scan/types.js';
import { createSimulatedBackend, SIMULATED_SCANNERS as SIM } from '../../native/hid/simulated-backend.js';
import { createScannerManager } from '../../native/scanner-manager.js';
import { createScanPipeline } from './scan-pipeline.js';

function setup(initialMode: CounterMode = 'building') {
  let mode = initialMode;
  let t = 0;
  const routed: RoutedScan[] = [];
  const logs: string[] = [];
  const pipeline = createScanPipeline({
    getCounterMode: () => mode,
    classifyOptions: { cardPattern: 'VIP\\d{7}' },
    onRouted: (r) => routed.push(r),
    now: () => t,
    log: { info: (m, d) => logs.push(`${m} ${JSON.stringify(d)}`), warn: () => {}, error: (m) => logs.push(m) },
  });
  return {
    pipeline,
    routed,
    logs,
    setMode: (m: CounterMode) => (mode = m),
    tick: (ms: number) => (t += ms),
  };
}

const ev = (text: string, source: 'hid-pos' | 'hid-keyboard' | 'keyboard-wedge' = 'hid-pos', extra = {}) => ({
  text,
  source,
  at: 1_763_700_000_000,
  ...extra,
});

describe('scan pipeline', () => {
  it('classifies and routes every source the same way', () => {
    const { pipeline, routed } = setup('building');
    pipeline.submit(ev('6901028075022', 'hid-pos', { deviceId: '0c2e:0f01:S', symbology: ']E0' }));
    pipeline.submit(ev('4006381333931\r\n', 'keyboard-wedge', { deviceId: 'browser-wedge' }));
    pipeline.submit(ev(']E096385074', 'hid-keyboard'));
    expect(routed.map((r) => [r.seq, r.classified.kind, r.route.action])).toEqual([
      [1, 'ean13', 'add-product'],
      [2, 'ean13', 'add-product'],
      [3, 'ean8', 'add-product'],
    ]);
    expect(routed[0]!.scan.deviceId).toBe('0c2e:0f01:S');
  });

  it('reads the counter mode for every scan: a core that locks in onRouted gets the next code rejected', () => {
    let mode: CounterMode = 'awaiting-payment';
    const routed: RoutedScan[] = [];
    const pipeline = createScanPipeline({
      getCounterMode: () => mode,
      onRouted: (r) => {
        routed.push(r);
        if (r.route.action === 'pay') mode = 'payment-live'; // the core locks the bill synchronously
      },
    });
    pipeline.submit(ev('134567890123456789'));
    pipeline.submit(ev('134567890123456790', 'keyboard-wedge')); // a refreshed code from the customer
    expect(routed.map((r) => r.route.action)).toEqual(['pay', 'reject']);
    expect(routed[1]!.route).toMatchObject({ reason: 'payment-live', errorCode: 'bill-locked', beep: 'error' });
  });

  it('drops the same payment code read twice (double read), from any source', () => {
    const { pipeline, routed, tick } = setup('awaiting-payment');
    expect(pipeline.submit(ev('284012345678901234')).status).toBe('routed');
    tick(300);
    expect(pipeline.submit(ev('284012345678901234'))).toEqual({ status: 'duplicate', of: 1 });
    tick(1300);
    // Outside the window it is routed (the core's lock decides).
    expect(pipeline.submit(ev('284012345678901234')).status).toBe('routed');
    expect(routed).toHaveLength(2);
  });

  it('drops the same scan arriving through two sources; keeps repeated products from one source', () => {
    const { pipeline, routed, tick } = setup('building');
    pipeline.submit(ev('6901028075022', 'hid-keyboard'));
    tick(40);
    expect(pipeline.submit(ev('6901028075022', 'keyboard-wedge')).status).toBe('duplicate');
    tick(200);
    expect(pipeline.submit(ev('6901028075022', 'hid-keyboard')).status).toBe('routed'); // a second item
    tick(10);
    expect(pipeline.submit(ev('6901028075022', 'hid-keyboard')).status).toBe('routed'); // and a third
    expect(routed).toHaveLength(3);
  });

  it('rejects invalid events at the boundary without routing them', () => {
    const { pipeline, routed } = setup();
    for (const bad of [
      null,
      {},
      { text: '', source: 'hid-pos', at: 1 },
      { text: 'x', source: 'usb', at: 1 },
      { text: 'x', source: 'hid-pos', at: -1 },
    ]) {
      const out = pipeline.submit(bad);
      expect(out.status).toBe('invalid');
      if (out.status === 'invalid') expect(out.error.code).toBe('invalid-input');
    }
    expect(routed).toEqual([]);
    expect(pipeline.stats()).toMatchObject({ invalid: 5, routed: 0 });
  });

  it('a throwing core handler does not break the pipeline', () => {
    let n = 0;
    const pipeline = createScanPipeline({
      getCounterMode: () => 'building',
      onRouted: () => {
        n++;
        throw new Error('core bug');
      },
    });
    expect(pipeline.submit(ev('6901028075022')).status).toBe('routed');
    expect(pipeline.submit(ev('4006381333931')).status).toBe('routed');
    expect(n).toBe(2);
    expect(pipeline.stats().handlerErrors).toBe(2);
  });

  it('never logs a payment code in clear', () => {
    const { pipeline, logs } = setup('awaiting-payment');
    pipeline.submit(ev('134567890123456789'));
    expect(logs.join('\n')).not.toContain('134567890123456789');
    expect(logs.join('\n')).toContain('1345**********6789');
  });

  it('card pattern and mode changes apply live', () => {
    const { pipeline, routed, setMode, tick } = setup('recharge-card');
    pipeline.submit(ev('VIP0012345'));
    pipeline.setClassifyOptions({ cardPattern: '88\\d{11}' });
    pipeline.submit(ev('8800012345678', 'keyboard-wedge')); // valid EAN-13 but a card here
    setMode('building');
    expect(pipeline.submit(ev('8800012345678', 'hid-pos')).status).toBe('duplicate'); // same text, other source, 0 ms later
    tick(500);
    pipeline.submit(ev('8800012345678', 'hid-pos'));
    expect(routed.map((r) => r.route.action)).toEqual(['set-card', 'set-card', 'add-product']);
  });

  it('end to end: simulated HID scanner → manager → pipeline → routed', async () => {
    const sim = createSimulatedBackend([SIM.honeywellPos]);
    const manager = createScannerManager({ backend: sim });
    const { pipeline, routed } = setup('awaiting-payment');
    manager.onScan((s) => pipeline.submit(s));
    await manager.start();
    sim.scan(SIM.honeywellPos.path, '6226123456789012345', { aim: ']Q1' });
    sim.scan(SIM.honeywellPos.path, '6901028075022', { aim: ']E0' });
    await manager.stop();
    expect(routed.map((r) => [r.classified.kind, r.route.action, r.route.reason ?? null, r.scan.symbology])).toEqual([
      ['unionpay', 'pay', null, ']Q1'],
      ['ean13', 'reject', 'misplaced', ']E0'],
    ]);
  });
});
