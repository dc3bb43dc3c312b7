import { z } from 'zod';
import { TERMINAL_NO } from '../limits.js';
import { AttemptStateSchema, BillKindSchema, BillStatusSchema, BillViewSchema, TenderKindSchema } from './schemas.js';
import { command } from './define.js';

/**
 * Bill history (单据查询, issue 13 item 2): closed bills of today, of the open shift or of a date
 * range, newest first, a page at a time, narrowed by the end of the bill number, the amount,
 * the operator, the tender or the last digits of the payment code. Open to every signed-in
 * operator (the counter's Ctrl+H and the supervisor screen's 单据 tab); refunds stay a
 * supervisor command (`bill.refund`, on the supervisor screen's 退款 tab).
 */

/**
 * A bill number as printed on a receipt and in its Code 128 barcode:
 * `<terminal>-<yymmdd>-<hhmmss>-<seq4>` (main/bills/bill-number.ts makes them). The one
 * declaration: the scan router (app/scan/route.ts) recognises scanned bill numbers with it.
 */
export const BILL_NO_PATTERN = new RegExp(`^${TERMINAL_NO.pattern.source.slice(1, -1)}-\\d{6}-\\d{6}-\\d{4}$`);

/** Page size of the history list, and the largest page a screen may ask for. */
export const HISTORY_PAGE = { size: 20, max: 100 } as const;
/** Shortest payment-code tail that is searched (shorter tails match far too many bills). */
export const PAY_CODE_TAIL = { min: 4, max: 24 } as const;

const Ms = z.number().int().min(0);

export const HistoryQuerySchema = z
  .object({
    /** day / range: closed_at in [from, to) (the screen computes local days); shift: the open shift's bills in [from, to). */
    scope: z.enum(['day', 'shift', 'range']),
    from: Ms,
    to: Ms,
    /** The end of the bill number ("0007", "-143005-0007"). */
    billNoEnd: z
      .string()
      .trim()
      .max(29, { message: 'billNoEnd: at most 29 characters' })
      .regex(/^[A-Za-z0-9-]*$/, { message: 'billNoEnd: letters, digits and - only' })
      .optional(),
    /** Exact bill total in fen. */
    amountFen: z.number().int().min(1).max(9_999_999_900).optional(),
    operatorNo: z.string().trim().min(1).max(32, { message: 'operatorNo: at most 32 characters' }).optional(),
    tender: TenderKindSchema.optional(),
    /** The last digits of the customer's payment code (at least PAY_CODE_TAIL.min). */
    payCodeEnd: z
      .string()
      .trim()
      .regex(/^\d+$/, { message: 'payCodeEnd: digits only' })
      .min(PAY_CODE_TAIL.min, { message: `payCodeEnd: at least ${PAY_CODE_TAIL.min} digits` })
      .max(PAY_CODE_TAIL.max, { message: `payCodeEnd: at most ${PAY_CODE_TAIL.max} digits` })
      .optional(),
    /** 0-based page. */
    page: z.number().int().min(0).max(10_000).default(0),
    pageSize: z.number().int().min(1).max(HISTORY_PAGE.max).default(HISTORY_PAGE.size),
  })
  .strict();
export type HistoryQuery = z.input<typeof HistoryQuerySchema>;

export const HistoryRowSchema = z.object({
  id: z.number().int(),
  billNo: z.string(),
  kind: BillKindSchema,
  status: BillStatusSchema,
  totalFen: z.number().int(),
  closedAt: z.number(),
  operatorNo: z.string(),
  tenderKinds: z.array(TenderKindSchema),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

export const HistoryPageSchema = z.object({
  rows: z.array(HistoryRowSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Whether a next page exists. */
  more: z.boolean(),
});
export type HistoryPage = z.infer<typeof HistoryPageSchema>;

/** One payment attempt of a bill with the gateway's last reply (the code masked). */
export const HistoryAttemptSchema = z.object({
  attemptNo: z.number().int(),
  gatewayBillNum: z.string(),
  state: AttemptStateSchema,
  stateReason: z.string().nullable(),
  amountFen: z.number().int(),
  barCodeMasked: z.string(),
  lastPaystatus: z.string().nullable(),
  lastErrcode: z.number().int().nullable(),
  lastMessage: z.string().nullable(),
  queryCount: z.number().int(),
  createdAt: z.number(),
  finalAt: z.number().nullable(),
});
export type HistoryAttempt = z.infer<typeof HistoryAttemptSchema>;

export const HistoryBillSchema = z.object({
  bill: BillViewSchema,
  attempts: z.array(HistoryAttemptSchema),
  /** How many times its receipt was reprinted (audit log). */
  reprints: z.number().int(),
  /** Refunds already made against it, in fen. */
  refundedFen: z.number().int(),
});
export type HistoryBill = z.infer<typeof HistoryBillSchema>;

const BillNo = z.string().trim().min(1, { message: 'billNo: required' }).max(29, { message: 'billNo: at most 29' });

export const historyCommands = {
  'history.search': command(HistoryQuerySchema, HistoryPageSchema, 'signed-in'),
  'history.bill': command(z.object({ billNo: BillNo }).strict(), HistoryBillSchema, 'signed-in'),
  /**
   * A receipt printed by the page (browser shell: window.print) is recorded here, so a reprint
   * is audited and counted exactly as `receipt.print` does it under Electron.
   */
  'history.printed': command(
    z.object({ billNo: BillNo, reprint: z.boolean() }).strict(),
    z.object({ reprints: z.number().int() }),
    'signed-in',
  ),
} as const;

export const historyEvents = {} as const;
