/** Catalog import handlers: whole-file refusals and row-error kinds the screen names (see catalog.ts). */
import type { ImportProblem, ImportRowError, RowErrorKind } from '../../app/contract/catalog-import.js';
import { AppError } from '../../app/result.js';
import type { RowError } from '../catalog/import.js';

export function problem(p: ImportProblem, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('invalid-input', message, { field: 'file', problem: p, ...extra });
}

/** The import service's whole-file refusals, with the problem the screen names. */
export function withProblem(e: AppError): AppError {
  const d = (e.details ?? {}) as Record<string, unknown>;
  let p: ImportProblem = 'csv-syntax';
  if (d.field === 'header') p = 'missing-columns';
  else if (d.reason === 'encoding') p = 'encoding';
  else if (d.reason === 'xls') p = 'xls';
  else if (d.reason === 'xlsx') p = 'xlsx';
  else if (d.reason === 'empty') p = 'empty';
  else if (typeof d.max === 'number') p = 'too-many-rows';
  else if (/larger than/.test(e.message)) p = 'too-large';
  return new AppError('invalid-input', e.message, { ...d, field: 'file', problem: p });
}

/** The service's row reasons (English text) → a kind the screen has words for. */
export function rowErrorKind(e: Pick<RowError, 'field' | 'reason'>): { kind: RowErrorKind; ref: number | null } {
  const ref = /line (\d+)/.exec(e.reason);
  switch (e.field) {
    case 'code':
      return /^duplicate/.test(e.reason) && ref
        ? { kind: 'duplicate-code', ref: Number(ref[1]) }
        : { kind: 'code-format', ref: null };
    case 'name':
      return { kind: 'name-length', ref: null };
    case 'price':
      return { kind: /empty/.test(e.reason) ? 'price-empty' : 'price-format', ref: null };
    case 'businessType':
      return { kind: 'business-type', ref: null };
    case 'quickKey':
      return /also used/.test(e.reason) && ref
        ? { kind: 'duplicate-quick-key', ref: Number(ref[1]) }
        : { kind: 'quick-key-range', ref: null };
    case 'active':
      return { kind: 'active-format', ref: null };
    default:
      return { kind: 'other', ref: null };
  }
}

export function rowError(e: RowError): ImportRowError {
  const { kind, ref } = rowErrorKind(e);
  return { line: e.line, field: e.field, kind, reason: e.reason, value: e.value ?? null, ref };
}
