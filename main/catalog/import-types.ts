/** Types and limits of the catalog import (see import.ts). */
import type { CatalogItemInput } from './catalog.js';

export type ImportFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gbk';

export interface RowError {
  /** 1-based line (CSV: the physical line the record starts on) or row number (XLSX). */
  line: number;
  field: string;
  reason: string;
  value?: string;
}

export interface ImportPreview {
  format: ImportFormat;
  encoding: TextEncoding | null;
  /** Note for the person importing (e.g. the file was read as GBK). */
  notes: string[];
  /** Header → field mapping that was recognised. */
  columns: Record<string, string>;
  /** Data rows read (blank rows skipped). */
  totalRows: number;
  items: (CatalogItemInput & { line: number })[];
  errors: RowError[];
  /** Codes already in the catalog (will be updated) vs new. */
  existingCount: number;
  newCount: number;
}

export interface ImportOptions {
  fileName: string;
  /** Business type for rows without one. Default 2 (own retail). */
  defaultBusinessType?: number;
  /** Stop collecting errors after this many (the file is refused anyway). Default 200. */
  maxErrors?: number;
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;
