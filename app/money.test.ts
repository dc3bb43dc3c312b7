import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuanString, formatYuan, MAX_FEN, parseYuan, yuanValueToFen } from './money.js';

describe('parseYuan', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.01', 1],
    ['¥1,234.56', 123456],
    [' 7 ', 700],
    ['99999999.99', MAX_FEN],
  ])('%s → %i fen', (text, fen) => {
    expect(parseYuan(text)).toEqual({ ok: true, fen });
  });

  it.each([
    ['', 'empty'],
    ['0', 'not-positive'],
    ['0.00', 'not-positive'],
    ['-5', 'not-positive'],
    ['12.345', 'too-many-decimals'],
    ['100000000', 'too-large'],
    ['99999999.991', 'too-many-decimals'],
    ['1e3', 'not-a-number'],
    ['12.3.4', 'not-a-number'],
    ['abc', 'not-a-number'],
    ['99999999999999999999', 'too-large'],
  ])('%s is refused (%s)', (text, reason) => {
    const r = parseYuan(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.reason).toBe(reason);
  });

  it('never goes through floating point: 0.1 + 0.2 style inputs are exact', () => {
    // Every amount up to the limit, small ones (where float noise shows) more often.
    const fen = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: MAX_FEN }));
    fc.assert(
      fc.property(fen, (fen) => {
        const r = parseYuan(fenToYuanString(fen), { allowZero: true });
        expect(r).toEqual({ ok: true, fen });
      }),
      { seed: 0x5eed, numRuns: 15_000 },
    );
  });
});

describe('formatting and edge conversion', () => {
  it('formats fen as yuan', () => {
    expect(fenToYuanString(1)).toBe('0.01');
    expect(fenToYuanString(123456)).toBe('1234.56');
    expect(fenToYuanString(-250)).toBe('-2.50');
    expect(formatYuan(123456789)).toBe('¥1,234,567.89');
    expect(() => fenToYuanString(1.5)).toThrow(RangeError);
  });
  it('reads gateway yuan values without drift', () => {
    expect(yuanValueToFen(12.3)).toBe(1230);
    expect(yuanValueToFen('12.30')).toBe(1230);
    expect(yuanValueToFen(0.07)).toBe(7);
    expect(yuanValueToFen(1.005)).toBeNull(); // more than two decimals is not money
    expect(yuanValueToFen(1e21)).toBeNull();
    expect(yuanValueToFen('-1')).toBeNull();
    expect(yuanValueToFen('1.234')).toBeNull();
  });
});
