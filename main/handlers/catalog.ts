import { randomUUID } from 'node:crypto';
import {
  IMPORT_ERRORS_SHOWN,
  IMPORT_PREVIEW_TTL_MS,
  MAX_IMPORT_FILE_BYTES,
  type catalogImportCommands,
  type ImportMode,
  type ImportPreviewView,
} from '../../app/contract/catalog-import.js';
import { AppError } from '../../app/result.js';
import { applyCatalogImport, previewCatalogImport, type ImportPreview } from '../catalog/import.js';
import { createImportQueries } from '../catalog/import-queries.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/db.js';
import { keepWhatTheFileLeavesOut, planOf } from './catalog-import-plan.js';
import { problem, rowError, withProblem } from './catalog-import-refusals.js';
import type { Authorisation, CallContext, HandlerMap } from './dispatch.js';

export { rowErrorKind } from './catalog-import-refusals.js';

export type CatalogImportCommandName = keyof typeof catalogImportCommands;

export interface CatalogImportHandlerServices {
  store: Store;
  now: () => number;
  log?: Logger;
  /** Business type of new items when the file has no such column (the terminal's). Default 2. */
  defaultBusinessType?: () => number;
  /** Previews and unfinished uploads kept at once (oldest dropped first). Default 4 and 2. */
  maxPreviews?: number;
  maxUploads?: number;
}

/**
 * Handlers of app/contract/catalog-import.ts over main/catalog/import.ts. Previews and uploads
 * live in memory, keyed by a random id, bound to the connection that made them and forgotten
 * after IMPORT_PREVIEW_TTL_MS (or when used). Dispatch has checked supervisor access; the
 * supervisor who applies is recorded in the audit log (`catalog.import`).
 */
export function createCatalogImportHandlers(
  services: CatalogImportHandlerServices,
): Pick<HandlerMap, CatalogImportCommandName> {
  const { store, now } = services;
  const maxPreviews = services.maxPreviews ?? 4;
  const maxUploads = services.maxUploads ?? 2;

  interface Upload {
    connectionId: string;
    fileName: string;
    totalBytes: number;
    parts: Buffer[];
    received: number;
    expiresAt: number;
  }
  interface Kept {
    connectionId: string;
    fileName: string;
    mode: ImportMode;
    preview: ImportPreview;
    digest: string;
    expiresAt: number;
  }
  const uploads = new Map<string, Upload>();
  const previews = new Map<string, Kept>();

  const who = (ctx: CallContext): Authorisation => {
    if (!ctx.supervisor) throw new AppError('supervisor-required', 'a supervisor must authorise this');
    return ctx.supervisor;
  };

  function sweep(): void {
    const t = now();
    for (const [id, u] of uploads) if (u.expiresAt <= t) uploads.delete(id);
    for (const [id, p] of previews) if (p.expiresAt <= t) previews.delete(id);
  }
  /** Maps keep insertion order: the first entries are the oldest. */
  function keepAtMost<V>(map: Map<string, V>, n: number): void {
    while (map.size > n) map.delete(map.keys().next().value as string);
  }

  function decode(base64: string): Buffer {
    return Buffer.from(base64, 'base64');
  }

  function read(file: Buffer, fileName: string): ImportPreview {
    if (file.length > MAX_IMPORT_FILE_BYTES)
      throw problem('too-large', `the file is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB`, {
        max: MAX_IMPORT_FILE_BYTES,
      });
    if (file.length === 0) throw problem('empty', 'the file is empty');
    try {
      const preview = previewCatalogImport(store, file, {
        fileName,
        maxErrors: IMPORT_ERRORS_SHOWN + 1,
        defaultBusinessType: services.defaultBusinessType?.() ?? 2,
      });
      return keepWhatTheFileLeavesOut(store, preview);
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid-input') throw withProblem(e);
      throw e;
    }
  }

  return {
    'catalog.importUpload': (input, ctx) => {
      who(ctx);
      sweep();
      const part = decode(input.contentBase64);
      let id = input.uploadId;
      let u: Upload | undefined;
      if (id === undefined) {
        if (input.offset !== 0) throw problem('upload-order', 'a new upload starts at offset 0', { expected: 0 });
        id = randomUUID();
        u = {
          connectionId: ctx.connectionId,
          fileName: input.fileName,
          totalBytes: input.totalBytes,
          parts: [],
          received: 0,
          expiresAt: 0,
        };
        uploads.set(id, u);
        keepAtMost(uploads, maxUploads);
      } else {
        u = uploads.get(id);
        if (!u || u.connectionId !== ctx.connectionId)
          throw problem('upload-unknown', 'this upload is unknown or expired; choose the file again');
        if (u.fileName !== input.fileName || u.totalBytes !== input.totalBytes)
          throw problem('upload-order', 'the parts are of different files');
        if (input.offset !== u.received)
          throw problem('upload-order', `expected the part at offset ${u.received}`, { expected: u.received });
      }
      if (u.received + part.length > u.totalBytes) {
        uploads.delete(id);
        throw problem('too-large', `the parts add up to more than totalBytes (${u.totalBytes})`, { max: u.totalBytes });
      }
      u.parts.push(part);
      u.received += part.length;
      u.expiresAt = now() + IMPORT_PREVIEW_TTL_MS;
      return {
        uploadId: id,
        receivedBytes: u.received,
        totalBytes: u.totalBytes,
        complete: u.received === u.totalBytes,
      };
    },

    'catalog.importPreview': (input, ctx) => {
      who(ctx);
      sweep();
      let file: Buffer;
      if (input.uploadId !== undefined) {
        const u = uploads.get(input.uploadId);
        if (!u || u.connectionId !== ctx.connectionId)
          throw problem('upload-unknown', 'this upload is unknown or expired; choose the file again');
        if (u.received !== u.totalBytes)
          throw problem('upload-incomplete', `${u.received} of ${u.totalBytes} bytes received`, {
            received: u.received,
            total: u.totalBytes,
          });
        uploads.delete(input.uploadId);
        file = Buffer.concat(u.parts);
      } else {
        file = decode(input.contentBase64 ?? '');
      }
      const preview = read(file, input.fileName);
      const plan = planOf(store, preview, input.mode);
      const previewId = randomUUID();
      const expiresAt = now() + IMPORT_PREVIEW_TTL_MS;
      const errorsTruncated = preview.errors.length > IMPORT_ERRORS_SHOWN;
      const errors = preview.errors.slice(0, IMPORT_ERRORS_SHOWN).map(rowError);
      previews.set(previewId, {
        connectionId: ctx.connectionId,
        fileName: input.fileName,
        mode: input.mode,
        preview,
        digest: plan.digest,
        expiresAt,
      });
      keepAtMost(previews, maxPreviews);
      const view: ImportPreviewView = {
        previewId,
        fileName: input.fileName,
        mode: input.mode,
        format: preview.format,
        encoding: preview.encoding,
        columns: preview.columns,
        sheet:
          preview.format === 'xlsx' ? (preview.notes.find((n) => n.startsWith('sheet: '))?.slice(7) ?? null) : null,
        counts: { rows: preview.totalRows, ...plan.counts, errors: errors.length },
        changes: plan.shown,
        changesTruncated: plan.total > plan.shown.length,
        errors,
        errorsTruncated,
        // A file without a single item never applies (in replace mode it would switch the whole catalog off).
        canApply: errors.length === 0 && preview.items.length > 0 && plan.total > 0,
        expiresAt,
      };
      return view;
    },

    'catalog.importApply': (input, ctx) => {
      const sup = who(ctx);
      sweep();
      const kept = previews.get(input.previewId);
      if (!kept || kept.connectionId !== ctx.connectionId)
        throw problem('preview-expired', 'this preview is unknown or expired; preview the file again');
      if (kept.preview.errors.length > 0) {
        throw problem(
          'has-errors',
          `the file has ${kept.preview.errors.length} bad row(s); fix them and preview again`,
          { errors: kept.preview.errors.length },
        );
      }
      if (kept.preview.items.length === 0) throw problem('empty', 'the file lists no items');
      // Used up whatever happens next: a refused apply needs a new preview.
      previews.delete(input.previewId);
      return store.tx(() => {
        const plan = planOf(store, kept.preview, kept.mode);
        if (plan.digest !== kept.digest) {
          throw problem('catalog-changed', 'the catalog changed after the preview; preview the file again');
        }
        const r = applyCatalogImport(store, kept.preview, {
          now,
          by: sup.operatorNo,
          mode: kept.mode,
          fileName: kept.fileName,
        });
        services.log?.info('catalog.import', {
          fileName: kept.fileName,
          mode: kept.mode,
          by: sup.operatorNo,
          ...plan.counts,
        });
        const activeItems = createImportQueries(store).activeCount();
        return {
          fileName: kept.fileName,
          mode: kept.mode,
          ...plan.counts,
          deactivated: r.deactivated,
          new: r.inserted,
          activeItems,
        };
      });
    },
  };
}
