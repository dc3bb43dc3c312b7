import { createHash } from 'node:crypto';

/**
 * The xb-sign recipe (Xiaobao open platform): SHA-256 (plain, not HMAC) of the concatenation
 *
 *   "sha256" + METHOD (upper case) + accessKeyId + timestamp (ms) + path + body + accessKeySecret
 *
 * where `path` is the request path with the host and every "/" removed
 * (https://h/open-erp/OpenApi/GetTranOrderList → "open-erpOpenApiGetTranOrderList") and `body`
 * is the request body text exactly as sent (UTF-8). The digest's text encoding is not settled
 * publicly: lower-case hex (default), upper-case hex or base64.
 */

export type SignEncoding = 'hex' | 'HEX' | 'base64';
export const SIGN_METHOD = 'sha256';

export interface SignInput {
  method: string;
  accessKeyId: string;
  timestamp: string | number;
  /** A full URL or a path; the host and query string are dropped, then every "/". */
  url: string;
  body: string;
  accessKeySecret: string;
}

/** "https://h:1/open-erp/OpenApi/X?a=1" or "/open-erp/OpenApi/X" → "open-erpOpenApiX". */
export function signPath(url: string): string {
  const pathname = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).pathname : url.split('?')[0]!;
  return pathname.replace(/\//g, '');
}

/** The exact string that is hashed. Contains the secret: never log it. */
export function signString(i: SignInput): string {
  return (
    SIGN_METHOD +
    i.method.toUpperCase() +
    i.accessKeyId +
    String(i.timestamp) +
    signPath(i.url) +
    i.body +
    i.accessKeySecret
  );
}

export function xbSign(i: SignInput, encoding: SignEncoding = 'hex'): string {
  const digest = createHash('sha256').update(signString(i), 'utf8');
  if (encoding === 'base64') return digest.digest('base64');
  const hex = digest.digest('hex');
  return encoding === 'HEX' ? hex.toUpperCase() : hex;
}
