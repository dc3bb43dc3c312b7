import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { createCore, type Core } from './core.js';
import { startFeedReceiver, type FeedReceiver } from './sync/feed-receiver.js';
import { afterEachCleanup } from './store/test-cleanup.js';

const { defer, tempDataDir } = afterEachCleanup();
const tempDir = (): string => tempDataDir('cp-core-');

async function core(config: Record<string, unknown>, dataDir = tempDir()): Promise<Core> {
  const c = await createCore({ shell: 'memory', dataDir, config, env: { COUNTERPAY_SCANNER: 'off' } });
  defer(() => c.close());
  return c;
}

function cashSale(c: Core, fen: number): string {
  const shift = c.shifts.current() ?? c.shifts.open({ operatorNo: '1001', floatFen: 0 });
  const bill = c.bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: shift.id });
  c.bills.addFreeAmount(bill.id, fen);
  return c.bills.payCash(bill.id, { tenderedFen: fen, operatorNo: '1001' }).bill.billNo;
}

function waitFor<T>(c: Core, predicate: () => T | null | undefined | false, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const v = predicate();
      if (v) {
        unsubscribe();
        clearTimeout(timer);
        resolve(v);
        return true;
      }
      return false;
    };
    const unsubscribe = c.bus.subscribe(() => void check());
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, 15_000);
    check();
  });
}

describe('createCore', () => {
  it('starts the embedded sandbox when no gateway is configured, and says so', async () => {
    const c = await core({});
    expect(c.sandbox).not.toBeNull();
    expect(c.info()).toMatchObject({ sandbox: true, gatewayUrl: c.sandbox?.url, shell: 'memory' });
    expect(fs.existsSync(path.join(c.dataDir, 'counterpay.db'))).toBe(true);
    expect(fs.existsSync(path.join(c.dataDir, 'logs', 'counterpay.log'))).toBe(true);
  });

  it('uses a configured gateway and starts no sandbox', async () => {
    const c = await core({ gateway: { url: 'http://127.0.0.1:9/' } });
    expect(c.sandbox).toBeNull();
    expect(c.info().sandbox).toBe(false);
  });

  it('refuses to start on a bad config file, naming the file and the field', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ gateway: { paymentDeadlineMs: 5 } }));
    const started = createCore({ shell: 'memory', dataDir: dir, env: {} });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/config\.json[\s\S]*gateway\.paymentDeadlineMs/);
  });

  it('keeps selling for cash while the back office is down, queues the bills, and drains them exactly once when it returns', async () => {
    const receiver: FeedReceiver = await startFeedReceiver({ port: 0, mode: 'down' });
    defer(() => receiver.close());
    const c = await core({ backOffice: { feedUrl: receiver.url } });

    const sold = [cashSale(c, 1200), cashSale(c, 800), cashSale(c, 4550)];
    expect(c.connectivityNow().outboxDepth).toBe(3);
    // The worker tries, fails, and the monitor learns the back office is not reachable.
    c.sync?.kick();
    await waitFor(
      c,
      () => c.connectivityNow().backOffice !== 'online' && c.sync?.status().consecutiveFailures,
      'a failed sync',
    );
    expect(c.connectivityNow().outboxDepth).toBe(3);
    expect(receiver.bills.size).toBe(0);

    receiver.setMode('ok');
    c.sync?.kick();
    await receiver.waitForBills(3, 15_000);
    await waitFor(c, () => c.connectivityNow().outboxDepth === 0, 'an empty outbox');
    expect([...receiver.bills.keys()].sort()).toEqual([...sold].sort());
    for (const r of receiver.bills.values()) expect(r.deliveries).toBe(1);
  });
});
