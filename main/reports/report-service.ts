import type { LiveAttemptState } from '../../app/payment/state.js';
import { ReportDataSchema, type ReportData } from '../../app/report/schema.js';
import { AppError } from '../../app/result.js';
import { LIVE_STATES_SQL } from '../store/attempt-states-sql.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import type { ShiftDbRow } from '../store/shift-row.js';
import { stmt } from '../store/stmt.js';
import { createOutbox, type Outbox } from '../sync/outbox.js';
import { detailedSummaries, reportDataFrom, type ShiftRowForReport } from './report-data.js';
import { createDiscountReportQuery } from '../bills/bill-adjustment-repo.js';

/**
 * Report queries: X (the open shift, any time), Z (issued at the close and kept as issued),
 * a shift recomputed from the ledger, a date range, past shifts, and the exceptions list.
 * Every figure comes from main/store/shift-summary.ts through report-data.ts; this service
 * only chooses which shifts and adds who/when.
 */

export interface ReportServiceOptions {
  store: Store;
  terminalNo: string;
  now: () => number;
  /** Local time offset for hours and times in reports. Default: this process's zone at that instant. */
  utcOffsetMinutes?: (at: number) => number;
  outbox?: Outbox;
}

export interface ShiftHistoryRow {
  id: number;
  operatorNo: string;
  status: 'open' | 'closed';
  openedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  floatFen: number;
  expectedCashFen: number | null;
  countedCashFen: number | null;
  differenceFen: number | null;
  /** Net of all tenders of the shift. */
  netFen: number;
  /** Tenders received (payments). */
  payments: number;
  hasZ: boolean;
}

export interface ZReport {
  /** The Z report as issued at the close, or a recomputation when none was stored. */
  issued: ReportData;
  /** False when the shift was closed without a stored Z (it was recomputed). */
  stored: boolean;
  issuedAt: number;
  issuedBy: string | null;
  /** When the ledger changed after the close: the figures as they are now. */
  current: ReportData | null;
}

export interface OpenPaymentRow {
  attemptId: number;
  billId: number;
  billNo: string;
  shiftId: number | null;
  gatewayBillNum: string;
  state: LiveAttemptState;
  amountFen: number;
  operatorNo: string;
  createdAt: number;
  queryCount: number;
  lastPaystatus: string | null;
  lastMessage: string | null;
  stateReason: string | null;
  nextQueryAt: number | null;
}

export interface ResolvedPaymentRow {
  attemptId: number;
  billNo: string;
  gatewayBillNum: string;
  state: string;
  amountFen: number;
  resolvedBy: string;
  note: string | null;
  finalAt: number | null;
}

export interface SyncExceptionRow {
  id: number;
  topic: string;
  key: string;
  createdAt: number;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number;
  /** A supervisor marked it handled (it stays queued and keeps being retried: nothing is deleted). */
  resolution: { by: string | null; note: string; at: number } | null;
}

export interface Exceptions {
  payments: OpenPaymentRow[];
  resolvedPayments: ResolvedPaymentRow[];
  syncs: SyncExceptionRow[];
  outbox: { depth: number; oldestWaitingMs: number | null; failing: number };
}

const toRow = (r: ShiftDbRow): ShiftRowForReport => ({
  id: r.id,
  operatorNo: r.operator_no,
  status: r.status,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  floatFen: r.float_fen,
  countedCashFen: r.counted_cash_fen,
  countDetail: r.count_detail ? (JSON.parse(r.count_detail) as Record<string, number>) : null,
  differenceNote: r.difference_note,
});

/** Most shifts in one history page or range report. */
export const HISTORY_MAX = 500;
export const RANGE_MAX_DAYS = 400;

/** The figures that matter for "did the ledger change after the Z?" (everything but who/when and the queue). */
function fingerprint(d: ReportData): string {
  return JSON.stringify([
    d.netFen,
    d.tenders,
    d.cash.expectedFen,
    d.billKinds,
    d.businessTypes,
    d.voids,
    d.payments.byState,
    d.payments.openCount,
    d.bills,
  ]);
}

export interface ReportService {
  /** X report of the open shift (`shift-not-open` when none). */
  x(generatedBy: string | null): ReportData;
  /** Any shift recomputed from the ledger now (kind 'x' if it is open, 'z' if closed). */
  shift(shiftId: number, generatedBy: string | null): ReportData;
  /** The Z report of a closed shift as issued (and what changed since, if anything). */
  z(shiftId: number): ZReport;
  /**
   * Compute the Z report of a shift that has just been closed and store it (append-only).
   * Call inside the closing transaction.
   */
  issueZ(shiftId: number, issuedBy: string): ReportData;
  /** Shifts opened in [from, to), summed. */
  range(from: number, to: number, generatedBy: string | null): ReportData;
  /** Shifts opened in [from, to), newest first, with their headline figures. */
  history(from: number, to: number): ShiftHistoryRow[];
  exceptions(): Exceptions;
  /** The offset used for a given instant. */
  offsetAt(at: number): number;
}

export function createReportService(opts: ReportServiceOptions): ReportService {
  const { store, terminalNo, now } = opts;
  const { db } = store;
  const discountsOf = createDiscountReportQuery(store);
  const outbox = opts.outbox ?? createOutbox(store);
  const offsetAt = opts.utcOffsetMinutes ?? ((at: number) => -new Date(at).getTimezoneOffset());

  const q = {
    shift: db.prepare('SELECT * FROM shifts WHERE id = ?'),
    open: db.prepare("SELECT * FROM shifts WHERE status = 'open' LIMIT 1"),
    range: db.prepare(
      `SELECT * FROM shifts WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at, id LIMIT ${HISTORY_MAX}`,
    ),
    rangeDesc: db.prepare(
      `SELECT * FROM shifts WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at DESC, id DESC LIMIT ${HISTORY_MAX}`,
    ),
    shiftTotals: db.prepare(
      'SELECT coalesce(sum(amount_fen), 0) AS net, sum(amount_fen > 0) AS payments FROM tenders WHERE shift_id = ?',
    ),
    z: db.prepare('SELECT shift_id, created_at, created_by, report FROM z_reports WHERE shift_id = ?'),
    hasZ: db.prepare('SELECT 1 FROM z_reports WHERE shift_id = ?').pluck(),
    insertZ: db.prepare('INSERT INTO z_reports (shift_id, created_at, created_by, report) VALUES (?, ?, ?, ?)'),
    openPayments: db.prepare(
      `SELECT a.id AS attemptId, b.id AS billId, b.bill_no AS billNo, b.shift_id AS shiftId, a.gateway_bill_num AS gatewayBillNum, a.state AS state,
              a.amount_fen AS amountFen, a.operator_no AS operatorNo, a.created_at AS createdAt, a.query_count AS queryCount,
              a.last_paystatus AS lastPaystatus, a.last_message AS lastMessage, a.state_reason AS stateReason, a.next_query_at AS nextQueryAt
       FROM payment_attempts a JOIN bills b ON b.id = a.bill_id
       WHERE a.state IN ${LIVE_STATES_SQL} ORDER BY a.created_at, a.id LIMIT 500`,
    ),
    resolvedPayments: db.prepare(
      `SELECT a.id AS attemptId, b.bill_no AS billNo, a.gateway_bill_num AS gatewayBillNum, a.state AS state, a.amount_fen AS amountFen,
              a.resolved_by AS resolvedBy, a.resolution_note AS note, a.final_at AS finalAt
       FROM payment_attempts a JOIN bills b ON b.id = a.bill_id
       WHERE a.resolved_by IS NOT NULL ORDER BY coalesce(a.final_at, a.updated_at) DESC, a.id DESC LIMIT 50`,
    ),
  };

  function shiftRow(id: number): ShiftDbRow {
    const r = q.shift.get(id) as ShiftDbRow | undefined;
    if (!r) throw new AppError('invalid-input', `shift ${id} does not exist`, { field: 'shiftId', shiftId: id });
    return r;
  }

  function compute(
    rows: ShiftDbRow[],
    kind: ReportData['kind'],
    generatedBy: string | null,
    period?: { from: number; to: number },
  ): ReportData {
    const at = now();
    const off = offsetAt(rows[0]?.opened_at ?? period?.from ?? at);
    // One read transaction: every shift of a range from the same snapshot.
    const read = db.transaction(() => ({
      summaries: detailedSummaries(
        store,
        rows.map((r) => r.id),
        off,
      ),
      // Discounts given (main/bills owns the table): docs/ARCHITECTURE.md §5.1.
      discounts: discountsOf(rows.map((r) => r.id)),
    }));
    const { summaries, discounts } = read.deferred();
    const data = reportDataFrom(summaries, rows.map(toRow), {
      kind,
      terminalNo,
      generatedAt: at,
      generatedBy,
      utcOffsetMinutes: off,
      ...(period ? { period } : {}),
      outbox: outbox.status(at),
    });
    return { ...data, discounts };
  }

  const service: ReportService = {
    offsetAt,

    x(generatedBy) {
      const open = q.open.get() as ShiftDbRow | undefined;
      if (!open) throw new AppError('shift-not-open', 'no open shift: nothing for an X report');
      return compute([open], 'x', generatedBy);
    },

    shift(shiftId, generatedBy) {
      const r = shiftRow(shiftId);
      return compute([r], r.status === 'open' ? 'x' : 'z', generatedBy);
    },

    z(shiftId) {
      const r = shiftRow(shiftId);
      if (r.status !== 'closed')
        throw new AppError('invalid-input', `shift ${shiftId} is still open: use the X report`, {
          field: 'shiftId',
          shiftId,
        });
      const stored = q.z.get(shiftId) as
        { shift_id: number; created_at: number; created_by: string; report: string } | undefined;
      const current = compute([r], 'z', null);
      if (!stored)
        return {
          issued: current,
          stored: false,
          issuedAt: r.closed_at ?? current.generatedAt,
          issuedBy: r.closed_by,
          current: null,
        };
      const issued = ReportDataSchema.parse(JSON.parse(stored.report));
      return {
        issued,
        stored: true,
        issuedAt: stored.created_at,
        issuedBy: stored.created_by,
        current: fingerprint(issued) === fingerprint(current) ? null : current,
      };
    },

    issueZ(shiftId, issuedBy) {
      const r = shiftRow(shiftId);
      if (r.status !== 'closed')
        throw new AppError('invalid-input', `shift ${shiftId} is not closed`, { field: 'shiftId', shiftId });
      const data = compute([r], 'z', issuedBy);
      store.tx(() => {
        if (q.hasZ.get(shiftId) !== undefined)
          throw new AppError('invalid-input', `shift ${shiftId} already has its Z report`, {
            field: 'shiftId',
            shiftId,
          });
        q.insertZ.run(shiftId, data.generatedAt, issuedBy, JSON.stringify(data));
        audit(store, {
          action: 'report.z',
          operatorNo: issuedBy,
          subject: `shift:${shiftId}`,
          detail: {
            netFen: data.netFen,
            expectedCashFen: data.cash.expectedFen,
            countedCashFen: data.cash.countedFen,
            differenceFen: data.cash.differenceFen,
          },
        });
      });
      return data;
    },

    range(from, to, generatedBy) {
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to <= from) {
        throw new AppError('invalid-input', 'range: from must be before to', { field: 'to' });
      }
      if (to - from > RANGE_MAX_DAYS * 86_400_000) {
        throw new AppError('invalid-input', `range: at most ${RANGE_MAX_DAYS} days`, {
          field: 'to',
          max: RANGE_MAX_DAYS,
        });
      }
      const rows = q.range.all(from, to) as ShiftDbRow[];
      return compute(rows, 'range', generatedBy, { from, to });
    },

    history(from, to) {
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to <= from) {
        throw new AppError('invalid-input', 'range: from must be before to', { field: 'to' });
      }
      const read = db.transaction(() =>
        (q.rangeDesc.all(from, to) as ShiftDbRow[]).map((r): ShiftHistoryRow => {
          const t = q.shiftTotals.get(r.id) as { net: number; payments: number | null };
          return {
            id: r.id,
            operatorNo: r.operator_no,
            status: r.status,
            openedAt: r.opened_at,
            closedAt: r.closed_at,
            closedBy: r.closed_by,
            floatFen: r.float_fen,
            expectedCashFen: r.expected_cash_fen,
            countedCashFen: r.counted_cash_fen,
            differenceFen:
              r.counted_cash_fen === null || r.expected_cash_fen === null
                ? null
                : r.counted_cash_fen - r.expected_cash_fen,
            netFen: t.net,
            payments: t.payments ?? 0,
            hasZ: q.hasZ.get(r.id) !== undefined,
          };
        }),
      );
      return read.deferred();
    },

    exceptions() {
      const at = now();
      const read = db.transaction((): Exceptions => {
        const failing = outbox.failing(200);
        const syncs = failing.map((item): SyncExceptionRow => {
          const res = stmt(
            db,
            "SELECT at, operator_no AS by, detail FROM audit_log WHERE subject = ? AND action = 'sync.resolve' ORDER BY id DESC LIMIT 1",
          ).get(`outbox:${item.key}`) as { at: number; by: string | null; detail: string | null } | undefined;
          const note = res?.detail ? String((JSON.parse(res.detail) as { note?: unknown }).note ?? '') : '';
          return {
            id: item.id,
            topic: item.topic,
            key: item.key,
            createdAt: item.createdAt,
            attempts: item.attempts,
            lastError: item.lastError,
            lastAttemptAt: item.lastAttemptAt,
            nextAttemptAt: item.nextAttemptAt,
            resolution: res ? { by: res.by, note, at: res.at } : null,
          };
        });
        const status = outbox.status(at);
        return {
          payments: q.openPayments.all() as OpenPaymentRow[],
          resolvedPayments: q.resolvedPayments.all() as ResolvedPaymentRow[],
          syncs,
          outbox: { depth: status.depth, oldestWaitingMs: status.oldestWaitingMs, failing: status.failing },
        };
      });
      return read.deferred();
    },
  };
  return service;
}
