/**
 * The bill feed in the core (createCore calls this once): the sync worker that drains the outbox
 * to the configured feed (main/sync/README.md), and what the status bar shows of it and of the
 * gateway — reachability and queue depth, pushed as `connectivity.changed` whenever either may
 * have changed (coalesced).
 */
import type { Connectivity } from '../../app/contract/schemas.js';
import type { ConnectivityMonitor } from '../connectivity/monitor.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/db.js';
import { createFeedClient } from './feed-client.js';
import { outboxStatus } from './outbox.js';
import { createSyncWorker, type SyncWorker } from './sync-worker.js';

export interface FeedWiringDeps {
  store: Store;
  now: () => number;
  log: Logger;
  bus: EventBus;
  connectivity: ConnectivityMonitor;
  /** backOffice.feedUrl; null: bills stay in the outbox (the pill says 未配置). */
  feedUrl: string | null;
  /** The feed's bearer token from the secret store, if any. */
  token: string | null;
}

export function createFeedWiring(d: FeedWiringDeps): {
  sync: SyncWorker | null;
  connectivityNow: () => Connectivity;
} {
  const { store, bus, connectivity, feedUrl } = d;
  let sync: SyncWorker | null = null;
  if (feedUrl) {
    const worker = createSyncWorker({
      store,
      now: d.now,
      client: createFeedClient({
        feedUrl,
        ...(d.token ? { headers: { authorization: `Bearer ${d.token}` } } : {}),
      }),
    });
    worker.on('outcome', (o: { ok: boolean; error?: string }) =>
      connectivity.report('backOffice', o.ok, o.error ? { error: o.error } : {}),
    );
    sync = worker;
  }
  const connectivityNow = (): Connectivity => {
    const q = outboxStatus(store);
    return {
      gateway: connectivity.state('gateway'),
      backOffice: feedUrl ? connectivity.state('backOffice') : 'not-configured',
      outboxDepth: q.depth,
      oldestWaitingMs: q.oldestWaitingMs,
    };
  };
  let pending = false;
  const push = (): void => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (!store.closed) bus.emit('connectivity.changed', connectivityNow());
    });
  };
  connectivity.on('change', (c: { target: string; state: string; reason: string }) => {
    d.log.info('connectivity.change', c);
    // The back office is back: send what queued while it was away now, not at the next backoff.
    if (c.target === 'backOffice' && c.state === 'online') sync?.kick();
    push();
  });
  sync?.on('status', push);
  bus.subscribe((name) => {
    if (name === 'bill.changed') push();
  });
  return { sync, connectivityNow };
}
