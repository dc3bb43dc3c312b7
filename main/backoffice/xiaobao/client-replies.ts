/** The Xiaobao client's reply handling: envelopes, codes and request errors (pure). */
import type { z } from 'zod';
import { parseXbDateTime } from './dates.js';
import type { AnyEnvelope, TokenDataSchema } from './schemas.js';
import { XiaobaoError } from './client-types.js';

export const READ = 'read' as const;
export const WRITE = 'write' as const;
export type Mode = typeof READ | typeof WRITE;

export interface RawReply {
  status: number;
  text: string;
}

export function codeOf(env: AnyEnvelope, field: 'code' | 'state'): number | null {
  const v = env[field];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return null;
}

export function parseEnvelope<T extends z.ZodType>(endpoint: string, raw: RawReply, schema: T): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw.text);
  } catch {
    throw new XiaobaoError('bad-reply', endpoint, `HTTP ${raw.status}: reply is not JSON`, {
      status: raw.status,
      outcomeUnknown: true,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? issue.path.map(String).join('.') : '';
    throw new XiaobaoError('bad-reply', endpoint, `reply field ${field || '(root)'}: ${issue?.message ?? 'invalid'}`, {
      field,
      status: raw.status,
      outcomeUnknown: true,
    });
  }
  return parsed.data;
}

export function invalidRequest(endpoint: string, error: z.ZodError): XiaobaoError {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.');
  return new XiaobaoError('invalid-request', endpoint, `${field}: ${issue.message}`, { field, limit: issue.message });
}

/** The token and its lifetime from a token reply's data (`defaultTtlMs` when the reply names none). */
export function tokenOf(
  data: z.infer<typeof TokenDataSchema>,
  defaultTtlMs: number,
  now: () => number,
): { token: string; ttl: number } {
  const token = typeof data === 'string' ? data : data.token;
  let ttl = defaultTtlMs;
  if (typeof data !== 'string') {
    if (typeof data.expiresIn === 'number') ttl = data.expiresIn * 1000;
    else if (typeof data.expireTime === 'number') ttl = data.expireTime - now();
    else if (typeof data.expireTime === 'string') {
      try {
        ttl = parseXbDateTime(data.expireTime, 'expireTime') - now();
      } catch {
        /* keep the default */
      }
    }
  }
  return { token, ttl };
}
