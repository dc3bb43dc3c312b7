import { z } from 'zod';
import { DISCOUNT_RATE, ROUND_OFF_RULES } from '../pricing.js';
import { command, NoInput, SupervisorAuthSchema } from './define.js';
import { BillViewSchema, FenSchema, PositiveFenSchema } from './schemas.js';

/**
 * Discounts, price overrides (改价) and 抹零 on the bill at the counter (app/pricing.ts does the
 * arithmetic; main/bills/bill-discounts.ts keeps them). docs/ARCHITECTURE.md §5.1.
 *
 * Limits per role: a cashier may give line and whole-bill discounts up to the shop's limit
 * (percent of the bill and an amount per bill, `discounts.settings`). Above it the core answers
 * `discount-over-limit` (details: maxPercentOff, maxFen, wantedFen, grossFen); the counter then
 * sends the same discount with `overLimit: true`, which needs the permission
 * `discount-over-limit` — held by the caller (a supervisor, or a cashier it was granted to) or
 * a supervisor's number and PIN on the spot in `auth`. A price override always needs
 * `price-override` the same way. 抹零 follows the configured rule and needs no authorisation.
 * Every change is audited with who gave it and who authorised it; all are refused on a bill that
 * is not open (`bill-locked` while a payment is live).
 */

const BillId = z.number().int().positive();
const LineNo = z.number().int().positive();
const Auth = { auth: SupervisorAuthSchema.optional() };

/** A discount: percent as the Chinese 折 (rate 90 = 九折 = 10 % off), or an amount off in fen. */
export const DiscountSpecSchema = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('percent'),
      rate: z
        .number()
        .int()
        .min(DISCOUNT_RATE.min, { message: `rate: ${DISCOUNT_RATE.min}–${DISCOUNT_RATE.max} (90 = 九折)` })
        .max(DISCOUNT_RATE.max, { message: `rate: ${DISCOUNT_RATE.min}–${DISCOUNT_RATE.max} (90 = 九折)` }),
    })
    .strict(),
  z.object({ mode: z.literal('amount'), fen: PositiveFenSchema }).strict(),
]);
export type DiscountSpecInput = z.infer<typeof DiscountSpecSchema>;

export const RoundOffRuleSchema = z.enum(ROUND_OFF_RULES);

/** The cashier role's limit per bill: both must hold. */
export const DiscountLimitSchema = z
  .object({
    maxPercentOff: z.number().int().min(0).max(100),
    maxFen: FenSchema,
  })
  .strict();

export const DiscountSettingsSchema = z.object({
  cashierLimit: DiscountLimitSchema,
  roundOffRule: RoundOffRuleSchema,
});
export type DiscountSettingsView = z.infer<typeof DiscountSettingsSchema>;

export const discountCommands = {
  /**
   * Set (or clear, `discount: null`) the discount of one line (`lineNo`) or of the whole bill
   * (no `lineNo`). Replaces the previous discount of that line or bill.
   */
  'bill.discount': command(
    z
      .object({
        billId: BillId,
        lineNo: LineNo.optional(),
        discount: DiscountSpecSchema.nullable(),
        overLimit: z.boolean().optional(),
        ...Auth,
      })
      .strict(),
    BillViewSchema,
    'signed-in',
  ),
  /** 改价: a line's unit price (0 … MAX_FEN); the list price is kept and shown. Needs `price-override`. */
  'bill.priceOverride': command(
    z.object({ billId: BillId, lineNo: LineNo, unitPriceFen: FenSchema, ...Auth }).strict(),
    BillViewSchema,
    'signed-in',
  ),
  /** 抹零 on (by the configured rule) or off. */
  'bill.roundOff': command(z.object({ billId: BillId, on: z.boolean() }).strict(), BillViewSchema, 'signed-in'),
  /** The cashier limit and the 抹零 rule. */
  'discounts.settings': command(NoInput, DiscountSettingsSchema, 'signed-in'),
  /** Change the cashier limit and/or the 抹零 rule (audited as setting.set). */
  'discounts.setSettings': command(
    z
      .object({ cashierLimit: DiscountLimitSchema.optional(), roundOffRule: RoundOffRuleSchema.optional(), ...Auth })
      .strict(),
    DiscountSettingsSchema,
    'supervisor',
  ),
} as const;
