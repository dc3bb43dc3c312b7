import { z } from 'zod';
import { ITEM_CODE_MAX } from '../limits.js';
import { command, NoInput } from './define.js';
import { BillViewSchema, BusinessTypeSchema, FenSchema, PositiveFenSchema } from './schemas.js';

/**
 * Building and collecting a bill at the counter: items, quantities, voids, free amounts,
 * parking (挂单 / 取单), cash with change, the stored-value card of a recharge, and the
 * catalog look-ups the screen needs. All 'signed-in': the operator comes from the session,
 * never from the payload. Barcode payment itself is `payment.collect` / `scan.submit` (core).
 */

const BillId = z.number().int().positive();
const LineNo = z.number().int().positive();
/** Quantity of one line: 1 to 9999. */
export const QuantitySchema = z.number().int().min(1).max(9999);
/** The name of a free-amount line (empty: the default name). */
export const LineNameSchema = z.string().trim().max(100, { message: 'name: at most 100 characters' });
/** The label of a parked bill (empty: none). */
export const SuspendLabelSchema = z.string().trim().max(40, { message: 'label: at most 40 characters' });
/** Why a bill was cancelled or voided (empty at the counter: the default reason). */
export const VoidReasonSchema = z.string().trim().max(200, { message: 'reason: at most 200 characters' });

/** Item / product codes: at most 40 characters (catalog limit). */
export const ItemCodeSchema = z
  .string()
  .trim()
  .min(1, { message: 'code: required' })
  .max(ITEM_CODE_MAX, { message: `code: at most ${ITEM_CODE_MAX} characters` });

/** Stored-value card numbers: the KouDaiLQ seed allows 20 characters. */
export const CardNoSchema = z
  .string()
  .trim()
  .min(1, { message: 'cardNo: required' })
  .max(20, { message: 'cardNo: at most 20 characters' })
  .regex(/^[\x21-\x7e]+$/, { message: 'cardNo: letters, digits and symbols only (no spaces)' });

export const CatalogItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  priceFen: FenSchema,
  businessType: BusinessTypeSchema,
  quickKey: z.number().int().nullable(),
});
export type CatalogItem = z.infer<typeof CatalogItemSchema>;

export const CashResultSchema = z.object({
  bill: BillViewSchema,
  /** Tendered minus due: what to hand back. */
  changeFen: FenSchema,
  tenderedFen: FenSchema,
});
export type CashResult = z.infer<typeof CashResultSchema>;

export const counterCommands = {
  /** Open an empty bill: a sale in the terminal's business type, or a stored-value recharge (BusinessType 7). */
  'bill.new': command(z.object({ kind: z.enum(['sale', 'recharge']) }).strict(), BillViewSchema, 'signed-in'),
  /** Add a catalog item by code (scan or search); a repeat adds to its line. */
  'bill.addItem': command(
    z.object({ billId: BillId, code: ItemCodeSchema, quantity: QuantitySchema.optional() }).strict(),
    BillViewSchema,
    'signed-in',
  ),
  /** A free-amount line (one unit at `amountFen`). */
  'bill.addFree': command(
    z.object({ billId: BillId, amountFen: PositiveFenSchema, name: LineNameSchema.optional() }).strict(),
    BillViewSchema,
    'signed-in',
  ),
  'bill.setQuantity': command(
    z.object({ billId: BillId, lineNo: LineNo, quantity: QuantitySchema }).strict(),
    BillViewSchema,
    'signed-in',
  ),
  'bill.voidLine': command(z.object({ billId: BillId, lineNo: LineNo }).strict(), BillViewSchema, 'signed-in'),
  /** The stored-value card a recharge goes to (typed or scanned). */
  'bill.setCard': command(z.object({ billId: BillId, cardNo: CardNoSchema }).strict(), BillViewSchema, 'signed-in'),
  /** 挂单: park the bill; the counter is empty again. Survives a restart. */
  'bill.suspend': command(
    z.object({ billId: BillId, label: SuspendLabelSchema.optional() }).strict(),
    BillViewSchema,
    'signed-in',
  ),
  /** Parked bills, most recent first. */
  'bill.suspended': command(NoInput, z.object({ bills: z.array(BillViewSchema) }), 'signed-in'),
  /** 取单: bring a parked bill back to the counter (refused while another bill is open). */
  'bill.resume': command(z.object({ billId: BillId }).strict(), BillViewSchema, 'signed-in'),
  /** Cancel an unpaid bill (open or parked); recorded with the operator and reason. */
  'bill.cancel': command(
    z.object({ billId: BillId, reason: VoidReasonSchema.optional() }).strict(),
    BillViewSchema,
    'signed-in',
  ),
  /** Cash for the whole amount due; `tenderedFen` ≥ due. Needs an open shift (the drawer). */
  'payment.cash': command(
    z.object({ billId: BillId, tenderedFen: PositiveFenSchema }).strict(),
    CashResultSchema,
    'signed-in',
  ),
  /** Search the catalog by code prefix or name (indexed; never loads the whole catalog). */
  'catalog.search': command(
    z.object({ query: z.string().trim().min(1).max(40), limit: z.number().int().min(1).max(50).optional() }).strict(),
    z.object({ items: z.array(CatalogItemSchema) }),
    'signed-in',
  ),
  /** The quick keys of the terminal's business type, by key number. */
  'catalog.quickKeys': command(NoInput, z.object({ items: z.array(CatalogItemSchema) }), 'signed-in'),
} as const;

export const counterEvents = {} as const;
