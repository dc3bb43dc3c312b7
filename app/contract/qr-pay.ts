import { z } from 'zod';
import { QrPayTypeSchema } from '../payment/scan-code.js';
import { command, NoInput, type EventSpec } from './define.js';
import { AttemptViewSchema } from './schemas.js';

/**
 * QR payments (issue 14, KouDaiLQ ScanCode): the payer scans a QR the counter shows instead of
 * showing a payment code. The attempt is like a scanned one (write-ahead, bill lock, deadline,
 * unconfirmed, reconciler); its progress comes as `payment.progress` with `qrContent` set.
 */

export const QrSettingsSchema = z.object({
  /** The pay type the QR key starts with (config payment.defaultQrPayType). */
  defaultPayType: QrPayTypeSchema,
  payTypes: z.array(QrPayTypeSchema),
});
export type QrSettings = z.infer<typeof QrSettingsSchema>;

export const qrPayCommands = {
  /** What the QR chooser offers, and which pay type it starts on. */
  'payment.qrSettings': command(NoInput, QrSettingsSchema, 'signed-in'),
  /**
   * Collect the bill with a QR the payer scans: starts one attempt (the bill is locked to it, so
   * a payment code scanned meanwhile is refused), `payTypeCode` defaulting to the configured one.
   */
  'payment.collectQr': command(
    z.object({ billId: z.number().int().positive(), payTypeCode: QrPayTypeSchema.optional() }).strict(),
    AttemptViewSchema,
    'signed-in',
  ),
} as const;

export const qrPayEvents = {} as const satisfies Record<string, EventSpec>;
