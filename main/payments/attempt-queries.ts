/**
 * Read-only look-ups on payment_attempts for other modules (the bill service): which bill an
 * attempt belongs to, and the billNum it was sent to the gateway under. payment_attempts
 * belongs to main/payments; nothing outside it reads the table by its own SQL.
 */
import type { Store } from '../store/db.js';

export interface AttemptQueries {
  /** The bill of attempt `attemptId`, or undefined when there is no such attempt. */
  billOf(attemptId: number): number | undefined;
  /** The gateway billNum of attempt `attemptId`, or null. */
  gatewayBillNum(attemptId: number): string | null;
}

export function createAttemptQueries(store: Store): AttemptQueries {
  const bill = store.db.prepare('SELECT bill_id FROM payment_attempts WHERE id = ?').pluck();
  const billNum = store.db.prepare('SELECT gateway_bill_num FROM payment_attempts WHERE id = ?').pluck();
  return {
    billOf: (attemptId) => bill.get(attemptId) as number | undefined,
    gatewayBillNum: (attemptId) => (billNum.get(attemptId) as string | undefined) ?? null,
  };
}
