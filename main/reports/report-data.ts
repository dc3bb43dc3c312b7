import {
  REPORT_VERSION,
  TENDER_KINDS,
  type ReportBillKind,
  type ReportData,
  type ReportKind,
  type ReportShift,
  type ReportTenderKind,
} from '../../app/report/schema.js';
import type { Store } from '../store/db.js';
import {
  OPEN_ATTEMPT_LIST_MAX,
  REFUND_LIST_MAX,
  shiftSummary,
  type ShiftDetail,
  type ShiftSummary,
} from '../store/shift-summary.js';
import type { OutboxStatus } from '../sync/outbox.js';

/**
 * ReportData from the one shift computation (main/store/shift-summary.ts). A shift report is
 * the summary of that shift; a range report is the sum of the summaries of its shifts, added
 * up here with the same rules. Nothing here reads bills or tenders itself.
 */

export type DetailedSummary = ShiftSummary & { detail: ShiftDetail };

export interface ShiftRowForReport {
  id: number;
  operatorNo: string;
  status: 'open' | 'closed';
  openedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  floatFen: number;
  countedCashFen: number | null;
  countDetail: Record<string, number> | null;
  differenceNote: string | null;
}

export interface ReportMeta {
  kind: ReportKind;
  terminalNo: string;
  generatedAt: number;
  generatedBy: string | null;
  utcOffsetMinutes: number;
  /** Range reports: the range asked for. Shift reports: opened → closed (or generatedAt). */
  period?: { from: number; to: number };
  outbox: OutboxStatus;
}

/** −n without a negative zero (it would survive in-process and differ from its JSON form). */
const neg = (n: number): number => (n === 0 ? 0 : -n);

function addTo<K>(map: Map<K, number[]>, key: K, values: number[]): void {
  const cur = map.get(key);
  if (!cur) map.set(key, [...values]);
  else values.forEach((v, i) => (cur[i] = (cur[i] ?? 0) + v));
}

/** Summaries (with detail) of the given shifts, oldest first; shifts that do not exist are skipped. */
export function detailedSummaries(
  store: Store,
  shiftIds: readonly number[],
  utcOffsetMinutes: number,
): DetailedSummary[] {
  const out: DetailedSummary[] = [];
  for (const id of shiftIds) {
    const s = shiftSummary(store, id, { detail: true, utcOffsetMinutes });
    if (s) out.push(s);
  }
  return out;
}

/** Build ReportData from the summaries of one shift (X/Z) or several (range). */
export function reportDataFrom(
  summaries: readonly DetailedSummary[],
  shifts: readonly ShiftRowForReport[],
  meta: ReportMeta,
): ReportData {
  const single = summaries.length === 1 && meta.kind !== 'range';
  const shiftById = new Map(shifts.map((s) => [s.id, s]));

  // Tenders: [salesCount, salesFen, refundCount, refundFen, net, tendered, change]
  const tenders = new Map<ReportTenderKind, number[]>();
  const businessTypes = new Map<string, number[]>();
  const operators = new Map<string, number[]>();
  const hours = new Map<string, number[]>();
  const attempts = new Map<string, number[]>();
  const byStatus: Record<string, number> = {};
  const refundList: ReportData['refunds']['list'] = [];
  const open: ReportData['payments']['open'] = [];
  const movements: ReportData['cash']['movements'] = [];
  let refundListTruncated = false;
  let voidCount = 0;
  let voidFen = 0;
  let openCount = 0;
  let billCount = 0;
  let first: string | null = null;
  let last: string | null = null;
  let floatFen = 0;
  let inFen = 0;
  let outFen = 0;
  let expectedFen = 0;
  let countedFen: number | null = null;
  let differenceFen: number | null = null;

  const reportShifts: ReportShift[] = [];
  for (const s of summaries) {
    const row = shiftById.get(s.shiftId);
    for (const t of s.byTender)
      addTo(tenders, t.kind, [
        t.salesCount,
        t.salesFen,
        t.refundCount,
        t.refundFen,
        t.amountFen,
        t.tenderedFen,
        t.changeFen,
      ]);
    for (const b of s.byBusinessType) addTo(businessTypes, `${b.businessType}|${b.kind}`, [b.count, b.totalFen]);
    for (const o of s.detail.byOperator)
      addTo(operators, o.operatorNo, [o.salesCount, o.salesFen, o.refundCount, o.refundFen]);
    for (const h of s.detail.byHour) addTo(hours, `${h.hourStart}|${h.kind}`, [h.count, h.amountFen]);
    for (const a of s.detail.attempts) addTo(attempts, a.state, [a.count, a.amountFen]);
    for (const [status, n] of Object.entries(s.billsByStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
    refundList.push(...s.detail.refunds);
    if (s.detail.refunds.length >= REFUND_LIST_MAX) refundListTruncated = true;
    open.push(...s.detail.openAttempts);
    movements.push(...s.detail.cashMovements);
    voidCount += s.detail.voids.count;
    voidFen += s.detail.voids.totalFen;
    openCount += s.unconfirmedAttempts;
    billCount += s.detail.billCount;
    if (s.detail.firstBillNo !== null && (first === null || s.detail.firstBillNo < first)) first = s.detail.firstBillNo;
    if (s.detail.lastBillNo !== null && (last === null || s.detail.lastBillNo > last)) last = s.detail.lastBillNo;
    floatFen += s.cash.floatFen;
    inFen += s.cash.inFen;
    outFen += s.cash.outFen;
    expectedFen += s.cash.expectedFen;
    // The drawer count of a closed shift (an X report of the open shift has none yet).
    const counted = row?.countedCashFen ?? s.cash.countedFen;
    if (counted !== null) {
      countedFen = (countedFen ?? 0) + counted;
      differenceFen = (differenceFen ?? 0) + (counted - s.cash.expectedFen);
    }
    reportShifts.push({
      id: s.shiftId,
      operatorNo: s.operatorNo,
      status: s.status,
      openedAt: s.openedAt,
      closedAt: s.closedAt,
      closedBy: row?.closedBy ?? null,
      floatFen: s.cash.floatFen,
      expectedCashFen: s.cash.expectedFen,
      countedCashFen: counted,
      differenceFen: counted === null ? null : counted - s.cash.expectedFen,
      note: row?.differenceNote ?? null,
    });
  }

  const tenderRows = TENDER_KINDS.map((kind) => {
    const v = tenders.get(kind) ?? [0, 0, 0, 0, 0, 0, 0];
    return { kind, salesCount: v[0]!, salesFen: v[1]!, refundCount: v[2]!, refundFen: v[3]!, netFen: v[4]! };
  });
  const cashV = tenders.get('cash') ?? [0, 0, 0, 0, 0, 0, 0];
  const billKinds = (['sale', 'recharge', 'refund'] as const).map((kind: ReportBillKind) => {
    let count = 0;
    let totalFen = 0;
    for (const [key, v] of businessTypes) {
      if (key.endsWith(`|${kind}`)) {
        count += v[0]!;
        totalFen += v[1]!;
      }
    }
    return { kind, count, totalFen };
  });
  const refundCount = tenderRows.reduce((s, t) => s + t.refundCount, 0);
  const refundTotal = neg(tenderRows.reduce((s, t) => s + t.refundFen, 0));
  const backOffice = tenderRows.filter((t) => t.kind !== 'cash');
  const onlyRow = single ? shiftById.get(summaries[0]!.shiftId) : undefined;
  const from = meta.period?.from ?? Math.min(...summaries.map((s) => s.openedAt), meta.generatedAt);
  const to =
    meta.period?.to ??
    (summaries.length > 0 && summaries.every((s) => s.closedAt !== null)
      ? Math.max(...summaries.map((s) => s.closedAt!))
      : meta.generatedAt);

  refundList.sort((a, b) => b.at - a.at);
  open.sort((a, b) => a.createdAt - b.createdAt);
  movements.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);

  return {
    version: REPORT_VERSION,
    kind: meta.kind,
    terminalNo: meta.terminalNo,
    generatedAt: meta.generatedAt,
    generatedBy: meta.generatedBy,
    utcOffsetMinutes: meta.utcOffsetMinutes,
    period: { from, to },
    shifts: reportShifts,
    netFen: tenderRows.reduce((s, t) => s + t.netFen, 0),
    tenders: tenderRows,
    cash: {
      floatFen,
      tenderedFen: cashV[5]!,
      changeFen: cashV[6]!,
      salesFen: cashV[1]!,
      refundFen: cashV[3]!,
      inFen,
      outFen,
      expectedFen,
      countedFen,
      differenceFen,
      countDetail: onlyRow?.countDetail ?? null,
      note: onlyRow?.differenceNote ?? null,
      movements,
    },
    billKinds,
    businessTypes: [...businessTypes.entries()]
      .map(([key, v]) => {
        const [bt, kind] = key.split('|') as [string, ReportBillKind];
        return { businessType: Number(bt), kind, count: v[0]!, totalFen: v[1]! };
      })
      .sort((a, b) => a.businessType - b.businessType || a.kind.localeCompare(b.kind)),
    operators: [...operators.entries()]
      .map(([operatorNo, v]) => ({
        operatorNo,
        salesCount: v[0]!,
        salesFen: v[1]!,
        refundCount: v[2]!,
        refundFen: v[3]!,
        netFen: v[1]! + v[3]!,
      }))
      .sort((a, b) => a.operatorNo.localeCompare(b.operatorNo)),
    hours: [...hours.entries()]
      .map(([key, v]) => {
        const [h, kind] = key.split('|') as [string, ReportTenderKind];
        return { hourStart: Number(h), kind, count: v[0]!, amountFen: v[1]! };
      })
      .sort((a, b) => a.hourStart - b.hourStart || TENDER_KINDS.indexOf(a.kind) - TENDER_KINDS.indexOf(b.kind)),
    refunds: {
      count: refundCount,
      totalFen: refundTotal,
      backOfficeCount: backOffice.reduce((s, t) => s + t.refundCount, 0),
      backOfficeFen: neg(backOffice.reduce((s, t) => s + t.refundFen, 0)),
      list: refundList.slice(0, REFUND_LIST_MAX),
      listTruncated: refundListTruncated || refundList.length > REFUND_LIST_MAX,
    },
    voids: { count: voidCount, totalFen: voidFen },
    payments: {
      byState: [...attempts.entries()].map(([state, v]) => ({
        state: state as ReportData['payments']['byState'][number]['state'],
        count: v[0]!,
        amountFen: v[1]!,
      })),
      open: open.slice(0, OPEN_ATTEMPT_LIST_MAX),
      openCount,
    },
    bills: { count: billCount, byStatus, firstBillNo: first, lastBillNo: last },
    outbox: { depth: meta.outbox.depth, oldestWaitingMs: meta.outbox.oldestWaitingMs, failing: meta.outbox.failing },
  };
}
