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
import type { BillRow } from './bill-repo.js';
import { DECLINED_LABEL, PARTLY_PAID_LABEL, type BillService } from './bill-types.js';

export type BillSettlement = Pick<
  BillService,
  'payCash' | 'lockForPayment' | 'unlockAfterDecline' | 'markUnconfirmed' | 'completeByBarcode'
>;

export function createBillSettlement(core: BillCore): BillSettlement {
  const { store, now, repo, view, load, subject } = core;

  /**
   * locked | unconfirmed → open, once no part is live. If the counter moved on to another bill
   * meanwhile, the bill is parked (suspended, `label`) instead of opening a second bill under
   * the cashier's hands.
   */
  function reopen(row: BillRow, label: string): void {
    const other = repo.current();
    const to = other && other.id !== row.id ? 'suspended' : 'open';
    if (to === 'suspended') repo.suspend(row.id, label, now());
    else repo.setStatus(row.id, 'open', now());
    audit(store, {
      action: 'bill.unlock',
      operatorNo: row.operator_no,
      subject: subject(row),
      detail: { from: row.status, to },
    });
  }

  return {
    payCash(billId, args) {
      const tendered = fen('tenderedFen', args.tenderedFen);
      const operatorNo = input.operatorNo('operatorNo', args.operatorNo);
      return store.tx(() => {
        const row = core.loadCollectable(billId);
        const due = core.requirePayable(row);
        if (core.shifts.openShiftId() === null)
          throw new AppError('shift-not-open', 'cash needs an open shift (the drawer belongs to it)');
        if (tendered < 1) {
          throw new AppError('amount-out-of-range', `tendered ${tendered} fen: at least 1 fen`, {
            field: 'tenderedFen',
            min: 1,
            max: MAX_FEN,
            value: tendered,
          });
        }
        const shiftId = core.stampOpenShift(row);
        // Less than due is a cash part (split payment, docs/ARCHITECTURE.md §6.6): the bill stays
        // on the counter, partly paid, for the rest. Change only on the part that completes it.
        const applied = Math.min(tendered, due);
        const change = tendered - applied;
        repo.insertTender({
          billId,
          shiftId,
          kind: 'cash',
          amountFen: applied,
          tenderedFen: tendered,
          changeFen: change,
          at: now(),
        });
        const bill = applied === due ? core.closePaid(row) : view(load(billId));
        audit(store, {
          action: applied === due ? 'bill.pay.cash' : 'bill.pay.cash-part',
          operatorNo,
          subject: subject(row),
          detail: { amountFen: applied, tenderedFen: tendered, changeFen: change, shiftId, dueFen: due - applied },
        });
        return { bill, changeFen: change };
      });
    },

    lockForPayment(billId) {
      return store.tx(() => {
        const row = core.loadCollectable(billId);
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
        reopen(row, repo.paidSum(billId) > 0 ? PARTLY_PAID_LABEL : DECLINED_LABEL);
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
        // (open, or parked) is still money received: it is a tender of the bill if it still fits
        // what is due; otherwise the engine must flag it for a refund.
        core.requireStatus(row, 'locked', 'unconfirmed', 'open', 'suspended');
        const due = row.total_fen - repo.paidSum(billId);
        if (amountFen > due) {
          throw new AppError('amount-out-of-range', `paid ${amountFen} fen but ${due} fen is due`, {
            field: 'amountFen',
            min: 1,
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
        const complete = amountFen === due;
        const bill = complete ? core.closePaid(row) : null;
        if (!complete && (row.status === 'locked' || row.status === 'unconfirmed')) {
          // A part (split payment, §6.6): the bill is open again, partly paid, for the next part.
          reopen(row, PARTLY_PAID_LABEL);
        }
        audit(store, {
          action: complete ? 'bill.pay.barcode' : 'bill.pay.barcode-part',
          operatorNo: row.operator_no,
          subject: subject(row),
          detail: { amountFen, attemptId, reference, from: row.status, dueFen: due - amountFen },
        });
        return bill ?? view(load(billId));
      });
    },
  };
}
