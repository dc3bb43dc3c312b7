import { describe, expect, it } from 'vitest';
import type { BillView } from '../contract/schemas.js';
import { buildReceipt } from './receipt.js';

const T0 = Date.UTC(2025, 0, 31, 4, 0, 0);

/** Split payment: ¥80, ¥50 cash then ¥30 by barcode. */
const split: BillView = {
  id: 9,
  billNo: 'T01-250131-120000-0009',
  kind: 'sale',
  businessType: 1,
  status: 'paid',
  totalFen: 8000,
  dueFen: 0,
  cardNo: null,
  lines: [{ lineNo: 1, itemCode: null, name: '门票', unitPriceFen: 8000, quantity: 1, amountFen: 8000, voided: false }],
  tenders: [
    { kind: 'cash', amountFen: 5000, tenderedFen: 5000, changeFen: 0, reference: null, createdAt: T0 },
    {
      kind: 'barcode',
      amountFen: 3000,
      tenderedFen: null,
      changeFen: null,
      reference: 'T01250131120000AB12C',
      createdAt: T0,
    },
  ],
  operatorNo: '1001',
  shiftId: 1,
  suspendedLabel: null,
  createdAt: T0,
  updatedAt: T0,
  closedAt: T0,
};

describe('receipt of a split payment', () => {
  it('lists every tender with its amount and the barcode part’s payment number; no ¥0.00 change for a cash part', () => {
    const r = buildReceipt({ bill: split, terminalNo: 'T01', paperWidthMm: 58, printedAt: T0 });
    const rows = r.text.split('\n');
    const cash = rows.findIndex((l) => l.startsWith('现金'));
    const barcode = rows.findIndex((l) => l.startsWith('扫码支付'));
    expect(cash).toBeGreaterThan(-1);
    expect(barcode).toBeGreaterThan(cash);
    expect(rows[cash]).toContain('¥50.00');
    expect(rows[barcode]).toContain('¥30.00');
    expect(r.text).toContain('T01250131120000AB12C');
    expect(r.text).not.toContain('找零');
    expect(r.text).not.toContain('未付');
  });

  it('prints the change of the closing cash part', () => {
    const bill: BillView = {
      ...split,
      tenders: [
        { ...split.tenders[1]!, amountFen: 2000 },
        { kind: 'cash', amountFen: 6000, tenderedFen: 10_000, changeFen: 4000, reference: null, createdAt: T0 },
      ],
    };
    const r = buildReceipt({ bill, terminalNo: 'T01', paperWidthMm: 80, printedAt: T0 });
    expect(r.text).toMatch(/找零\s+¥40\.00/);
  });
});
