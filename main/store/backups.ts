/**
 * The ledger's backup files in `backups/`: the synchronous copy taken before a migration, online
 * backups (manual and scheduled) with their rotation, and the listing.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, BackupSchedule, SqliteDatabase, Store, StoreLog, TimerApi } from './store-types.js';

const BACKUP_NAME = /^(scheduled|manual|pre-migration)-.*\.db$/;

/** UTC stamp for file names, sortable: 20250131T235959123Z. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** Synchronous consistent copy (VACUUM INTO) — used before migrating, while we are the only user. */
export function backupSync(db: SqliteDatabase, dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  db.prepare('VACUUM INTO ?').run(partial);
  renameSync(partial, target);
  return target;
}

function stampOf(name: string): string {
  return name.replace(/^(scheduled|manual)-/, '');
}

/** The Store's backup methods, plus stopAll() for close(). */
export interface Backups extends Pick<Store, 'backupNow' | 'scheduleBackups' | 'listBackups'> {
  stopAll(): void;
}

export function createBackups(
  db: SqliteDatabase,
  backupDir: string | null,
  now: () => number,
  log: StoreLog,
  isClosed: () => boolean,
  /** How a scheduled run backs up: through the Store's own backupNow (late-bound). */
  backupScheduled: (keep: number) => Promise<BackupInfo>,
): Backups {
  const schedules = new Set<BackupSchedule>();
  let lastStampMs = 0;
  // Two backups in the same millisecond (or a clock step back) still get distinct, ordered names.
  const uniqueStamp = (): string => {
    const ms = Math.max(now(), lastStampMs + 1);
    lastStampMs = ms;
    return fileStamp(ms);
  };

  const listBackups = (): BackupInfo[] => {
    if (!backupDir || !existsSync(backupDir)) return [];
    return readdirSync(backupDir)
      .filter((n) => BACKUP_NAME.test(n))
      .sort()
      .map((n) => {
        const st = statSync(join(backupDir, n));
        return { file: join(backupDir, n), bytes: st.size, at: st.mtimeMs };
      });
  };

  const rotate = (keep: number): void => {
    if (!backupDir) return;
    const rotating = readdirSync(backupDir)
      .filter((n) => /^(scheduled|manual)-.*\.db$/.test(n))
      .sort((a, b) => stampOf(a).localeCompare(stampOf(b)));
    const excess = rotating.length - Math.max(1, keep);
    for (let i = 0; i < excess; i++) {
      const victim = rotating[i]!;
      rmSync(join(backupDir, victim), { force: true });
      log.info('store: backup rotated out', { file: victim });
    }
  };

  const backupNow: Store['backupNow'] = async (opts = {}) => {
    if (isClosed()) throw new Error('store is closed');
    if (!backupDir) throw new Error('an in-memory store has no backups');
    mkdirSync(backupDir, { recursive: true });
    const kind = opts.kind ?? 'manual';
    const target = join(backupDir, `${kind}-${uniqueStamp()}.db`);
    const partial = `${target}.partial`;
    rmSync(partial, { force: true });
    try {
      await db.backup(partial);
      renameSync(partial, target);
    } catch (e) {
      rmSync(partial, { force: true });
      log.error('store: backup failed', { file: target, error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    rotate(opts.keep ?? 10);
    const info = { file: target, bytes: statSync(target).size, at: now() };
    log.info('store: backup written', { ...info });
    return info;
  };

  const scheduleBackups: Store['scheduleBackups'] = ({ everyMs, keep, timers }) => {
    if (!(everyMs > 0)) throw new RangeError('everyMs must be > 0');
    const t: TimerApi = timers ?? {
      setTimeout: (fn, ms) => {
        const h = setTimeout(fn, ms);
        h.unref?.();
        return h;
      },
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    let handle: unknown = null;
    let stopped = false;
    const runNow = () => backupScheduled(keep);
    const arm = () => {
      if (stopped || isClosed()) return;
      handle = t.setTimeout(() => {
        handle = null;
        runNow()
          .catch((e: unknown) =>
            log.error('store: scheduled backup failed', { error: e instanceof Error ? e.message : String(e) }),
          )
          .finally(arm);
      }, everyMs);
    };
    const schedule = {
      runNow,
      stop() {
        stopped = true;
        if (handle !== null) t.clearTimeout(handle);
        handle = null;
        schedules.delete(schedule);
      },
    };
    schedules.add(schedule);
    arm();
    return schedule;
  };

  return {
    backupNow,
    scheduleBackups,
    listBackups,
    stopAll() {
      for (const s of [...schedules]) s.stop();
    },
  };
}
