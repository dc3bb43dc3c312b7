import { redact } from '../log.js';

/**
 * Redaction for anything that leaves the machine (the diagnostics zip): secret-named keys,
 * credentials inside URLs, secret-looking query parameters and Authorization values, and every
 * value currently held in the secret store, wherever it appears in text.
 */

export const REDACTED = '[redacted]';

const SECRET_PARAM =
  /([?&](?:token|access_token|refresh_token|key|apikey|api_key|secret|client_secret|password|passwd|pwd|sign|signature)=)(?!\[redacted\])[^&#\s"'<>]+/gi;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)(?!\[redacted\]@)[^\s/@:"'<>]+(?::[^\s/@"'<>]*)?@/gi;
const AUTH_VALUE =
  /((?:authorization|x-api-key|token|corp-secret|secret)"?\s*[:=]\s*"?)(?!\[redacted\])(?:(?:bearer|basic|token)\s+)?[^\s",}\]]+/gi;

/** Remove credentials from a URL string (user:password@ and secret query values). */
export function redactUrl(url: string): string {
  return url.replace(URL_USERINFO, `$1${REDACTED}@`).replace(SECRET_PARAM, `$1${REDACTED}`);
}

/** Scrub free text (log lines, error messages). */
export function scrubText(text: string, secretValues: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  for (const v of [...secretValues].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(v).join(REDACTED);
    // JSON-escaped form too (a secret with quotes or backslashes inside a JSON log line).
    const escaped = JSON.stringify(v).slice(1, -1);
    if (escaped !== v) out = out.split(escaped).join(REDACTED);
  }
  return out
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(AUTH_VALUE, `$1${REDACTED}`);
}

/** Deep-redact a value for export: secret-named keys (log.ts rules), URLs, then known secret values. */
export function redactForExport(value: unknown, secretValues: readonly string[] = []): unknown {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrubText(redactUrl(v), secretValues);
    if (depth > 12 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, depth + 1);
    return out;
  };
  return walk(redact(value), 0);
}
