import type { BillView } from '../contract/schemas.js';
import { fenToYuanString } from '../money.js';
import { zheOf } from '../pricing.js';

/**
 * The receipt's discount rows (docs/ARCHITECTURE.md §5.1): under a line, the list price it was
 * changed from (改价) and its own discount; above 合计, the bill before discount, the line and
 * whole-bill discounts and 抹零. A bill without any prints none of them.
 */
export interface DiscountRow {
  label: string;
  value: string;
}

type Line = BillView['lines'][number];
const yuan = (fen: number): string => fenToYuanString(fen);

/** A line's amount as printed: its price after its own discount (the bill's discount is printed below). */
export function printedLineFen(l: Line): number {
  return l.grossFen === undefined ? l.amountFen : l.grossFen - (l.discountFen ?? 0);
}

export function lineDiscountRows(l: Line): DiscountRow[] {
  const rows: DiscountRow[] = [];
  if (l.listPriceFen !== undefined && l.listPriceFen !== null)
    rows.push({ label: `  改价 原价 ¥${yuan(l.listPriceFen)}`, value: '' });
  const off = l.discountFen ?? 0;
  if (off > 0) {
    const what = l.discount?.mode === 'percent' ? `${zheOf(l.discount.rate)}折` : '优惠';
    rows.push({ label: `  ${what}`, value: `-¥${yuan(off)}` });
  }
  return rows;
}

export function billDiscountRows(bill: BillView): DiscountRow[] {
  const p = bill.pricing;
  if (!p) return [];
  const rows: DiscountRow[] = [];
  // 原价合计 is at list prices: a price override (改价) is its own row.
  const listGross = bill.lines
    .filter((l) => !l.voided)
    .reduce((s, l) => s + (l.listPriceFen ?? l.unitPriceFen) * l.quantity, 0);
  const priceOff = listGross - p.grossFen;
  if (p.lineDiscountFen === 0 && p.billDiscountFen === 0 && p.roundOffFen === 0 && priceOff === 0) return rows;
  rows.push({ label: '原价合计', value: `¥${yuan(listGross)}` });
  if (priceOff !== 0) rows.push({ label: '改价', value: `${priceOff > 0 ? '-' : '+'}¥${yuan(Math.abs(priceOff))}` });
  if (p.lineDiscountFen > 0) rows.push({ label: '单品优惠', value: `-¥${yuan(p.lineDiscountFen)}` });
  if (p.billDiscountFen > 0) {
    const what = p.billDiscount?.mode === 'percent' ? `整单${zheOf(p.billDiscount.rate)}折` : '整单优惠';
    rows.push({ label: what, value: `-¥${yuan(p.billDiscountFen)}` });
  }
  if (p.roundOffFen !== 0)
    rows.push({ label: '抹零', value: `${p.roundOffFen > 0 ? '-' : '+'}¥${yuan(Math.abs(p.roundOffFen))}` });
  return rows;
}
