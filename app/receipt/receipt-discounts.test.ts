import { describe, expect, it } from 'vitest';
import type { BillView } from '../contract/schemas.js';
import { buildReceipt } from './receipt.js';

const T0 = Date.UTC(2026, 11, 5, 4, 0, 0);

/** ¥100 at 九折 + ¥33.33 with 改价 from ¥40, 整单减 ¥5, 抹零 (抹角). */
const discounted: BillView = {
  id: 9,
  billNo: 'T01-261205-120000-0001',
  kind: 'sale',
  businessType: 1,
  status: 'paid',
  totalFen: 11_800,
  dueFen: 0,
  cardNo: null,
  lines: [
    {
      lineNo: 1,
      itemCode: null,
      name: '成人票',
      unitPriceFen: 10_000,
      quantity: 1,
      amountFen: 8_600,
      voided: false,
      listPriceFen: null,
      grossFen: 10_000,
      discountFen: 1_000,
      billShareFen: 376,
      roundOffFen: 24,
      discount: { mode: 'percent', rate: 90 },
    },
    {
      lineNo: 2,
      itemCode: null,
      name: '纪念品',
      unitPriceFen: 3_333,
      quantity: 1,
      amountFen: 3_200,
      voided: false,
      listPriceFen: 4_000,
      grossFen: 3_333,
      discountFen: 0,
      billShareFen: 124,
      roundOffFen: 9,
      discount: null,
    },
  ],
  tenders: [{ kind: 'cash', amountFen: 11_800, tenderedFen: 11_800, changeFen: 0, reference: null, createdAt: T0 }],
  operatorNo: '1001',
  shiftId: 1,
  suspendedLabel: null,
  createdAt: T0,
  updatedAt: T0,
  closedAt: T0,
  pricing: {
    grossFen: 13_333,
    lineDiscountFen: 1_000,
    billDiscountFen: 500,
    roundOffFen: 33,
    billDiscount: { mode: 'amount', fen: 500 },
    roundOffRule: 'drop-jiao',
    adjustments: [],
  },
};

describe('receipt with discounts', () => {
  it('prints each line’s price after its discount, the 改价 list price, and the bill’s discount and 抹零 above 合计', () => {
    const r = buildReceipt({ bill: discounted, terminalNo: 'T01', paperWidthMm: 58, printedAt: T0 });
    const text = r.text;
    expect(text).toMatch(/1 × 100\.00\s+90\.00/);
    expect(text).toMatch(/9折\s+-¥10\.00/);
    expect(text).toContain('改价 原价 ¥40.00');
    expect(text).toMatch(/原价合计\s+¥140\.00/);
    expect(text).toMatch(/改价\s+-¥6\.67/);
    expect(text).toMatch(/单品优惠\s+-¥10\.00/);
    expect(text).toMatch(/整单优惠\s+-¥5\.00/);
    expect(text).toMatch(/抹零\s+-¥0\.33/);
    expect(text).toMatch(/合计\s+¥118\.00/);
    // 原价合计 − 改价 − 单品优惠 − 整单优惠 − 抹零 = 合计.
    expect(14_000 - 667 - 1_000 - 500 - 33).toBe(discounted.totalFen);
    expect(r.body).toContain('class="row sub"');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(32);
  });

  it('a bill without discounts prints no discount rows', () => {
    const plain: BillView = {
      ...discounted,
      totalFen: 10_000,
      lines: [
        {
          lineNo: 1,
          itemCode: null,
          name: '成人票',
          unitPriceFen: 10_000,
          quantity: 1,
          amountFen: 10_000,
          voided: false,
        },
      ],
    };
    delete (plain as { pricing?: unknown }).pricing;
    const r = buildReceipt({ bill: plain, terminalNo: 'T01', paperWidthMm: 80, printedAt: T0 });
    expect(r.text).not.toMatch(/原价|优惠|抹零/);
  });
});
