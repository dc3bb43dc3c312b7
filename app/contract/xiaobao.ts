import { z } from 'zod';
import { BillViewSchema } from './schemas.js';
import { command, event, NoInput, SupervisorAuthSchema } from './define.js';

/**
 * 校宝学员 at the counter (issue 15 items 2, 4, 5): find a student in the Xiaobao ERP, top the
 * student's balance up through a normal counter bill (RechargeAccountTran once the bill is
 * paid), refund a balance in cash with a supervisor's authorisation (RefundAccountTran), and
 * look a student's orders up read-only. main/backoffice/xiaobao/desk.ts implements it.
 */

/** The posting journal's states (migration 006): the one declaration, main's journal uses it. */
export const XIAOBAO_POSTING_STATES = ['pending', 'sending', 'posted', 'unknown', 'failed'] as const;
export const XiaobaoPostingStateSchema = z.enum(XIAOBAO_POSTING_STATES);

/** The ERP's limit on one top-up or refund (0.01 – 99,999,999 yuan), in fen. */
export const XIAOBAO_AMOUNT = { minFen: 1, maxFen: 9_999_999_900 } as const;
/** Student search text: a name (part) or a student id. */
export const XIAOBAO_QUERY = { min: 1, max: 40 } as const;
/** 订单类型 and 状态 as the seed numbers them. */
export const XIAOBAO_ORDER_TYPES = [1, 2, 3, 6, 7, 8, 9, 10] as const;
export const XIAOBAO_ORDER_STATUSES = [1, 2, 3, 4] as const;

const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const AmountFen = z
  .number()
  .int()
  .min(XIAOBAO_AMOUNT.minFen, { message: `amountFen: at least ${XIAOBAO_AMOUNT.minFen} fen` })
  .max(XIAOBAO_AMOUNT.maxFen, { message: `amountFen: at most ${XIAOBAO_AMOUNT.maxFen} fen` });
const Name = z.string().trim().min(1).max(60);
const Ms = z.number().int().min(0);

export const XiaobaoStudentSchema = z.object({
  stuInfoId: Id,
  name: z.string(),
  schoolName: z.string().nullable(),
  /** Sum of 欠费 over the student's recent orders (fen). */
  arrearsFen: z.number().int(),
  /** The newest order seen for the student (ms), for the list's order. */
  lastOrderAt: Ms.nullable(),
});
export type XiaobaoStudent = z.infer<typeof XiaobaoStudentSchema>;

export const XiaobaoPostingViewSchema = z.object({
  billNo: z.string(),
  kind: z.enum(['recharge', 'refund']),
  stuInfoId: Id,
  stuName: z.string(),
  amountFen: z.number().int(),
  state: XiaobaoPostingStateSchema,
  erpOrderId: z.number().int().nullable(),
  sends: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: Ms,
  updatedAt: Ms,
});
export type XiaobaoPostingView = z.infer<typeof XiaobaoPostingViewSchema>;

export const XiaobaoOrderSchema = z.object({
  id: Id,
  orderNumber: z.string().nullable(),
  type: z.number().int().nullable(),
  status: z.number().int().nullable(),
  content: z.string().nullable(),
  schoolName: z.string().nullable(),
  dealAt: Ms.nullable(),
  shouldPayFen: z.number().int().nullable(),
  realPayFen: z.number().int().nullable(),
  arrearsFen: z.number().int().nullable(),
  /** Whether the ERP has a detail for this order type. */
  hasDetail: z.boolean(),
});
export type XiaobaoOrder = z.infer<typeof XiaobaoOrderSchema>;

/** One readable line of an order detail (a lesson, an item, a promotion, an account…). */
export const XiaobaoDetailRowSchema = z.object({
  name: z.string(),
  /** Quantity or period text as the ERP gives it (e.g. "20 × 150.00"), or null. */
  qty: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  note: z.string().nullable(),
});
export const XIAOBAO_DETAIL_SECTIONS = [
  'lessons',
  'items',
  'promotions',
  'accounts',
  'turn-out',
  'turn-in',
  'refund-lessons',
  'repairs',
] as const;
export const XiaobaoOrderDetailSchema = z.object({
  order: XiaobaoOrderSchema,
  sections: z.array(z.object({ kind: z.enum(XIAOBAO_DETAIL_SECTIONS), rows: z.array(XiaobaoDetailRowSchema) })),
  /** 账户余额 after an account change (type 2), fen. */
  accountRemainFen: z.number().int().nullable(),
  comment: z.string().nullable(),
});
export type XiaobaoOrderDetail = z.infer<typeof XiaobaoOrderDetailSchema>;

export const xiaobaoCommands = {
  /** Whether the Xiaobao ERP is configured (and, when not, which settings are missing). */
  'xiaobao.status': command(NoInput, z.object({ configured: z.boolean(), missing: z.array(z.string()) })),
  /** Students whose recent orders match the text (name part or student id). */
  'xiaobao.students': command(
    z
      .object({
        query: z
          .string()
          .trim()
          .min(XIAOBAO_QUERY.min, { message: 'query: required' })
          .max(XIAOBAO_QUERY.max, { message: `query: at most ${XIAOBAO_QUERY.max} characters` }),
      })
      .strict(),
    z.object({ students: z.array(XiaobaoStudentSchema), searchedDays: z.number().int() }),
  ),
  /** The student's balance as the ERP last reported it (accountRemain), or null when unknown. */
  'xiaobao.balance': command(
    z.object({ stuInfoId: Id }).strict(),
    z.object({ balanceFen: z.number().int().nullable() }),
  ),
  /** Open a top-up bill on the counter for the student (collected by scan or cash as usual). */
  'xiaobao.topUp': command(
    z.object({ stuInfoId: Id, name: Name, schoolName: z.string().max(100).nullable(), amountFen: AmountFen }).strict(),
    BillViewSchema,
  ),
  /** The counter's postings of today plus any not yet posted; `stuInfoId` narrows to one student. */
  'xiaobao.postings': command(
    z.object({ stuInfoId: Id.optional() }).strict(),
    z.object({ postings: z.array(XiaobaoPostingViewSchema) }),
  ),
  /** Pay a student's balance back in cash from the drawer; a supervisor authorises it. */
  'xiaobao.refund': command(
    z
      .object({
        stuInfoId: Id,
        name: Name,
        amountFen: AmountFen,
        reason: z
          .string()
          .trim()
          .min(1, { message: 'reason: required' })
          .max(60, { message: 'reason: at most 60 characters' }),
        auth: SupervisorAuthSchema.optional(),
      })
      .strict(),
    XiaobaoPostingViewSchema,
    'supervisor',
  ),
  /** A student's orders in [from, to) (the core splits the range per the ERP's 1-month limit). */
  'xiaobao.orders': command(
    z
      .object({
        stuInfoId: Id,
        from: Ms,
        to: Ms,
        type: z
          .union(XIAOBAO_ORDER_TYPES.map((t) => z.literal(t)) as [z.ZodLiteral<1>, ...z.ZodLiteral<number>[]])
          .optional(),
        status: z
          .union(XIAOBAO_ORDER_STATUSES.map((t) => z.literal(t)) as [z.ZodLiteral<1>, ...z.ZodLiteral<number>[]])
          .optional(),
      })
      .strict()
      .refine((q) => q.to > q.from, { message: 'to: must be after from', path: ['to'] })
      .refine((q) => q.to - q.from <= 366 * 86_400_000, { message: 'to: at most 366 days after from', path: ['to'] }),
    z.object({ orders: z.array(XiaobaoOrderSchema) }),
  ),
  /** One order's detail, readable (read-only). */
  'xiaobao.orderDetail': command(z.object({ id: Id, type: z.number().int() }).strict(), XiaobaoOrderDetailSchema),
} as const;

export const xiaobaoEvents = {
  /** A posting changed state (journaled, sent, posted, unknown, failed). */
  'xiaobao.posting.changed': event(XiaobaoPostingViewSchema),
} as const;
