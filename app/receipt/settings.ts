import { z } from 'zod';

/**
 * What the shop prints on every receipt: its name and a few header and footer lines (address,
 * phone, "谢谢惠顾"), and whether it prints by itself after payment. Kept in config.json under `receipt` and edited in 系统设置 → 小票. The
 * limits keep a receipt short; long lines are wrapped to the roll by app/receipt/receipt.ts.
 */
export const RECEIPT_LIMITS = { shopNameMax: 24, lineMax: 32, linesMax: 4 } as const;

const Line = z
  .string()
  .trim()
  .min(1, { message: 'empty line' })
  .max(RECEIPT_LIMITS.lineMax, { message: `at most ${RECEIPT_LIMITS.lineMax} characters per line` })
  .regex(/^[^\r\n\t\0]*$/, { message: 'one line each' });

const Lines = z.array(Line).max(RECEIPT_LIMITS.linesMax, { message: `at most ${RECEIPT_LIMITS.linesMax} lines` });

export const ReceiptTextsSchema = z
  .object({
    shopName: z
      .string()
      .trim()
      .min(1, { message: 'shopName: required, or null' })
      .max(RECEIPT_LIMITS.shopNameMax, { message: `shopName: at most ${RECEIPT_LIMITS.shopNameMax} characters` })
      .nullable()
      .default(null),
    headerLines: Lines.default([]),
    footerLines: Lines.default([]),
    /** Print the receipt by itself when a bill is paid (系统设置 → 小票; default off: the cashier presses F10). */
    autoPrint: z.boolean().default(false),
  })
  .strict();
export type ReceiptTexts = z.infer<typeof ReceiptTextsSchema>;
