/**
 * What a bill looks like outside the ledger: the BillView of the contract, and the bill feed
 * payload a paid bill leaves in the outbox (main/sync/bill-feed.ts).
 */
import type { BillView } from '../../app/contract/schemas.js';
import type { AttemptQueries } from '../payments/attempt-queries.js';
import { FEED_VERSION, type FeedBill } from '../sync/bill-feed.js';
import type { BillRepo, BillRow } from './bill-repo.js';

export function billView(repo: BillRepo, row: BillRow, attempts?: Pick<AttemptQueries, 'walletOf'>): BillView {
  const lines = repo.lines(row.id);
  const tenders = repo.tenders(row.id);
  const tendered = tenders.reduce((s, t) => s + t.amount_fen, 0);
  // Split payment: each barcode part names its wallet (微信 / 支付宝 / 云闪付) when it is known.
  const walletOf = (attemptId: number | null) => {
    const wallet = attemptId === null ? null : (attempts?.walletOf(attemptId) ?? null);
    return wallet ? { wallet } : {};
  };
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
  };
}
