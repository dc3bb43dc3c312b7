/** The Xiaobao client's one HTTP POST with a timeout (main/backoffice/xiaobao/client.ts). */
import type { Logger } from '../../log.js';
import { XiaobaoError } from './client-types.js';
import type { Mode, RawReply } from './client-replies.js';

export interface PostDeps {
  timeoutMs: number;
  now: () => number;
  log: Logger;
  doFetch: typeof fetch;
  counters: { requests: number };
}

export function createPost({ timeoutMs, now, log, doFetch, counters }: PostDeps) {
  /** One HTTP POST with a timeout. Throws XiaobaoError for timeouts and network errors. */
  async function post(
    endpoint: string,
    url: string,
    headers: Record<string, string>,
    body: string,
    mode: Mode,
    signal?: AbortSignal,
  ): Promise<RawReply> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    const started = now();
    counters.requests++;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: combined,
      });
      const text = await res.text();
      log.debug('call', { endpoint, status: res.status, ms: now() - started });
      return { status: res.status, text };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const timedOut = timeout.aborted || err.name === 'TimeoutError';
      const refused = err.cause?.code === 'ECONNREFUSED';
      log.warn('call failed', {
        endpoint,
        mode,
        error: timedOut ? 'timeout' : (err.cause?.code ?? err.name),
        ms: now() - started,
      });
      if (timedOut) {
        throw new XiaobaoError('timeout', endpoint, `no answer within ${timeoutMs} ms`, {
          limit: `${timeoutMs} ms`,
          outcomeUnknown: true,
          cause: e,
        });
      }
      // A refused connection never reached the ERP: the outcome is known (nothing happened).
      throw new XiaobaoError('network', endpoint, `network error (${err.cause?.code ?? err.message})`, {
        outcomeUnknown: !refused,
        cause: e,
      });
    }
  }
  return post;
}
