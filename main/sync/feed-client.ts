/**
 * HTTP client of the bill feed (see README.md). Sends one bill or a batch and turns the
 * receiver's answer into per-bill outcomes. Anything unclear — a network error, a timeout,
 * a 5xx, an unparseable body, a missing result — is a *transport* failure: the bills stay
 * in the outbox and are sent again (the receiver is idempotent on billNo).
 */
import { FeedAckSchema, FeedBatchAckSchema, FeedRejectSchema } from './bill-feed.js';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

export interface FeedClientOptions {
  feedUrl: string;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
  /** 'batch' (default): one POST with { version, bills: [...] }; 'single': one POST per bill. */
  mode?: 'batch' | 'single';
  /** Extra headers, e.g. an Authorization token for the back office. */
  headers?: Record<string, string>;
  fetch?: FetchLike;
}

export interface SendItem {
  key: string;
  /** The bill JSON exactly as stored in the outbox. */
  payload: string;
}

export interface SendResult {
  /** Acknowledged keys (recorded now or before: `duplicate`). */
  acked: { key: string; duplicate: boolean }[];
  /** Keys the receiver refused, with its reason. They stay queued. */
  rejected: { key: string; error: string }[];
  /** Keys without any answer (e.g. missing from a batch result, or not sent). They stay queued. */
  unanswered: string[];
  /** Set when the back office could not be reached or answered unclearly (then unanswered holds the rest). */
  transportError: string | null;
}

export class FeedTransportError extends Error {
  override name = 'FeedTransportError';
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface FeedClient {
  readonly feedUrl: string;
  /** Never rejects: every outcome is in the result. */
  send(items: readonly SendItem[]): Promise<SendResult>;
}

export function createFeedClient(opts: FeedClientOptions): FeedClient {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const mode = opts.mode ?? 'batch';
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    accept: 'application/json',
    ...(opts.headers ?? {}),
  };

  async function post(body: string): Promise<{ status: number; json: unknown }> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    try {
      const res = await doFetch(opts.feedUrl, { method: 'POST', headers, body, signal: ctl.signal });
      const text = await res.text();
      let json: unknown = undefined;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        /* handled below by status / schema */
      }
      return { status: res.status, json };
    } catch (e) {
      if (ctl.signal.aborted) throw new FeedTransportError(`no answer within ${timeoutMs} ms`);
      const cause =
        e instanceof Error
          ? ((e as Error & { cause?: { code?: string; message?: string } }).cause?.code ?? e.message)
          : String(e);
      throw new FeedTransportError(`cannot reach the back office: ${cause}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async function sendOne(item: SendItem): Promise<SendResult> {
    const { status, json } = await post(item.payload);
    if (status >= 200 && status < 300) {
      const ack = FeedAckSchema.safeParse(json);
      if (ack.success && ack.data.billNo === item.key) {
        return {
          acked: [{ key: item.key, duplicate: ack.data.duplicate === true }],
          rejected: [],
          unanswered: [],
          transportError: null,
        };
      }
      throw new FeedTransportError(`unclear answer (HTTP ${status})`, status);
    }
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      const rej = FeedRejectSchema.safeParse(json);
      return {
        acked: [],
        rejected: [{ key: item.key, error: `HTTP ${status}: ${rej.success ? rej.data.error : 'refused'}` }],
        unanswered: [],
        transportError: null,
      };
    }
    throw new FeedTransportError(`back office answered HTTP ${status}`, status);
  }

  async function sendBatch(items: readonly SendItem[]): Promise<SendResult> {
    const body = `{"version":1,"bills":[${items.map((i) => i.payload).join(',')}]}`;
    const { status, json } = await post(body);
    if (status >= 200 && status < 300) {
      const parsed = FeedBatchAckSchema.safeParse(json);
      if (!parsed.success) throw new FeedTransportError(`unclear batch answer (HTTP ${status})`, status);
      const wanted = new Set(items.map((i) => i.key));
      const acked = new Map<string, boolean>();
      const rejected = new Map<string, string>();
      for (const r of parsed.data.results) {
        if (!wanted.has(r.billNo)) continue;
        if (r.ok) acked.set(r.billNo, (acked.get(r.billNo) ?? false) || r.duplicate === true);
        else if (!acked.has(r.billNo)) rejected.set(r.billNo, r.error);
      }
      for (const k of acked.keys()) rejected.delete(k);
      return {
        acked: [...acked].map(([key, duplicate]) => ({ key, duplicate })),
        rejected: [...rejected].map(([key, error]) => ({ key, error })),
        unanswered: items.map((i) => i.key).filter((k) => !acked.has(k) && !rejected.has(k)),
        transportError: null,
      };
    }
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      const rej = FeedRejectSchema.safeParse(json);
      // The whole batch was refused (e.g. one malformed bill): every bill stays queued with the reason.
      const error = `HTTP ${status}: ${rej.success ? rej.data.error : 'batch refused'}`;
      return { acked: [], rejected: items.map((i) => ({ key: i.key, error })), unanswered: [], transportError: null };
    }
    throw new FeedTransportError(`back office answered HTTP ${status}`, status);
  }

  return {
    feedUrl: opts.feedUrl,
    async send(items) {
      const out: SendResult = { acked: [], rejected: [], unanswered: [], transportError: null };
      if (items.length === 0) return out;
      if (mode === 'batch') {
        try {
          return await sendBatch(items);
        } catch (e) {
          return { ...out, unanswered: items.map((i) => i.key), transportError: errorText(e) };
        }
      }
      for (let i = 0; i < items.length; i++) {
        try {
          const r = await sendOne(items[i]!);
          out.acked.push(...r.acked);
          out.rejected.push(...r.rejected);
        } catch (e) {
          out.transportError = errorText(e);
          out.unanswered = items.slice(i).map((x) => x.key);
          break;
        }
      }
      return out;
    },
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
