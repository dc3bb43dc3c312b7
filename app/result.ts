import type { ErrorCode } from './errors.js';

/** Everything that crosses the process boundary is a Result: data, never a thrown Error. */
export interface AppErrorData {
  code: ErrorCode;
  message?: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message?: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: details === undefined ? (message === undefined ? { code } : { code, message }) : { code, message, details },
});

/**
 * An error that services throw inside the core. Handlers turn it into a Result
 * at the boundary; anything else thrown becomes `internal-error`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toData(): AppErrorData {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}
