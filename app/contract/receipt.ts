import { z } from 'zod';
import { ReceiptTextsSchema } from '../receipt/settings.js';
import { command, NoInput } from './define.js';
import { PaperWidthSchema } from './setup.js';

/**
 * Receipts: what the preview and the printer use — the saved paper width (config
 * printer.paperWidthMm) and the shop's texts (config receipt.*). The screen never keeps its own
 * width: after a restart the preview shows what was saved in 系统设置.
 */
export const ReceiptLayoutSchema = z.object({
  paperWidthMm: PaperWidthSchema,
  texts: ReceiptTextsSchema,
});
export type ReceiptLayout = z.infer<typeof ReceiptLayoutSchema>;

export const receiptCommands = {
  'receipt.layout': command(NoInput, ReceiptLayoutSchema, 'signed-in'),
} as const;

export const receiptEvents = {} as const;
