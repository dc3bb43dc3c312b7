import type { AppUpdater, ProgressInfo, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import type { UpdateStatus } from '../../app/contract/setup.js';
import { AppError } from '../../app/result.js';
import type { UpdatesPort } from '../handlers/setup.js';
import type { Logger } from '../log.js';

/**
 * Auto-update for the packaged Electron app (electron-updater, generic provider).
 *
 * - Off by default: nothing happens unless config `updates.enabled` is true and `updates.url`
 *   is set; the URL from config replaces the placeholder baked in at packaging time.
 * - Never while a payment is live: a check or a download that falls due during a payment is
 *   deferred (and retried a minute later); installing refuses with `payment-in-progress`; and
 *   the install-on-quit of a downloaded update is switched off for a quit that happens while a
 *   payment is live (the next quit installs it).
 * - Downloads happen in the background; a supervisor installs with `updates.install` (restart),
 *   or the update is installed when the app quits.
 * The updater object is injected (main.ts passes `autoUpdater`), so this is unit-tested with a
 * fake and never loads electron-updater (which needs Electron) in tests.
 */

export type UpdaterLike = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'allowDowngrade'
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'downloadUpdate'
  | 'quitAndInstall'
  | 'on'
>;

export interface TimerLike {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UpdaterOptions {
  updater: UpdaterLike;
  /** Asks the core whether a payment attempt is live (created/sent/awaiting the payer). */
  isPaymentLive: () => boolean;
  config: { enabled: boolean; url: string | null; checkEveryMinutes: number };
  currentVersion: string;
  /** electron-updater only works in a packaged app (app.isPackaged). */
  isPackaged: boolean;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  onChange?: (status: UpdateStatus) => void;
  timers?: TimerLike;
  now?: () => number;
  /** First check this long after start (default 2 minutes: let the counter settle). */
  firstCheckDelayMs?: number;
  /** Retry after a deferral (default 60 s). */
  deferRetryMs?: number;
}

export interface Updater extends UpdatesPort {
  start(): void;
  stop(): void;
  /** Call from app 'before-quit': keeps a quit during a payment from installing. */
  beforeQuit(): void;
}

const realTimers: TimerLike = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createUpdater(opts: UpdaterOptions): Updater {
  const { updater, log } = opts;
  const timers = opts.timers ?? realTimers;
  const now = opts.now ?? Date.now;
  const enabled = opts.isPackaged && opts.config.enabled && opts.config.url !== null;
  let timer: unknown = null;
  let stopped = false;
  let busy = false;

  let status: UpdateStatus = {
    supported: opts.isPackaged,
    enabled,
    state: !opts.isPackaged ? 'unsupported' : enabled ? 'idle' : 'disabled',
    currentVersion: opts.currentVersion,
    availableVersion: null,
    percent: null,
    lastCheckAt: null,
    message: !opts.isPackaged
      ? '开发运行模式不支持自动更新 / auto-update needs the installed app'
      : enabled
        ? null
        : '自动更新已关闭 / auto-update is off',
  };

  function set(patch: Partial<UpdateStatus>): void {
    status = { ...status, ...patch };
    opts.onChange?.(status);
  }

  function schedule(ms: number): void {
    if (stopped || !enabled) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void tick();
    }, ms);
  }

  const everyMs = Math.max(15, opts.config.checkEveryMinutes) * 60_000;
  const deferMs = opts.deferRetryMs ?? 60_000;

  /** One step of the cycle: check, or download what a check found. */
  async function tick(): Promise<void> {
    if (stopped || !enabled || busy) return;
    if (opts.isPaymentLive()) {
      set({ state: 'deferred', message: '收款进行中，稍后再检查更新 / a payment is in progress; update deferred' });
      log.info('updates.deferred', { reason: 'payment-live' });
      schedule(deferMs);
      return;
    }
    busy = true;
    try {
      if (status.state === 'available' || (status.state === 'deferred' && status.availableVersion !== null)) {
        set({ state: 'downloading', percent: 0, message: null });
        await updater.downloadUpdate();
        // 'update-downloaded' sets the state
      } else if (status.state !== 'downloaded') {
        set({ state: 'checking', message: null, lastCheckAt: now() });
        const result = await updater.checkForUpdates();
        if (result === null) set({ state: 'idle' });
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log.warn('updates.failed', { error: message.slice(0, 300) });
      set({ state: 'error', message: `更新失败 / update failed: ${message.slice(0, 200)}` });
    } finally {
      busy = false;
    }
    if (status.state === 'available') schedule(0);
    else if (status.state !== 'downloaded') schedule(everyMs);
  }

  updater.on('update-available', (info: UpdateInfo) => {
    log.info('updates.available', { version: info.version });
    set({ state: 'available', availableVersion: info.version, message: null });
  });
  updater.on('update-not-available', () => {
    set({ state: 'idle', availableVersion: null, message: null });
  });
  updater.on('download-progress', (p: ProgressInfo) => {
    set({ state: 'downloading', percent: Math.round(p.percent) });
  });
  updater.on('update-downloaded', (e: UpdateDownloadedEvent) => {
    log.info('updates.downloaded', { version: e.version });
    set({
      state: 'downloaded',
      availableVersion: e.version,
      percent: 100,
      message: '新版本已下载，退出或由主管重启时安装 / downloaded: installs on quit or when a supervisor restarts',
    });
  });
  updater.on('error', (e: Error) => {
    log.warn('updates.error', { error: e.message.slice(0, 300) });
    set({ state: 'error', message: `更新失败 / update failed: ${e.message.slice(0, 200)}` });
  });

  return {
    start() {
      if (!enabled || !opts.config.url) {
        log.info('updates.off', { packaged: opts.isPackaged, enabled: opts.config.enabled });
        return;
      }
      updater.autoDownload = false; // we download when no payment is live
      updater.autoInstallOnAppQuit = true; // switched off in beforeQuit while a payment is live
      updater.allowDowngrade = false;
      updater.setFeedURL({ provider: 'generic', url: opts.config.url });
      log.info('updates.on', { url: opts.config.url, everyMinutes: everyMs / 60_000 });
      schedule(opts.firstCheckDelayMs ?? 120_000);
    },
    stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    beforeQuit() {
      const live = opts.isPaymentLive();
      updater.autoInstallOnAppQuit = enabled && !live;
      if (live && status.state === 'downloaded')
        log.info('updates.install-on-quit-skipped', { reason: 'payment-live' });
    },
    status: () => status,
    async check() {
      if (!enabled) return status;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      await tick();
      return status;
    },
    install() {
      if (status.state !== 'downloaded') return status;
      if (opts.isPaymentLive()) {
        throw new AppError(
          'payment-in-progress',
          '收款进行中，不能安装更新 / a payment is in progress; install after it ends',
        );
      }
      set({ state: 'installing', message: null });
      log.info('updates.installing', { version: status.availableVersion });
      // Give the reply time to reach the screen, then restart into the installer.
      timers.setTimeout(() => updater.quitAndInstall(true, true), 500);
      return status;
    },
  };
}

/**
 * The core's handlers are built inside createCore, before the updater can be (it needs the
 * configuration the core loads). This port stands in until `attach` hands it the real updater.
 */
export function createLateUpdatesPort(currentVersion: string): UpdatesPort & { attach(u: Updater): void } {
  let real: Updater | null = null;
  const starting = (): UpdateStatus => ({
    supported: true,
    enabled: false,
    state: 'idle',
    currentVersion,
    availableVersion: null,
    percent: null,
    lastCheckAt: null,
    message: null,
  });
  return {
    attach(u) {
      real = u;
    },
    status: () => (real ? real.status() : starting()),
    check: () => (real ? real.check() : Promise.resolve(starting())),
    install: () => (real ? real.install() : starting()),
  };
}
