import type { EnrollmentView } from '../../../app/contract/kesion.js';
import type { EnrollmentRow } from './journal.js';

/** An enrollment row as the screens see it (with its counter bill's number). */
export function enrollmentView(row: EnrollmentRow, billNo: (id: number) => string | null): EnrollmentView {
  return {
    id: row.id,
    orderId: row.orderId,
    payOrderId: row.payOrderId,
    type: row.type,
    courses: row.courses,
    studentsCount: row.studentsCount,
    totalFen: row.totalFen,
    mode: row.mode,
    billId: row.billId,
    billNo: row.billId === null ? null : billNo(row.billId),
    state: row.state,
    sends: row.sends,
    checks: row.checks,
    lastMsg: row.lastMsg,
    lastError: row.lastError,
    payUrl: row.payUrl,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    confirmedAt: row.confirmedAt,
  };
}
