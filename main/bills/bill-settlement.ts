/**
 * Settling a bill: cash at the counter, and the transitions the payment engine needs for a
 * barcode payment (lock, unconfirmed, unlock after a decline, complete). Callable inside the
 * engine's own transactions (nested as savepoints).
 */
import { MAX_FEN } from '../../app/money.js';
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import { fen, input, invalid } from './bill-input.js';
import type { BillCore } from './bill-core.js';
import { DECLINED_LABEL, type BillService } from './bill-types.js';

export type BillSettlement = Pick<
  BillService,
  'payCash' | 'lockForPayment' | 'unlockAfterDecline' | 'markUnconfirmed' | 'completeByBarcode'
>;

export function createBillSettlement(core: BillCore): BillSettlement {
  const { store, now, repo, view, load, subject } = core;

  return {
    payCash(billId, args) {
      const tendered = fen('tenderedFen', args.tenderedFen);
      const operatorNo = input.operatorNo('operatorNo', args.operatorNo);
      return store.tx(() => {
        const row = core.loadOpen(billId);
        const due = core.requirePayable(row);
        if (core.shifts.openShiftId() === null)
          throw new AppError('shift-not-open', 'cash needs an open shift (the drawer belongs to it)');
        if (tendered < due) {
          throw new AppError('amount-out-of-range', `tendered ${tendered} fen is less than the ${due} fen due`, {
            field: 'tenderedFen',
            min: due,
            max: MAX_FEN,
            value: tendered,
          });
        }
        const shiftId = core.stampOpenShift(row);
        const change = tendered - due;
        repo.insertTender({
          billId,
          shiftId,
          kind: 'cash',
          amountFen: due,
          tenderedFen: tendered,
          changeFen: change,
          at: now(),
        });
        const paid = core.closePaid(row);
        audit(store, {
          action: 'bill.pay.cash',
          operatorNo,
          subject: subject(row),
          detail: { amountFen: due, tenderedFen: tendered, changeFen: change, shiftId },
        });
        return { bill: paid, changeFen: change };
      });
    },

    lockForPayment(billId) {
      return store.tx(() => {
        const row = core.loadOpen(billId);
        const due = core.requirePayable(row);
        repo.setStatus(billId, 'locked', now());
        core.stampOpenShift(row);
        audit(store, {
          action: 'bill.lock',
          operatorNo: row.operator_no,
          subject: subject(row),
          detail: { dueFen: due },
        });
        return view(load(billId));
      });
    },

    unlockAfterDecline(billId) {
      return store.tx(() => {
        const row = load(billId);
        if (row.status === 'open') return view(row);
        core.requireStatus(row, 'locked', 'unconfirmed');
        const other = repo.current();
        if (other && other.id !== row.id) {
          // The counter moved on to another bill meanwhile: park this one instead of
          // opening a second bill under the cashier's hands.
          repo.suspend(billId, DECLINED_LABEL, now());
          audit(store, {
            action: 'bill.unlock',
            operatorNo: row.operator_no,
            subject: subject(row),
            detail: { from: row.status, to: 'suspended' },
          });
        } else {
          repo.setStatus(billId, 'open', now());
          audit(store, {
            action: 'bill.unlock',
            operatorNo: row.operator_no,
            subject: subject(row),
            detail: { from: row.status, to: 'open' },
          });
        }
        return view(load(billId));
      });
    },

    markUnconfirmed(billId) {
      return store.tx(() => {
        const row = load(billId);
        if (row.status === 'unconfirmed') return view(row);
        core.requireStatus(row, 'locked');
        repo.setStatus(billId, 'unconfirmed', now());
        audit(store, { action: 'bill.unconfirmed', operatorNo: row.operator_no, subject: subject(row) });
        return view(load(billId));
      });
    },

    completeByBarcode(billId, args) {
      const attemptId = input.id('attemptId', args.attemptId);
      const amountFen = fen('amountFen', args.amountFen);
      const reference = input.reference(args.reference);
      return store.tx(() => {
        const row = load(billId);
        const attemptBill = core.attempts.billOf(attemptId);
        if (attemptBill === undefined)
          throw new AppError('payment-not-found', `payment attempt ${attemptId} not found`, { attemptId });
        if (attemptBill !== billId)
          throw invalid('attemptId', `attempt ${attemptId} belongs to another bill`, { attemptId, billId });
        if (repo.tenderBillOfAttempt(attemptId) !== undefined) {
          // Already completed by this attempt (a repeated confirmation): nothing to do.
          return view(row);
        }
        // Normally locked or unconfirmed. A success that arrives after the bill was unlocked
        // (open, or parked) is still money received: it completes the bill if the amount
        // still matches; otherwise the engine must flag it for a refund.
        core.requireStatus(row, 'locked', 'unconfirmed', 'open', 'suspended');
        const due = row.total_fen - repo.paidSum(billId);
        if (amountFen !== due) {
          throw new AppError('amount-out-of-range', `paid ${amountFen} fen but ${due} fen is due`, {
            field: 'amountFen',
            min: due,
            max: due,
            value: amountFen,
          });
        }
        repo.insertTender({
          billId,
          shiftId: row.shift_id,
          kind: 'barcode',
          amountFen,
          attemptId,
          reference,
          at: now(),
        });
        const paid = core.closePaid(row);
        audit(store, {
          action: 'bill.pay.barcode',
          operatorNo: row.operator_no,
          subject: subject(row),
          detail: { amountFen, attemptId, reference, from: row.status },
        });
        return paid;
      });
    },
  };
}
