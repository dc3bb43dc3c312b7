import { describe, expect, it } from 'vitest';
import type { BillView } from '../contract/schemas.js';
import { buildReceipt, escapeHtml, maskCardNo, textWidth } from './receipt.js';

const T0 = Date.UTC(2025, 0, 31, 4, 0, 0);
const fmt = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

function bill(over: Partial<BillView> = {}): BillView {
  return {
    id: 7,
    billNo: 'T01-250131-120000-0001',
    kind: 'sale',
    businessType: 1,
    status: 'paid',
    totalFen: 20_550,
    dueFen: 0,
    cardNo: null,
    lines: [
      { lineNo: 1, itemCode: '6901234567892', name: '成人票', unitPriceFen: 8000, quantity: 2, amountFen: 16_000, voided: false },
      { lineNo: 2, itemCode: '6901234567809', name: '儿童票', unitPriceFen: 4000, quantity: 1, amountFen: 4000, voided: true },
      { lineNo: 3, itemCode: null, name: '寄存', unitPriceFen: 4550, quantity: 1, amountFen: 4550, voided: false },
    ],
    tenders: [{ kind: 'cash', amountFen: 20_550, tenderedFen: 30_000, changeFen: 9450, reference: null, createdAt: T0 }],
    operatorNo: '1001',
    shiftId: 1,
    suspendedLabel: null,
    createdAt: T0 - 60_000,
    updatedAt: T0,
    closedAt: T0,
    ...over,
  };
}

describe('buildReceipt', () => {
  it('prints bill number, items, total, tender, change, time, operator and terminal', () => {
    const r = buildReceipt({ bill: bill(), terminalNo: 'T01', operatorName: '张三', paperWidthMm: 80, printedAt: T0 + 5000, formatTime: fmt });
    for (const s of ['T01-250131-120000-0001', '成人票', '2 × ¥80.00', '¥160.00', '寄存', '¥205.50', '现金', '实收', '¥300.00', '找零', '¥94.50', '1001 张三', 'T01', '2025-01-31 04:00:00']) {
      expect(r.body).toContain(s);
    }
    for (const s of ['T01-250131-120000-0001', '成人票', '2 × 80.00', '160.00', '¥205.50', '实收', '¥300.00', '找零', '¥94.50', '1001 张三']) {
      expect(r.text).toContain(s);
    }
    // A voided line is not printed.
    expect(r.body).not.toContain('儿童票');
    expect(r.html).toContain('<!doctype html>');
  });

  it('prints the payment reference of a barcode payment', () => {
    const r = buildReceipt({
      bill: bill({ tenders: [{ kind: 'barcode', amountFen: 20_550, tenderedFen: null, changeFen: null, reference: 'KD2025013100042', createdAt: T0 }] }),
      terminalNo: 'T01',
      paperWidthMm: 58,
      printedAt: T0,
      formatTime: fmt,
    });
    expect(r.body).toContain('扫码支付');
    expect(r.body).toContain('支付单号');
    expect(r.body).toContain('KD2025013100042');
    expect(r.body).not.toContain('找零');
  });

  it('sets an explicit page size for 58 mm and 80 mm paper', () => {
    const r58 = buildReceipt({ bill: bill(), terminalNo: 'T01', paperWidthMm: 58, printedAt: T0 });
    const r80 = buildReceipt({ bill: bill(), terminalNo: 'T01', paperWidthMm: 80, printedAt: T0 });
    expect(r58.html).toMatch(/@page\{size:58mm \d+mm;margin:0;\}/);
    expect(r80.html).toMatch(/@page\{size:80mm \d+mm;margin:0;\}/);
    expect(r58.css).toContain('width:48mm');
    expect(r80.css).toContain('width:72mm');
    expect(r58.pageSizeMicrons.width).toBe(58_000);
    expect(r80.pageSizeMicrons.width).toBe(80_000);
    // Every text line fits the paper's columns.
    for (const line of r58.text.split('\n')) for (const part of line.split('\n')) expect(textWidth(part)).toBeLessThanOrEqual(32);
  });

  it('escapes everything that comes from the bill', () => {
    const r = buildReceipt({
      bill: bill({ lines: [{ lineNo: 1, itemCode: null, name: '<img src=x onerror=alert(1)>', unitPriceFen: 100, quantity: 1, amountFen: 100, voided: false }] }),
      terminalNo: 'T01',
      header: '"景区" & <售票处>',
      paperWidthMm: 80,
      printedAt: T0,
    });
    expect(r.html).not.toContain('<img');
    expect(r.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(r.html).toContain('&quot;景区&quot; &amp; &lt;售票处&gt;');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('marks reprints, the sandbox, and bills that are not paid', () => {
    const r = buildReceipt({ bill: bill({ status: 'unconfirmed', tenders: [], dueFen: 20_550 }), terminalNo: 'T01', paperWidthMm: 80, printedAt: T0, reprint: true, sandbox: true });
    expect(r.body).toContain('重打小票');
    expect(r.body).toContain('演示');
    expect(r.body).toContain('支付结果未确认');
    expect(r.body).toContain('未付');
  });

  it('prints a recharge with its card number masked', () => {
    const r = buildReceipt({
      bill: bill({ kind: 'recharge', businessType: 7, cardNo: '8800123456789', lines: [{ lineNo: 1, itemCode: null, name: '储值卡充值', unitPriceFen: 10_000, quantity: 1, amountFen: 10_000, voided: false }] }),
      terminalNo: 'T01',
      paperWidthMm: 58,
      printedAt: T0,
    });
    expect(r.body).toContain('储值卡充值凭证');
    expect(r.body).toContain('8800*****6789');
    expect(r.body).not.toContain('8800123456789');
    expect(maskCardNo('1234')).toBe('1234');
  });
});
