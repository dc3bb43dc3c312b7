import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createScannerManager } from '../scanner-manager.js';
import {
  createNodeHidBackend,
  loadNodeHidBackend,
  wrapAsyncDevice,
  type NodeHidAsyncDevice,
  type NodeHidModule,
} from './node-hid-backend.js';

class FakeDevice extends EventEmitter implements NodeHidAsyncDevice {
  closed = 0;
  async close() {
    this.closed++;
  }
}

describe('node-hid backend', () => {
  it('loads the real node-hid 3 here and enumerates (no HID devices in this sandbox)', async () => {
    const loaded = await loadNodeHidBackend();
    if (!loaded.ok) {
      // Only acceptable where libusb is missing; say so loudly rather than pass silently.
      expect.fail(`node-hid did not load: ${loaded.reason}`);
    }
    const devices = await loaded.backend.devices();
    expect(Array.isArray(devices)).toBe(true);
    expect(loaded.backend.name).toBe('node-hid');
  });

  it('reports "HID unavailable" when the native binding cannot load, and the manager still starts', async () => {
    const loaded = await loadNodeHidBackend({
      importer: async () => ({
        default: {
          devicesAsync: async () => [],
          HIDAsync: { open: async () => new FakeDevice() },
          getHidapiVersion: () => {
            throw new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
          },
        },
      }),
    });
    expect(loaded).toEqual({ ok: false, reason: expect.stringMatching(/^HID unavailable: libusb-1\.0\.so\.0/) });
    const manager = createScannerManager({ backend: async () => loaded });
    await manager.start();
    expect(manager.status().hid).toBe('unavailable');
  });

  it('reports a failed import (module missing) the same way', async () => {
    const loaded = await loadNodeHidBackend({ importer: () => import('node-hid-does-not-exist' as string) });
    expect(loaded.ok).toBe(false);
  });

  it('maps devicesAsync output and skips devices without a path', async () => {
    const mod: NodeHidModule = {
      devicesAsync: async () => [
        {
          vendorId: 0x0c2e,
          productId: 0x0b61,
          path: '/dev/hidraw3',
          usagePage: 0x8c,
          usage: 2,
          interface: 0,
          serialNumber: 'A1',
          product: 'Voyager',
          manufacturer: 'Honeywell',
          release: 1,
        },
        { vendorId: 1, productId: 2 },
      ],
      HIDAsync: { open: async () => new FakeDevice() },
      getHidapiVersion: () => '0.14.0',
    };
    const devices = await createNodeHidBackend(mod).devices();
    expect(devices).toEqual([
      {
        path: '/dev/hidraw3',
        vendorId: 0x0c2e,
        productId: 0x0b61,
        usagePage: 0x8c,
        usage: 2,
        interface: 0,
        serialNumber: 'A1',
        manufacturer: 'Honeywell',
        product: 'Voyager',
        release: 1,
      },
    ]);
  });

  it('wraps HIDAsync: data as Uint8Array, errors forwarded, no unhandled "error" event, idempotent close', async () => {
    const dev = new FakeDevice();
    const conn = wrapAsyncDevice('/dev/hidraw3', dev);
    // An 'error' with nobody subscribed must not throw (EventEmitter would).
    expect(() => dev.emit('error', new Error('early'))).not.toThrow();
    const reports: Uint8Array[] = [];
    const errors: string[] = [];
    conn.onData((r) => reports.push(r));
    conn.onError((e) => errors.push(e.message));
    expect(dev.listenerCount('data')).toBe(1); // reading starts only once someone listens
    const buf = Buffer.from([0x02, 0x01, 0x5d, 0x45, 0x30, 0x37]);
    dev.emit('data', buf);
    buf[5] = 0; // node-hid may reuse buffers: the report must be a copy
    expect(Array.from(reports[0]!)).toEqual([0x02, 0x01, 0x5d, 0x45, 0x30, 0x37]);
    dev.emit('error', 'could not read from HID device');
    expect(errors).toEqual(['could not read from HID device']);
    await Promise.all([conn.close(), conn.close()]);
    expect(dev.closed).toBe(1);
    dev.emit('data', Buffer.from([1]));
    expect(reports).toHaveLength(1);
  });
});
