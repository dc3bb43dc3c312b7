import { describe, expect, it } from 'vitest';
import type { BillView } from '../contract/schemas.js';
import { buildReceipt, escapeHtml, maskCardNo, TEXT_COLUMNS, textWidth, wrapText } from './receipt.js';
import { RECEIPT_LIMITS, ReceiptTextsSchema } from './settings.js';

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
      {
        lineNo: 1,
        itemCode: '6901234567892',
        name: '成人票',
        unitPriceFen: 8000,
        quantity: 2,
        amountFen: 16_000,
        voided: false,
      },
      {
        lineNo: 2,
        itemCode: '6901234567809',
        name: '儿童票',
        unitPriceFen: 4000,
        quantity: 1,
        amountFen: 4000,
        voided: true,
      },
      { lineNo: 3, itemCode: null, name: '寄存', unitPriceFen: 4550, quantity: 1, amountFen: 4550, voided: false },
    ],
    tenders: [
      { kind: 'cash', amountFen: 20_550, tenderedFen: 30_000, changeFen: 9450, reference: null, createdAt: T0 },
    ],
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
    const r = buildReceipt({
      bill: bill(),
      terminalNo: 'T01',
      operatorName: '张三',
      paperWidthMm: 80,
      printedAt: T0 + 5000,
      formatTime: fmt,
    });
    for (const s of [
      'T01-250131-120000-0001',
      '成人票',
      '2 × ¥80.00',
      '¥160.00',
      '寄存',
      '¥205.50',
      '现金',
      '实收',
      '¥300.00',
      '找零',
      '¥94.50',
      '1001 张三',
      'T01',
      '2025-01-31 04:00:00',
    ]) {
      expect(r.body).toContain(s);
    }
    for (const s of [
      'T01-250131-120000-0001',
      '成人票',
      '2 × 80.00',
      '160.00',
      '¥205.50',
      '实收',
      '¥300.00',
      '找零',
      '¥94.50',
      '1001 张三',
    ]) {
      expect(r.text).toContain(s);
    }
    // A voided line is not printed.
    expect(r.body).not.toContain('儿童票');
    expect(r.html).toContain('<!doctype html>');
  });

  it('prints the payment reference of a barcode payment', () => {
    const r = buildReceipt({
      bill: bill({
        tenders: [
          {
            kind: 'barcode',
            amountFen: 20_550,
            tenderedFen: null,
            changeFen: null,
            reference: 'KD2025013100042',
            createdAt: T0,
          },
        ],
      }),
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
    for (const line of r58.text.split('\n'))
      for (const part of line.split('\n')) expect(textWidth(part)).toBeLessThanOrEqual(32);
  });

  it('escapes everything that comes from the bill', () => {
    const r = buildReceipt({
      bill: bill({
        lines: [
          {
            lineNo: 1,
            itemCode: null,
            name: '<img src=x onerror=alert(1)>',
            unitPriceFen: 100,
            quantity: 1,
            amountFen: 100,
            voided: false,
          },
        ],
      }),
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
    const r = buildReceipt({
      bill: bill({ status: 'unconfirmed', tenders: [], dueFen: 20_550 }),
      terminalNo: 'T01',
      paperWidthMm: 80,
      printedAt: T0,
      reprint: true,
      sandbox: true,
    });
    expect(r.body).toContain('重印 ');
    expect(r.text).toContain('重印 ');
    expect(r.body).toContain('演示');
    expect(r.body).toContain('支付结果未确认');
    expect(r.body).toContain('未付');
  });

  it('prints a recharge with its card number masked', () => {
    const r = buildReceipt({
      bill: bill({
        kind: 'recharge',
        businessType: 7,
        cardNo: '8800123456789',
        lines: [
          {
            lineNo: 1,
            itemCode: null,
            name: '储值卡充值',
            unitPriceFen: 10_000,
            quantity: 1,
            amountFen: 10_000,
            voided: false,
          },
        ],
      }),
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

describe('58 mm receipts with the longest fields', () => {
  const longest = {
    shopName: '山'.repeat(RECEIPT_LIMITS.shopNameMax),
    headerLines: Array.from(
      { length: RECEIPT_LIMITS.linesMax },
      (_, i) => `${i}${'地'.repeat(RECEIPT_LIMITS.lineMax - 1)}`,
    ),
    footerLines: Array.from({ length: RECEIPT_LIMITS.linesMax }, () => '谢'.repeat(RECEIPT_LIMITS.lineMax)),
  };
  const bigBill = bill({
    billNo: 'T01ABCDE-261204-235959-9999',
    totalFen: 99_999_999,
    cardNo: '8800123456789012345',
    lines: [
      {
        lineNo: 1,
        itemCode: null,
        name: '超长商品名称'.repeat(8),
        unitPriceFen: 9_999_999,
        quantity: 9999,
        amountFen: 99_999_999,
        voided: false,
      },
    ],
    tenders: [
      // A KouDaiLQ autoid as long as the gateway sends them.
      {
        kind: 'barcode',
        amountFen: 99_999_999,
        tenderedFen: null,
        changeFen: null,
        reference: '4200001234202612041234567890123456',
        createdAt: T0,
      },
    ],
  });

  it('keeps every text line within the roll (32 columns on 58 mm, 48 on 80 mm)', () => {
    expect(ReceiptTextsSchema.parse(longest)).toEqual({ ...longest, autoPrint: false });
    for (const paperWidthMm of [58, 80] as const) {
      const r = buildReceipt({
        bill: bigBill,
        terminalNo: 'T01ABCDE',
        operatorName: '欧阳'.repeat(10),
        paperWidthMm,
        printedAt: T0,
        formatTime: fmt,
        ...longest,
        header: longest.headerLines,
        footer: longest.footerLines,
      });
      const cols = TEXT_COLUMNS[paperWidthMm];
      const wide = r.text.split('\n').filter((l) => textWidth(l) > cols);
      expect(wide, `${paperWidthMm} mm`).toEqual([]);
      expect(r.text).toContain('4200001234202612041234567890123456'.slice(0, 20));
    }
  });

  it('puts 支付单号 on its own line on 58 mm instead of wrapping it inside the row', () => {
    const r58 = buildReceipt({ bill: bigBill, terminalNo: 'T01', paperWidthMm: 58, printedAt: T0, formatTime: fmt });
    expect(r58.body).toMatch(
      /<div class="row stack"><span class="l">支付单号<\/span><span class="v">4200001234202612041234567890123456<\/span><\/div>/,
    );
    const text = r58.text.split('\n');
    const i = text.indexOf('支付单号');
    expect(i).toBeGreaterThan(0);
    expect(text[i + 1]!.trim()).toBe('42000012342026120412345678901234');
    // The bill number still fits beside its label.
    expect(r58.body).toMatch(/<div class="row"><span class="l">单号<\/span>/);
    // 80 mm has room for both on one row.
    const r80 = buildReceipt({ bill: bigBill, terminalNo: 'T01', paperWidthMm: 80, printedAt: T0, formatTime: fmt });
    expect(r80.body).toMatch(/<div class="row"><span class="l">支付单号<\/span>/);
  });

  it('prints the shop name first, then the header, and the footer at the end (escaped)', () => {
    const r = buildReceipt({
      bill: bill(),
      terminalNo: 'T01',
      paperWidthMm: 58,
      printedAt: T0,
      formatTime: fmt,
      shopName: '<西湖>景区',
      header: ['杭州市西湖区 1 号', '电话 0571-1234567'],
      footer: ['谢谢惠顾'],
    });
    expect(r.body.indexOf('&lt;西湖&gt;景区')).toBeGreaterThan(0);
    expect(r.body.indexOf('&lt;西湖&gt;景区')).toBeLessThan(r.body.indexOf('杭州市西湖区 1 号'));
    expect(r.body.indexOf('谢谢惠顾')).toBeGreaterThan(r.body.indexOf('合计'));
    expect(r.text.split('\n')[0]!.trim()).toBe('<西湖>景区');
  });

  it('limits the shop texts in config with the field and the limit named', () => {
    const bad = ReceiptTextsSchema.safeParse({
      shopName: 'x'.repeat(RECEIPT_LIMITS.shopNameMax + 1),
      headerLines: ['a', 'b', 'c', 'd', 'e'],
      footerLines: ['y'.repeat(33)],
    });
    expect(bad.success).toBe(false);
    const issues = bad.success ? [] : bad.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        `shopName: shopName: at most ${RECEIPT_LIMITS.shopNameMax} characters`,
        `headerLines: at most ${RECEIPT_LIMITS.linesMax} lines`,
        `footerLines.0: at most ${RECEIPT_LIMITS.lineMax} characters per line`,
      ]),
    );
    expect(wrapText('一二三四五', 4)).toEqual(['一二', '三四', '五']);
  });
});
