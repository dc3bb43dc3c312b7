import { describe, expect, it } from 'vitest';
import { cashDifferenceFen, countTotalFen, DENOMINATIONS_FEN } from './cash.js';
import { hoursChartSvg, niceMax, tendersChartSvg } from './chart.js';
import { reportFileName } from './file-name.js';
import { formatDenomination, formatHour, formatMoney, formatReportTime } from './format.js';
import { reportLabel, reportLabelKeys } from './labels.js';
import { buildReportPrint } from './print.js';
import { REPORT_VERSION, ReportDataSchema, type ReportData } from './schema.js';
import { buildReportView, chartHours, findSection } from './view.js';

const OFF = 480;
/** 2025-01-31 00:00 in UTC+8. */
const DAY0 = Date.UTC(2025, 0, 30, 16, 0, 0);
const H = 3_600_000;

function data(over: Partial<ReportData> = {}): ReportData {
  const base: ReportData = {
    version: REPORT_VERSION,
    kind: 'z',
    terminalNo: 'T01',
    generatedAt: DAY0 + 18 * H,
    generatedBy: 'S01',
    utcOffsetMinutes: OFF,
    period: { from: DAY0 + 8 * H, to: DAY0 + 18 * H },
    shifts: [
      {
        id: 7,
        operatorNo: 'C01',
        status: 'closed',
        openedAt: DAY0 + 8 * H,
        closedAt: DAY0 + 18 * H,
        closedBy: 'S01',
        floatFen: 50_000,
        expectedCashFen: 60_000,
        countedCashFen: 59_990,
        differenceFen: -10,
        note: '少一角',
      },
    ],
    netFen: 30_000,
    tenders: [
      { kind: 'barcode', salesCount: 2, salesFen: 20_000, refundCount: 0, refundFen: 0, netFen: 20_000 },
      { kind: 'cash', salesCount: 1, salesFen: 12_000, refundCount: 1, refundFen: -2000, netFen: 10_000 },
      { kind: 'stored-value', salesCount: 0, salesFen: 0, refundCount: 0, refundFen: 0, netFen: 0 },
    ],
    cash: {
      floatFen: 50_000,
      tenderedFen: 15_000,
      changeFen: 3000,
      salesFen: 12_000,
      refundFen: -2000,
      inFen: 0,
      outFen: 0,
      expectedFen: 60_000,
      countedFen: 59_990,
      differenceFen: -10,
      countDetail: { '10000': 5, '5000': 1, '1000': 4, '500': 1, '100': 4, '50': 1, '10': 4 },
      note: '少一角',
      movements: [],
    },
    billKinds: [
      { kind: 'sale', count: 3, totalFen: 32_000 },
      { kind: 'recharge', count: 0, totalFen: 0 },
      { kind: 'refund', count: 1, totalFen: 2000 },
    ],
    businessTypes: [
      { businessType: 1, kind: 'sale', count: 3, totalFen: 32_000 },
      { businessType: 1, kind: 'refund', count: 1, totalFen: 2000 },
    ],
    operators: [
      { operatorNo: 'C01', salesCount: 3, salesFen: 32_000, refundCount: 1, refundFen: -2000, netFen: 30_000 },
    ],
    hours: [
      { hourStart: DAY0 + 9 * H, kind: 'barcode', count: 2, amountFen: 20_000 },
      { hourStart: DAY0 + 10 * H, kind: 'cash', count: 2, amountFen: 10_000 },
    ],
    refunds: {
      count: 1,
      totalFen: 2000,
      backOfficeCount: 0,
      backOfficeFen: 0,
      list: [
        {
          billNo: 'T01-250131-100000-0002',
          refundOfBillNo: 'T01-250131-100000-0001',
          kind: 'cash',
          amountFen: 2000,
          operatorNo: '<b>C01</b>',
          at: DAY0 + 10 * H,
        },
      ],
      listTruncated: false,
    },
    voids: { count: 1, totalFen: 990 },
    payments: { byState: [{ state: 'paid', count: 2, amountFen: 20_000 }], open: [], openCount: 0 },
    bills: {
      count: 5,
      byStatus: { paid: 4, voided: 1 },
      firstBillNo: 'T01-250131-090000-0001',
      lastBillNo: 'T01-250131-100000-0002',
    },
    outbox: { depth: 4, oldestWaitingMs: 30 * 60_000, failing: 0 },
  };
  return { ...base, ...over };
}

describe('report words', () => {
  it('has every word in both languages, none empty', () => {
    expect(reportLabelKeys('en').sort()).toEqual(reportLabelKeys('zh-CN').sort());
    for (const l of ['zh-CN', 'en'] as const)
      for (const k of reportLabelKeys(l)) expect(reportLabel(l, k).trim(), `${l} ${k}`).not.toBe('');
    expect(reportLabel('zh-CN', 'warn.unconfirmed', { n: 3 })).toContain('3 笔');
  });
});

describe('formatting', () => {
  it('shows times in the report zone, not the viewer zone', () => {
    expect(formatReportTime(DAY0, OFF)).toBe('2025-01-31 00:00:00');
    expect(formatReportTime(DAY0, 0)).toBe('2025-01-30 16:00:00');
    expect(formatHour(DAY0 + 13 * H, OFF)).toBe('13:00');
    expect(formatHour(DAY0 + 13 * H, OFF, true)).toBe('01-31 13:00');
    expect(formatMoney(-10)).toBe('-¥0.10');
    expect(DENOMINATIONS_FEN.map(formatDenomination)).toEqual([
      '¥100',
      '¥50',
      '¥20',
      '¥10',
      '¥5',
      '¥1',
      '¥0.5',
      '¥0.1',
    ]);
  });

  it('adds up a drawer count and refuses what is not a denomination', () => {
    expect(countTotalFen({ '10000': 2, '50': 3, '10': 1 })).toBe(20_160);
    expect(countTotalFen({})).toBe(0);
    expect(() => countTotalFen({ '20': 1 })).toThrow(/denomination/);
    expect(() => countTotalFen({ '100': -1 })).toThrow(/bad count/);
    expect(() => countTotalFen({ '100': 1.5 })).toThrow(/bad count/);
    expect(cashDifferenceFen(59_990, 60_000)).toBe(-10);
  });
});

describe('view', () => {
  it('is a valid, deterministic model whose rows add up', () => {
    const d = data();
    expect(ReportDataSchema.safeParse(d).success).toBe(true);
    const v = buildReportView(d);
    expect(buildReportView(d)).toEqual(v);
    const tenders = findSection(v, 'tenders')!;
    expect(tenders.rows.map((r) => r.key)).toEqual(['barcode', 'cash', 'stored-value', 'campus-qr', 'total']);
    expect(tenders.rows.at(-1)!.cells.map((c) => c.value)).toEqual(['合计', 3, 32_000, 1, -2000, 30_000]);
    const count = findSection(v, 'count')!;
    expect(count.rows.at(-1)!.cells[2]!.value).toBe(59_990);
    const cash = findSection(v, 'cash')!;
    const sum = cash.rows
      .filter((r) => ['float', 'tendered', 'change', 'refund', 'in', 'out'].includes(r.key))
      .reduce((s, r) => s + (r.cells[1]!.value as number), 0);
    expect(sum).toBe(d.cash.expectedFen);
    expect(cash.rows.find((r) => r.key === 'difference')).toMatchObject({ emphasis: 'warn' });
    expect(v.figures.find((f) => f.id === 'difference')).toMatchObject({ tone: 'bad' });
    expect(v.warnings).toEqual(['现金差额 -¥0.10。']);
    expect(findSection(v, 'outbox')!.rows.find((r) => r.key === 'oldest')!.cells[1]!.text).toBe('30 分钟');
    // No negative zero anywhere.
    for (const s of v.sections)
      for (const r of s.rows)
        for (const c of r.cells) if (c.type !== 'text') expect(Object.is(c.value, -0), `${s.id}/${r.key}`).toBe(false);
  });

  it('folds hours of several days into hours of the day for a range, and dates hours of a shift over midnight', () => {
    const hours = [
      { hourStart: DAY0 + 9 * H, kind: 'cash' as const, count: 1, amountFen: 100 },
      { hourStart: DAY0 + 24 * H + 9 * H, kind: 'cash' as const, count: 2, amountFen: 300 },
      { hourStart: DAY0 + 24 * H + 8 * H, kind: 'barcode' as const, count: 1, amountFen: 50 },
    ];
    const range = chartHours(data({ kind: 'range', hours }));
    expect(range.folded).toBe(true);
    expect(range.bars.map((b) => [b.label, b.totalFen, b.count])).toEqual([
      ['08:00', 50, 1],
      ['09:00', 400, 3],
    ]);
    const shift = chartHours(
      data({
        hours: [hours[0]!, { ...hours[0]!, hourStart: DAY0 + 23 * H }, { ...hours[0]!, hourStart: DAY0 + 24 * H }],
      }),
    );
    expect(shift.folded).toBe(false);
    expect(shift.bars.map((b) => b.label)).toEqual(['01-31 09:00', '01-31 23:00', '02-01 00:00']);
  });
});

describe('charts and print view', () => {
  it('draws SVG without style attributes or scripts, with escaped text', () => {
    const v = buildReportView(data(), { locale: 'en' });
    const svg = hoursChartSvg(v.chart, { locale: 'en' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/style=|<script/i);
    // One bar per hour with money, one segment per tender kind in it.
    expect(svg.match(/<g data-hour=/g)).toHaveLength(2);
    expect(svg.match(/fill="#2f6fdf"/g)!.length).toBeGreaterThanOrEqual(2);
    const t = tendersChartSvg(v.chart);
    expect(t.match(/<g data-tender=/g)).toHaveLength(4);
    expect(niceMax(0)).toBe(100);
    expect(niceMax(32_000)).toBe(50_000);
    expect(niceMax(100_001)).toBe(200_000);
  });

  it('prints A4 and 80 mm with an explicit page size, escaping every value', () => {
    const v = buildReportView(data());
    const a4 = buildReportPrint(v, 'a4');
    expect(a4.pageSizeMicrons).toEqual({ width: 210_000, height: 297_000 });
    expect(a4.html).toContain('@page{size:A4 portrait');
    expect(a4.html).toContain('&lt;b&gt;C01&lt;/b&gt;');
    expect(a4.html).not.toContain('<b>C01</b>');
    expect(a4.body).toContain('<svg');
    const roll = buildReportPrint(v, '80mm');
    expect(roll.pageSizeMicrons.width).toBe(80_000);
    expect(roll.pageCss).toMatch(/@page\{size:80mm \d+mm;margin:0;\}/);
    expect(roll.body).not.toContain('<svg');
    // On a roll, the wide tender table keeps label, count and net only.
    const tenders = /<section class="sec" data-section="tenders">([\s\S]*?)<\/section>/.exec(roll.body)![1]!;
    expect(tenders.match(/<th /g)).toHaveLength(3);
    const longer = buildReportPrint(
      buildReportView(
        data({
          refunds: {
            ...data().refunds,
            list: Array.from({ length: 60 }, (_, i) => ({ ...data().refunds.list[0]!, billNo: `B${i}` })),
          },
        }),
      ),
      '80mm',
    );
    expect(longer.pageSizeMicrons.height).toBeGreaterThan(roll.pageSizeMicrons.height);
  });

  it('names export files in ASCII with the kind, terminal, shift or range and time', () => {
    expect(reportFileName(data(), 'xlsx')).toBe('counterpay-z-T01-shift7-20250131-1800.xlsx');
    expect(reportFileName(data({ kind: 'range', period: { from: DAY0, to: DAY0 + 7 * 24 * H } }), 'csv')).toBe(
      'counterpay-range-T01-20250131-20250206-20250131-1800.csv',
    );
  });
});
