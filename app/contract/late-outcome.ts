import { z } from 'zod';
import { command, event, NoInput } from './define.js';

/**
 * Late outcomes (迟到的支付结果): a payment the cashier stopped waiting for (state `unconfirmed`)
 * that was later settled — paid, declined or cancelled — by the background reconciler, by a supervisor's
 * 立即查询, or by a supervisor's resolution. The counter keeps a notice until a signed-in
 * operator acknowledges it; the supervisor's exceptions list keeps every notice (acknowledged or
 * not) as history.
 *
 * Contract for the cashier screen:
 *  - on start / reconnect: `lateOutcome.list` → the notices not yet acknowledged, oldest first;
 *  - live: event `payment.lateOutcome` carries one new notice as soon as it is committed;
 *  - the cashier presses 知道了: `lateOutcome.acknowledge { noticeId }` → the notice, now with
 *    `acknowledgedAt` / `acknowledgedBy` (audited). Acknowledging twice is harmless (returns the
 *    notice as first acknowledged); an unknown id is `payment-not-found`.
 */

/** Who settled the payment after the cashier stopped waiting. */
export const LateOutcomeViaSchema = z.enum([
  /** The background reconciler's query. */
  'reconciler',
  /** A supervisor's 立即查询 (exceptions.queryPayment). */
  'supervisor-query',
  /** A supervisor's resolution (exceptions.resolvePayment), without a gateway answer. */
  'supervisor-resolve',
]);
export type LateOutcomeVia = z.infer<typeof LateOutcomeViaSchema>;

export const LateOutcomeNoticeSchema = z.object({
  id: z.number().int().positive(),
  attemptId: z.number().int().positive(),
  billId: z.number().int().positive(),
  /** The bill number people read (on the receipt and the 未确认 card). */
  billNo: z.string(),
  /** The bill number the gateway knows (≤ gateway.maxBillNumLength). */
  gatewayBillNum: z.string(),
  amountFen: z.number().int(),
  /** What the payment turned out to be: paid (money taken), declined, or cancelled by a supervisor (no money). */
  outcome: z.enum(['paid', 'declined', 'cancelled']),
  /** The cashier who took the payment. */
  operatorNo: z.string(),
  /** When the payment became unconfirmed (the cashier stopped waiting or the deadline passed). */
  unconfirmedAt: z.number().int().nullable(),
  /** When it was settled (ms since epoch, server clock). */
  resolvedAt: z.number().int(),
  via: LateOutcomeViaSchema,
  /** Which query settled it: the attempt's query number (1-based, counting every query), or null for a resolution. */
  queryNo: z.number().int().positive().nullable(),
  /** The supervisor who queried or resolved it, or null for the reconciler. */
  resolvedBy: z.string().nullable(),
  /** The gateway's paystatus (or the supervisor's note) as recorded. */
  detail: z.string().nullable(),
  acknowledgedAt: z.number().int().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export type LateOutcomeNotice = z.infer<typeof LateOutcomeNoticeSchema>;

export const lateOutcomeCommands = {
  /** Notices not yet acknowledged, oldest first (at most 50). */
  'lateOutcome.list': command(NoInput, z.object({ notices: z.array(LateOutcomeNoticeSchema) }), 'signed-in'),
  /** 知道了: the signed-in operator acknowledges one notice (audited: late-outcome.acknowledge). */
  'lateOutcome.acknowledge': command(
    z.object({ noticeId: z.number().int().positive() }).strict(),
    LateOutcomeNoticeSchema,
    'signed-in',
  ),
} as const;

export const lateOutcomeEvents = {
  /** A new late outcome, pushed to every screen once committed. */
  'payment.lateOutcome': event(LateOutcomeNoticeSchema),
} as const;
