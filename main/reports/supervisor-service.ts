import { OpenPaymentsPolicySchema, type SupervisorPolicy } from '../../app/contract/supervisor.js';
import type { AttemptView, BillView } from '../../app/contract/schemas.js';
import { countTotalFen, DENOMINATIONS_FEN } from '../../app/report/cash.js';
import type { ReportData } from '../../app/report/schema.js';
import { AppError } from '../../app/result.js';
import type { BillService } from '../bills/bill-service.js';
import type { PaymentEngine, ResolveInput } from '../payments/types.js';
import { LIVE_STATES_SQL } from '../store/attempt-states-sql.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { createSettings } from '../store/settings.js';
import type { CashMovement, ShiftService, ShiftView } from '../store/shifts.js';
import { stmt } from '../store/stmt.js';
import { createOutbox, type Outbox } from '../sync/outbox.js';
import type { ReportService } from './report-service.js';

/**
 * What a supervisor does: close the shift with the drawer count (and the Z report), cash in and
 * out, void an unpaid bill, refund a paid one, and act on exceptions (query a payment now,
 * resolve it with a reason, retry or mark a failed upload handled). Every action is audited
 * with the supervisor who authorised it; nothing is deleted. The caller (the handler) has
 * already checked that a supervisor authorised the call (signed in, or PIN on the spot).
 */

export { OpenPaymentsPolicySchema, type SupervisorPolicy };
/** What to do when a shift is closed while payments of it are still not final. */
export type OpenPaymentsPolicy = SupervisorPolicy['openPaymentsAtClose'];

export const SUPERVISOR_SETTING_SCHEMAS = {
  /**
   * block: the shift cannot close until every payment is final (query or resolve them first);
   * authorise (default): the supervisor closes anyway by confirming explicitly; the payments
   * stay open, keep being reconciled and show in the Z report and under exceptions.
   */
  'supervisor.openPaymentsAtClose': OpenPaymentsPolicySchema,
} as const;

export const DEFAULT_OPEN_PAYMENTS_POLICY: OpenPaymentsPolicy = 'authorise';

export interface CloseInput {
  /** Denomination in fen (as text) → pieces counted. */
  countDetail: Record<string, number>;
  note?: string | null;
  /** Close although payments are still open (allowed by policy 'authorise'). */
  acceptOpenPayments?: boolean;
  /** The supervisor who closes (and authorised it). */
  closedBy: string;
  /** Who is signed in at the counter (the supervisor themself, or the cashier whose screen it is). */
  operatorNo: string;
}

export interface CloseResult {
  shift: ShiftView;
  report: ReportData;
}

export type RefundMethod = 'cash' | 'original';

export interface SupervisorServiceOptions {
  store: Store;
  now: () => number;
  shifts: ShiftService;
  bills: BillService;
  payments: Pick<PaymentEngine, 'queryNow' | 'resolve' | 'get'>;
  reports: ReportService;
  outbox?: Outbox;
  /**
   * Whether a refund to the original barcode / stored-value payment can be carried out (a back
   * office receives the refund bill and pays it back). Default: no — such bills are refunded in cash.
   */
  originalRefundRoute?: () => boolean;
}

export interface SupervisorService {
  policy(): SupervisorPolicy;
  setPolicy(policy: Partial<SupervisorPolicy>, by: string): SupervisorPolicy;
  /** 交班: record the count and the difference, close, issue and store the Z report — one transaction. */
  closeShift(input: CloseInput): CloseResult;
  cashMovement(input: {
    direction: 'in' | 'out';
    amountFen: number;
    reason: string;
    operatorNo: string;
    authorisedBy: string;
  }): CashMovement;
  /** Look a bill up by number for a refund or void: the bill and what is left to refund. */
  lookupBill(billNo: string): {
    bill: BillView;
    refundable: { totalFen: number; refundedFen: number; remainingFen: number; refunds: BillView[] };
  };
  voidBill(input: { billNo: string; reason: string; by: string }): BillView;
  refund(input: {
    billNo: string;
    amountFen?: number;
    method: RefundMethod;
    reason: string;
    operatorNo: string;
    authorisedBy: string;
  }): BillView;
  queryPayment(attemptId: number, by: string): Promise<AttemptView>;
  resolvePayment(attemptId: number, input: ResolveInput): AttemptView;
  /** Make every waiting upload due now. */
  retrySyncs(by: string): number;
  /** Mark a failed upload handled, with the reason. The row stays queued (nothing is deleted). */
  resolveSync(outboxId: number, note: string, by: string): void;
}

function requiredText(field: string, v: unknown, max: number): string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (s.length < 1 || s.length > max)
    throw new AppError('invalid-input', `${field}: 1 to ${max} characters`, { field, max });
  return s;
}

export function createSupervisorService(opts: SupervisorServiceOptions): SupervisorService {
  const { store, now, shifts, bills, payments, reports } = opts;
  const { db } = store;
  const outbox = opts.outbox ?? createOutbox(store);
  const settings = createSettings({ store, now, schemas: SUPERVISOR_SETTING_SCHEMAS });

  const q = {
    openAttempts: db.prepare(
      `SELECT a.id AS attemptId, b.bill_no AS billNo, a.state AS state, a.amount_fen AS amountFen
       FROM payment_attempts a JOIN bills b ON b.id = a.bill_id
       WHERE b.shift_id = ? AND a.state IN ${LIVE_STATES_SQL} ORDER BY a.id LIMIT 50`,
    ),
  };

  const policy = (): SupervisorPolicy => ({
    openPaymentsAtClose: settings.getOr('supervisor.openPaymentsAtClose', DEFAULT_OPEN_PAYMENTS_POLICY),
  });

  function billByNo(billNo: string): BillView {
    const no = requiredText('billNo', billNo, 29);
    const bill = bills.getByNo(no);
    if (!bill) throw new AppError('bill-not-found', `no bill ${no}`, { field: 'billNo', billNo: no });
    return bill;
  }

  return {
    policy,

    setPolicy(p, by) {
      if (p.openPaymentsAtClose !== undefined)
        settings.set('supervisor.openPaymentsAtClose', p.openPaymentsAtClose, { by });
      return policy();
    },

    closeShift(input) {
      const closedBy = requiredText('closedBy', input.closedBy, 32);
      const operatorNo = requiredText('operatorNo', input.operatorNo, 32);
      let counted: number;
      try {
        counted = countTotalFen(input.countDetail);
      } catch (e) {
        throw new AppError('invalid-input', `countDetail: ${(e as Error).message}`, {
          field: 'countDetail',
          denominations: DENOMINATIONS_FEN,
        });
      }
      const note =
        input.note === undefined || input.note === null || input.note.trim() === ''
          ? null
          : requiredText('note', input.note, 200);
      const rules = policy();
      return store.tx(() => {
        const open = shifts.current();
        if (!open) throw new AppError('shift-not-open', 'no open shift to close');
        const live = q.openAttempts.all(open.id) as {
          attemptId: number;
          billNo: string;
          state: string;
          amountFen: number;
        }[];
        if (live.length > 0) {
          if (rules.openPaymentsAtClose === 'block' || !input.acceptOpenPayments) {
            throw new AppError(
              'payment-in-progress',
              rules.openPaymentsAtClose === 'block'
                ? `${live.length} payment(s) of this shift are not final: query or resolve them before closing`
                : `${live.length} payment(s) of this shift are not final: confirm to close anyway`,
              {
                reason: 'open-payments-at-close',
                policy: rules.openPaymentsAtClose,
                canOverride: rules.openPaymentsAtClose === 'authorise',
                attempts: live,
              },
            );
          }
          audit(store, {
            action: 'shift.close.open-payments-accepted',
            operatorNo,
            authorisedBy: closedBy,
            subject: `shift:${open.id}`,
            detail: {
              attempts: live.map((a) => ({
                attemptId: a.attemptId,
                billNo: a.billNo,
                state: a.state,
                amountFen: a.amountFen,
              })),
            },
          });
        }
        const { shift } = shifts.close({
          closedBy,
          countDetail: input.countDetail,
          countedCashFen: counted,
          differenceNote: note,
        });
        if (operatorNo !== closedBy) {
          audit(store, {
            action: 'shift.close.authorised',
            operatorNo,
            authorisedBy: closedBy,
            subject: `shift:${shift.id}`,
          });
        }
        const report = reports.issueZ(shift.id, closedBy);
        return { shift, report };
      });
    },

    cashMovement(input) {
      return shifts.addCashMovement({
        direction: input.direction,
        amountFen: input.amountFen,
        reason: input.reason,
        operatorNo: input.operatorNo,
        authorisedBy: input.authorisedBy,
      });
    },

    lookupBill(billNo) {
      const bill = billByNo(billNo);
      return { bill, refundable: bills.refundable(bill.id) };
    },

    voidBill(input) {
      const reason = requiredText('reason', input.reason, 200);
      const bill = billByNo(input.billNo);
      return bills.voidBill(bill.id, input.by, reason);
    },

    refund(input) {
      const bill = billByNo(input.billNo);
      const reason = requiredText('reason', input.reason, 200);
      let tenderKind: 'barcode' | 'cash' | 'stored-value' = 'cash';
      if (input.method === 'original') {
        const kinds = [...new Set(bill.tenders.filter((t) => t.amountFen > 0).map((t) => t.kind))];
        if (kinds.length !== 1) {
          throw new AppError(
            'invalid-input',
            `bill ${bill.billNo} was paid with ${kinds.join(' + ') || 'nothing'}: refund it in cash`,
            {
              field: 'method',
              tenderKinds: kinds,
            },
          );
        }
        const paidBy = kinds[0]!;
        // A campus card QR payment is refunded by the campus system, never from the counter.
        if (paidBy === 'campus-qr')
          throw new AppError(
            'refund-route-unavailable',
            `bill ${bill.billNo} was paid by campus QR: refund it in cash`,
            {
              field: 'method',
              tenderKind: paidBy,
            },
          );
        tenderKind = paidBy;
        if (tenderKind !== 'cash' && !(opts.originalRefundRoute?.() ?? false)) {
          throw new AppError(
            'refund-route-unavailable',
            `no back office is configured to refund bill ${bill.billNo} to its ${tenderKind} payment: refund it in cash`,
            {
              field: 'method',
              tenderKind,
            },
          );
        }
      } else if (input.method !== 'cash') {
        throw new AppError('invalid-input', 'method: cash or original', { field: 'method' });
      }
      return bills.refund({
        originalBillId: bill.id,
        ...(input.amountFen !== undefined ? { amountFen: input.amountFen } : {}),
        tenderKind,
        operatorNo: input.operatorNo,
        authorisedBy: input.authorisedBy,
        reason,
      });
    },

    async queryPayment(attemptId, by) {
      if (!payments.get(attemptId))
        throw new AppError('payment-not-found', `payment attempt ${attemptId} not found`, { attemptId });
      audit(store, { action: 'payment.query-now', operatorNo: by, authorisedBy: by, subject: `attempt:${attemptId}` });
      return payments.queryNow(attemptId, by);
    },

    resolvePayment(attemptId, input) {
      if (!payments.get(attemptId))
        throw new AppError('payment-not-found', `payment attempt ${attemptId} not found`, { attemptId });
      return payments.resolve(attemptId, input);
    },

    retrySyncs(by) {
      const n = outbox.retryAllNow(now());
      audit(store, { action: 'sync.retry-now', operatorNo: by, authorisedBy: by, detail: { rows: n } });
      return n;
    },

    resolveSync(outboxId, note, by) {
      const why = requiredText('note', note, 200);
      const row = stmt(
        db,
        'SELECT id, idempotency_key AS key, last_error AS lastError, attempts FROM outbox WHERE id = ?',
      ).get(outboxId) as { id: number; key: string; lastError: string | null; attempts: number } | undefined;
      if (!row)
        throw new AppError('invalid-input', `upload ${outboxId} is not queued (already acknowledged?)`, {
          field: 'outboxId',
          outboxId,
        });
      audit(store, {
        action: 'sync.resolve',
        operatorNo: by,
        authorisedBy: by,
        subject: `outbox:${row.key}`,
        detail: { note: why, lastError: row.lastError, attempts: row.attempts },
      });
    },
  };
}
