import { z } from 'zod';
import { command, SupervisorAuthSchema } from './define.js';

/**
 * Catalog import (商品导入) from CSV or XLSX, for a supervisor: preview → apply.
 *
 *  1. `catalog.importPreview` reads the file and compares it with the catalog: counts (new,
 *     changed, unchanged, deactivated, errors), the first rows that will change, and every bad
 *     row with its line, field and reason. Nothing is written. The preview is kept in main's
 *     memory for IMPORT_PREVIEW_TTL_MS under its `previewId`, for this connection only.
 *  2. `catalog.importApply { previewId }` writes it all or nothing, after checking (inside the
 *     same transaction) that the catalog still matches what the preview showed; a preview with
 *     errors is refused. Audited as `catalog.import`.
 *
 * Files up to IMPORT_PART_BYTES go in one call (`contentBase64`); larger ones, up to
 * MAX_IMPORT_FILE_BYTES, are sent in parts with `catalog.importUpload` (a WebSocket frame of
 * the browser shell carries at most 1 MB) and previewed by `uploadId`.
 *
 * Refusals are `invalid-input` with `details.problem` (see ImportProblem) so the screen can
 * say what to do; bad rows are not refusals but part of the preview.
 */

/** Largest file accepted (decoded bytes). */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;
/** Largest part of a file in one command (decoded bytes). */
export const IMPORT_PART_BYTES = 512 * 1024;
/** A preview (and an unfinished upload) is forgotten after this long. */
export const IMPORT_PREVIEW_TTL_MS = 10 * 60_000;
/** Rows of what will change listed in a preview (the counts cover all of them). */
export const IMPORT_CHANGES_SHOWN = 200;
/** Bad rows listed in a preview (the file is refused anyway). */
export const IMPORT_ERRORS_SHOWN = 500;

const base64Chars = (bytes: number) => 4 * Math.ceil(bytes / 3);
const MB = (n: number) => `${n / 1024 / 1024} MB`;
const KB = (n: number) => `${n / 1024} KB`;

const Base64Part = z
  .string()
  .max(base64Chars(IMPORT_PART_BYTES), {
    message: `contentBase64: at most ${KB(IMPORT_PART_BYTES)} per call; send larger files (up to ${MB(MAX_IMPORT_FILE_BYTES)}) in parts with catalog.importUpload`,
  })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'contentBase64: not base64' });

const FileName = z
  .string()
  .trim()
  .min(1, { message: 'fileName: required' })
  .max(200, { message: 'fileName: at most 200 characters' })
  .refine((n) => /\.(csv|txt|xlsx)$/i.test(n), { message: 'fileName: a .csv or .xlsx file' });

const Key = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, { message: 'id: not an id from this screen' });

export const ImportModeSchema = z.enum(['merge', 'replace']);
export type ImportMode = z.infer<typeof ImportModeSchema>;

/** Why a file (not a row) was refused: `details.problem` of an invalid-input error. */
export const IMPORT_PROBLEMS = [
  'too-large',
  'upload-unknown',
  'upload-order',
  'upload-incomplete',
  'empty',
  'missing-columns',
  'encoding',
  'xls',
  'xlsx',
  'csv-syntax',
  'too-many-rows',
  'preview-expired',
  'has-errors',
  'catalog-changed',
] as const;
export type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

/**
 * What is wrong with a row, for the screen's words; `reason` keeps the service's own text.
 * duplicate-code / duplicate-quick-key name the other line in `ref`.
 */
export const RowErrorKindSchema = z.enum([
  'code-format',
  'duplicate-code',
  'name-length',
  'price-empty',
  'price-format',
  'business-type',
  'quick-key-range',
  'duplicate-quick-key',
  'active-format',
  'other',
]);
export type RowErrorKind = z.infer<typeof RowErrorKindSchema>;

export const ImportRowErrorSchema = z.object({
  /** 1-based line of the CSV (where the record starts) or row of the sheet. */
  line: z.number().int(),
  /** code · name · price · businessType · quickKey · active */
  field: z.string(),
  kind: RowErrorKindSchema,
  reason: z.string(),
  value: z.string().nullable(),
  ref: z.number().int().nullable(),
});
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

const ItemState = z.object({
  name: z.string(),
  priceFen: z.number().int(),
  businessType: z.number().int(),
  quickKey: z.number().int().nullable(),
  active: z.boolean(),
});

export const ImportChangeSchema = z.object({
  /** new · changed (in the file, differs) · deactivated (replace: not in the file) · key-cleared (its quick key goes to an item of the file). */
  kind: z.enum(['new', 'changed', 'deactivated', 'key-cleared']),
  /** The file's line, or null for items not in the file. */
  line: z.number().int().nullable(),
  code: z.string(),
  /** After the import. */
  after: ItemState,
  /** Before (null for new items). */
  before: ItemState.nullable(),
  /** Fields that change: name · priceFen · businessType · quickKey · active. */
  fields: z.array(z.string()),
});
export type ImportChange = z.infer<typeof ImportChangeSchema>;

export const ImportCountsSchema = z.object({
  /** Data rows read (blank rows skipped). */
  rows: z.number().int(),
  new: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  /** Mode replace: active items not in the file, deactivated (never deleted). */
  deactivated: z.number().int(),
  /** Items not in the file that lose their quick key to one in it. */
  keyCleared: z.number().int(),
  /** Bad rows listed (at most IMPORT_ERRORS_SHOWN; see errorsTruncated). */
  errors: z.number().int(),
});

export const ImportPreviewViewSchema = z.object({
  previewId: z.string(),
  fileName: z.string(),
  mode: ImportModeSchema,
  format: z.enum(['csv', 'xlsx']),
  /** CSV text encoding as read (gbk: check the names read right); null for XLSX. */
  encoding: z.string().nullable(),
  /** Header → field recognised, e.g. { 商品编码: 'code' }. */
  columns: z.record(z.string(), z.string()),
  sheet: z.string().nullable(),
  counts: ImportCountsSchema,
  /** The first IMPORT_CHANGES_SHOWN changes, in file order, then items not in the file. */
  changes: z.array(ImportChangeSchema),
  changesTruncated: z.boolean(),
  errors: z.array(ImportRowErrorSchema),
  /** More bad rows than listed. */
  errorsTruncated: z.boolean(),
  /** Apply is possible: no errors and something to change. */
  canApply: z.boolean(),
  expiresAt: z.number(),
});
export type ImportPreviewView = z.infer<typeof ImportPreviewViewSchema>;

export const ImportResultSchema = z.object({
  fileName: z.string(),
  mode: ImportModeSchema,
  new: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  deactivated: z.number().int(),
  keyCleared: z.number().int(),
  /** Active items in the catalog after the import. */
  activeItems: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

const Auth = { auth: SupervisorAuthSchema.optional() };

export const catalogImportCommands = {
  /**
   * One part of a large file, in order (offset = bytes received so far). The first part
   * (no uploadId) starts an upload; the reply's uploadId names it for the next parts and for
   * catalog.importPreview. Refused: problem too-large (totalBytes over MAX_IMPORT_FILE_BYTES),
   * upload-unknown (expired or not this connection's), upload-order.
   */
  'catalog.importUpload': command(
    z
      .object({
        uploadId: Key.optional(),
        fileName: FileName,
        totalBytes: z
          .number()
          .int()
          .min(1, { message: 'totalBytes: the file is empty' })
          .max(MAX_IMPORT_FILE_BYTES, { message: `totalBytes: the file is larger than ${MB(MAX_IMPORT_FILE_BYTES)}` }),
        offset: z.number().int().min(0),
        contentBase64: Base64Part.min(1, { message: 'contentBase64: required' }),
        ...Auth,
      })
      .strict(),
    z.object({
      uploadId: z.string(),
      receivedBytes: z.number().int(),
      totalBytes: z.number().int(),
      complete: z.boolean(),
    }),
    'supervisor',
  ),
  /** Read a file (inline, or a finished upload) and compare it with the catalog. Writes nothing. */
  'catalog.importPreview': command(
    z
      .object({
        fileName: FileName,
        mode: ImportModeSchema,
        contentBase64: Base64Part.optional(),
        uploadId: Key.optional(),
        ...Auth,
      })
      .strict()
      .refine((v) => (v.contentBase64 === undefined) !== (v.uploadId === undefined), {
        message: 'give either contentBase64 or uploadId',
        path: ['contentBase64'],
      }),
    ImportPreviewViewSchema,
    'supervisor',
  ),
  /** Apply a preview without errors: all rows or none. The preview is used up. */
  'catalog.importApply': command(z.object({ previewId: Key, ...Auth }).strict(), ImportResultSchema, 'supervisor'),
} as const;

export const catalogImportEvents = {} as const;
