import { AppError } from '../../app/result.js';
import { createBillHistory, parseHistoryQuery } from '../bills/bill-history.js';
import type { BillService } from '../bills/bill-service.js';
import { createAttemptQueries } from '../payments/attempt-queries.js';
import type { SessionService } from '../session/session-service.js';
import { audit, listAudit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import type { ShiftService } from '../store/shifts.js';
import type { HandlerMap } from './dispatch.js';

export interface HistoryHandlerServices {
  store: Store;
  bills: Pick<BillService, 'getByNo'>;
  shifts: Pick<ShiftService, 'current'>;
  sessions: Pick<SessionService, 'operatorFor'>;
}

/** Bills a payment-code tail may narrow the search to (4 digits match about 1 attempt in 10,000). */
const CODE_TAIL_BILLS = 2000;

/** The bill history (单据查询): search, one bill with its attempts, and recording a page-printed receipt. */
export function createHistoryHandlers(
  services: HistoryHandlerServices,
): Pick<HandlerMap, 'history.search' | 'history.bill' | 'history.printed'> {
  const history = createBillHistory(services.store);
  const attempts = createAttemptQueries(services.store);
  const reprints = (billId: number) =>
    listAudit(services.store, { subject: `bill:${billId}`, action: 'receipt.reprint', limit: 1000 }).length;
  const billByNo = (billNo: string) => {
    const bill = services.bills.getByNo(billNo.trim().toUpperCase()) ?? services.bills.getByNo(billNo.trim());
    if (!bill) throw new AppError('bill-not-found', `no bill ${billNo}`, { field: 'billNo' });
    return bill;
  };
  return {
    'history.search': (input) => {
      const q = parseHistoryQuery(input);
      let from = q.from;
      let shiftId: number | null = null;
      if (q.scope === 'shift') {
        const open = services.shifts.current();
        if (!open) throw new AppError('shift-not-open', 'no open shift: search today instead');
        shiftId = open.id;
        from = Math.max(from, open.openedAt);
      }
      return history.search({
        from,
        to: Math.max(q.to, from + 1),
        shiftId,
        billNoEnd: q.billNoEnd,
        amountFen: q.amountFen,
        operatorNo: q.operatorNo,
        tender: q.tender,
        billIds: q.payCodeEnd !== undefined ? attempts.billsByCodeTail(q.payCodeEnd, CODE_TAIL_BILLS) : undefined,
        page: q.page,
        pageSize: q.pageSize,
      });
    },
    'history.bill': ({ billNo }) => {
      const bill = billByNo(billNo);
      return {
        bill,
        attempts: attempts.attemptsOf(bill.id),
        reprints: reprints(bill.id),
        refundedFen: history.refundedFen(bill.id),
      };
    },
    'history.printed': ({ billNo, reprint }, ctx) => {
      const bill = billByNo(billNo);
      if (bill.status !== 'paid')
        throw new AppError('bill-not-open', 'only a paid bill has a receipt', { billNo, status: bill.status });
      audit(services.store, {
        action: reprint ? 'receipt.reprint' : 'receipt.print',
        operatorNo: services.sessions.operatorFor(ctx.connectionId)?.operatorNo ?? null,
        subject: `bill:${bill.id}`,
        detail: { billNo: bill.billNo, printer: 'page' },
      });
      return { reprints: reprints(bill.id) };
    },
  };
}
