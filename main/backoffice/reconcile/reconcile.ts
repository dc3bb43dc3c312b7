/**
 * 校宝对账 (docs/ARCHITECTURE.md, "Back-office infrastructure"): for one day (China time, the
 * ERP's clock), the counter's Xiaobao postings — read through the poster journal's own query
 * (postingsCreatedBetween), never SQL of ours on its table — against the ERP's account-change
 * orders of that day (GetChangedOrders + GetAccountChangeOrderDetail → accountDetails.orderNumber):
 * matched / only in the ERP / only at the counter (with the reason). 重试 re-queues a counter-only
 * posting through the poster after a fresh look-up at the ERP — never a blind send.
 */
import type Database from 'better-sqlite3';
import type {
  CounterOnlyReason,
  ReconcileReport,
  ReconcileRow,
  RETRY_OUTCOMES,
} from '../../../app/contract/reconcile.js';
import { AppError } from '../../../app/result.js';
import type { XiaobaoClient } from '../xiaobao/client.js';
import { CHINA_OFFSET_MS, DAY_MS, parseXbDateTime } from '../xiaobao/dates.js';
import { yuanToFen } from '../xiaobao/money.js';
import { postingsCreatedBetween, type PostingRow, type PostingState } from '../xiaobao/poster-journal.js';
import type { XiaobaoPoster } from '../xiaobao/poster.js';
import { TRAN_ORDER_TYPE_ACCOUNT_CHANGE } from '../xiaobao/schemas.js';

export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];

export interface ReconcileDeps {
  db: Database.Database;
  client: Pick<XiaobaoClient, 'listChangedOrders' | 'getOrderDetail'>;
  poster: Pick<XiaobaoPoster, 'retry' | 'step' | 'get'>;
  source: 'configured' | 'sandbox';
  now: () => number;
  /** Each ERP read's outcome (the status pill). */
  onErpCall?: (ok: boolean, error?: unknown) => void;
  /** How far past the day's end ERP orders are read (a post late in the day may land after midnight; default 1 h). */
  graceMs?: number;
  /** The look-up window around a posting before a retry (default 15 min, as the poster). */
  lookupWindowMs?: number;
}

/** One ERP account-change order, as far as the reconciliation needs it. */
interface ErpEntry {
  orderId: number;
  at: number | null;
  stuInfoId: number | null;
  stuName: string | null;
  /** Bill number → amount in fen (the account details carrying it). */
  bills: Map<string, number>;
}

/** [start, end) of a China-time calendar day. */
export function dayRange(day: string): { from: number; to: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new AppError('invalid-input', 'day: YYYY-MM-DD', { issues: [{ field: 'day', message: 'YYYY-MM-DD' }] });
  const from = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - CHINA_OFFSET_MS;
  return { from, to: from + DAY_MS };
}

/** The China-time day of an instant, YYYY-MM-DD. */
export function dayOf(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

const REASON_OF: Record<PostingState, CounterOnlyReason> = {
  pending: 'waiting',
  sending: 'sending',
  unknown: 'unknown',
  failed: 'refused',
  posted: 'posted-not-found',
};

function timeOf(...texts: (string | null | undefined)[]): number | null {
  for (const t of texts) {
    if (!t) continue;
    try {
      return parseXbDateTime(t, 'time');
    } catch {
      // try the next one
    }
  }
  return null;
}

/**
 * The ERP's own words out of the poster's error text ("api 400: xiaobao RechargeAccountTran:
 * code 400: 学员余额不足" → "学员余额不足"); null when there are none.
 */
export function erpWords(lastError: string | null): string | null {
  if (!lastError) return null;
  const m = /code [^:]+: (.+)$/.exec(lastError);
  const words = (m ? m[1]! : lastError).trim();
  return words === '' ? null : words;
}

function fenOf(v: number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  try {
    return yuanToFen(v);
  } catch {
    return null;
  }
}

export function createReconciliation(deps: ReconcileDeps) {
  const graceMs = deps.graceMs ?? 3_600_000;
  const windowMs = deps.lookupWindowMs ?? 15 * 60_000;
  const cache = new Map<number, ErpEntry>();

  async function erp<T>(f: () => Promise<T>): Promise<T> {
    try {
      const v = await f();
      deps.onErpCall?.(true);
      return v;
    } catch (e) {
      deps.onErpCall?.(false, e);
      throw e;
    }
  }

  /** Every account-change order changed in [from, to), with its bill numbers. */
  async function erpOrders(from: number, to: number): Promise<ErpEntry[]> {
    const changed = await erp(() => deps.client.listChangedOrders({ from, to }));
    const out: ErpEntry[] = [];
    for (const c of changed) {
      if (c.type !== undefined && c.type !== null && c.type !== TRAN_ORDER_TYPE_ACCOUNT_CHANGE) continue;
      let entry = cache.get(c.id);
      if (!entry) {
        const detail = await erp(() => deps.client.getOrderDetail('GetAccountChangeOrderDetail', c.id));
        const b = detail.baseInfo;
        const bills = new Map<string, number>();
        for (const d of b.accountDetails ?? []) {
          if (!d.orderNumber) continue;
          bills.set(d.orderNumber, (bills.get(d.orderNumber) ?? 0) + (fenOf(d.amount) ?? 0));
        }
        entry = {
          orderId: c.id,
          at: timeOf(b.createdTime, b.dealDate, c.changedTime),
          stuInfoId: b.stuInfoId ?? null,
          stuName: b.stuName ?? null,
          bills,
        };
        cache.set(c.id, entry);
      }
      out.push(entry);
    }
    return out;
  }

  function counterRow(p: PostingRow, e: ErpEntry | null, erpFen: number | null): ReconcileRow {
    const matched = e !== null;
    const counterFen = p.amountFen;
    return {
      status: matched ? 'matched' : 'counter-only',
      billNo: p.billNo,
      kind: p.kind,
      stuInfoId: p.stuInfoId,
      stuName: e?.stuName ?? null,
      counterAmountFen: counterFen,
      erpAmountFen: erpFen,
      amountMismatch: matched && erpFen !== null && Math.abs(erpFen) !== Math.abs(counterFen),
      counterAt: p.createdAt,
      erpAt: e?.at ?? null,
      erpOrderId: e?.orderId ?? null,
      reason: matched ? null : REASON_OF[p.state],
      detail: matched ? null : erpWords(p.lastError),
      canRetry: !matched && (p.state === 'pending' || p.state === 'unknown' || p.state === 'failed'),
    };
  }

  async function report(day: string): Promise<ReconcileReport> {
    const { from, to } = dayRange(day);
    const postings = postingsCreatedBetween(deps.db, from, to);
    const orders = await erpOrders(from, to + graceMs);
    const byBill = new Map<string, { e: ErpEntry; fen: number }>();
    let desk = 0;
    for (const e of orders) {
      if (e.bills.size === 0) {
        if (e.at === null || (e.at >= from && e.at < to)) desk++;
        continue;
      }
      for (const [billNo, fen] of e.bills) byBill.set(billNo, { e, fen });
    }
    const rows: ReconcileRow[] = [];
    const seen = new Set<string>();
    for (const p of postings) {
      seen.add(p.billNo);
      const hit = byBill.get(p.billNo) ?? null;
      rows.push(counterRow(p, hit?.e ?? null, hit?.fen ?? null));
    }
    for (const [billNo, { e, fen }] of byBill) {
      if (seen.has(billNo)) continue;
      // Within the day only (the grace hour belongs to the next day's list).
      if (e.at !== null && (e.at < from || e.at >= to)) continue;
      // A bill the counter journaled on another day is the counter's: matched there.
      const journaled = deps.poster.get(billNo);
      if (journaled) {
        rows.push(counterRow(journaled, e, fen));
        continue;
      }
      rows.push({
        status: 'erp-only',
        billNo,
        kind: null,
        stuInfoId: e.stuInfoId,
        stuName: e.stuName,
        counterAmountFen: null,
        erpAmountFen: fen,
        amountMismatch: false,
        counterAt: null,
        erpAt: e.at,
        erpOrderId: e.orderId,
        reason: null,
        detail: null,
        canRetry: false,
      });
    }
    const order = { 'counter-only': 0, 'erp-only': 1, matched: 2 } as const;
    rows.sort(
      (a, b) => order[a.status] - order[b.status] || (a.counterAt ?? a.erpAt ?? 0) - (b.counterAt ?? b.erpAt ?? 0),
    );
    return {
      day,
      generatedAt: deps.now(),
      source: deps.source,
      rows,
      counts: {
        matched: rows.filter((r) => r.status === 'matched').length,
        erpOnly: rows.filter((r) => r.status === 'erp-only').length,
        counterOnly: rows.filter((r) => r.status === 'counter-only').length,
        amountMismatch: rows.filter((r) => r.amountMismatch).length,
      },
      erpDeskOrders: desk,
    };
  }

  /**
   * 重试: a fresh look-up at the ERP around the posting first (found → nothing is sent); else the
   * poster's own retry and one step (which for an unknown posting looks it up again itself).
   */
  async function retry(billNo: string): Promise<{ outcome: RetryOutcome; detail: string | null }> {
    const row = deps.poster.get(billNo);
    if (!row) {
      throw new AppError('invalid-input', `billNo: ${billNo} is not a counter posting`, {
        issues: [{ field: 'billNo', message: 'not a counter posting' }],
      });
    }
    if (row.state === 'posted') return { outcome: 'already-posted', detail: null };
    const start = (row.firstSentAt ?? row.createdAt) - windowMs;
    const found = (await erpOrders(start, Math.max(deps.now(), row.sentAt ?? 0) + windowMs)).some((e) =>
      e.bills.has(billNo),
    );
    if (found) return { outcome: 'found-at-erp', detail: null };
    if (!deps.poster.retry(billNo)) return { outcome: 'waiting', detail: erpWords(row.lastError) };
    const after = await deps.poster.step(billNo);
    const outcome: RetryOutcome =
      after.state === 'posted'
        ? 'posted'
        : after.state === 'failed'
          ? 'refused'
          : after.state === 'unknown'
            ? 'unknown'
            : 'waiting';
    return { outcome, detail: after.state === 'posted' ? null : erpWords(after.lastError) };
  }

  return { report, retry };
}

export type Reconciliation = ReturnType<typeof createReconciliation>;
