/**
 * The bill feed, version 1: how a finished bill travels to a back office.
 * Documented in main/sync/README.md. The schemas here are the single definition used by
 * the sender (outbox payload), the sync worker and the local feed receiver.
 */
import { z } from 'zod';
import { TERMINAL_NO } from '../../app/limits.js';
import { MAX_FEN } from '../../app/money.js';
import { TenderKindSchema } from '../../app/tender-kinds.js';

export const FEED_VERSION = 1 as const;

const Fen = z.number().int().min(-MAX_FEN).max(MAX_FEN);

export const FeedLineSchema = z
  .object({
    lineNo: z.number().int().min(1),
    itemCode: z.string().nullable(),
    name: z.string(),
    unitPriceFen: Fen,
    quantity: z.number().int().min(1),
    amountFen: Fen,
    /**
     * Optional, only on a line with a discount, price override or 抹零 share (README
     * "Discounts"): `amountFen` is then the net, `grossFen` = unitPriceFen × quantity,
     * `listPriceFen` the price before an override (null if none), and the three parts taken off.
     */
    grossFen: Fen.optional(),
    listPriceFen: Fen.nullable().optional(),
    discountFen: Fen.optional(),
    billShareFen: Fen.optional(),
    roundOffFen: Fen.optional(),
  })
  .strict();

/** Optional, only on a bill with any discount, price override or 抹零 (README "Discounts"). */
export const FeedDiscountsSchema = z
  .object({
    /** Σ gross of the lines before any discount; totalFen = gross − line − bill − roundOff. */
    grossFen: Fen,
    lineDiscountFen: Fen,
    billDiscountFen: Fen,
    roundOffFen: Fen,
    adjustments: z.array(
      z
        .object({
          kind: z.enum(['line-discount', 'price', 'bill-discount', 'round-off']),
          lineNo: z.number().int().nullable(),
          amountFen: Fen,
          givenBy: z.string(),
          authorisedBy: z.string().nullable(),
        })
        .strict(),
    ),
  })
  .strict();

export const FeedTenderSchema = z
  .object({
    kind: TenderKindSchema,
    /** What the bill received (cash: tendered − change). */
    amountFen: Fen,
    tenderedFen: Fen.nullable(),
    changeFen: Fen.nullable(),
    /** Gateway reference (KouDaiLQ autoid) for barcode tenders. */
    reference: z.string().nullable(),
    /**
     * The billNum sent to the gateway for a barcode tender: the attempt's own short number
     * (main/payments/gateway-bill-num.ts, e.g. `T01261204224015K30`), not derived from billNo.
     */
    gatewayBillNum: z.string().nullable(),
    createdAt: z.number().int(),
  })
  .strict();

export const FeedBillSchema = z
  .object({
    version: z.literal(FEED_VERSION),
    /** Idempotency key: the receiver records each billNo once. */
    billNo: z.string().min(1).max(29),
    terminalNo: z.string().min(1).max(TERMINAL_NO.maxLength),
    kind: z.enum(['sale', 'recharge', 'refund']),
    businessType: z.number().int().min(1).max(7),
    status: z.literal('paid'),
    /** For a refund: the billNo it refunds. */
    refundOf: z.string().nullable(),
    operatorNo: z.string(),
    shiftId: z.number().int().nullable(),
    cardNo: z.string().nullable(),
    totalFen: Fen,
    currency: z.literal('CNY'),
    /** Epoch milliseconds (UTC). */
    createdAt: z.number().int(),
    closedAt: z.number().int(),
    /** Live lines only (voided lines are not sold). */
    lines: z.array(FeedLineSchema),
    tenders: z.array(FeedTenderSchema).min(1),
    discounts: FeedDiscountsSchema.optional(),
  })
  .strict();
export type FeedBill = z.infer<typeof FeedBillSchema>;

/** A batch: several bills in one request (the worker's default). */
export const FeedBatchSchema = z
  .object({
    version: z.literal(FEED_VERSION),
    bills: z.array(FeedBillSchema).min(1).max(1000),
  })
  .strict();
export type FeedBatch = z.infer<typeof FeedBatchSchema>;

/** Receiver's answer to one bill. */
export const FeedAckSchema = z.object({
  ok: z.literal(true),
  billNo: z.string(),
  duplicate: z.boolean().optional(),
});
export type FeedAck = z.infer<typeof FeedAckSchema>;

/** Receiver's answer to a batch: one result per bill (acknowledged or rejected). */
export const FeedBatchAckSchema = z.object({
  ok: z.literal(true),
  results: z.array(
    z.union([
      z.object({ billNo: z.string(), ok: z.literal(true), duplicate: z.boolean().optional() }),
      z.object({ billNo: z.string(), ok: z.literal(false), error: z.string() }),
    ]),
  ),
});
export type FeedBatchAck = z.infer<typeof FeedBatchAckSchema>;

/** A refusal: the receiver understood the request and will not take it as it is. */
export const FeedRejectSchema = z.object({ ok: z.literal(false), error: z.string(), billNo: z.string().optional() });
