/** How the store tells a file it must not touch (see openStore in db.ts). */
import { AppError } from '../../app/result.js';

export function corrupt(file: string, message: string, details: Record<string, unknown>): AppError {
  return new AppError('store-corrupt', message, { file, ...details });
}

export function isSqliteError(e: unknown): e is Error & { code: string } {
  const code = e instanceof Error ? (e as unknown as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}
