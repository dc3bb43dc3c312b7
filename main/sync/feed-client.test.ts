import { describe, expect, it } from 'vitest';
import { createFeedClient, type FetchLike } from './feed-client.js';

function stub(status: number, body: unknown): { fetch: FetchLike; bodies: string[] } {
  const bodies: string[] = [];
  return {
    bodies,
    fetch: async (_url, init) => {
      bodies.push(init.body);
      return { status, text: async () => (typeof body === 'string' ? body : JSON.stringify(body)) };
    },
  };
}

const items = [
  { key: 'A', payload: '{"billNo":"A"}' },
  { key: 'B', payload: '{"billNo":"B"}' },
];

describe('feed client', () => {
  it('sends a batch envelope with the stored payloads verbatim', async () => {
    const s = stub(200, {
      ok: true,
      results: [
        { billNo: 'A', ok: true },
        { billNo: 'B', ok: true, duplicate: true },
      ],
    });
    const c = createFeedClient({ feedUrl: 'http://x/feed', fetch: s.fetch });
    const r = await c.send(items);
    expect(s.bodies[0]).toBe('{"version":1,"bills":[{"billNo":"A"},{"billNo":"B"}]}');
    expect(r).toEqual({
      acked: [
        { key: 'A', duplicate: false },
        { key: 'B', duplicate: true },
      ],
      rejected: [],
      unanswered: [],
      transportError: null,
    });
  });

  it('treats a bill missing from the batch result as unanswered, ignores acks it did not ask for, dedups double acks', async () => {
    const s = stub(200, {
      ok: true,
      results: [
        { billNo: 'A', ok: true },
        { billNo: 'A', ok: true, duplicate: true },
        { billNo: 'Z', ok: true },
      ],
    });
    const r = await createFeedClient({ feedUrl: 'http://x/feed', fetch: s.fetch }).send(items);
    expect(r.acked).toEqual([{ key: 'A', duplicate: true }]);
    expect(r.unanswered).toEqual(['B']);
  });

  it('5xx, 408, 429, unparseable bodies and network errors are transport failures (nothing acknowledged)', async () => {
    for (const [status, body] of [
      [503, 'down'],
      [408, ''],
      [429, { ok: false, error: 'slow down' }],
      [200, 'not json'],
      [200, { ok: true }],
    ] as const) {
      const r = await createFeedClient({ feedUrl: 'http://x/feed', fetch: stub(status, body).fetch }).send(items);
      expect(r.acked).toEqual([]);
      expect(r.unanswered).toEqual(['A', 'B']);
      expect(r.transportError).not.toBeNull();
    }
    const failing: FetchLike = async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    };
    const r = await createFeedClient({ feedUrl: 'http://x/feed', fetch: failing }).send(items);
    expect(r.transportError).toMatch(/ECONNREFUSED/);
  });

  it('a 4xx refusal keeps the bills with the reason', async () => {
    const r = await createFeedClient({
      feedUrl: 'http://x/feed',
      fetch: stub(422, { ok: false, error: 'totalFen: wrong' }).fetch,
    }).send(items);
    expect(r.rejected).toEqual([
      { key: 'A', error: 'HTTP 422: totalFen: wrong' },
      { key: 'B', error: 'HTTP 422: totalFen: wrong' },
    ]);
    expect(r.acked).toEqual([]);
  });

  it('single mode checks that the ack names the bill, and stops at the first transport failure', async () => {
    let n = 0;
    const f: FetchLike = async (_url, init) => {
      n++;
      const { billNo } = JSON.parse(init.body) as { billNo: string };
      if (n === 1) return { status: 200, text: async () => JSON.stringify({ ok: true, billNo }) };
      return { status: 502, text: async () => '' };
    };
    const r = await createFeedClient({ feedUrl: 'http://x/feed', fetch: f, mode: 'single' }).send([
      ...items,
      { key: 'C', payload: '{"billNo":"C"}' },
    ]);
    expect(r.acked).toEqual([{ key: 'A', duplicate: false }]);
    expect(r.unanswered).toEqual(['B', 'C']);
    expect(n).toBe(2);
    const wrong = await createFeedClient({
      feedUrl: 'http://x/feed',
      fetch: stub(200, { ok: true, billNo: 'OTHER' }).fetch,
      mode: 'single',
    }).send([items[0]!]);
    expect(wrong.transportError).toMatch(/unclear/);
  });

  it('times out a request that never answers', async () => {
    const hang: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const r = await createFeedClient({ feedUrl: 'http://x/feed', fetch: hang, timeoutMs: 20 }).send(items);
    expect(r.transportError).toBe('no answer within 20 ms');
  });
});
