/**
 * Input checks of the bill service, taken from the contract's zod schemas (app/contract): the
 * same rule whether a value arrives over IPC or from the payment engine, a refund or a test.
 * A refusal is an AppError naming the field and the limit: `amount-out-of-range` for a money
 * amount outside its range, `invalid-input` for everything else.
 */
import { z } from 'zod';
import {
  CardNoSchema,
  ItemCodeSchema,
  LineNameSchema,
  QuantitySchema,
  SuspendLabelSchema,
  VoidReasonSchema,
} from '../../app/contract/counter.js';
import {
  BillKindSchema,
  BusinessTypeSchema,
  FenSchema,
  PositiveFenSchema,
  TenderKindSchema,
} from '../../app/contract/schemas.js';
import { OperatorNoSchema } from '../../app/contract/session.js';
import { AppError } from '../../app/result.js';

export function invalid(field: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('invalid-input', `${field}: ${message}`, { field, ...details });
}

/** The limits a failed check names (from the zod issue). */
function limitsOf(issue: z.core.$ZodIssue): { min?: number; max?: number } {
  if (issue.code === 'too_small') return { min: Number(issue.minimum) };
  if (issue.code === 'too_big') return { max: Number(issue.maximum) };
  return {};
}

/** Parse `value` as `field` with `schema`; AppError('invalid-input') naming the field and the limit. */
export function parse<T>(schema: z.ZodType<T>, field: string, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const message = issue.message.startsWith(`${field}:`) ? issue.message.slice(field.length + 1).trim() : issue.message;
  throw invalid(field, message, limitsOf(issue));
}

/**
 * A money amount in integer fen (FenSchema: 0 … MAX_FEN, or PositiveFenSchema from 1): not an
 * integer → `invalid-input`; outside the range → `amount-out-of-range` with min, max and value.
 */
export function fen(
  field: string,
  value: unknown,
  schema: typeof FenSchema | typeof PositiveFenSchema = PositiveFenSchema,
): number {
  const min = schema.minValue ?? 0;
  const max = schema.maxValue ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw invalid(field, 'must be an integer number of fen', { min, max });
  if (!schema.safeParse(value).success) {
    throw new AppError('amount-out-of-range', `${field}: must be between ${min} and ${max} fen`, {
      field,
      min,
      max,
      value,
    });
  }
  return value;
}

/** A row id (bill, line, attempt): a positive integer. */
export const IdSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Required text: the contract's optional-text schemas, at least one character after trimming. */
const required = (schema: z.ZodString, field: string) => schema.min(1, { message: `${field}: is required` });

/** An empty or missing optional text is null. */
function optionalText(schema: z.ZodType<string>, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  return parse(schema, field, value);
}

/** The gateway's reference of a barcode payment (stored on its tender). */
const ReferenceSchema = z.string().trim().max(64, { message: 'reference: at most 64 characters' });

export const input = {
  kind: (v: unknown) => parse(BillKindSchema, 'kind', v),
  businessType: (v: unknown) => parse(BusinessTypeSchema, 'businessType', v),
  operatorNo: (field: string, v: unknown) => parse(OperatorNoSchema, field, v),
  cardNo: (v: unknown) => optionalText(CardNoSchema, 'cardNo', v),
  itemCode: (v: unknown) => parse(ItemCodeSchema, 'code', v),
  optionalItemCode: (v: unknown) => optionalText(ItemCodeSchema, 'itemCode', v),
  quantity: (v: unknown) => parse(QuantitySchema, 'quantity', v),
  lineName: (v: unknown) => parse(required(LineNameSchema, 'name'), 'name', v),
  optionalLineName: (v: unknown) => optionalText(LineNameSchema, 'name', v),
  suspendLabel: (v: unknown) => optionalText(SuspendLabelSchema, 'label', v),
  reason: (v: unknown) => parse(required(VoidReasonSchema, 'reason'), 'reason', v),
  reference: (v: unknown) => optionalText(ReferenceSchema, 'reference', v),
  tenderKind: (v: unknown) => parse(TenderKindSchema, 'tenderKind', v),
  id: (field: string, v: unknown) => parse(IdSchema, field, v),
};
