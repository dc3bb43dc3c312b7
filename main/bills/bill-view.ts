/**
 * What a bill looks like outside the ledger: the BillView of the contract, and the bill feed
 * payload a paid bill leaves in the outbox (main/sync/bill-feed.ts).
 */
import type { BillView } from '../../app/contract/schemas.js';
import type { AttemptQueries } from '../payments/attempt-queries.js';
import { FEED_VERSION, type FeedBill } from '../sync/bill-feed.js';
import { specOf, type AdjustmentRepo, type AdjustmentRow } from './bill-adjustment-repo.js';
import type { BillRepo, BillRow } from './bill-repo.js';

/** The bill's pricing block (docs/ARCHITECTURE.md §5.1): totals before and after discounts, and who gave what. */
function pricingOf(lines: ReturnType<BillRepo['lines']>, adj: AdjustmentRow[]): NonNullable<BillView['pricing']> {
  const live = lines.filter((l) => l.voided === 0);
  const billAdj = adj.find((a) => a.kind === 'bill-discount');
  return {
    grossFen: live.reduce((s, l) => s + l.unit_price_fen * l.quantity, 0),
    lineDiscountFen: live.reduce((s, l) => s + l.discount_fen, 0),
    billDiscountFen: live.reduce((s, l) => s + l.bill_share_fen, 0),
    roundOffFen: live.reduce((s, l) => s + l.round_off_fen, 0),
    billDiscount: billAdj ? specOf(billAdj) : null,
    roundOffRule: adj.find((a) => a.kind === 'round-off')?.rule ?? null,
    adjustments: adj.map((a) => ({
      kind: a.kind,
      lineNo: a.line_no === 0 ? null : a.line_no,
      amountFen: a.amount_fen,
      givenBy: a.given_by,
      authorisedBy: a.authorised_by,
    })),
  };
}

export function billView(
  repo: BillRepo,
  row: BillRow,
  deps: { attempts?: Pick<AttemptQueries, 'walletOf'>; adjustments?: AdjustmentRepo } = {},
): BillView {
  const lines = repo.lines(row.id);
  const tenders = repo.tenders(row.id);
  const tendered = tenders.reduce((s, t) => s + t.amount_fen, 0);
  // Split payment: each barcode part names its wallet (微信 / 支付宝 / 云闪付) when it is known.
  const walletOf = (attemptId: number | null) => {
    const wallet = attemptId === null ? null : (deps.attempts?.walletOf(attemptId) ?? null);
    return wallet ? { wallet } : {};
  };
  const adj = deps.adjustments ? deps.adjustments.all(row.id) : [];
  const lineDiscount = new Map(adj.filter((a) => a.kind === 'line-discount').map((a) => [a.line_no, specOf(a)]));
  return {
    id: row.id,
    billNo: row.bill_no,
    kind: row.kind,
    businessType: row.business_type,
    status: row.status,
    totalFen: row.total_fen,
    dueFen: row.total_fen - tendered,
    cardNo: row.card_no,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      itemCode: l.item_code,
      name: l.name,
      unitPriceFen: l.unit_price_fen,
      quantity: l.quantity,
      amountFen: l.amount_fen,
      voided: l.voided === 1,
      // Only on a line that pricing changed, so a bill without discounts looks as it always did.
      ...(l.list_price_fen !== null ||
      l.discount_fen !== 0 ||
      l.bill_share_fen !== 0 ||
      l.round_off_fen !== 0 ||
      lineDiscount.has(l.line_no)
        ? {
            listPriceFen: l.list_price_fen,
            grossFen: l.unit_price_fen * l.quantity,
            discountFen: l.discount_fen,
            billShareFen: l.bill_share_fen,
            roundOffFen: l.round_off_fen,
            discount: lineDiscount.get(l.line_no) ?? null,
          }
        : {}),
    })),
    tenders: tenders.map((t) => ({
      kind: t.kind,
      amountFen: t.amount_fen,
      tenderedFen: t.tendered_fen,
      changeFen: t.change_fen,
      reference: t.reference,
      createdAt: t.created_at,
      ...walletOf(t.attempt_id),
    })),
    operatorNo: row.operator_no,
    shiftId: row.shift_id,
    suspendedLabel: row.suspended_label,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    ...(adj.length > 0 ? { pricing: pricingOf(lines, adj) } : {}),
  };
}

/** The bill feed payload of a paid bill `v` (row `row`). */
export function feedPayload(
  deps: { repo: BillRepo; attempts: AttemptQueries; terminalNo: string; now: () => number },
  row: BillRow,
  v: BillView,
): FeedBill {
  const { repo, attempts } = deps;
  const refundOf = row.refund_of === null ? null : (repo.bill(row.refund_of)?.bill_no ?? null);
  const p = v.pricing;
  return {
    version: FEED_VERSION,
    billNo: v.billNo,
    terminalNo: deps.terminalNo,
    kind: v.kind,
    businessType: v.businessType,
    status: 'paid',
    refundOf,
    operatorNo: v.operatorNo,
    shiftId: v.shiftId,
    cardNo: v.cardNo,
    totalFen: v.totalFen,
    currency: 'CNY',
    createdAt: v.createdAt,
    closedAt: v.closedAt ?? deps.now(),
    lines: v.lines
      .filter((l) => !l.voided)
      .map((l) => ({
        lineNo: l.lineNo,
        itemCode: l.itemCode,
        name: l.name,
        unitPriceFen: l.unitPriceFen,
        quantity: l.quantity,
        amountFen: l.amountFen,
        ...(adjusted(l)
          ? {
              grossFen: l.grossFen ?? l.unitPriceFen * l.quantity,
              listPriceFen: l.listPriceFen ?? null,
              discountFen: l.discountFen ?? 0,
              billShareFen: l.billShareFen ?? 0,
              roundOffFen: l.roundOffFen ?? 0,
            }
          : {}),
      })),
    tenders: repo.tenders(row.id).map((t) => ({
      kind: t.kind,
      amountFen: t.amount_fen,
      tenderedFen: t.tendered_fen,
      changeFen: t.change_fen,
      reference: t.reference,
      gatewayBillNum: t.attempt_id === null ? null : attempts.gatewayBillNum(t.attempt_id),
      createdAt: t.created_at,
    })),
    ...(p && p.adjustments.length > 0
      ? {
          discounts: {
            grossFen: p.grossFen,
            lineDiscountFen: p.lineDiscountFen,
            billDiscountFen: p.billDiscountFen,
            roundOffFen: p.roundOffFen,
            adjustments: p.adjustments,
          },
        }
      : {}),
  };
}

/** A line pricing changed: it carries the optional discount fields in the feed. */
function adjusted(l: BillView['lines'][number]): boolean {
  return (
    (l.listPriceFen ?? null) !== null ||
    (l.discountFen ?? 0) !== 0 ||
    (l.billShareFen ?? 0) !== 0 ||
    (l.roundOffFen ?? 0) !== 0
  );
}
