/**
 * Confirming campus charges: SearchSuccessData per pending charge, with a backoff, until it says
 * paid or the charge's expiry passes (then one last answer decides). One call per charge at a
 * time (a cancel's check joins a poll in flight). The clock and the timers are injected.
 */
import type { CampusClient } from './client.js';
import type { ChargeRepo, ChargeRow } from './sales-repo.js';
import type { CampusSale } from '../../../app/contract/campus.js';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const DEFAULT_POLL_DELAYS_MS: readonly number[] = [2_000, 2_000, 3_000, 5_000];

export type CheckOutcome = 'paid' | 'unpaid' | 'error' | 'gone';

export interface ChargePollerDeps {
  now: () => number;
  repo: ChargeRepo;
  client(): CampusClient | null;
  confirm(row: ChargeRow, records: unknown[]): boolean;
  giveUp(row: ChargeRow, to: 'expired' | 'cancelled', message: string | null): void;
  publish(rowId: number): CampusSale;
  log: { warn(m: string, d?: Record<string, unknown>): void };
  timers?: Timers;
  delaysMs?: readonly number[];
}

export function createChargePoller(deps: ChargePollerDeps) {
  const timers = deps.timers ?? REAL_TIMERS;
  const delays = deps.delaysMs && deps.delaysMs.length > 0 ? deps.delaysMs : DEFAULT_POLL_DELAYS_MS;
  const scheduled = new Map<number, unknown>();
  const polls = new Map<number, number>();
  const inFlight = new Map<number, Promise<CheckOutcome>>();
  const steps = new Set<Promise<void>>();
  let stopped = false;

  async function ask(id: number): Promise<CheckOutcome> {
    const row = deps.repo.get(id);
    if (!row || row.state !== 'pending') return 'gone';
    const client = deps.client();
    if (!client) return 'error';
    const r = await client.searchSuccessData({
      recordIDs: (row.record_ids ?? '').split(','),
      userID: row.user_id,
      orderNumber: row.order_no ?? '',
    });
    if (stopped) return 'error';
    if (r.kind === 'ok' && r.value.paid) {
      deps.confirm(row, r.value.records);
      deps.publish(id);
      return deps.repo.get(id)?.state === 'paid' ? 'paid' : 'gone';
    }
    // "Not paid yet" is the normal answer while the payer looks for the phone: only trouble is noted.
    const message = r.kind === 'ok' ? null : r.message;
    if (message !== row.last_error) {
      deps.repo.note(id, message ? message.slice(0, 500) : null);
      deps.publish(id);
    }
    return r.kind === 'ok' ? 'unpaid' : 'error';
  }

  /** One SearchSuccessData now (joins the one in flight for this charge). */
  function checkNow(id: number): Promise<CheckOutcome> {
    const running = inFlight.get(id);
    if (running) return running;
    const p = ask(id).finally(() => inFlight.delete(id));
    inFlight.set(id, p);
    return p;
  }

  function schedule(id: number, ms: number): void {
    if (stopped || scheduled.has(id)) return;
    scheduled.set(
      id,
      timers.set(() => {
        scheduled.delete(id);
        const p = step(id).finally(() => steps.delete(p));
        steps.add(p);
      }, ms),
    );
  }

  async function step(id: number): Promise<void> {
    let outcome: CheckOutcome;
    try {
      outcome = await checkNow(id);
    } catch (e) {
      deps.log.warn('campus.poll-failed', { rowId: id, error: e instanceof Error ? e.message : String(e) });
      outcome = 'error';
    }
    if (stopped || outcome === 'paid' || outcome === 'gone') return forget(id);
    const row = deps.repo.get(id);
    if (!row || row.state !== 'pending') return forget(id);
    const t = deps.now();
    // The answer just received was taken after the expiry: the charge can no longer be paid.
    if (row.expires_at !== null && t >= row.expires_at && outcome === 'unpaid') {
      deps.giveUp(row, 'expired', null);
      deps.publish(id);
      return forget(id);
    }
    const n = (polls.get(id) ?? 0) + 1;
    polls.set(id, n);
    let wait = delays[Math.min(n, delays.length - 1)]!;
    if (row.expires_at !== null && row.expires_at > t) wait = Math.min(wait, row.expires_at - t);
    schedule(id, wait);
  }

  function forget(id: number): void {
    const h = scheduled.get(id);
    if (h !== undefined) timers.clear(h);
    scheduled.delete(id);
    polls.delete(id);
  }

  return {
    /** Start (or keep) polling a pending charge; the first check after `firstMs` (default the first delay). */
    watch(id: number, firstMs: number = delays[0]!): void {
      schedule(id, firstMs);
    },
    checkNow,
    forget,
    /** Resolves when no poll is running (tests wait on it instead of sleeping). */
    async idle(): Promise<void> {
      while (steps.size > 0 || inFlight.size > 0) await Promise.allSettled([...steps, ...inFlight.values()]);
    },
    stop(): void {
      stopped = true;
      for (const id of [...scheduled.keys()]) forget(id);
    },
  };
}
