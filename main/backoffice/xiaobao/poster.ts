import type Database from 'better-sqlite3';
import { silentLogger, type Logger } from '../../log.js';
import { XiaobaoError, type AccountTranInput, type XiaobaoClient } from './client.js';
import { parseXbDateTime } from './dates.js';
import { checkAmountFen } from './money.js';
import {
  accountsOf,
  PostingConflictError,
  PostingInputSchema,
  prepareJournal,
  toPosting,
  type PostingInput,
  type PostingRow,
} from './poster-journal.js';
import { TRAN_ORDER_TYPE_ACCOUNT_CHANGE } from './schemas.js';

export {
  accountsOf,
  MAX_POSTING_ACCOUNTS,
  POSTING_STATES,
  PostingConflictError,
  PostingInputSchema,
  type PostingAccount,
  type PostingInput,
  type PostingRow,
  type PostingState,
} from './poster-journal.js';

/**
 * Exactly-once posting of counter top-ups (RechargeAccountTran) and refunds (RefundAccountTran)
 * to an ERP that has no idempotency key.
 *
 * The journal (table xiaobao_postings, migration 006) is written BEFORE each send:
 *
 *   pending ──send──▶ sending ──reply──▶ posted
 *                        │  └─refused─▶ failed            (known: nothing recorded at the ERP)
 *                        └─timeout/reset/5xx/crash─▶ unknown
 *   unknown ──(settle)──▶ look-up ──found──▶ posted
 *                                 └─absent──▶ send again (bounded by maxSends)
 *
 * The look-up: GetChangedOrders over [first send − windowBefore, now + windowAfter] (split into
 * 7-day windows by the client), then GetAccountChangeOrderDetail of each account-change order,
 * matching accountDetails[].orderNumber == our bill number. A row is never re-sent until a
 * complete look-up has come back without it, and never before `settleMs` after its last send
 * (the ERP may still be committing a slow request). A row found in 'sending' at start-up (the
 * app died mid-post) is treated as unknown. Failed look-ups back off (injectable clock) and are
 * bounded; a row that exhausts its bounds stays 'unknown' with no next try, for a person (the
 * reconciliation screen) to decide.
 */

export interface PosterOptions {
  db: Database.Database;
  client: XiaobaoClient;
  now?: () => number;
  logger?: Logger;
  /** Wait at least this long after a send before looking it up (default 60 s). */
  settleMs?: number;
  /** Look-up window around the sends (defaults 15 min before the first send, 15 min after now). */
  windowBeforeMs?: number;
  windowAfterMs?: number;
  /** Bounds: sends per bill (default 5), failed look-ups per bill (default 20). */
  maxSends?: number;
  maxLookupFailures?: number;
  /** Backoff after a failure: base × 2^(n−1), capped (defaults 5 s, 10 min). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export function createXiaobaoPoster(opts: PosterOptions) {
  const { db, client } = opts;
  const now = opts.now ?? Date.now;
  const log = (opts.logger ?? silentLogger).child('xiaobao.poster');
  const settleMs = opts.settleMs ?? 60_000;
  const windowBeforeMs = opts.windowBeforeMs ?? 15 * 60_000;
  const windowAfterMs = opts.windowAfterMs ?? 15 * 60_000;
  const maxSends = opts.maxSends ?? 5;
  const maxLookupFailures = opts.maxLookupFailures ?? 20;
  const backoffBaseMs = opts.backoffBaseMs ?? 5_000;
  const backoffMaxMs = opts.backoffMaxMs ?? 600_000;
  const backoff = (n: number) => Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, n - 1));

  const stmt = prepareJournal(db);

  /** ERP order id → the bill numbers its account details carry (account-change orders only). */
  const detailCache = new Map<number, string[]>();
  let running: Promise<PostingRow[]> | null = null;

  function get(billNo: string): PostingRow | null {
    const r = stmt.get.get(billNo);
    return r ? toPosting(r) : null;
  }

  function describe(e: unknown): string {
    if (e instanceof XiaobaoError)
      return `${e.kind}${e.code !== undefined ? ` ${String(e.code)}` : ''}: ${e.message}`.slice(0, 500);
    return String((e as Error)?.message ?? e).slice(0, 500);
  }

  /** Journal a posting (pending). Idempotent on billNo: the same content returns the existing row. */
  function enqueue(input: PostingInput): PostingRow {
    const p = PostingInputSchema.parse(input);
    checkAmountFen(p.amountFen, 'amountFen');
    const json = JSON.stringify(p);
    return db.transaction(() => {
      const existing = stmt.get.get(p.billNo);
      if (existing) {
        if (existing.request_json !== json) throw new PostingConflictError(p.billNo);
        return toPosting(existing);
      }
      stmt.insert.run({
        billNo: p.billNo,
        kind: p.kind,
        stuInfoId: p.stuInfoId,
        amountFen: p.amountFen,
        json,
        now: now(),
      });
      log.info('journaled', { billNo: p.billNo, kind: p.kind, amountFen: p.amountFen });
      return toPosting(stmt.get.get(p.billNo)!);
    })();
  }

  /** At start-up: rows left in 'sending' were interrupted mid-post — their outcome is unknown. */
  function recover(): number {
    const n = stmt.recover.run({ settleMs, now: now() }).changes;
    if (n > 0) log.warn('interrupted posts found; they will be looked up before any new send', { count: n });
    return n;
  }

  function toTran(row: PostingRow): AccountTranInput {
    const i = row.input;
    return {
      stuInfoId: i.stuInfoId,
      amountFen: i.amountFen,
      // One accountInfo per journaled account part (a row of an older build has one), each
      // carrying our bill number.
      accounts: accountsOf(i).map((a) => ({
        accountName: a.accountName,
        amountFen: a.amountFen,
        orderNumber: i.billNo,
        ...(a.gatewayRef ? { simplePaymentMethodTradeNo: a.gatewayRef.slice(-8) } : {}),
      })),
      ...(i.schoolId !== undefined ? { schoolId: i.schoolId } : {}),
      ...(i.operatorId !== undefined ? { operatorId: i.operatorId } : {}),
      ...(i.sellerId !== undefined ? { sellerId: i.sellerId } : {}),
      ...(i.comment !== undefined ? { comment: i.comment } : {}),
      ...(i.commentOuter !== undefined ? { commentOuter: i.commentOuter } : {}),
    };
  }

  /**
   * Look for an ERP account-change order carrying this bill number, changed in the window
   * around our sends. Returns its id, or null when a complete search did not find it. Throws
   * when the search could not be completed (then nothing may be concluded).
   */
  async function findAtErp(row: PostingRow): Promise<number | null> {
    const from = (row.firstSentAt ?? row.sentAt ?? row.createdAt) - windowBeforeMs;
    const to = Math.max(now(), row.sentAt ?? 0) + windowAfterMs;
    const changed = await client.listChangedOrders({ from, to });
    // Nearest to our last send first: a committed post is usually found after one or two details.
    // A miss still reads every candidate (the search must be complete before a resend).
    const sentAt = row.sentAt ?? row.createdAt;
    const distance = (c: { changedTime?: string | null | undefined }) => {
      if (!c.changedTime) return Number.MAX_SAFE_INTEGER;
      try {
        return Math.abs(parseXbDateTime(c.changedTime, 'changedTime') - sentAt);
      } catch {
        return Number.MAX_SAFE_INTEGER;
      }
    };
    const candidates = changed
      .filter((c) => c.type === undefined || c.type === null || c.type === TRAN_ORDER_TYPE_ACCOUNT_CHANGE)
      .map((c) => ({ c, d: distance(c) }))
      .sort((a, b) => a.d - b.d || b.c.id - a.c.id)
      .map((x) => x.c);
    for (const c of candidates) {
      let billNos = detailCache.get(c.id);
      if (!billNos) {
        const detail = await client.getOrderDetail('GetAccountChangeOrderDetail', c.id);
        billNos = (detail.baseInfo.accountDetails ?? []).map((d) => d.orderNumber ?? '').filter((n) => n !== '');
        detailCache.set(c.id, billNos);
      }
      if (billNos.includes(row.billNo)) return c.id;
    }
    return null;
  }

  async function send(row: PostingRow): Promise<PostingRow> {
    if (row.sends >= maxSends) {
      stmt.setState.run({
        billNo: row.billNo,
        state: 'unknown',
        nextAt: null,
        error: `absent at the ERP after ${row.sends} sends (limit ${maxSends}); needs a person`,
        now: now(),
      });
      log.error('send limit reached', { billNo: row.billNo, sends: row.sends });
      return get(row.billNo)!;
    }
    const tran = toTran(row);
    // The journal says 'sending' (committed) before a byte leaves.
    if (stmt.sending.run({ billNo: row.billNo, now: now() }).changes !== 1) return get(row.billNo)!;
    log.info('sending', { billNo: row.billNo, kind: row.kind, send: row.sends + 1 });
    try {
      const orderId =
        row.kind === 'recharge' ? await client.rechargeAccountTran(tran) : await client.refundAccountTran(tran);
      stmt.posted.run({ billNo: row.billNo, orderId, foundBy: 'reply', now: now() });
      log.info('posted', { billNo: row.billNo, orderId });
    } catch (e) {
      const t = now();
      if (e instanceof XiaobaoError && !e.outcomeUnknown) {
        if (e.kind === 'api' || e.kind === 'invalid-request' || e.kind === 'http') {
          stmt.setState.run({ billNo: row.billNo, state: 'failed', nextAt: null, error: describe(e), now: t });
          log.warn('refused by the ERP', { billNo: row.billNo, error: describe(e) });
        } else {
          // Nothing reached the ERP (no token, connection refused): back to pending, later.
          stmt.setState.run({
            billNo: row.billNo,
            state: 'pending',
            nextAt: t + backoff(row.sends + 1),
            error: describe(e),
            now: t,
          });
          log.warn('not sent', { billNo: row.billNo, error: describe(e) });
        }
      } else {
        stmt.setState.run({
          billNo: row.billNo,
          state: 'unknown',
          nextAt: t + Math.max(settleMs, backoff(row.sends + 1)),
          error: describe(e),
          now: t,
        });
        log.warn('outcome unknown; will look it up before any new send', { billNo: row.billNo, error: describe(e) });
      }
    }
    return get(row.billNo)!;
  }

  /** Do the next due step for one bill. */
  async function step(billNo: string): Promise<PostingRow> {
    let row = get(billNo);
    if (!row) throw new Error(`xiaobao posting ${billNo}: not journaled`);
    if (row.state === 'posted' || row.state === 'failed') return row;
    if (row.state === 'sending') {
      // Only reachable when another step of this process is sending it, or after a crash
      // without recover(): treat as unknown.
      recover();
      row = get(billNo)!;
    }
    if (row.state === 'unknown') {
      const t = now();
      const settleAt = (row.sentAt ?? 0) + settleMs;
      if (t < settleAt) {
        stmt.setState.run({
          billNo,
          state: 'unknown',
          nextAt: Math.max(settleAt, row.nextAt ?? 0),
          error: row.lastError,
          now: t,
        });
        return get(billNo)!;
      }
      let found: number | null;
      try {
        found = await findAtErp(row);
      } catch (e) {
        const failures = row.lookups + 1;
        const nextAt = failures >= maxLookupFailures ? null : now() + backoff(failures);
        stmt.lookupFailed.run({ billNo, nextAt, error: `look-up failed: ${describe(e)}`, now: now() });
        log.warn('look-up failed; not sending', { billNo, failures, error: describe(e) });
        return get(billNo)!;
      }
      if (found !== null) {
        stmt.posted.run({ billNo, orderId: found, foundBy: 'lookup', now: now() });
        log.info('found at the ERP; not sending again', { billNo, orderId: found });
        return get(billNo)!;
      }
      log.info('absent at the ERP after a complete look-up; sending again', { billNo });
    }
    return send(row);
  }

  /** Run every due row once, in journal order (one run at a time). */
  function runDue(): Promise<PostingRow[]> {
    if (running) return running;
    const run = (async () => {
      await Promise.resolve(); // never settle synchronously (see the finally below)
      const out: PostingRow[] = [];
      for (const r of stmt.due.all(now())) out.push(await step(r.bill_no));
      return out;
    })();
    running = run;
    void run
      .finally(() => {
        if (running === run) running = null;
      })
      .catch(() => {});
    return run;
  }

  return {
    enqueue,
    recover,
    step,
    runDue,
    get,
    list: (): PostingRow[] => stmt.list.all().map(toPosting),
    /** Rows journaled since `at`, plus every row not posted yet, in journal order. */
    listSince: (at: number): PostingRow[] => stmt.since.all(at).map(toPosting),
    /** Rows journaled in [from, to), in journal order. */
    listBetween: (from: number, to: number): PostingRow[] => stmt.between.all(from, to).map(toPosting),
    /** The earliest next_at of rows still in play (null when none is scheduled). */
    nextDueAt(): number | null {
      const rows = stmt.list
        .all()
        .filter((r) => r.state === 'pending' || r.state === 'unknown' || r.state === 'sending');
      const ats = rows.map((r) => r.next_at ?? (r.state === 'pending' ? r.created_at : Infinity));
      const min = Math.min(...ats);
      return Number.isFinite(min) ? min : null;
    },
    /** A person's retry (reconciliation screen): make an unknown/failed row due now. */
    retry(billNo: string): boolean {
      return stmt.retryManually.run({ billNo, now: now() }).changes === 1;
    },
  };
}

export type XiaobaoPoster = ReturnType<typeof createXiaobaoPoster>;
