import { z } from 'zod';
import { QR_CONTENT_MAX, QrPayTypeSchema } from '../payment/scan-code.js';
import { MAX_FEN } from '../money.js';
import { ATTEMPT_STATES } from '../payment/state.js';
import { TenderKindSchema } from '../tender-kinds.js';

/** Shared view schemas: what the core returns and pushes. Types are inferred from them. */

export const FenSchema = z.number().int().min(0).max(MAX_FEN);
export const PositiveFenSchema = z.number().int().min(1).max(MAX_FEN);

export const BusinessTypeSchema = z.number().int().min(1).max(7);
export type BusinessType = z.infer<typeof BusinessTypeSchema>;

export const BillKindSchema = z.enum(['sale', 'recharge', 'refund']);
export const BillStatusSchema = z.enum(['open', 'suspended', 'locked', 'unconfirmed', 'paid', 'voided']);
export type BillStatus = z.infer<typeof BillStatusSchema>;

export const BillLineSchema = z.object({
  lineNo: z.number().int(),
  itemCode: z.string().nullable(),
  name: z.string(),
  unitPriceFen: z.number().int(),
  quantity: z.number().int(),
  amountFen: z.number().int(),
  voided: z.boolean(),
  /** Pricing (app/pricing.ts, docs/ARCHITECTURE.md §5.1); absent on views built before it. `amountFen` is the net. */
  listPriceFen: z.number().int().nullable().optional(),
  grossFen: z.number().int().optional(),
  discountFen: z.number().int().optional(),
  billShareFen: z.number().int().optional(),
  roundOffFen: z.number().int().optional(),
  discount: z
    .union([
      z.object({ mode: z.literal('percent'), rate: z.number().int() }),
      z.object({ mode: z.literal('amount'), fen: z.number().int() }),
    ])
    .nullable()
    .optional(),
});

export { TenderKindSchema };
export const TenderSchema = z.object({
  kind: TenderKindSchema,
  amountFen: z.number().int(),
  tenderedFen: z.number().int().nullable(),
  changeFen: z.number().int().nullable(),
  reference: z.string().nullable(),
  createdAt: z.number(),
  /** A barcode or QR tender: the wallet it was paid with, when known (split payment shows each part's). */
  wallet: z.enum(['wechat', 'alipay', 'unionpay']).optional(),
});

/** A discount, price override or 抹零 in force on a bill, and who gave and authorised it. */
export const AdjustmentViewSchema = z.object({
  kind: z.enum(['line-discount', 'price', 'bill-discount', 'round-off']),
  lineNo: z.number().int().nullable(),
  amountFen: z.number().int(),
  givenBy: z.string(),
  authorisedBy: z.string().nullable(),
});

/** The bill's totals before and after discounts (`totalFen` is what is due). */
export const BillPricingSchema = z.object({
  grossFen: z.number().int(),
  lineDiscountFen: z.number().int(),
  billDiscountFen: z.number().int(),
  roundOffFen: z.number().int(),
  billDiscount: z
    .union([
      z.object({ mode: z.literal('percent'), rate: z.number().int() }),
      z.object({ mode: z.literal('amount'), fen: z.number().int() }),
    ])
    .nullable(),
  roundOffRule: z.string().nullable(),
  adjustments: z.array(AdjustmentViewSchema),
});
export type BillPricing = z.infer<typeof BillPricingSchema>;

export const BillViewSchema = z.object({
  id: z.number().int(),
  billNo: z.string(),
  kind: BillKindSchema,
  businessType: BusinessTypeSchema,
  status: BillStatusSchema,
  totalFen: z.number().int(),
  dueFen: z.number().int(),
  cardNo: z.string().nullable(),
  lines: z.array(BillLineSchema),
  tenders: z.array(TenderSchema),
  operatorNo: z.string(),
  shiftId: z.number().int().nullable(),
  suspendedLabel: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  closedAt: z.number().nullable(),
  pricing: BillPricingSchema.optional(),
});
export type BillView = z.infer<typeof BillViewSchema>;

export const AttemptStateSchema = z.enum(ATTEMPT_STATES);
export type AttemptState = z.infer<typeof AttemptStateSchema>;

export const NextStepSchema = z.enum(['rescan', 'check-phone', 'take-cash', 'call-supervisor', 'none']);

/** A payment attempt as the screen sees it. The payment code is masked. */
export const AttemptViewSchema = z.object({
  id: z.number().int(),
  billId: z.number().int(),
  billNo: z.string(),
  attemptNo: z.number().int(),
  gatewayBillNum: z.string(),
  state: AttemptStateSchema,
  stateReason: z.string().nullable(),
  amountFen: z.number().int(),
  barCodeMasked: z.string(),
  lastPaystatus: z.string().nullable(),
  lastMessage: z.string().nullable(),
  queryCount: z.number().int(),
  createdAt: z.number(),
  deadlineAt: z.number(),
  finalAt: z.number().nullable(),
  /** Server time when this view was made, so the screen can show elapsed time without trusting its own clock. */
  now: z.number(),
  outcome: z.object({ zh: z.string(), en: z.string(), next: NextStepSchema }).nullable(),
  /** A QR attempt (KouDaiLQ ScanCode): its pay type; null/absent for a scanned payment code. */
  payTypeCode: QrPayTypeSchema.nullable().optional(),
  /** The QR the payer scans, once the gateway issued it (drawn by the screens); null until then. */
  qrContent: z.string().max(QR_CONTENT_MAX).nullable().optional(),
});
export type AttemptView = z.infer<typeof AttemptViewSchema>;

/** 'not-configured': no such link is set up (e.g. no back-office feed URL: bills stay on this PC). */
export const LinkStateSchema = z.enum(['online', 'degraded', 'offline', 'unknown', 'not-configured']);
export type LinkState = z.infer<typeof LinkStateSchema>;

export const ConnectivitySchema = z.object({
  gateway: LinkStateSchema,
  backOffice: LinkStateSchema,
  outboxDepth: z.number().int(),
  oldestWaitingMs: z.number().nullable(),
});
export type Connectivity = z.infer<typeof ConnectivitySchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  shell: z.enum(['electron', 'browser', 'memory']),
  sandbox: z.boolean(),
  gatewayUrl: z.string(),
  terminalNo: z.string(),
  businessType: BusinessTypeSchema,
  locale: z.enum(['zh-CN', 'en']),
  paymentDeadlineMs: z.number().int(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** Everything the cashier screen needs to draw itself after a reload. The core is the truth. */
export const CounterStateSchema = z.object({
  bill: BillViewSchema.nullable(),
  attempt: AttemptViewSchema.nullable(),
  lastCompleted: BillViewSchema.nullable(),
  connectivity: ConnectivitySchema,
  /** Split payment: the amount of the next barcode part (Ctrl+G), or null/absent for the whole amount due. */
  nextPartFen: z.number().int().positive().nullable().optional(),
});
export type CounterState = z.infer<typeof CounterStateSchema>;
