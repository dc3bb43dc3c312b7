/**
 * Closing a bill paid by a back office's own QR charge (the smart-campus PayMoney charge,
 * main/backoffice/campus/sales.ts): a `campus-qr` tender for the whole amount due, referencing
 * the charge id. Callable inside the caller's transaction (nested as a savepoint).
 */
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import { fen, input } from './bill-input.js';
import type { BillCore } from './bill-core.js';
import type { BillService } from './bill-types.js';

export type BillQrCharge = Pick<BillService, 'completeByQrCharge'>;

export function createBillQrCharge(core: BillCore): BillQrCharge {
  const { store, now, repo, view, load, subject } = core;
  return {
    completeByQrCharge(billId, args) {
      const amountFen = fen('amountFen', args.amountFen);
      const reference = input.reference(args.reference);
      return store.tx(() => {
        const row = load(billId);
        // Already closed by this very charge (a repeated confirmation): nothing to do.
        if (
          row.status === 'paid' &&
          repo.tenders(billId).some((t) => t.kind === args.kind && t.reference === reference)
        )
          return view(row);
        core.requireStatus(row, 'locked', 'unconfirmed');
        const due = row.total_fen - repo.paidSum(billId);
        if (amountFen !== due) {
          throw new AppError('amount-out-of-range', `paid ${amountFen} fen but ${due} fen is due`, {
            field: 'amountFen',
            min: due,
            max: due,
            value: amountFen,
          });
        }
        repo.insertTender({ billId, shiftId: row.shift_id, kind: args.kind, amountFen, reference, at: now() });
        const paid = core.closePaid(row);
        audit(store, {
          action: `bill.pay.${args.kind}`,
          operatorNo: row.operator_no,
          subject: subject(row),
          detail: { amountFen, reference, from: row.status },
        });
        return paid;
      });
    },
  };
}
