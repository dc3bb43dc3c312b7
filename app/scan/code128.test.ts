import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CODE128,
  CODE128_PATTERNS,
  Code128Error,
  code128Checksum,
  code128Modules,
  encodeCode128,
  encodeCode128Values,
} from './code128.js';
import { makePairingCode } from './pairing.js';

/**
 * A reader written from the spec, independent of the encoder's code-set logic: split the module
 * string into symbols, check the checksum and the stop pattern, and decode the code sets.
 */
function decodeModules(modules: string): string {
  const widths: number[] = [];
  for (let i = 0; i < modules.length;) {
    let j = i;
    while (j < modules.length && modules[j] === modules[i]) j++;
    widths.push(j - i);
    i = j;
  }
  expect(modules[0]).toBe('1');
  expect((widths.length - 7) % 6).toBe(0);
  const byPattern = new Map(CODE128_PATTERNS.map((p, v) => [p, v]));
  const values: number[] = [];
  for (let i = 0; i + 6 <= widths.length - 7; i += 6) {
    const v = byPattern.get(widths.slice(i, i + 6).join(''));
    if (v === undefined) throw new Error(`unknown symbol at element ${i}`);
    values.push(v);
  }
  expect(widths.slice(-7).join('')).toBe('2331112');
  const check = values.pop()!;
  let sum = values[0]!;
  values.forEach((v, i) => (sum += i > 0 ? v * i : 0));
  expect(sum % 103).toBe(check);

  let set = values[0] === 103 ? 'A' : values[0] === 104 ? 'B' : values[0] === 105 ? 'C' : '?';
  expect(set).not.toBe('?');
  let out = '';
  let shift = false;
  for (const v of values.slice(1)) {
    const cur = shift ? (set === 'A' ? 'B' : 'A') : set;
    shift = false;
    if (cur === 'C') {
      if (v < 100) out += String(v).padStart(2, '0');
      else if (v === 100) set = 'B';
      else if (v === 101) set = 'A';
      else throw new Error(`unexpected ${v} in C`);
      continue;
    }
    if (v === 98) shift = true;
    else if (v === 99) set = 'C';
    else if (v === 100) set = 'B';
    else if (v === 101) set = 'A';
    else if (v > 95) throw new Error(`function code ${v} not expected`);
    else if (cur === 'B') out += String.fromCharCode(v + 32);
    else out += String.fromCharCode(v < 64 ? v + 32 : v - 64);
  }
  return out;
}

describe('Code 128 symbol table', () => {
  it('has 106 six-element symbols of 11 modules with an even bar sum, and a 13-module stop', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    for (let v = 0; v < 106; v++) {
      const w = [...CODE128_PATTERNS[v]!].map(Number);
      expect(w, `symbol ${v}`).toHaveLength(6);
      expect(
        w.reduce((a, b) => a + b, 0),
        `symbol ${v}`,
      ).toBe(11);
      expect((w[0]! + w[2]! + w[4]!) % 2, `bar parity of symbol ${v}`).toBe(0);
      expect(w.every((x) => x >= 1 && x <= 4)).toBe(true);
    }
    expect(new Set(CODE128_PATTERNS).size).toBe(107);
    expect([...CODE128_PATTERNS[106]!].map(Number).reduce((a, b) => a + b, 0)).toBe(13);
  });

  it('matches the published bit patterns of well-known symbols', () => {
    const bits = (v: number) =>
      code128Modules({
        bars: encodeBarsOf(v),
        modules: [...CODE128_PATTERNS[v]!].map(Number).reduce((a, b) => a + b, 0),
      });
    expect(bits(0)).toBe('11011001100'); // space in B
    expect(bits(16)).toBe('10011101100'); // '0' in B
    expect(bits(104)).toBe('11010010000'); // Start B
    expect(bits(105)).toBe('11010011100'); // Start C
    expect(bits(106)).toBe('1100011101011'); // Stop
  });
});

function encodeBarsOf(v: number) {
  const bars: { x: number; w: number }[] = [];
  let x = 0;
  [...CODE128_PATTERNS[v]!].map(Number).forEach((w, k) => {
    if (k % 2 === 0) bars.push({ x, w });
    x += w;
  });
  return bars;
}

describe('encodeCode128Values', () => {
  it('encodes text in B with the mod-103 checksum (worked by hand: PJJ123C → 55)', () => {
    expect(encodeCode128Values('PJJ123C')).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55, 106]);
  });

  it('uses C for an all-digit even number and for a run of 4+ digits at the end', () => {
    expect(encodeCode128Values('12345678')).toEqual([105, 12, 34, 56, 78, code128Checksum([105, 12, 34, 56, 78]), 106]);
    const v = encodeCode128Values('CPPAIR-ABCD2345');
    expect(v.slice(-5, -2)).toEqual([CODE128.CODE_C, 23, 45]);
    expect(v[0]).toBe(CODE128.START_B);
  });

  it('keeps the odd leading digit of a run in B before switching to C', () => {
    const v = encodeCode128Values('X12345');
    // X, '1' in B, then CODE_C 23 45
    expect(v.slice(0, 6)).toEqual([104, 56, 17, CODE128.CODE_C, 23, 45]);
  });

  it('leaves C for a trailing odd digit, and uses A / SHIFT for control characters', () => {
    expect(encodeCode128Values('1234567').slice(0, 6)).toEqual([105, 12, 34, 56, CODE128.CODE_B, 23]);
    expect(encodeCode128Values('A\tB').slice(0, 4)).toEqual([103, 33, 9 + 64, 34]);
    expect(encodeCode128Values('ab\tc').slice(0, 6)).toEqual([104, 65, 66, CODE128.SHIFT, 73, 67]);
  });

  it('refuses what Code 128 cannot carry', () => {
    expect(() => encodeCode128Values('')).toThrow(Code128Error);
    expect(() => encodeCode128Values('收银')).toThrow(/not ASCII/);
    expect(() => encodeCode128Values('x'.repeat(81))).toThrow(/80/);
  });
});

describe('encodeCode128', () => {
  it('draws bars that an independent reader decodes back to the text', () => {
    for (const text of [
      'CPPAIR-K7M2Q9XA',
      'PJJ123C',
      '0123456789',
      '131020000000000001',
      'a',
      '~!@#$%^&*()_+{}|:"<>?',
      'A\x01b\x1fC 99',
    ]) {
      const sym = encodeCode128(text);
      expect(decodeModules(code128Modules(sym)), JSON.stringify(text)).toBe(text);
      expect(sym.modules).toBe((sym.values.length - 1) * 11 + 13);
    }
  });

  it('round-trips random ASCII text (seeded)', () => {
    // Digits often (to exercise code set C), printable mostly, control characters sometimes.
    const char = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 48, max: 57 }) },
      { weight: 11, arbitrary: fc.integer({ min: 32, max: 127 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 31 }) },
    );
    const ascii = fc.array(char, { minLength: 1, maxLength: 30 }).map((codes) => String.fromCharCode(...codes));
    fc.assert(
      fc.property(ascii, (text) => {
        expect(decodeModules(code128Modules(encodeCode128(text))), JSON.stringify(text)).toBe(text);
      }),
      { seed: 0x12345678, numRuns: 500 },
    );
  });

  it('encodes every pairing code compactly (fits a 320 px wide bar at 1.5 px per module)', () => {
    const code = makePairingCode(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    const sym = encodeCode128(code);
    expect(decodeModules(code128Modules(sym))).toBe(code);
    expect(sym.modules).toBeLessThanOrEqual(213);
  });
});
