/**
 * Reading a failed `fetch`: the error code down its cause chain, and which codes prove the request
 * never reached the server. Shared by the gateway client (main/gateway/client.ts) and the
 * back-office HTTP transport (main/backoffice/kesion/http.ts).
 */

/** Connection errors that prove the request never reached the server. */
export const NOT_DELIVERED_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The first string `code` down the error's cause chain (undici wraps the socket error). */
export function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
