import { z } from 'zod';
import { XbDateTimeRegex } from './dates.js';

/**
 * zod schemas for every Xiaobao request and reply used by Counterpay (seed: the Xiaobao ERP open
 * API "订单信息" — GetTranOrderList, GetChangedOrders, six Get…OrderDetail, RechargeAccountTran,
 * RefundAccountTran — plus POST {base}/token/get_token).
 *
 * Requests are strict (we only send what the seed lists). Replies are loose: every documented
 * field is typed, most are optional/nullable (the seed does not say which are always present),
 * and unknown fields pass through untouched.
 */

// ─── shared ───────────────────────────────────────────────────────────────────────────────────

const Int = z.number().int();
const OptInt = Int.nullish();
const OptNum = z.number().nullish();
const OptStr = z.string().nullish();
const OptBool = z.boolean().nullish();
export const XbDateTime = z
  .string()
  .regex(XbDateTimeRegex, { message: 'must look like 2020-01-01 or 2020-01-01T00:00:00' });
const OptDate = XbDateTime.nullish();
/** A yuan amount in a request: a JSON number with at most 2 decimals (built from fen, see money.ts). */
const YuanNumber = z.number().refine((n) => /^-?\d+(\.\d{1,2})?$/.test(String(n)), { message: 'at most 2 decimals' });

/** 订单类型: 1 报名, 2 账户余额变动, 3 转课, 6 结课, 7 退费, 8 教材杂费, 9 积分, 10 补费. */
export const TRAN_ORDER_TYPES = [1, 2, 3, 6, 7, 8, 9, 10] as const;
export const TranOrderTypeSchema = z.union(
  TRAN_ORDER_TYPES.map((t) => z.literal(t)) as [z.ZodLiteral<1>, ...z.ZodLiteral<number>[]],
);
export const TRAN_ORDER_TYPE_ACCOUNT_CHANGE = 2;
/** 状态: 1 待支付, 2 已完成, 3 已作废, 4 已失效. */
export const ORDER_STATUS = { pending: 1, done: 2, voided: 3, expired: 4 } as const;

/** Every reply: { code, message, data } (the success rule is configurable, see client.ts). */
export function envelope<T extends z.ZodType>(data: T) {
  return z.looseObject({
    code: z.union([z.number(), z.string()]).nullish(),
    state: z.union([z.number(), z.string()]).nullish(),
    message: OptStr,
    data: data.nullish(),
  });
}
export const AnyEnvelopeSchema = envelope(z.unknown());
export type AnyEnvelope = z.infer<typeof AnyEnvelopeSchema>;

// ─── token ────────────────────────────────────────────────────────────────────────────────────

export const TokenRequestSchema = z.strictObject({
  accessKeyId: z.string().min(1).max(200),
  accessKeySecret: z.string().min(1).max(500),
});
export type TokenRequest = z.infer<typeof TokenRequestSchema>;
/**
 * The token reply is not in the seed. Assumption: `data` is the token string (the Java SDK's
 * getToken returns a String) or an object { token, expiresIn (seconds)?, expireTime? }.
 */
export const TokenDataSchema = z.union([
  z.string().min(1),
  z.looseObject({
    token: z.string().min(1),
    expiresIn: z.number().positive().nullish(),
    expireTime: z.union([z.number(), z.string()]).nullish(),
  }),
]);
export const TokenReplySchema = envelope(TokenDataSchema);

// ─── orders ───────────────────────────────────────────────────────────────────────────────────

export const AccountDetailSchema = z.looseObject({
  accountId: OptInt,
  accountName: OptStr,
  oppositeAccount: OptStr,
  amount: OptNum,
  /** 流水号 — Counterpay puts its bill number here (accountInfos.orderNumber). */
  orderNumber: OptStr,
  isConfirm: OptBool,
  tranOrderId: OptInt,
});
export type AccountDetail = z.infer<typeof AccountDetailSchema>;

export const TranOrderSchema = z.looseObject({
  id: Int,
  orderNumber: z.union([z.number(), z.string()]).nullish(),
  stuName: OptStr,
  stuInfoId: OptInt,
  type: OptInt,
  content: OptStr,
  shouldPay: OptNum,
  realPay: OptNum,
  remain: OptNum,
  arrearage: OptNum,
  hrDocId: OptInt,
  hrDocName: OptStr,
  tags: z.record(z.string(), z.unknown()).nullish(),
  schoolId: OptInt,
  schoolName: OptStr,
  dealDate: OptDate,
  seller: OptStr,
  viceSales: OptStr,
  teleMarketing: OptStr,
  purchaser: OptStr,
  status: OptInt,
  salesSource: OptStr,
  createdTime: OptDate,
  sourceType: OptInt,
  accountDetails: z.array(AccountDetailSchema).nullish(),
});
export type TranOrder = z.infer<typeof TranOrderSchema>;

export const GetTranOrderListRequestSchema = z.strictObject({
  pageIndex: Int.min(1).max(100_000),
  pageSize: Int.min(1).max(500),
  schoolId: Int.positive().optional(),
  tranOrderType: TranOrderTypeSchema.optional(),
  /** 1 经办日期 (default), 2 创建时间. */
  dateType: z.union([z.literal(1), z.literal(2)]).optional(),
  beginDate: XbDateTime,
  endDate: XbDateTime,
});
export type GetTranOrderListRequest = z.infer<typeof GetTranOrderListRequestSchema>;
export const GetTranOrderListReplySchema = envelope(z.array(TranOrderSchema));

export const GetChangedOrdersRequestSchema = z.strictObject({ startTime: XbDateTime, endTime: XbDateTime });
export type GetChangedOrdersRequest = z.infer<typeof GetChangedOrdersRequestSchema>;
export const ChangedOrderSchema = z.looseObject({ id: Int, type: OptInt, changedTime: OptDate });
export type ChangedOrder = z.infer<typeof ChangedOrderSchema>;
export const GetChangedOrdersReplySchema = envelope(z.array(ChangedOrderSchema));

export const OrderIdRequestSchema = z.strictObject({ id: Int.positive() });
export type OrderIdRequest = z.infer<typeof OrderIdRequestSchema>;

// ─── detail parts ─────────────────────────────────────────────────────────────────────────────

export const ItemTranSchema = z.looseObject({
  itemTranId: OptInt,
  itemTranType: OptInt,
  stuFeeDocId: OptInt,
  itemId: OptInt,
  itemName: OptStr,
  lessonId: OptInt,
  lessonName: OptStr,
  itemGot: OptBool,
  unitPrice: OptNum,
  count: OptNum,
  realAmount: OptNum,
  arrearage: OptNum,
  actualIncome: OptNum,
  comment: OptStr,
  itemReturn: OptBool,
  purchaseTranOrderId: OptInt,
  purchaseTranOrderType: OptInt,
  purchaseItemTranId: OptInt,
});

export const SignupLessonSchema = z.looseObject({
  feetranId: OptInt,
  lessonId: OptInt,
  lessonName: OptStr,
  feeMode: OptInt,
  lessonMode: OptInt,
  classId: OptInt,
  className: OptStr,
  teacherId: OptInt,
  teacherName: OptStr,
  schoolId: OptInt,
  schoolName: OptStr,
  stuFeeDocId: OptInt,
  enrollType: OptInt,
  feeTranType: OptInt,
  unitPrice: OptNum,
  count: OptNum,
  skuUnitPrice: OptNum,
  skuCount: OptNum,
  totalCount: OptNum,
  unit: OptInt,
  beginDate: OptDate,
  expiryDate: OptDate,
  originAmount: OptNum,
  promotionAmount: OptNum,
  tranMarketing: z
    .looseObject({
      marketingComment: OptStr,
      marketingPromotionAmount: OptNum,
      promotionType: OptInt,
      feeTranId: OptInt,
    })
    .nullish(),
  microMartCouponPromotion: z
    .looseObject({
      couponId: OptInt,
      couponName: OptStr,
      couponRuleDesc: OptStr,
      apportionPromotionAmount: OptNum,
      feeTranId: OptInt,
    })
    .nullish(),
  realAmount: OptNum,
  arrearage: OptNum,
  actualIncome: OptNum,
  comment: OptStr,
  itemTrans: z.array(ItemTranSchema).nullish(),
});

export const TransferOutLessonSchema = z.looseObject({
  transforTranId: OptInt,
  purchaseTranOrderId: OptInt,
  purchaseTranOrderType: OptInt,
  purchaseFeetranId: OptInt,
  lessonId: OptInt,
  lessonName: OptStr,
  transforTranType: OptInt,
  classtimes: OptNum,
  amount: OptNum,
  comment: OptStr,
});

export const RepairTranSchema = z.looseObject({
  repairTranId: OptInt,
  tranOrderId: OptInt,
  orderNumber: z.union([z.number(), z.string()]).nullish(),
  arrearageTranId: OptInt,
  arrearageTranName: OptStr,
  arrearage: OptNum,
  orderType: OptInt,
  hrDocId: OptInt,
  hrDocName: OptStr,
  schoolId: OptInt,
  schoolName: OptStr,
  dealDate: OptDate,
  repairAmount: OptNum,
  comment: OptStr,
});

// ─── the six details ──────────────────────────────────────────────────────────────────────────

export const SignupOrderDetailSchema = z.looseObject({
  baseInfo: TranOrderSchema,
  signupLessons: z.array(SignupLessonSchema).nullish(),
});
export const RepairTranOrderDetailSchema = z.looseObject({
  baseInfo: TranOrderSchema,
  comment: OptStr,
  repairTrans: z.array(RepairTranSchema).nullish(),
});
export const AccountChangeOrderDetailSchema = z.looseObject({
  baseInfo: TranOrderSchema,
  accountRemain: OptNum,
  comment: OptStr,
});
export const TurnClassOrderDetailSchema = z.looseObject({
  baseInfo: TranOrderSchema,
  turnOutLessons: z.array(TransferOutLessonSchema).nullish(),
  turnInLesson: SignupLessonSchema.nullish(),
});
export const RefundMoneyOrderDetailSchema = z.looseObject({
  baseInfo: TranOrderSchema,
  comment: OptStr,
  refundLessons: z.array(TransferOutLessonSchema).nullish(),
});
export const ItemTranOrderDetailSchema = z.looseObject({
  baseInfo: TranOrderSchema,
  comment: OptStr,
  itemTrans: z.array(ItemTranSchema).nullish(),
});

export type SignupOrderDetail = z.infer<typeof SignupOrderDetailSchema>;
export type RepairTranOrderDetail = z.infer<typeof RepairTranOrderDetailSchema>;
export type AccountChangeOrderDetail = z.infer<typeof AccountChangeOrderDetailSchema>;
export type TurnClassOrderDetail = z.infer<typeof TurnClassOrderDetailSchema>;
export type RefundMoneyOrderDetail = z.infer<typeof RefundMoneyOrderDetailSchema>;
export type ItemTranOrderDetail = z.infer<typeof ItemTranOrderDetailSchema>;

/** Endpoint name → detail schema. Names exactly as the seed spells them (GetRefundMonery…). */
export const DETAIL_ENDPOINTS = {
  GetSignupOrderDetail: SignupOrderDetailSchema,
  GetRepairTranOrderDetail: RepairTranOrderDetailSchema,
  GetAccountChangeOrderDetail: AccountChangeOrderDetailSchema,
  GetTurnClassOrderDetail: TurnClassOrderDetailSchema,
  GetRefundMoneryOrderDetail: RefundMoneyOrderDetailSchema,
  GetItemTranOrderDetail: ItemTranOrderDetailSchema,
} as const;
export type DetailEndpoint = keyof typeof DETAIL_ENDPOINTS;
export type DetailOf<E extends DetailEndpoint> = z.infer<(typeof DETAIL_ENDPOINTS)[E]>;

/** Which detail endpoint answers an order of a given type (the seed has no detail for 6 结课, 9 积分). */
export const DETAIL_ENDPOINT_BY_TYPE: Partial<Record<number, DetailEndpoint>> = {
  1: 'GetSignupOrderDetail',
  2: 'GetAccountChangeOrderDetail',
  3: 'GetTurnClassOrderDetail',
  7: 'GetRefundMoneryOrderDetail',
  8: 'GetItemTranOrderDetail',
  10: 'GetRepairTranOrderDetail',
};

// ─── recharge / refund ────────────────────────────────────────────────────────────────────────

export const AccountInfoSchema = z.strictObject({
  accountName: z.string().min(1).max(100),
  amount: YuanNumber,
  comment: z.string().max(500).optional(),
  oppositeAccount: z.string().max(100).optional(),
  /** 流水单号: the counter's bill number. */
  orderNumber: z.string().min(1).max(64),
  /** 支付单号后8位. */
  simplePaymentMethodTradeNo: z.string().max(8).optional(),
});
export type AccountInfo = z.infer<typeof AccountInfoSchema>;

const AccountTranBase = {
  stuInfoId: Int.positive(),
  comment: z.string().max(500).optional(),
  commentOuter: z.string().max(500).optional(),
  schoolId: Int.positive().optional(),
  sellerId: Int.positive().optional(),
  operatorId: Int.positive().optional(),
  dealDate: XbDateTime.optional(),
  accountInfos: z.array(AccountInfoSchema).min(1).max(20),
  tags: z.array(z.string().max(50)).max(20).optional(),
};
export const RechargeAccountTranRequestSchema = z.strictObject({ ...AccountTranBase, rechargeAmount: YuanNumber });
export const RefundAccountTranRequestSchema = z.strictObject({ ...AccountTranBase, refundAmount: YuanNumber });
export type RechargeAccountTranRequest = z.infer<typeof RechargeAccountTranRequestSchema>;
export type RefundAccountTranRequest = z.infer<typeof RefundAccountTranRequestSchema>;
/** `data integer` — assumed to be the new order's id. */
export const AccountTranDataSchema = z.union([Int, z.string()]);
export const AccountTranReplySchema = envelope(AccountTranDataSchema);
