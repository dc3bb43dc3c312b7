import { describe, expect, it } from 'vitest';
import { HidConfigSchema } from '../../app/scan/config.js';
import { assessDevice, deviceIdOf, KNOWN_SCANNER_VENDORS, selectScanners } from './select.js';
import type { HidDeviceInfo } from './types.js';

const cfg = (over: Record<string, unknown> = {}) => HidConfigSchema.parse(over);
const dev = (over: Partial<HidDeviceInfo>): HidDeviceInfo => ({
  path: '/dev/hidraw0',
  vendorId: 0x046d,
  productId: 0xc31c,
  ...over,
});

describe('device selection', () => {
  it('usage page 0x8C is a HID-POS scanner whatever the vendor', () => {
    expect(assessDevice(dev({ vendorId: 0x1234, usagePage: 0x8c, usage: 2 }), cfg())).toMatchObject({
      role: 'hid-pos',
      layout: 'auto',
      vendor: null,
    });
    expect(assessDevice(dev({ vendorId: 0x0c2e, usagePage: 0x8c }), cfg())).toMatchObject({
      role: 'hid-pos',
      layout: 'honeywell',
    });
    expect(assessDevice(dev({ vendorId: 0x1eab, usagePage: 0x8c }), cfg())).toMatchObject({
      role: 'hid-pos',
      layout: 'newland',
    });
  });

  it('a keyboard is only a scanner when its vendor is a scanner vendor', () => {
    expect(assessDevice(dev({ usagePage: 1, usage: 6 }), cfg()).role).toBe('other');
    expect(assessDevice(dev({ vendorId: 0x05e0, usagePage: 1, usage: 6 }), cfg()).role).toBe('hid-keyboard');
    expect(
      assessDevice(dev({ vendorId: 0x9999, usagePage: 1, usage: 6 }), cfg({ extraVendorIds: [0x9999] })).role,
    ).toBe('hid-keyboard');
  });

  it('one owner per device: POS interface wins over the same scanner’s keyboard interface; duplicate paths once', () => {
    const pos = dev({ path: 'a', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'S1', usagePage: 0x8c });
    const kbd = dev({ path: 'b', vendorId: 0x0c2e, productId: 0x0b61, serialNumber: 'S1', usagePage: 1, usage: 6 });
    const sel = selectScanners(
      [kbd, pos, { ...pos }],
      cfg({ keyboardInterfaces: true, pairedDeviceIds: ['0c2e:0b61:S1'] }),
    );
    expect(sel.open.map((a) => a.info.path)).toEqual(['a']);
    expect(sel.skipped.get('b')).toBe('read through its HID-POS interface');
  });

  it('paired devices come first; paired-only mode opens only them', () => {
    const a = dev({ path: 'a', vendorId: 0x0c2e, usagePage: 0x8c, serialNumber: 'A' });
    const b = dev({ path: 'b', vendorId: 0x1eab, usagePage: 0x8c, serialNumber: 'B' });
    expect(selectScanners([a, b], cfg({ pairedDeviceIds: [deviceIdOf(b)] })).open.map((x) => x.info.path)).toEqual([
      'b',
      'a',
    ]);
    expect(
      selectScanners([a, b], cfg({ mode: 'paired-only', pairedDeviceIds: [deviceIdOf(b)] })).open.map(
        (x) => x.info.path,
      ),
    ).toEqual(['b']);
    expect(selectScanners([a, b], cfg({ enabled: false })).open).toEqual([]);
  });

  it('device ids are stable across ports and sanitise serials', () => {
    expect(deviceIdOf({ vendorId: 0x0c2e, productId: 0x0b61, serialNumber: ' 17 21\u0000X ' })).toBe('0c2e:0b61:1721X');
    expect(deviceIdOf({ vendorId: 0x1eab, productId: 0x0d10 })).toBe('1eab:0d10');
  });

  it('vendor table has unique ids', () => {
    const ids = KNOWN_SCANNER_VENDORS.map((v) => v.vendorId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
