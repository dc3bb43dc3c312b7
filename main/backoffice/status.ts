/**
 * The back offices' reachability for the status bar's pills (docs/ARCHITECTURE.md, "Back-office
 * infrastructure"): a light periodic check per configured (or sandbox) back office, with
 * backoff while it fails, plus the outcome of every real call a service reports. Every change
 * is pushed as `backoffice.status.changed`; `backoffice.status` reads it.
 */
import type { BackOfficeStatus, BackOfficeStatusList } from '../../app/contract/backoffice.js';
import type { CheckResult } from './config.js';
import { BACK_OFFICE_SYSTEMS, type BackOfficeSource, type BackOfficeSystem } from './effective.js';

export interface BackOfficeStatusOptions {
  sources: Record<BackOfficeSystem, BackOfficeSource>;
  check: (system: BackOfficeSystem) => Promise<CheckResult>;
  now?: () => number;
  /** Between checks while online (default 60 s). */
  intervalMs?: number;
  /** First retry after a failed check, doubling up to intervalMs × 5 (default 5 s). */
  backoffBaseMs?: number;
  onChange?: (list: BackOfficeStatusList) => void;
  /** Timer (tests inject one); default setTimeout/clearTimeout. */
  schedule?: (fn: () => void, ms: number) => () => void;
}

export interface BackOfficeStatusService {
  list(): BackOfficeStatusList;
  /** A real call's outcome (a service's request): ok, or failed with a reason in words. */
  report(system: BackOfficeSystem, outcome: { ok: true } | { ok: false; reasonZh: string; reasonEn: string }): void;
  /** Check one back office now (also what the timer runs). */
  checkNow(system: BackOfficeSystem): Promise<BackOfficeStatus>;
  start(): void;
  stop(): void;
}

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

export function createBackOfficeStatus(opts: BackOfficeStatusOptions): BackOfficeStatusService {
  const now = opts.now ?? Date.now;
  const intervalMs = opts.intervalMs ?? 60_000;
  const backoffBaseMs = opts.backoffBaseMs ?? 5_000;
  const schedule = opts.schedule ?? defaultSchedule;
  const states = new Map<BackOfficeSystem, BackOfficeStatus>();
  const failures = new Map<BackOfficeSystem, number>();
  const timers = new Map<BackOfficeSystem, () => void>();
  let running = false;
  for (const system of BACK_OFFICE_SYSTEMS) {
    states.set(system, {
      system,
      source: opts.sources[system],
      state: 'unknown',
      at: null,
      reasonZh: null,
      reasonEn: null,
    });
  }
  const active = (s: BackOfficeSystem) => opts.sources[s] !== 'not-configured';
  const list = (): BackOfficeStatusList => ({ systems: BACK_OFFICE_SYSTEMS.map((s) => ({ ...states.get(s)! })) });

  function set(system: BackOfficeSystem, next: Pick<BackOfficeStatus, 'state' | 'reasonZh' | 'reasonEn'>): void {
    const prev = states.get(system)!;
    const changed = prev.state !== next.state || prev.reasonZh !== next.reasonZh;
    states.set(system, { ...prev, ...next, at: now() });
    failures.set(system, next.state === 'offline' ? (failures.get(system) ?? 0) + 1 : 0);
    if (changed) opts.onChange?.(list());
  }

  function plan(system: BackOfficeSystem): void {
    timers.get(system)?.();
    if (!running || !active(system)) return;
    const n = failures.get(system) ?? 0;
    const wait = n === 0 ? intervalMs : Math.min(intervalMs * 5, backoffBaseMs * 2 ** (n - 1));
    timers.set(
      system,
      schedule(() => void checkNow(system), wait),
    );
  }

  async function checkNow(system: BackOfficeSystem): Promise<BackOfficeStatus> {
    if (!active(system)) return { ...states.get(system)! };
    let r: CheckResult;
    try {
      r = await opts.check(system);
    } catch (e) {
      r = { ok: false, reason: '检查失败。', reasonEn: `The check failed: ${String((e as Error)?.message ?? e)}` };
    }
    set(
      system,
      r.ok
        ? { state: 'online', reasonZh: null, reasonEn: null }
        : { state: 'offline', reasonZh: r.reason, reasonEn: r.reasonEn },
    );
    plan(system);
    return { ...states.get(system)! };
  }

  return {
    list,
    report(system, outcome) {
      if (!active(system)) return;
      set(
        system,
        outcome.ok
          ? { state: 'online', reasonZh: null, reasonEn: null }
          : { state: 'offline', reasonZh: outcome.reasonZh, reasonEn: outcome.reasonEn },
      );
      plan(system);
    },
    checkNow,
    start() {
      if (running) return;
      running = true;
      for (const s of BACK_OFFICE_SYSTEMS) if (active(s)) void checkNow(s);
    },
    stop() {
      running = false;
      for (const cancel of timers.values()) cancel();
      timers.clear();
    },
  };
}
