import { z } from 'zod';
import { command, event, NoInput, SupervisorAuthSchema, type EventSpec } from './define.js';
import { BillViewSchema, FenSchema } from './schemas.js';

/**
 * 机构报名 — KesionEDU batch enrollment at the counter (issue 16 item 2; main/backoffice/kesion).
 * preview (InitializeBatchBill) → save (SaveBatchBill) → payBalance (SaveSignUpOrder from the
 * institution's balance) or collect (a counter bill for the total, collected by scan or cash;
 * its confirmation to the ERP is journaled with the payment and sent exactly once).
 */

const Auth = { auth: SupervisorAuthSchema.optional() };
const Id = z.number().int().positive();
/** What the cashier typed or pasted: ids / accounts separated by commas, spaces or new lines. */
const ListText = z.string().max(20_000, { message: 'at most 20000 characters' });
const IdText = z.string().regex(/^\d{1,10}$/);

export const KesionTypeSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const KesionStatusSchema = z.object({
  configured: z.boolean(),
  /** Counter collection needs backOffices.kesion.counterPayId. */
  counterPay: z.boolean(),
  maxIds: z.number().int().positive(),
});

export const KesionCourseViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  purchasePriceFen: FenSchema,
  marketPriceFen: FenSchema.nullable(),
  buyLimit: z.number().int().nullable(),
  enrollBegin: z.string(),
  enrollEnd: z.string(),
});

export const KesionPreviewSchema = z.object({
  type: KesionTypeSchema,
  courseIds: z.array(z.string()),
  students: z.array(z.string()),
  userIds: z.array(z.string()),
  /** How many duplicates were removed from each list. */
  duplicates: z.object({ courseIds: z.number().int(), students: z.number().int() }),
  courses: z.array(KesionCourseViewSchema),
  totalFen: FenSchema,
  balanceFen: z.number().int(),
});
export type KesionPreview = z.infer<typeof KesionPreviewSchema>;

export const ENROLLMENT_STATES = [
  'saved',
  'collecting',
  'pending',
  'sending',
  'unknown',
  'confirmed',
  'failed',
  'online',
] as const;

export const EnrollmentViewSchema = z.object({
  id: z.number().int(),
  orderId: z.string(),
  payOrderId: z.string(),
  type: KesionTypeSchema,
  courses: z.array(z.object({ id: z.string(), name: z.string(), purchasePriceFen: z.number().int() })),
  studentsCount: z.number().int(),
  totalFen: z.number().int(),
  mode: z.enum(['counter', 'balance']).nullable(),
  billId: z.number().int().nullable(),
  billNo: z.string().nullable(),
  state: z.enum(ENROLLMENT_STATES),
  sends: z.number().int(),
  checks: z.number().int(),
  /** The ERP's msg, verbatim. */
  lastMsg: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Pay-online address (balance short): shown as text, never opened. */
  payUrl: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  confirmedAt: z.number().nullable(),
});
export type EnrollmentView = z.infer<typeof EnrollmentViewSchema>;

export const kesionCommands = {
  'kesion.status': command(NoInput, KesionStatusSchema, 'signed-in'),
  /** InitializeBatchBill: lists validated (field, rule and limit named), duplicates removed. */
  'kesion.preview': command(
    z.object({ type: KesionTypeSchema, courseIds: ListText, students: ListText }).strict(),
    KesionPreviewSchema,
    'signed-in',
  ),
  /** SaveBatchBill: the ERP order (orderid / payorderid), recorded in the ledger. */
  'kesion.save': command(
    z
      .object({
        type: KesionTypeSchema,
        courseIds: z.array(IdText).min(1).max(200),
        userIds: z.array(IdText).min(1).max(200),
      })
      .strict(),
    EnrollmentViewSchema,
    'signed-in',
  ),
  /** SaveSignUpOrder with the balance payid (through the confirmation journal). */
  'kesion.payBalance': command(z.object({ id: Id }).strict(), EnrollmentViewSchema, 'signed-in'),
  /** A counter bill for the total, linked to the order, put on the counter to scan or F2 cash. */
  'kesion.collect': command(z.object({ id: Id }).strict(), BillViewSchema, 'signed-in'),
  'kesion.get': command(z.object({ id: Id }).strict(), EnrollmentViewSchema, 'signed-in'),
  /** 已在线支付？查询: an order waiting to be paid online is confirmed when the ERP says it is paid. */
  'kesion.checkOnline': command(z.object({ id: Id }).strict(), EnrollmentViewSchema, 'signed-in'),
  /** Saved orders not paid yet (saved, or waiting to be paid online), newest first, at most 10. */
  'kesion.unfinished': command(NoInput, z.object({ rows: z.array(EnrollmentViewSchema) }), 'signed-in'),
  /** Enrollments whose ERP confirmation is not done (the supervisor's 异常处理). */
  'kesion.exceptions': command(
    z.object({ ...Auth }).strict(),
    z.object({ rows: z.array(EnrollmentViewSchema) }),
    'supervisor',
  ),
  /** 重试: checks the order first, sends only if it is not paid. */
  'kesion.retry': command(z.object({ id: Id, ...Auth }).strict(), EnrollmentViewSchema, 'supervisor'),
} as const;

export const kesionEvents = {
  'kesion.changed': event(EnrollmentViewSchema),
} as const satisfies Record<string, EventSpec>;
