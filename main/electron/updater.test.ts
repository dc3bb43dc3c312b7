import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../app/contract/setup.js';
import { AppError } from '../../app/result.js';
import { createUpdater, type TimerLike } from './updater.js';

/** electron-updater is replaced by a fake with the same surface; timers are manual. */

function fakeUpdater(opts: { version?: string; failCheck?: boolean } = {}) {
  const ee = new EventEmitter();
  const u = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    feed: null as unknown,
    checks: 0,
    downloads: 0,
    installs: [] as [boolean | undefined, boolean | undefined][],
    on(event: string, fn: (...a: unknown[]) => void) {
      ee.on(event, fn);
      return u;
    },
    setFeedURL(f: unknown) {
      u.feed = f;
    },
    async checkForUpdates() {
      u.checks++;
      if (opts.failCheck) throw new Error('net::ERR_NAME_NOT_RESOLVED');
      if (opts.version) ee.emit('update-available', { version: opts.version });
      else ee.emit('update-not-available', { version: '0.1.0' });
      return { updateInfo: { version: opts.version ?? '0.1.0' } };
    },
    async downloadUpdate() {
      u.downloads++;
      ee.emit('download-progress', { percent: 42.4 });
      ee.emit('update-downloaded', { version: opts.version });
      return ['/tmp/x'];
    },
    quitAndInstall(silent?: boolean, runAfter?: boolean) {
      u.installs.push([silent, runAfter]);
    },
  };
  return u;
}

function manualTimers() {
  let t = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: TimerLike & { advance(ms: number): Promise<void>; count(): number } = {
    setTimeout(fn, ms) {
      const id = ++seq;
      pending.set(id, { at: t + ms, fn });
      return id;
    },
    clearTimeout(h) {
      pending.delete(h as number);
    },
    async advance(ms) {
      const end = t + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        t = due[1].at;
        due[1].fn();
        // let the async tick run to completion (the fake resolves at once)
        for (let i = 0; i < 10; i++) await Promise.resolve();
      }
      t = end;
    },
    count: () => pending.size,
  };
  return timers;
}

const log = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });
const ON = { enabled: true, url: 'https://updates.example.cn/counterpay/', checkEveryMinutes: 60 };

function setup(
  o: {
    config?: { enabled: boolean; url: string | null; checkEveryMinutes: number };
    packaged?: boolean;
    version?: string;
    failCheck?: boolean;
  } = {},
) {
  const updater = fakeUpdater(
    o.version === undefined && !o.failCheck ? {} : { version: o.version, failCheck: o.failCheck },
  );
  const timers = manualTimers();
  let live = false;
  const changes: UpdateStatus[] = [];
  const u = createUpdater({
    updater: updater as never,
    isPaymentLive: () => live,
    config: o.config ?? ON,
    currentVersion: '0.1.0',
    isPackaged: o.packaged ?? true,
    log: log(),
    onChange: (s) => changes.push(s),
    timers,
    firstCheckDelayMs: 1000,
    deferRetryMs: 60_000,
  });
  return { u, updater, timers, changes, setLive: (v: boolean) => (live = v) };
}

describe('updater', () => {
  it('is off by default and does nothing', async () => {
    const { u, updater, timers } = setup({ config: { enabled: false, url: null, checkEveryMinutes: 240 } });
    u.start();
    expect(u.status()).toMatchObject({ supported: true, enabled: false, state: 'disabled' });
    expect(updater.feed).toBeNull();
    expect(timers.count()).toBe(0);
    await u.check();
    expect(updater.checks).toBe(0);
  });

  it('is unsupported outside a packaged app', () => {
    const { u, updater } = setup({ packaged: false });
    u.start();
    expect(u.status()).toMatchObject({ supported: false, state: 'unsupported' });
    expect(updater.feed).toBeNull();
  });

  it('uses the generic feed URL from config, downloads itself and never installs by itself', async () => {
    const { u, updater, timers } = setup({ version: '0.2.0' });
    u.start();
    expect(updater.feed).toEqual({ provider: 'generic', url: ON.url });
    expect(updater.autoDownload).toBe(false);
    expect(updater.allowDowngrade).toBe(false);
    await timers.advance(1000);
    expect(updater.checks).toBe(1);
    expect(updater.downloads).toBe(1);
    expect(u.status()).toMatchObject({ state: 'downloaded', availableVersion: '0.2.0', percent: 100 });
    expect(updater.installs).toEqual([]);
    await timers.advance(10 * 60 * 60_000);
    expect(updater.checks).toBe(1); // nothing more to do until installed
  });

  it('checks again on schedule when there is nothing new', async () => {
    const { u, updater, timers } = setup();
    u.start();
    await timers.advance(1000);
    expect(u.status().state).toBe('idle');
    await timers.advance(60 * 60_000);
    expect(updater.checks).toBe(2);
  });

  it('defers the check while a payment is live, then goes on', async () => {
    const { u, updater, timers, setLive } = setup({ version: '0.2.0' });
    setLive(true);
    u.start();
    await timers.advance(1000);
    expect(updater.checks).toBe(0);
    expect(u.status().state).toBe('deferred');
    await timers.advance(60_000);
    expect(updater.checks).toBe(0);
    setLive(false);
    await timers.advance(60_000);
    expect(updater.checks).toBe(1);
    expect(u.status().state).toBe('downloaded');
  });

  it('defers the download while a payment is live', async () => {
    const { u, updater, timers, setLive } = setup({ version: '0.2.0' });
    u.start();
    // the check finds an update; a payment starts before the download
    const realCheck = updater.checkForUpdates;
    updater.checkForUpdates = async () => {
      const r = await realCheck();
      setLive(true);
      return r;
    };
    await timers.advance(1000);
    expect(updater.checks).toBe(1);
    expect(updater.downloads).toBe(0);
    expect(u.status()).toMatchObject({ state: 'deferred', availableVersion: '0.2.0' });
    setLive(false);
    await timers.advance(60_000);
    expect(updater.downloads).toBe(1);
    expect(u.status().state).toBe('downloaded');
  });

  it('refuses to install while a payment is live, installs otherwise', async () => {
    const { u, updater, timers, setLive } = setup({ version: '0.2.0' });
    u.start();
    await timers.advance(1000);
    setLive(true);
    expect(() => u.install()).toThrow(AppError);
    try {
      u.install();
    } catch (e) {
      expect((e as AppError).code).toBe('payment-in-progress');
    }
    await timers.advance(10_000);
    expect(updater.installs).toEqual([]);
    setLive(false);
    expect(u.install().state).toBe('installing');
    await timers.advance(500);
    expect(updater.installs).toEqual([[true, true]]);
  });

  it('a quit during a payment does not install the downloaded update', async () => {
    const { u, updater, timers, setLive } = setup({ version: '0.2.0' });
    u.start();
    await timers.advance(1000);
    setLive(true);
    u.beforeQuit();
    expect(updater.autoInstallOnAppQuit).toBe(false);
    setLive(false);
    u.beforeQuit();
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('reports errors and tries again later', async () => {
    const { u, updater, timers, changes } = setup({ failCheck: true });
    u.start();
    await timers.advance(1000);
    expect(u.status()).toMatchObject({ state: 'error' });
    expect(u.status().message).toMatch(/ERR_NAME_NOT_RESOLVED/);
    await timers.advance(60 * 60_000);
    expect(updater.checks).toBe(2);
    expect(changes.map((c) => c.state)).toContain('checking');
  });

  it('install does nothing before a download', () => {
    const { u, updater } = setup();
    u.start();
    expect(u.install().state).toBe('idle');
    expect(updater.installs).toEqual([]);
  });
});
