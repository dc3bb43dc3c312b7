import type { BillView } from '../../../../app/contract/schemas.js';
import { formatYuan } from '../../../../app/money.js';
import { specText, useD } from './texts.js';
import './discounts.css';

type Line = BillView['lines'][number];

/** What a line shows in its amount column: its price after its own discount (the bill's discount is shown below the lines). */
export function lineShownFen(l: Line): number {
  return l.grossFen === undefined ? l.amountFen : l.grossFen - (l.discountFen ?? 0);
}

/** Under a line's name: the list price it was changed from, and its own discount. */
export function LinePricing({ line }: { line: Line }) {
  const { D } = useD();
  const changed = line.listPriceFen !== undefined && line.listPriceFen !== null;
  const off = line.discountFen ?? 0;
  if (!changed && off === 0) return null;
  return (
    <span className="line-pricing" data-testid="line-pricing" data-discount-fen={off}>
      {changed && <span className="was">{D('line.was', { price: formatYuan(line.listPriceFen!) })}</span>}
      {off > 0 && line.discount && (
        <span className="off">
          {specText(D, line.discount)} {D('line.off', { amount: formatYuan(off) })}
        </span>
      )}
    </span>
  );
}

/** Above 应收: the bill before discount, the discount (lines and whole bill) and 抹零. */
export function BillPricingRows({ bill }: { bill: BillView }) {
  const { D } = useD();
  const p = bill.pricing;
  if (!p) return null;
  const off = p.lineDiscountFen + p.billDiscountFen;
  // 原价合计 is at list prices: a price override (改价) shows as its own row.
  const listGross = bill.lines
    .filter((l) => !l.voided)
    .reduce((s, l) => s + (l.listPriceFen ?? l.unitPriceFen) * l.quantity, 0);
  const priceOff = listGross - p.grossFen;
  if (off === 0 && p.roundOffFen === 0 && priceOff === 0) return null;
  return (
    <div className="bill-pricing" data-testid="bill-pricing" data-discount-fen={off}>
      <span>{D('panel.gross')}</span>
      <span className="amt" data-testid="bill-gross" data-fen={listGross}>
        {formatYuan(listGross)}
      </span>
      {priceOff !== 0 && (
        <>
          <span>{D('panel.price')}</span>
          <span className="amt" data-testid="bill-price-change" data-fen={priceOff}>
            {priceOff > 0 ? '−' : '+'}
            {formatYuan(Math.abs(priceOff))}
          </span>
        </>
      )}
      {p.lineDiscountFen > 0 && (
        <>
          <span>{D('panel.lineDiscount')}</span>
          <span className="amt" data-testid="bill-line-discounts" data-fen={p.lineDiscountFen}>
            −{formatYuan(p.lineDiscountFen)}
          </span>
        </>
      )}
      {p.billDiscountFen > 0 && (
        <>
          <span>
            {D('panel.billDiscount')}
            {p.billDiscount?.mode === 'percent' ? ` · ${specText(D, p.billDiscount)}` : ''}
          </span>
          <span className="amt" data-testid="bill-whole-discount" data-fen={p.billDiscountFen}>
            −{formatYuan(p.billDiscountFen)}
          </span>
        </>
      )}
      {p.roundOffFen !== 0 && (
        <>
          <span>{D('panel.roundOff')}</span>
          <span className="amt" data-testid="bill-round-off" data-fen={p.roundOffFen}>
            {p.roundOffFen > 0 ? '−' : '+'}
            {formatYuan(Math.abs(p.roundOffFen))}
          </span>
        </>
      )}
    </div>
  );
}
