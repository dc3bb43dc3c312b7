import { describe, expect, it } from 'vitest';
import type { ScanEvent, ScannerStatus } from '../app/scan/types.js';
import type { ScanLogger } from './clock.js';
import { encodeHoneywellReports, encodeKeyboardReports } from './decode/encode.js';
import { HONEYWELL_FIXTURES } from './decode/fixtures/reports.js';
import { createSimulatedBackend, SIMULATED_SCANNERS as SIM } from './hid/simulated-backend.js';
import { createScannerManager, type ScannerManagerOptions } from './scanner-manager.js';
import { createManualClock } from './test-clock.js';

function setup(
  opts: Partial<ScannerManagerOptions> = {},
  devices = [SIM.honeywellPos, SIM.newlandPos, SIM.newlandKeyboard, SIM.cashierKeyboard],
) {
  const sim = createSimulatedBackend(devices);
  const clock = createManualClock();
  const logs: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const log: ScanLogger = {
    info: (message, details) => logs.push({ level: 'info', message, details }),
    warn: (message, details) => logs.push({ level: 'warn', message, details }),
    error: (message, details) => logs.push({ level: 'error', message, details }),
  };
  const manager = createScannerManager({ backend: sim, clock, log, ...opts });
  const scans: ScanEvent[] = [];
  const statuses: ScannerStatus[] = [];
  manager.onScan((s) => scans.push(s));
  manager.onStatus((s) => statuses.push(s));
  const advance = (ms: number) => clock.advance(ms, () => manager.whenIdle());
  return { sim, clock, manager, scans, statuses, logs, advance };
}

const connectedIds = (s: ScannerStatus) => s.connected.map((c) => c.deviceId).sort();

describe('scanner manager: selection and reading', () => {
  it('opens HID-POS scanners only, never the cashier keyboard or a keyboard-mode scanner', async () => {
    const { sim, manager } = setup();
    await manager.start();
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(true);
    expect(sim.isOpen(SIM.newlandPos.path)).toBe(true);
    expect(sim.isOpen(SIM.newlandKeyboard.path)).toBe(false);
    expect(sim.isOpen(SIM.cashierKeyboard.path)).toBe(false);
    expect(connectedIds(manager.status())).toEqual(['0c2e:0f01:SIM-HW-0001', '1eab:0f10:SIM-NL-0001']);
    expect(manager.status().hid).toBe('ready');
    await manager.stop();
  });

  it('emits one ScanEvent per scan with text, symbology, device, raw reports and time', async () => {
    const { sim, clock, manager, scans } = setup();
    await manager.start();
    for (const r of HONEYWELL_FIXTURES[2]!.reports) sim.send(SIM.honeywellPos.path, r);
    sim.scan(SIM.newlandPos.path, '134567890123456789', { codeId: 'Q' });
    expect(scans).toEqual([
      {
        text: HONEYWELL_FIXTURES[2]!.expect[0]!.text,
        symbology: ']Q1',
        source: 'hid-pos',
        deviceId: '0c2e:0f01:SIM-HW-0001',
        raw: HONEYWELL_FIXTURES[2]!.reports.map((r) => Buffer.from(r).toString('hex')),
        at: clock.now(),
      },
      expect.objectContaining({
        text: '134567890123456789',
        symbology: 'newland:Q',
        deviceId: '1eab:0f10:SIM-NL-0001',
        source: 'hid-pos',
      }),
    ]);
    await manager.stop();
  });

  it('a listener that throws does not stop the next scan', async () => {
    const { sim, manager, scans, logs } = setup();
    manager.onScan(() => {
      throw new Error('boom');
    });
    await manager.start();
    sim.scan(SIM.honeywellPos.path, '6901028075022');
    sim.scan(SIM.honeywellPos.path, '4006381333931');
    expect(scans.map((s) => s.text)).toEqual(['6901028075022', '4006381333931']);
    expect(logs.filter((l) => l.level === 'error')).toHaveLength(2);
    await manager.stop();
  });

  it('live view: every raw report, with the decoded text on the one that completed a scan', async () => {
    const { sim, manager } = setup();
    await manager.start();
    const seen: { hex: string; decoded: string | null; issue: string | null }[] = [];
    const off = manager.onReport((r) => seen.push({ hex: r.hex, decoded: r.decoded, issue: r.issue }));
    for (const r of HONEYWELL_FIXTURES[3]!.reports) sim.send(SIM.honeywellPos.path, r);
    off();
    sim.scan(SIM.honeywellPos.path, '6901028075022');
    expect(seen.map((s) => s.decoded)).toEqual(['036000291452', null, 'VIP0012345']);
    expect(seen[1]!.issue).toBe('unexpected-report-id');
    expect(seen[0]!.hex).toHaveLength(128);
    await manager.stop();
  });
});

describe('scanner manager: hot-plug', () => {
  it('unplug = read error: closes, marks disconnected, re-enumerates; replug reopens on the next poll', async () => {
    const { sim, manager, scans, statuses, advance } = setup({ config: { pollIntervalMs: 1000 } });
    await manager.start();
    const enumerationsBefore = sim.stats.enumerations;

    sim.unplug(SIM.honeywellPos.path);
    await manager.whenIdle();
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(false);
    expect(connectedIds(manager.status())).toEqual(['1eab:0f10:SIM-NL-0001']);
    expect(statuses.at(-1)!.connected.map((c) => c.deviceId)).not.toContain('0c2e:0f01:SIM-HW-0001');
    expect(sim.stats.enumerations).toBe(enumerationsBefore + 1); // re-enumerated at once, not on the poll

    sim.plug(SIM.honeywellPos);
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(false); // not before the poll
    await advance(999);
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(false);
    await advance(1);
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(true);
    expect(sim.openCount(SIM.honeywellPos.path)).toBe(1);

    sim.scan(SIM.honeywellPos.path, '96385074');
    expect(scans.map((s) => s.text)).toEqual(['96385074']);
    await manager.stop();
  });

  it('a transient read error on a still-present device reopens it immediately, once', async () => {
    const { sim, manager, scans } = setup();
    await manager.start();
    const opens = sim.stats.opens;
    sim.injectReadError(SIM.honeywellPos.path);
    await manager.whenIdle();
    expect(sim.stats.opens).toBe(opens + 1);
    expect(sim.openCount(SIM.honeywellPos.path)).toBe(1); // one owner per device
    sim.scan(SIM.honeywellPos.path, '96385074');
    expect(scans).toHaveLength(1);
    await manager.stop();
  });

  it('a device that keeps failing to open is retried with backoff, and never opened twice', async () => {
    const { sim, manager, advance, logs } = setup({ config: { pollIntervalMs: 1000 } }, [SIM.honeywellPos]);
    sim.failOpen(SIM.honeywellPos.path, 5);
    await manager.start(); // attempt 1 fails (backoff 0)
    const attemptTimes: number[] = [];
    const countFailures = () => logs.filter((l) => l.message === 'scanner open failed').length;
    let seen = countFailures();
    for (let t = 0; t < 40_000; t += 1000) {
      await advance(1000);
      if (countFailures() > seen) {
        attemptTimes.push(t + 1000);
        seen = countFailures();
      }
      if (sim.isOpen(SIM.honeywellPos.path)) {
        attemptTimes.push(-(t + 1000)); // success marker
        break;
      }
    }
    // Attempts: 1 @start, 2 @1s (backoff 0), 3 after 1 s, 4 after 2 s, 5 after 4 s, success after 8 s.
    expect(attemptTimes).toEqual([1000, 2000, 4000, 8000, -16000]);
    expect(sim.openCount(SIM.honeywellPos.path)).toBe(1);
    await manager.stop();
  });

  it('enumeration failures are logged and retried on the next poll; open devices stay open', async () => {
    const { sim, manager, advance, logs } = setup({ config: { pollIntervalMs: 1500 } });
    await manager.start();
    sim.failEnumeration(2);
    await advance(1500);
    await advance(1500);
    expect(logs.filter((l) => l.message === 'HID enumeration failed')).toHaveLength(2);
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(true);
    sim.plug({ ...SIM.honeywellPos, path: 'sim://second', serialNumber: 'SIM-HW-0002' });
    await advance(1500);
    expect(sim.isOpen('sim://second')).toBe(true);
    await manager.stop();
  });

  it('polls no faster than once a second (config rejects less)', async () => {
    expect(() =>
      createScannerManager({ backend: createSimulatedBackend(), config: { pollIntervalMs: 500 } }),
    ).toThrow();
    const { sim, manager, advance } = setup({ config: { pollIntervalMs: 1000 } });
    await manager.start();
    const n = sim.stats.enumerations;
    await advance(10_000);
    expect(sim.stats.enumerations - n).toBe(10);
    await manager.stop();
  });

  it('stop() closes every device and leaves no timer behind', async () => {
    const { sim, clock, manager } = setup();
    await manager.start();
    await manager.stop();
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(false);
    expect(sim.isOpen(SIM.newlandPos.path)).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
    expect(manager.status()).toMatchObject({ hid: 'stopped', connected: [] });
  });
});

describe('scanner manager: HID unavailable', () => {
  it('a failing loader reports "unavailable" and start() still resolves', async () => {
    const statuses: ScannerStatus[] = [];
    const manager = createScannerManager({
      backend: async () => ({ ok: false, reason: 'HID unavailable: libusb-1.0.so.0: cannot open shared object file' }),
    });
    manager.onStatus((s) => statuses.push(s));
    await expect(manager.start()).resolves.toBeUndefined();
    expect(manager.status()).toMatchObject({ hid: 'unavailable', hidError: expect.stringContaining('libusb') });
    expect(statuses.at(-1)!.hid).toBe('unavailable');
    expect(await manager.listDevices({ refresh: true })).toEqual([]);
    await manager.stop();
  });
  it('a loader that throws is treated the same', async () => {
    const manager = createScannerManager({
      backend: async () => {
        throw new Error('segfault-ish');
      },
    });
    await manager.start();
    expect(manager.status().hid).toBe('unavailable');
  });
});

describe('scanner manager: settings screen support', () => {
  it('lists every device with role, state and pairing', async () => {
    const { manager } = setup({ config: { pairedDeviceIds: ['1eab:0f10:SIM-NL-0001'] } });
    await manager.start();
    const list = await manager.listDevices();
    const byPath = Object.fromEntries(list.map((d) => [d.path, d]));
    expect(byPath[SIM.honeywellPos.path]).toMatchObject({
      role: 'hid-pos',
      layout: 'honeywell',
      state: 'connected',
      paired: false,
      vendorName: 'Honeywell (Metrologic)',
    });
    expect(byPath[SIM.newlandPos.path]).toMatchObject({
      role: 'hid-pos',
      layout: 'newland',
      state: 'connected',
      paired: true,
    });
    expect(byPath[SIM.newlandKeyboard.path]).toMatchObject({
      role: 'hid-keyboard',
      state: 'available',
      note: 'keyboard mode: read by the keyboard wedge',
    });
    expect(byPath[SIM.cashierKeyboard.path]).toMatchObject({ role: 'other', state: 'ignored' });
    await manager.stop();
  });

  it('paired-only mode applies live: pairing opens, unpairing closes', async () => {
    const { sim, manager } = setup({ config: { mode: 'paired-only' } });
    await manager.start();
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(false);
    await manager.setConfig({ pairedDeviceIds: ['0c2e:0f01:SIM-HW-0001'] });
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(true);
    expect(sim.isOpen(SIM.newlandPos.path)).toBe(false);
    await manager.setConfig({ pairedDeviceIds: [] });
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(false);
    await manager.stop();
  });

  it('a paired keyboard-mode interface can be read through hidraw; a terminator-less scan completes on the timer', async () => {
    const { sim, manager, scans, advance } = setup({
      config: { keyboardInterfaces: true, pairedDeviceIds: ['1eab:0f11:SIM-NL-0002'] },
      keyboardEndGapMs: 100,
    });
    await manager.start();
    expect(sim.isOpen(SIM.newlandKeyboard.path)).toBe(true);
    for (const r of encodeKeyboardReports('VIP0012345')) sim.send(SIM.newlandKeyboard.path, r);
    for (const r of encodeKeyboardReports('96385074', { terminator: null })) sim.send(SIM.newlandKeyboard.path, r);
    expect(scans.map((s) => s.text)).toEqual(['VIP0012345']);
    await advance(99);
    expect(scans).toHaveLength(1);
    await advance(1);
    expect(scans.map((s) => [s.text, s.source])).toEqual([
      ['VIP0012345', 'hid-keyboard'],
      ['96385074', 'hid-keyboard'],
    ]);
    await manager.stop();
  });

  it('disabling HID closes every scanner; enabling reopens them', async () => {
    const { sim, manager } = setup();
    await manager.start();
    await manager.setConfig({ enabled: false });
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(false);
    await manager.setConfig({ enabled: true });
    expect(sim.isOpen(SIM.honeywellPos.path)).toBe(true);
    await manager.stop();
  });

  it('a scan split by an unplug mid-continuation is not glued to the next one', async () => {
    const { sim, manager, scans } = setup();
    await manager.start();
    const parts = encodeHoneywellReports('x'.repeat(80), { aim: ']Q1' });
    sim.send(SIM.honeywellPos.path, parts[0]!);
    sim.injectReadError(SIM.honeywellPos.path);
    await manager.whenIdle();
    sim.scan(SIM.honeywellPos.path, '6901028075022', { aim: ']E0' });
    expect(scans.map((s) => s.text)).toEqual(['6901028075022']);
    await manager.stop();
  });
});
