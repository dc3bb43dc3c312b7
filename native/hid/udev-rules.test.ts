import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KNOWN_SCANNER_VENDORS } from './select.js';

describe('resources/udev/70-counterpay-scanners.rules', () => {
  const rules = readFileSync(new URL('../../resources/udev/70-counterpay-scanners.rules', import.meta.url), 'utf8');
  const lines = rules.split('\n').filter((l) => l.trim() && !l.startsWith('#'));

  it('grants hidraw and usb access for exactly the vendors the app recognises', () => {
    const hidraw = new Set(
      lines
        .filter((l) => l.startsWith('SUBSYSTEM=="hidraw"'))
        .map((l) => /ATTRS\{idVendor\}=="([0-9a-f]{4})"/.exec(l)?.[1]),
    );
    const usb = new Set(
      lines
        .filter((l) => l.startsWith('SUBSYSTEM=="usb"'))
        .map((l) => /ATTR\{idVendor\}=="([0-9a-f]{4})"/.exec(l)?.[1]),
    );
    const expected = new Set(KNOWN_SCANNER_VENDORS.map((v) => v.vendorId.toString(16).padStart(4, '0')));
    expect(hidraw).toEqual(expected);
    expect(usb).toEqual(expected);
  });

  it('every rule is well-formed and never world-writable', () => {
    for (const l of lines) {
      expect(l).toMatch(
        /^SUBSYSTEM=="(hidraw|usb)", ATTRS?\{idVendor\}=="[0-9a-f]{4}", MODE="0660", GROUP="plugdev", TAG\+="uaccess"$/,
      );
    }
  });
});
