/**
 * Refunds: a refund is a bill of its own (kind 'refund', refund_of → the original), settled at
 * once. See BillService.refund for the rules.
 */
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import { fen, input, invalid } from './bill-input.js';
import type { BillCore } from './bill-core.js';
import type { BillRow } from './bill-repo.js';
import type { BillService } from './bill-types.js';

export type BillRefunds = Pick<BillService, 'refund' | 'refundable'>;

export function createBillRefunds(core: BillCore): BillRefunds {
  const { store, now, repo, view, load, subject } = core;

  /** What a partly paid bill (open or parked, money in, not covered) holds; 0 for any other bill. */
  function partlyPaidFen(row: BillRow): number {
    if (row.kind === 'refund' || (row.status !== 'open' && row.status !== 'suspended')) return 0;
    return repo.paidSum(row.id);
  }

  return {
    refund(args) {
      const originalId = input.id('originalBillId', args.originalBillId);
      const tenderKind = input.tenderKind(args.tenderKind);
      const operatorNo = input.operatorNo('operatorNo', args.operatorNo);
      const authorisedBy = input.operatorNo('authorisedBy', args.authorisedBy);
      const reason = input.reason(args.reason);
      const wanted = args.amountFen === undefined ? null : fen('amountFen', args.amountFen);
      return store.tx(() => {
        const original = load(originalId);
        // A partly paid bill (split payment, docs/ARCHITECTURE.md §6.6) is cancelled by refunding
        // its paid parts: all of them at once, and the bill is voided in the same transaction.
        const partly = partlyPaidFen(original);
        if (original.kind === 'refund' || (original.status !== 'paid' && partly === 0)) {
          throw invalid('originalBillId', `bill ${original.bill_no} is not a paid sale or recharge`, {
            billNo: original.bill_no,
            status: original.status,
            kind: original.kind,
          });
        }
        const refunded = repo.refundedSum(original.id);
        const remaining = (partly > 0 ? partly : original.total_fen) - refunded;
        if (remaining <= 0) {
          throw new AppError('amount-out-of-range', `bill ${original.bill_no} is already refunded in full`, {
            field: 'amountFen',
            min: 0,
            max: 0,
            refundedFen: refunded,
          });
        }
        const amount = wanted ?? remaining;
        if (partly > 0 && amount !== remaining) {
          throw new AppError(
            'amount-out-of-range',
            `bill ${original.bill_no} is partly paid: its paid parts (${remaining} fen) are refunded all at once`,
            { field: 'amountFen', min: remaining, max: remaining, value: amount },
          );
        }
        if (amount > remaining) {
          throw new AppError(
            'amount-out-of-range',
            `at most ${remaining} fen of bill ${original.bill_no} is left to refund`,
            {
              field: 'amountFen',
              min: 1,
              max: remaining,
              value: amount,
              refundedFen: refunded,
            },
          );
        }
        const shiftId = core.shifts.openShiftId();
        if (shiftId === null)
          throw new AppError('shift-not-open', 'a refund is recorded in the open shift: open one first');
        const at = now();
        const id = repo.insertBill({
          billNo: core.nextNo(at),
          kind: 'refund',
          businessType: original.business_type,
          cardNo: original.card_no,
          refundOf: original.id,
          shiftId,
          operatorNo,
          at,
        });
        const row = load(id);
        audit(store, {
          action: 'bill.create',
          operatorNo,
          authorisedBy,
          subject: subject(row),
          detail: { kind: 'refund', businessType: original.business_type, shiftId, refundOf: original.id },
        });
        const liveLines = repo.lines(original.id).filter((l) => !l.voided);
        if (partly === 0 && refunded === 0 && amount === original.total_fen && liveLines.length > 0) {
          // A full refund carries the original's lines (what came back).
          for (const l of liveLines) {
            repo.insertLine(row.id, {
              lineNo: l.line_no,
              itemCode: l.item_code,
              name: l.name,
              unitPriceFen: l.unit_price_fen,
              quantity: l.quantity,
              amountFen: l.amount_fen,
            });
          }
        } else {
          repo.insertLine(row.id, {
            lineNo: 1,
            itemCode: null,
            name: `退款 ${original.bill_no}`,
            unitPriceFen: amount,
            quantity: 1,
            amountFen: amount,
          });
        }
        core.refreshTotal(row);
        const originalReference = repo.tenders(original.id).find((t) => t.kind === tenderKind)?.reference ?? null;
        repo.insertTender({
          billId: row.id,
          shiftId,
          kind: tenderKind,
          amountFen: -amount,
          reference: originalReference,
          at,
        });
        const paid = core.closePaid(load(row.id));
        audit(store, {
          action: 'bill.refund',
          operatorNo,
          authorisedBy,
          subject: subject(row),
          detail: {
            refundOf: original.bill_no,
            amountFen: amount,
            tenderKind,
            reason,
            shiftId,
            refundedBeforeFen: refunded,
          },
        });
        if (partly > 0) {
          // Nothing is left in: the partly paid bill is cancelled (its tenders and the refund stay).
          repo.close(original.id, 'voided', now());
          audit(store, {
            action: 'bill.void',
            operatorNo,
            authorisedBy,
            subject: subject(original),
            detail: { reason, totalFen: original.total_fen, from: original.status, refundBillNo: paid.billNo },
          });
        }
        audit(store, {
          action: 'bill.refunded',
          operatorNo,
          authorisedBy,
          subject: subject(original),
          detail: { refundBillNo: paid.billNo, amountFen: amount, tenderKind, reason },
        });
        return paid;
      });
    },

    refundable(billId) {
      const original = load(billId);
      const refunds = repo.refundsOf(original.id).map(view);
      const refundedFen = refunds.filter((r) => r.status === 'paid').reduce((s, r) => s + r.totalFen, 0);
      const partly = partlyPaidFen(original);
      const totalFen =
        original.kind === 'refund' ? 0 : partly > 0 ? partly : original.status !== 'paid' ? 0 : original.total_fen;
      return { totalFen, refundedFen, remainingFen: Math.max(0, totalFen - refundedFen), refunds };
    },
  };
}
