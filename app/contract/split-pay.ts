import { z } from 'zod';
import { command, type EventSpec } from './define.js';
import { CounterStateSchema, PositiveFenSchema } from './schemas.js';

/**
 * Split payment (issue 13 item 4, docs/ARCHITECTURE.md §6.6): a bill may be paid by several
 * tenders — cash parts (`bill.payCash` for less than due) and barcode parts of a chosen amount.
 * Each barcode part is its own payment attempt with its own gateway bill number.
 */
export const splitPayCommands = {
  /**
   * Ctrl+G: the amount of the next barcode part of the bill on the counter (1 fen to the amount
   * due), used by the next scan of a payment code from any scanner, then cleared. null clears it:
   * the next scan takes the whole amount due. Answers the counter state (`nextPartFen`).
   */
  'payment.setPart': command(
    z.object({ billId: z.number().int().positive(), amountFen: PositiveFenSchema.nullable() }).strict(),
    CounterStateSchema,
    'signed-in',
  ),
} as const;

export const splitPayEvents = {} as const satisfies Record<string, EventSpec>;
