import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FEN } from './money.js';
import {
  allocate,
  parseZhe,
  zheOf,
  discountOn,
  priceBill,
  ROUND_OFF_RULES,
  roundOffOf,
  withinLimit,
  type DiscountSpec,
  type PricingInput,
} from './pricing.js';

const spec = (maxFen: number): fc.Arbitrary<DiscountSpec | null> =>
  fc.oneof(
    fc.constant(null),
    fc.record({ mode: fc.constant('percent' as const), rate: fc.integer({ min: 1, max: 99 }) }),
    fc.record({ mode: fc.constant('amount' as const), fen: fc.integer({ min: 1, max: maxFen }) }),
  );

const bill: fc.Arbitrary<PricingInput> = fc.record({
  lines: fc
    .array(
      fc.record({
        unitPriceFen: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 100_000_000 })),
        quantity: fc.integer({ min: 1, max: 99 }),
        voided: fc.boolean(),
        discount: spec(200_000),
      }),
      { minLength: 0, maxLength: 12 },
    )
    .map((ls) => ls.map((l, i) => ({ ...l, lineNo: i + 1 }))),
  billDiscount: spec(2_000_000),
  roundOff: fc.constantFrom(null, ...ROUND_OFF_RULES),
});

describe('pricing', () => {
  it('for any lines and discounts the lines add up to the bill total, no line goes negative, and no discount exceeds its amount', () => {
    fc.assert(
      fc.property(bill, (input) => {
        const p = priceBill(input);
        const live = p.lines.filter((_, i) => !input.lines[i]?.voided);
        expect(live.reduce((s, l) => s + l.netFen, 0)).toBe(p.totalFen);
        for (const l of live) {
          expect(l.netFen).toBeGreaterThanOrEqual(0);
          expect(l.discountFen).toBeGreaterThanOrEqual(0);
          expect(l.discountFen).toBeLessThanOrEqual(l.grossFen);
          expect(l.billShareFen).toBeGreaterThanOrEqual(0);
          expect(l.billShareFen).toBeLessThanOrEqual(l.grossFen - l.discountFen);
          expect(Number.isSafeInteger(l.netFen)).toBe(true);
        }
        const subtotal = p.grossFen - p.lineDiscountFen;
        expect(p.billDiscountFen).toBeLessThanOrEqual(subtotal);
        expect(live.reduce((s, l) => s + l.billShareFen, 0)).toBe(p.billDiscountFen);
        expect(live.reduce((s, l) => s + l.roundOffFen, 0)).toBe(p.roundOffFen);
        // 抹零 never takes the whole amount, and stays within one jiao (or one yuan for 抹角).
        const beforeRound = subtotal - p.billDiscountFen;
        if (beforeRound > 0) expect(p.totalFen).toBeGreaterThan(0);
        expect(Math.abs(p.roundOffFen)).toBeLessThan(input.roundOff === 'drop-jiao' ? 100 : 10);
      }),
      { seed: 0xd15c, numRuns: 3_000 },
    );
  });

  it('allocation is exact for any total up to the sum of the weights, and no share exceeds its weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: MAX_FEN }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, f) => {
          const sum = weights.reduce((a, b) => a + b, 0);
          const total = Math.floor(sum * f);
          const shares = allocate(total, weights);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(sum === 0 ? 0 : total);
          shares.forEach((s, i) => {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(weights[i] ?? 0);
          });
        },
      ),
      { seed: 0xa110c, numRuns: 2_000 },
    );
  });

  it('rounds a percent discount half up on the amount kept, and gives the leftover fen to the largest remainders', () => {
    // ¥0.15 at 九折 keeps 13.5 → 14 fen: 1 fen off.
    expect(discountOn(15, { mode: 'percent', rate: 90 })).toBe(1);
    expect(discountOn(10_000, { mode: 'percent', rate: 85 })).toBe(1_500);
    expect(discountOn(500, { mode: 'amount', fen: 900 })).toBe(500);
    // 10 fen over three equal lines: 4, 3, 3 (tie → the lower line number).
    expect(allocate(10, [100, 100, 100])).toEqual([4, 3, 3]);
    // Remainders 0.6 / 0.4 → the first line gets the extra fen.
    expect(allocate(1, [300, 200])).toEqual([1, 0]);
    expect(allocate(-5, [10, 10])).toEqual([-3, -2]);
  });

  it('抹零 rules: drop fen, drop jiao and fen, round to the jiao; never the whole amount', () => {
    expect(roundOffOf(1234, 'drop-fen')).toBe(4);
    expect(roundOffOf(1234, 'drop-jiao')).toBe(34);
    expect(roundOffOf(1234, 'round-jiao')).toBe(4);
    expect(roundOffOf(1235, 'round-jiao')).toBe(-5);
    expect(roundOffOf(1234, 'off')).toBe(0);
    expect(roundOffOf(50, 'drop-jiao')).toBe(0);
    expect(roundOffOf(7, 'drop-fen')).toBe(0);
  });

  it('a bill with a line discount, a bill discount and 抹零 prices as a cashier would work it out', () => {
    const p = priceBill({
      lines: [
        { lineNo: 1, unitPriceFen: 3_000, quantity: 2, voided: false, discount: { mode: 'percent', rate: 90 } },
        { lineNo: 2, unitPriceFen: 999, quantity: 1, voided: false, discount: null },
        { lineNo: 3, unitPriceFen: 500, quantity: 1, voided: true, discount: null },
      ],
      billDiscount: { mode: 'amount', fen: 1_000 },
      roundOff: 'drop-jiao',
    });
    expect(p.grossFen).toBe(6_999);
    expect(p.lineDiscountFen).toBe(600);
    expect(p.billDiscountFen).toBe(1_000);
    expect(p.roundOffFen).toBe(99); // 53.99 → 53.00
    expect(p.totalFen).toBe(5_300);
    expect(p.lines.map((l) => l.netFen)).toEqual([4_472, 828, 500]); // shares 844+156, then 84+15;
  });

  it('the cashier limit holds both the percent and the amount', () => {
    const limit = { maxPercentOff: 10, maxFen: 2_000 };
    expect(withinLimit(1_000, 10_000, limit)).toBe(true);
    expect(withinLimit(1_001, 10_000, limit)).toBe(false);
    expect(withinLimit(2_001, 100_000, limit)).toBe(false);
    expect(withinLimit(0, 0, limit)).toBe(true);
  });

  it('reads a rate typed as 折 and writes it back', () => {
    expect(['9', '8.5', '85', '0.5', '9折', '95'].map(parseZhe)).toEqual([90, 85, 85, 5, 90, 95]);
    expect(['', '0', '10', '9.55', '12.5', 'abc', '-9'].map(parseZhe)).toEqual([
      null,
      null,
      10,
      null,
      null,
      null,
      null,
    ]);
    expect([90, 85, 5].map(zheOf)).toEqual(['9', '8.5', '0.5']);
  });
});
