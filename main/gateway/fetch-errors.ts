import type { TransportFailureKind } from '../../app/payment/state.js';
import { errorCode, NOT_DELIVERED_CODES } from '../net/fetch-errors.js';

/** How a failed fetch is read: never delivered (refused), timed out, or maybe delivered (reset). */

const TLS_CODE = /^(CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH)/;

function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    if (cur instanceof Error || (typeof cur === 'object' && cur !== null && 'message' in cur)) {
      const m = String((cur as { message: unknown }).message);
      const c = (cur as { code?: unknown }).code;
      parts.push(typeof c === 'string' && !m.includes(c) ? `${m} (${c})` : m);
      cur = (cur as { cause?: unknown }).cause;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  return parts.join(': ');
}

/** Classify a fetch rejection. `timedOut` when our own timeout (or the caller's signal) fired. */
export function classifyFetchError(e: unknown, timedOut: boolean): { failure: TransportFailureKind; message: string } {
  const name = (e as { name?: unknown } | null)?.name;
  if (timedOut || name === 'TimeoutError' || name === 'AbortError')
    return { failure: 'timeout', message: errorText(e) || 'timed out' };
  const code = errorCode(e);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return { failure: 'timeout', message: errorText(e) };
  if (code && (NOT_DELIVERED_CODES.has(code) || TLS_CODE.test(code)))
    return { failure: 'refused', message: errorText(e) };
  // ECONNRESET, UND_ERR_SOCKET ("other side closed"), EPIPE and anything unknown: the request may
  // have been delivered.
  return { failure: 'reset', message: errorText(e) || 'connection failed' };
}
