import { count, money, neg, text, type ViewContext } from './view-context.js';
import type { ReportSection } from './view-types.js';

/**
 * The 折扣与抹零 section (docs/ARCHITECTURE.md §5.1): discounts given on the paid sales, in
 * total and by the operator who gave them (count and amount, shown as money taken off), then
 * 抹零. Only when the report carries discounts and any were given.
 */
export function addDiscountSection(c: ViewContext, sections: ReportSection[]): void {
  const d = c.data.discounts;
  if (!d || (d.count === 0 && d.roundOffFen === 0)) return;
  sections.push({
    id: 'discounts',
    title: c.L('sec.discounts'),
    columns: [
      c.col('item', 'col.operator', 'text'),
      c.col('count', 'col.count', 'count'),
      c.col('amount', 'col.amount', 'money'),
    ],
    rows: [
      ...d.byOperator.map((o) => ({
        key: `op:${o.operatorNo}`,
        cells: [text(c.L('disc.by', { no: o.operatorNo })), count(o.count), money(neg(o.fen))],
      })),
      {
        key: 'total',
        cells: [text(c.L('disc.total')), count(d.count), money(neg(d.totalFen))],
        emphasis: 'total' as const,
      },
      { key: 'roundOff', cells: [text(c.L('disc.roundOff')), text(''), money(neg(d.roundOffFen))] },
    ],
  });
}
