import { z } from 'zod';
import { MAX_FEN } from '../money.js';
import { DENOMINATIONS_FEN } from '../report/cash.js';
import { ReportDataSchema } from '../report/schema.js';
import { command, NoInput, SupervisorAuthSchema } from './define.js';
import { GrantsSchema } from './operators.js';
import { AttemptViewSchema, BillViewSchema, FenSchema, PositiveFenSchema } from './schemas.js';
import { LateOutcomeNoticeSchema } from './late-outcome.js';
import { TenderKindSchema } from '../tender-kinds.js';

/**
 * Supervisor (值班主管) commands: shift close (交班) with the drawer count and the Z report, X
 * reports at any time, past shifts and date ranges, exports, cash in/out, void and refund,
 * and the exceptions list (unconfirmed payments, failed uploads) with its actions.
 *
 * Every command here has access 'supervisor', enforced in main: either a supervisor is
 * signed in on this connection, or the command carries `auth` — the supervisor's operator
 * number and PIN typed on the cashier's screen — which main verifies (and audits) before the
 * handler runs. A wrong PIN is `pin-wrong`; a cashier's PIN is `supervisor-required`.
 */

const Auth = { auth: SupervisorAuthSchema.optional() };
const withAuth = <S extends z.ZodRawShape>(shape: S) => z.object({ ...shape, ...Auth }).strict();

const Ms = z.number().int().min(0);
const Id = z.number().int().positive();
const BillNo = z
  .string()
  .trim()
  .min(1, { message: 'billNo: required' })
  .max(29, { message: 'billNo: at most 29 characters' });
const Reason = z
  .string()
  .trim()
  .min(1, { message: 'reason: required' })
  .max(200, { message: 'reason: at most 200 characters' });

export const OpenPaymentsPolicySchema = z.enum(['block', 'authorise']);
export const SupervisorPolicySchema = z.object({
  /** block: a shift with payments not final cannot close; authorise: it closes when the supervisor confirms. */
  openPaymentsAtClose: OpenPaymentsPolicySchema,
});
export type SupervisorPolicy = z.infer<typeof SupervisorPolicySchema>;

export const AuthorisationSchema = z.object({
  operatorNo: z.string(),
  name: z.string(),
  via: z.enum(['session', 'pin']),
});

export const SupervisorCheckSchema = z.object({
  supervisor: AuthorisationSchema,
  policy: SupervisorPolicySchema,
  /** The shell can write PDF files itself (Electron printToPDF); otherwise use the print view. */
  pdfAvailable: z.boolean(),
  denominationsFen: z.array(z.number().int()),
  /** The open shift, if any. */
  openShiftId: z.number().int().nullable(),
});
export type SupervisorCheck = z.infer<typeof SupervisorCheckSchema>;

/**
 * The supervisor screen opened by a signed-in operator's own role permissions (F11 without a
 * supervisor's PIN, docs/ARCHITECTURE.md §10.2): what `supervisor.check` says, with
 * `supervisor` being the caller themself (via 'session'), plus the caller's grants. It
 * authorises nothing: every command run from the screen still goes through main's access check
 * as the caller (a grant lets it through, audited `permission.used`; anything else is
 * `supervisor-required`). Asked again at every F11, so a revoked grant is gone from the screen.
 */
export const GrantCheckSchema = SupervisorCheckSchema.extend({ grants: GrantsSchema });
export type GrantCheck = z.infer<typeof GrantCheckSchema>;

/** Denomination in fen (as text) → pieces. Unknown denominations are refused. */
export const CountDetailSchema = z
  .record(z.string(), z.number().int().min(0).max(100_000))
  .refine((d) => Object.keys(d).every((k) => (DENOMINATIONS_FEN as readonly number[]).includes(Number(k))), {
    message: `countDetail: denominations are ${DENOMINATIONS_FEN.join(', ')} fen`,
  });

export const ClosedShiftSchema = z.object({
  id: z.number().int(),
  operatorNo: z.string(),
  openedAt: z.number(),
  closedAt: z.number().nullable(),
  closedBy: z.string().nullable(),
  floatFen: FenSchema,
  expectedCashFen: z.number().int().nullable(),
  countedCashFen: z.number().int().nullable(),
  differenceNote: z.string().nullable(),
});

export const ZReportSchema = z.object({
  /** As issued at the close (or recomputed when the shift was closed without one: stored false). */
  issued: ReportDataSchema,
  stored: z.boolean(),
  issuedAt: z.number(),
  issuedBy: z.string().nullable(),
  /** The ledger changed after the close (e.g. a late payment confirmation): the figures now. */
  current: ReportDataSchema.nullable(),
});
export type ZReportView = z.infer<typeof ZReportSchema>;

export const ShiftHistoryRowSchema = z.object({
  id: z.number().int(),
  operatorNo: z.string(),
  status: z.enum(['open', 'closed']),
  openedAt: z.number(),
  closedAt: z.number().nullable(),
  closedBy: z.string().nullable(),
  floatFen: z.number().int(),
  expectedCashFen: z.number().int().nullable(),
  countedCashFen: z.number().int().nullable(),
  differenceFen: z.number().int().nullable(),
  netFen: z.number().int(),
  payments: z.number().int(),
  hasZ: z.boolean(),
});
export type ShiftHistoryRow = z.infer<typeof ShiftHistoryRowSchema>;

export const CashMovementViewSchema = z.object({
  id: z.number().int(),
  shiftId: z.number().int(),
  direction: z.enum(['in', 'out']),
  amountFen: z.number().int(),
  reason: z.string(),
  operatorNo: z.string(),
  authorisedBy: z.string().nullable(),
  createdAt: z.number(),
});

export const BillLookupSchema = z.object({
  bill: BillViewSchema,
  refundable: z.object({
    totalFen: z.number().int(),
    refundedFen: z.number().int(),
    remainingFen: z.number().int(),
    refunds: z.array(BillViewSchema),
  }),
});
export type BillLookup = z.infer<typeof BillLookupSchema>;

/**
 * Whether a refund "to the original payment" (barcode, stored-value card) can be carried out:
 * there is no gateway refund call, so only a configured back office (the bill feed) pays it
 * back. Without one, such a bill is refunded in cash from the drawer (main refuses 'original'
 * with `refund-route-unavailable`).
 */
export const RefundRoutesSchema = z.object({ original: z.boolean() });

export const BillSearchRowSchema = z.object({
  billNo: z.string(),
  kind: z.enum(['sale', 'recharge']),
  businessType: z.number().int(),
  totalFen: z.number().int(),
  closedAt: z.number(),
  operatorNo: z.string(),
  tenderKinds: z.array(TenderKindSchema),
  refundedFen: z.number().int(),
  remainingFen: z.number().int(),
});
export type BillSearchRow = z.infer<typeof BillSearchRowSchema>;

export const ExceptionsSchema = z.object({
  payments: z.array(
    z.object({
      attemptId: z.number().int(),
      billId: z.number().int(),
      billNo: z.string(),
      shiftId: z.number().int().nullable(),
      gatewayBillNum: z.string(),
      state: z.enum(['created', 'sent', 'awaiting-payer', 'unconfirmed']),
      amountFen: z.number().int(),
      operatorNo: z.string(),
      createdAt: z.number(),
      queryCount: z.number().int(),
      lastPaystatus: z.string().nullable(),
      lastMessage: z.string().nullable(),
      stateReason: z.string().nullable(),
      nextQueryAt: z.number().nullable(),
    }),
  ),
  resolvedPayments: z.array(
    z.object({
      attemptId: z.number().int(),
      billNo: z.string(),
      gatewayBillNum: z.string(),
      state: z.string(),
      amountFen: z.number().int(),
      resolvedBy: z.string(),
      note: z.string().nullable(),
      finalAt: z.number().nullable(),
    }),
  ),
  syncs: z.array(
    z.object({
      id: z.number().int(),
      topic: z.string(),
      key: z.string(),
      createdAt: z.number(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      lastAttemptAt: z.number().nullable(),
      nextAttemptAt: z.number(),
      resolution: z.object({ by: z.string().nullable(), note: z.string(), at: z.number() }).nullable(),
    }),
  ),
  outbox: z.object({ depth: z.number().int(), oldestWaitingMs: z.number().nullable(), failing: z.number().int() }),
  /** History of payments settled after the cashier stopped waiting (newest first, acknowledged or not). */
  lateOutcomes: z.array(LateOutcomeNoticeSchema).optional(),
});
export type ExceptionsView = z.infer<typeof ExceptionsSchema>;

export const ReportTargetSchema = z.discriminatedUnion('kind', [
  /** The open shift now. */
  z.object({ kind: z.literal('x') }),
  /** A closed shift's Z report as issued. */
  z.object({ kind: z.literal('z'), shiftId: Id }),
  /** Any shift recomputed from the ledger now. */
  z.object({ kind: z.literal('shift'), shiftId: Id }),
  /** Shifts opened in [from, to). */
  z.object({ kind: z.literal('range'), from: Ms, to: Ms }),
]);
export type ReportTarget = z.infer<typeof ReportTargetSchema>;

export const ExportFormatSchema = z.enum(['csv', 'xlsx', 'html', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const ExportResultSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  bytes: z.number().int(),
  /** The file's content, base64 (the renderer offers it as a download). */
  base64: z.string(),
  /** Where main also saved a copy (`<data folder>/exports/`), or null. */
  savedTo: z.string().nullable(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

export const supervisorCommands = {
  /** Who authorises (signed-in supervisor or the PIN given) plus what the supervisor screen needs. */
  'supervisor.check': command(withAuth({}), SupervisorCheckSchema, 'supervisor'),
  /** The caller's role grants and what the supervisor screen needs (GrantCheckSchema); any signed-in operator. */
  'supervisor.byGrant': command(NoInput, GrantCheckSchema, 'signed-in'),
  'supervisor.setPolicy': command(
    withAuth({ openPaymentsAtClose: OpenPaymentsPolicySchema }),
    SupervisorPolicySchema,
    'supervisor',
  ),
  /** X report of the open shift (`shift-not-open` when none). */
  'report.x': command(withAuth({}), ReportDataSchema, 'supervisor'),
  /** Any shift, recomputed from the ledger now. */
  'report.shift': command(withAuth({ shiftId: Id }), ReportDataSchema, 'supervisor'),
  /** A closed shift's Z report as issued, and what changed since. */
  'report.z': command(withAuth({ shiftId: Id }), ZReportSchema, 'supervisor'),
  /** Shifts opened in [from, to), summed (at most 400 days). */
  'report.range': command(withAuth({ from: Ms, to: Ms }), ReportDataSchema, 'supervisor'),
  /** Past shifts opened in [from, to), newest first. */
  'shift.history': command(
    withAuth({ from: Ms, to: Ms }),
    z.object({ shifts: z.array(ShiftHistoryRowSchema) }),
    'supervisor',
  ),
  /**
   * 交班: the drawer count by denomination, a note on the difference, and (policy 'authorise')
   * the explicit confirmation to close while payments are open. Returns the closed shift and
   * its Z report. Refused: `bill-locked` (a bill is still open on the counter),
   * `payment-in-progress` (details.reason 'open-payments-at-close', details.attempts).
   */
  'shift.close': command(
    withAuth({
      countDetail: CountDetailSchema,
      note: z.string().trim().max(200, { message: 'note: at most 200 characters' }).optional(),
      acceptOpenPayments: z.boolean().optional(),
    }),
    z.object({ shift: ClosedShiftSchema, report: ReportDataSchema }),
    'supervisor',
  ),
  /** Cash into or out of the drawer, with a reason (out: at most what the drawer should hold). */
  'cash.move': command(
    withAuth({
      direction: z.enum(['in', 'out']),
      amountFen: PositiveFenSchema,
      reason: z.string().trim().min(1).max(100),
    }),
    CashMovementViewSchema,
    'supervisor',
  ),
  /** A bill by number, with what is left to refund. */
  'bill.lookup': command(withAuth({ billNo: BillNo }), BillLookupSchema, 'supervisor'),
  /**
   * Paid sales and recharges to refund, newest first: closed in [from, to) (the screen's
   * "today", or one minute for a time typed as HH:mm), optionally only the open shift's, and
   * narrowed by `text` — the end of the bill number or an amount in yuan. Also says which
   * refund routes exist.
   */
  'bill.search': command(
    withAuth({
      from: Ms,
      to: Ms,
      scope: z.enum(['day', 'shift']),
      text: z.string().trim().max(29, { message: 'text: at most 29 characters' }).optional(),
      limit: z.number().int().min(1).max(200).optional(),
    }),
    z.object({ bills: z.array(BillSearchRowSchema), routes: RefundRoutesSchema }),
    'supervisor',
  ),
  /** Void an unpaid bill (open or parked). */
  'bill.void': command(withAuth({ billNo: BillNo, reason: Reason }), BillViewSchema, 'supervisor'),
  /**
   * Refund a paid sale or recharge: its own bill (kind refund) linked to the original, settled at
   * once. method cash: from the drawer (counts in expected cash); original: the original tender
   * (barcode/stored-value — paid back by the back office, queued in the outbox).
   */
  'bill.refund': command(
    withAuth({
      billNo: BillNo,
      amountFen: z.number().int().min(1).max(MAX_FEN).optional(),
      method: z.enum(['cash', 'original']),
      reason: Reason,
    }),
    BillViewSchema,
    'supervisor',
  ),
  'exceptions.list': command(withAuth({}), ExceptionsSchema, 'supervisor'),
  /** Ask the gateway now about a payment that is not final. */
  'exceptions.queryPayment': command(withAuth({ attemptId: Id }), AttemptViewSchema, 'supervisor'),
  /** Settle a payment that is not final, with the reason (what the phone or merchant portal showed). */
  'exceptions.resolvePayment': command(
    withAuth({ attemptId: Id, resolution: z.enum(['paid', 'declined', 'cancelled']), note: Reason }),
    AttemptViewSchema,
    'supervisor',
  ),
  /** Retry every waiting upload now. */
  'exceptions.retrySyncs': command(withAuth({}), z.object({ retried: z.number().int() }), 'supervisor'),
  /** Mark a failed upload handled (it stays queued: nothing is deleted). */
  'exceptions.resolveSync': command(
    withAuth({ outboxId: Id, note: Reason }),
    z.object({ ok: z.literal(true) }),
    'supervisor',
  ),
  /** A report as a file: CSV (Excel, UTF-8 BOM), XLSX, the print view as HTML, or PDF where the shell can make one. */
  'report.export': command(
    withAuth({
      report: ReportTargetSchema,
      format: ExportFormatSchema,
      paper: z.enum(['a4', '80mm']).optional(),
      locale: z.enum(['zh-CN', 'en']).optional(),
    }),
    ExportResultSchema,
    'supervisor',
  ),
} as const;

export const supervisorEvents = {} as const;
