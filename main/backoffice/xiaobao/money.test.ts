import { describe, expect, it } from 'vitest';
import { checkAmountFen, fenToYuanString, toJsonText, Yuan, yuanToFen } from './money.js';

describe('fen ⇄ yuan by string arithmetic', () => {
  it('formats fen as yuan text', () => {
    expect(fenToYuanString(1)).toBe('0.01');
    expect(fenToYuanString(10)).toBe('0.10');
    expect(fenToYuanString(12345)).toBe('123.45');
    expect(fenToYuanString(9_999_999_900)).toBe('99999999.00');
    expect(fenToYuanString(-5)).toBe('-0.05');
    expect(() => fenToYuanString(1.5, 'rechargeAmount')).toThrow(/rechargeAmount: must be an integer/);
  });

  it('reads yuan numbers and strings back to fen, refusing 3 decimals', () => {
    expect(yuanToFen(123.45)).toBe(12345);
    expect(yuanToFen(0.3)).toBe(30);
    expect(yuanToFen('99999999')).toBe(9_999_999_900);
    expect(yuanToFen(-0.05)).toBe(-5);
    expect(() => yuanToFen(1.005, 'realPay')).toThrow(/realPay: not a yuan amount with at most 2 decimals/);
    // Every cent in a sample of the range survives fen → text → JSON number → fen.
    for (const fen of [1, 7, 99, 101, 1999, 123456789, 9_999_999_900, 4_294_967_297]) {
      expect(yuanToFen(JSON.parse(toJsonText({ a: Yuan.fromFen(fen) })).a as number)).toBe(fen);
    }
  });

  it('enforces 0.01 – 99,999,999 yuan, naming the field and the limit', () => {
    expect(() => checkAmountFen(0, 'rechargeAmount')).toThrow(
      /rechargeAmount: must be between 0\.01 and 99999999 yuan/,
    );
    expect(() => checkAmountFen(9_999_999_901, 'refundAmount')).toThrow(/refundAmount: .*99999999/);
    expect(() => checkAmountFen(1, 'x')).not.toThrow();
    expect(() => checkAmountFen(9_999_999_900, 'x')).not.toThrow();
  });

  it('writes Yuan as a bare JSON number from its digits', () => {
    expect(toJsonText({ rechargeAmount: Yuan.fromFen(10050), name: '学员' })).toBe(
      '{"rechargeAmount":100.50,"name":"学员"}',
    );
  });
});
