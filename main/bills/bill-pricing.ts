/**
 * Repricing a bill: after any change to its lines or adjustments, work out every line's net
 * amount and discounts with app/pricing.ts (the one place the arithmetic and its rounding
 * live), store them on the lines and the adjustments, and return the totals. The caller
 * (bill-core.ts refreshTotal) stores the bill total. Runs inside the caller's transaction.
 */
import { priceBill, type Priced } from '../../app/pricing.js';
import { specOf, type AdjustmentRepo } from './bill-adjustment-repo.js';
import type { BillRepo } from './bill-repo.js';

export function createBillPricing(repo: BillRepo, adjustments: AdjustmentRepo) {
  return function reprice(billId: number): Priced {
    const lines = repo.lines(billId);
    const adj = adjustments.all(billId);
    const lineDiscount = new Map(adj.filter((a) => a.kind === 'line-discount').map((a) => [a.line_no, specOf(a)]));
    const billAdj = adj.find((a) => a.kind === 'bill-discount');
    const roundAdj = adj.find((a) => a.kind === 'round-off');
    const priced = priceBill({
      lines: lines.map((l) => ({
        lineNo: l.line_no,
        unitPriceFen: l.unit_price_fen,
        quantity: l.quantity,
        voided: l.voided === 1,
        discount: lineDiscount.get(l.line_no) ?? null,
      })),
      billDiscount: billAdj ? specOf(billAdj) : null,
      roundOff: roundAdj?.rule ?? null,
    });
    lines.forEach((l, i) => {
      const p = priced.lines[i];
      if (!p) return;
      if (
        l.amount_fen !== p.netFen ||
        l.discount_fen !== p.discountFen ||
        l.bill_share_fen !== p.billShareFen ||
        l.round_off_fen !== p.roundOffFen
      ) {
        repo.setLinePricing(billId, l.line_no, {
          amountFen: p.netFen,
          discountFen: p.discountFen,
          billShareFen: p.billShareFen,
          roundOffFen: p.roundOffFen,
        });
      }
    });
    for (const a of adj) {
      const line = lines.find((l) => l.line_no === a.line_no);
      const live = line !== undefined && line.voided === 0;
      const amount =
        a.kind === 'bill-discount'
          ? priced.billDiscountFen
          : a.kind === 'round-off'
            ? priced.roundOffFen
            : !live
              ? 0
              : a.kind === 'line-discount'
                ? (priced.lines.find((p) => p.lineNo === a.line_no)?.discountFen ?? 0)
                : ((line.list_price_fen ?? line.unit_price_fen) - line.unit_price_fen) * line.quantity;
      if (amount !== a.amount_fen) adjustments.setAmount(billId, a.kind, a.line_no, amount);
    }
    return priced;
  };
}

export type Reprice = ReturnType<typeof createBillPricing>;
