import { z } from 'zod';
import { command, SupervisorAuthSchema } from './define.js';
import { BusinessTypeSchema, FenSchema } from './schemas.js';

/**
 * Product upkeep (商品), for a supervisor: list and search the catalog (active and inactive
 * items), add, edit, switch an item off and on again, and download the import template.
 * Prices cross the boundary as integer fen (the screen parses yuan). Every write is audited
 * by the catalog (`catalog.add`, `catalog.update`, `catalog.activate`, `catalog.deactivate`).
 *
 * Refusals: `invalid-input` with `details.field` (code · name · price · businessType ·
 * quickKey) and `details.problem` = 'code-taken' when adding a code the catalog already has;
 * `item-not-found` when editing a code it does not have.
 */

export const PRODUCT_LIST_MAX = 100;

const Auth = { auth: SupervisorAuthSchema.optional() };

export const ProductSchema = z.object({
  code: z.string(),
  name: z.string(),
  priceFen: FenSchema,
  businessType: BusinessTypeSchema,
  quickKey: z.number().int().nullable(),
  active: z.boolean(),
  /** The primary 助记码 (pinyin initials; '' when the name has no letters). */
  mnemonic: z.string(),
  updatedAt: z.number().int(),
});
export type Product = z.infer<typeof ProductSchema>;

export const ProductInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(1, { message: 'code: required' })
      .max(40, { message: 'code: at most 40 characters' })
      .regex(/^\S+$/, { message: 'code: no spaces' }),
    name: z.string().trim().min(1, { message: 'name: required' }).max(100, { message: 'name: at most 100 characters' }),
    priceFen: FenSchema,
    businessType: BusinessTypeSchema,
    quickKey: z.number().int().min(1).max(36).nullable(),
    active: z.boolean(),
  })
  .strict();
export type ProductInput = z.infer<typeof ProductInputSchema>;

export const TemplateFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
});

export const productCommands = {
  /** Items by code, 助记码 or name (empty query: by code from `after`), inactive ones too when asked. */
  'products.list': command(
    z
      .object({
        query: z.string().max(40, { message: 'query: at most 40 characters' }),
        includeInactive: z.boolean(),
        after: z.string().max(40).optional(),
        limit: z.number().int().min(1).max(PRODUCT_LIST_MAX).optional(),
        ...Auth,
      })
      .strict(),
    z.object({ items: z.array(ProductSchema), total: z.number().int(), active: z.number().int() }),
    'supervisor',
  ),
  /** Add a new item (`mode: 'add'`, the code must be free) or change one (`mode: 'edit'`). */
  'products.save': command(
    z.object({ mode: z.enum(['add', 'edit']), item: ProductInputSchema, ...Auth }).strict(),
    ProductSchema,
    'supervisor',
  ),
  /** Switch an item off (no longer found or scannable at the counter) or back on. */
  'products.setActive': command(
    z.object({ code: z.string().min(1).max(40), active: z.boolean(), ...Auth }).strict(),
    ProductSchema,
    'supervisor',
  ),
  /** The catalog import template (the importer's columns and example rows) as CSV or XLSX. */
  'products.template': command(
    z.object({ format: z.enum(['csv', 'xlsx']), ...Auth }).strict(),
    TemplateFileSchema,
    'supervisor',
  ),
};
