import { z } from 'zod';
import { command, SupervisorAuthSchema } from './define.js';
import { ExportResultSchema } from './supervisor.js';

/**
 * 校宝对账 (supervisor tab, Alt+-; main/backoffice/reconcile): for one day, the counter's
 * Xiaobao postings (the poster's journal) against the ERP's account-change orders of that day,
 * by bill number (accountDetails.orderNumber). Access 'supervisor' like the other supervisor tabs.
 */

const Auth = { auth: SupervisorAuthSchema.optional() };
const withAuth = <S extends z.ZodRawShape>(shape: S) => z.object({ ...shape, ...Auth }).strict();

/** A calendar day in China time (the ERP's clock), YYYY-MM-DD. */
export const ReconcileDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'day: YYYY-MM-DD' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: 'day: not a calendar date' });

export const RECONCILE_STATUSES = ['matched', 'erp-only', 'counter-only'] as const;
export const ReconcileStatusSchema = z.enum(RECONCILE_STATUSES);
export type ReconcileStatus = z.infer<typeof ReconcileStatusSchema>;

/** Why a posting is only at the counter (from the journal's state). */
export const COUNTER_ONLY_REASONS = ['waiting', 'sending', 'unknown', 'refused', 'posted-not-found'] as const;
export const CounterOnlyReasonSchema = z.enum(COUNTER_ONLY_REASONS);
export type CounterOnlyReason = z.infer<typeof CounterOnlyReasonSchema>;

export const ReconcileRowSchema = z.object({
  status: ReconcileStatusSchema,
  /** The counter's bill number (accountDetails.orderNumber at the ERP). */
  billNo: z.string(),
  kind: z.enum(['recharge', 'refund']).nullable(),
  stuInfoId: z.number().int().nullable(),
  stuName: z.string().nullable(),
  counterAmountFen: z.number().int().nullable(),
  erpAmountFen: z.number().int().nullable(),
  /** Both sides carry the bill but not the same amount. */
  amountMismatch: z.boolean(),
  counterAt: z.number().nullable(),
  erpAt: z.number().nullable(),
  erpOrderId: z.number().int().nullable(),
  reason: CounterOnlyReasonSchema.nullable(),
  /** The ERP's or the poster's own words for a refused / failed posting (not translated). */
  detail: z.string().nullable(),
  /** 重试 is offered (counter-only, not being sent right now). */
  canRetry: z.boolean(),
});
export type ReconcileRow = z.infer<typeof ReconcileRowSchema>;

export const ReconcileReportSchema = z.object({
  day: z.string(),
  generatedAt: z.number(),
  source: z.enum(['configured', 'sandbox']),
  rows: z.array(ReconcileRowSchema),
  counts: z.object({
    matched: z.number().int(),
    erpOnly: z.number().int(),
    counterOnly: z.number().int(),
    amountMismatch: z.number().int(),
  }),
  /** ERP account-change orders of the day without any bill number (made at the ERP's own desk). */
  erpDeskOrders: z.number().int(),
});
export type ReconcileReport = z.infer<typeof ReconcileReportSchema>;

export const RETRY_OUTCOMES = ['posted', 'found-at-erp', 'waiting', 'unknown', 'refused', 'already-posted'] as const;

export const reconcileCommands = {
  'xiaobao.reconcile': command(withAuth({ day: ReconcileDaySchema }), ReconcileReportSchema, 'supervisor'),
  /** Re-queue a counter-only posting through the poster (it looks the bill up at the ERP first). */
  'xiaobao.reconcile.retry': command(
    withAuth({
      day: ReconcileDaySchema,
      billNo: z
        .string()
        .trim()
        .min(1, { message: 'billNo: required' })
        .max(64, { message: 'billNo: at most 64 characters' }),
    }),
    z.object({ outcome: z.enum(RETRY_OUTCOMES), detail: z.string().nullable(), report: ReconcileReportSchema }),
    'supervisor',
  ),
  'xiaobao.reconcile.export': command(
    withAuth({ day: ReconcileDaySchema, format: z.enum(['csv', 'xlsx']), locale: z.enum(['zh-CN', 'en']).optional() }),
    ExportResultSchema,
    'supervisor',
  ),
} as const;
