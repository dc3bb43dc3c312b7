import { z } from 'zod';
import { ATTEMPT_STATES, LIVE_STATES } from '../payment/state.js';
import { TENDER_KINDS, TenderKindSchema, type TenderKind } from '../tender-kinds.js';

/**
 * ReportData: the figures of an X report (open shift, any time), a Z report (issued when a
 * shift closes, kept as issued) or a date-range report (several shifts). Main computes it in
 * ONE place (main/reports on top of main/store/shift-summary.ts); the screen, the print view,
 * the CSV and the XLSX export all format this same object with `buildReportView()`, so their
 * numbers cannot differ. Money is integer fen (sums over many shifts may exceed one bill's
 * limit, so only "safe integer" is enforced); times are epoch ms.
 */

export const REPORT_VERSION = 1 as const;

const Int = z.number().int();
const Count = z.number().int().min(0);
const Ms = z.number().int();

/** The report's tender kinds are the bill's (app/tender-kinds.ts), in that order. */
export const ReportTenderKindSchema = TenderKindSchema;
export type ReportTenderKind = TenderKind;
export { TENDER_KINDS };

export const ReportBillKindSchema = z.enum(['sale', 'recharge', 'refund']);
export type ReportBillKind = z.infer<typeof ReportBillKindSchema>;
export const BILL_KINDS: readonly ReportBillKind[] = ['sale', 'recharge', 'refund'];

export const ReportAttemptStateSchema = z.enum(ATTEMPT_STATES);
export type ReportAttemptState = z.infer<typeof ReportAttemptStateSchema>;

export const ReportKindSchema = z.enum(['x', 'z', 'range']);
export type ReportKind = z.infer<typeof ReportKindSchema>;

export const ReportShiftSchema = z.object({
  id: Int,
  operatorNo: z.string(),
  status: z.enum(['open', 'closed']),
  openedAt: Ms,
  closedAt: Ms.nullable(),
  closedBy: z.string().nullable(),
  floatFen: Int,
  expectedCashFen: Int.nullable(),
  countedCashFen: Int.nullable(),
  differenceFen: Int.nullable(),
  note: z.string().nullable(),
});
export type ReportShift = z.infer<typeof ReportShiftSchema>;

/** One tender kind: money received (sales), money paid back (refunds, ≤ 0) and the net. */
export const ReportTenderSchema = z.object({
  kind: ReportTenderKindSchema,
  salesCount: Count,
  salesFen: Int,
  refundCount: Count,
  /** Negative or 0. */
  refundFen: Int,
  netFen: Int,
});
export type ReportTender = z.infer<typeof ReportTenderSchema>;

export const ReportCashMovementSchema = z.object({
  id: Int,
  direction: z.enum(['in', 'out']),
  amountFen: Int,
  reason: z.string(),
  operatorNo: z.string(),
  authorisedBy: z.string().nullable(),
  createdAt: Ms,
});

/**
 * The drawer. expected = float + tendered − change + refunds(≤ 0) + in − out; the cash
 * tender's amount is already net of change, so `salesFen` = tendered − change.
 */
export const ReportCashSchema = z.object({
  floatFen: Int,
  /** Handed over by customers. */
  tenderedFen: Int,
  /** Given back as change. */
  changeFen: Int,
  /** tendered − change: what cash sales brought into the drawer. */
  salesFen: Int,
  /** Cash refunds paid out of the drawer (≤ 0). */
  refundFen: Int,
  inFen: Int,
  outFen: Int,
  expectedFen: Int,
  countedFen: Int.nullable(),
  differenceFen: Int.nullable(),
  /** Denomination in fen (as text) → number of notes or coins. */
  countDetail: z.record(z.string(), Count).nullable(),
  note: z.string().nullable(),
  movements: z.array(ReportCashMovementSchema),
});
export type ReportCash = z.infer<typeof ReportCashSchema>;

export const ReportBillKindTotalsSchema = z.object({ kind: ReportBillKindSchema, count: Count, totalFen: Int });
export const ReportBusinessTypeSchema = z.object({
  businessType: z.number().int().min(1).max(7),
  kind: ReportBillKindSchema,
  count: Count,
  totalFen: Int,
});
export const ReportOperatorSchema = z.object({
  operatorNo: z.string(),
  salesCount: Count,
  salesFen: Int,
  refundCount: Count,
  refundFen: Int,
  netFen: Int,
});
export type ReportOperator = z.infer<typeof ReportOperatorSchema>;
/** Tenders of one local clock hour (`hourStart`: the epoch ms at which it began). */
export const ReportHourSchema = z.object({ hourStart: Ms, kind: ReportTenderKindSchema, count: Count, amountFen: Int });
export type ReportHour = z.infer<typeof ReportHourSchema>;

export const ReportRefundLineSchema = z.object({
  billNo: z.string(),
  refundOfBillNo: z.string().nullable(),
  kind: ReportTenderKindSchema,
  /** Positive: the amount paid back. */
  amountFen: Int,
  operatorNo: z.string(),
  at: Ms,
});

export const ReportRefundsSchema = z.object({
  count: Count,
  /** Positive: the total paid back. */
  totalFen: Int,
  /** Refunds not paid from the drawer (barcode, stored-value): the back office pays them back. */
  backOfficeCount: Count,
  backOfficeFen: Int,
  list: z.array(ReportRefundLineSchema),
  /** The list holds at most a few hundred lines; true when some were left out. */
  listTruncated: z.boolean(),
});

export const ReportOpenAttemptSchema = z.object({
  attemptId: Int,
  billId: Int,
  billNo: z.string(),
  gatewayBillNum: z.string(),
  state: z.enum(LIVE_STATES),
  amountFen: Int,
  operatorNo: z.string(),
  createdAt: Ms,
});
export type ReportOpenAttempt = z.infer<typeof ReportOpenAttemptSchema>;

/**
 * Discounts given on the paid sales (line and whole-bill discounts and 改价 reductions, by the
 * operator who gave them) and 抹零 on its own (docs/ARCHITECTURE.md §5.1). Optional: reports
 * issued before discounts existed do not carry it.
 */
export const ReportDiscountsSchema = z.object({
  count: Count,
  totalFen: Int,
  /** Dropped by 抹零 (negative when rounding to the jiao added fen). */
  roundOffFen: Int,
  byOperator: z.array(z.object({ operatorNo: z.string(), count: Count, fen: Int })),
});
export type ReportDiscounts = z.infer<typeof ReportDiscountsSchema>;

export const ReportDataSchema = z.object({
  version: z.literal(REPORT_VERSION),
  kind: ReportKindSchema,
  terminalNo: z.string(),
  generatedAt: Ms,
  /** Who asked for it (the supervisor), when known. */
  generatedBy: z.string().nullable(),
  /** Local time = UTC + this; every time in every output is shown in it. */
  utcOffsetMinutes: z
    .number()
    .int()
    .min(-14 * 60)
    .max(14 * 60),
  /** Shift opened → closed (or now); for a range report the range asked for. */
  period: z.object({ from: Ms, to: Ms }),
  shifts: z.array(ReportShiftSchema),
  /** Net money taken (all tenders, refunds subtracted). */
  netFen: Int,
  tenders: z.array(ReportTenderSchema),
  cash: ReportCashSchema,
  billKinds: z.array(ReportBillKindTotalsSchema),
  businessTypes: z.array(ReportBusinessTypeSchema),
  operators: z.array(ReportOperatorSchema),
  hours: z.array(ReportHourSchema),
  refunds: ReportRefundsSchema,
  voids: z.object({ count: Count, totalFen: Int }),
  payments: z.object({
    byState: z.array(z.object({ state: ReportAttemptStateSchema, count: Count, amountFen: Int })),
    /** Attempts not final yet (unconfirmed and still live). */
    open: z.array(ReportOpenAttemptSchema),
    openCount: Count,
  }),
  bills: z.object({
    count: Count,
    byStatus: z.record(z.string(), Count),
    firstBillNo: z.string().nullable(),
    lastBillNo: z.string().nullable(),
  }),
  /** The offline queue toward the back office when the report was made. */
  outbox: z.object({ depth: Count, oldestWaitingMs: z.number().int().nullable(), failing: Count }),
  discounts: ReportDiscountsSchema.optional(),
});
export type ReportData = z.infer<typeof ReportDataSchema>;
