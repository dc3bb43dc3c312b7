import { describe, expect, it } from 'vitest';
import { ScannerConfigSchema } from './config.js';
import { DEFAULT_WEDGE_OPTIONS } from './wedge.js';
import { looksLikePairingCode, makePairingCode, matchesPairingCode } from './pairing.js';
import { classifyScan } from './classify.js';
import { routeScan } from './route.js';

describe('scanner config', () => {
  it('an empty object gets safe defaults', () => {
    const c = ScannerConfigSchema.parse({});
    expect(c.hid).toMatchObject({
      enabled: true,
      mode: 'auto',
      pairedDeviceIds: [],
      keyboardInterfaces: false,
      pollIntervalMs: 2000,
    });
    expect(c.wedge).toEqual({ ...DEFAULT_WEDGE_OPTIONS, terminators: [...DEFAULT_WEDGE_OPTIONS.terminators] });
  });
  it('rejects a poll faster than 1 s, an invalid card pattern and silly wedge thresholds', () => {
    expect(ScannerConfigSchema.safeParse({ hid: { pollIntervalMs: 200 } }).success).toBe(false);
    expect(ScannerConfigSchema.safeParse({ cardPattern: '([' }).success).toBe(false);
    expect(ScannerConfigSchema.safeParse({ cardPattern: 'VIP\\d{7}' }).success).toBe(true);
    expect(ScannerConfigSchema.safeParse({ wedge: { ...DEFAULT_WEDGE_OPTIONS, maxGapMs: 1 } }).success).toBe(false);
  });
});

describe('pairing codes', () => {
  it('are made from random bytes, unambiguous, and matched case-insensitively', () => {
    const code = makePairingCode(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 255]));
    expect(code).toMatch(/^CPPAIR-[A-HJ-NP-Z2-9]{8}$/);
    expect(looksLikePairingCode(code)).toBe(true);
    expect(matchesPairingCode(code.toLowerCase() + '\r\n', code)).toBe(true);
    expect(matchesPairingCode('CPPAIR-', 'CPPAIR-')).toBe(false);
    expect(matchesPairingCode(makePairingCode(Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9])), code)).toBe(false);
    expect(() => makePairingCode(new Uint8Array(4))).toThrow();
  });
  it('a pairing scan routes to pair in pairing mode, and is unrecognised elsewhere', () => {
    const c = classifyScan(makePairingCode(new Uint8Array(8)));
    expect(routeScan(c, 'pairing').action).toBe('pair');
    expect(routeScan(c, 'building')).toMatchObject({ action: 'reject', reason: 'unrecognised' });
  });
});
