import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReportView, findSection, type ReportView } from '../../app/report/view.js';
import { ReportDataSchema, TENDER_KINDS, type ReportData } from '../../app/report/schema.js';
import { createBillService, type BillService } from '../bills/bill-service.js';
import { createShiftService, type ShiftService } from '../store/shifts.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { createReportService, type ReportService } from './report-service.js';
import { buildEveryKindOfShift, type BuiltShift } from './test-ledger.js';

/**
 * Every report figure against an independent sum: the raw rows of the ledger (bills, tenders,
 * attempts, cash movements) are read with plain SELECT * and added up here in JavaScript, a
 * path that shares nothing with shift-summary.ts's grouped SQL.
 */

const OFFSET = 480; // China Standard Time: the by-hour buckets must not depend on the machine's zone.

interface RawTender {
  bill_id: number;
  kind: 'barcode' | 'cash' | 'stored-value';
  amount_fen: number;
  tendered_fen: number | null;
  change_fen: number | null;
  created_at: number;
}
interface RawBill {
  id: number;
  bill_no: string;
  kind: 'sale' | 'recharge' | 'refund';
  business_type: number;
  status: string;
  total_fen: number;
  operator_no: string;
}

function raw(ts: TempStore, shiftId: number) {
  const db = ts.store.db;
  const tenders = db.prepare('SELECT * FROM tenders WHERE shift_id = ?').all(shiftId) as RawTender[];
  const bills = db.prepare('SELECT * FROM bills WHERE shift_id = ?').all(shiftId) as RawBill[];
  const attempts = db.prepare('SELECT * FROM payment_attempts').all() as {
    bill_id: number;
    state: string;
    amount_fen: number;
  }[];
  const moves = db.prepare('SELECT * FROM cash_movements WHERE shift_id = ?').all(shiftId) as {
    direction: string;
    amount_fen: number;
  }[];
  const shift = db.prepare('SELECT * FROM shifts WHERE id = ?').get(shiftId) as { float_fen: number };
  return { tenders, bills, attempts: attempts.filter((a) => bills.some((b) => b.id === a.bill_id)), moves, shift };
}

const sum = <T>(xs: T[], f: (x: T) => number): number => xs.reduce((s, x) => s + f(x), 0);

/** The money cell of a section row / column as the screen shows it. */
function cell(view: ReportView, section: string, row: string, column: string): number | string {
  const s = findSection(view, section);
  if (!s) throw new Error(`no section ${section}`);
  const r = s.rows.find((x) => x.key === row);
  if (!r) throw new Error(`no row ${row} in ${section}`);
  const i = s.columns.findIndex((c) => c.key === column);
  if (i < 0) throw new Error(`no column ${column} in ${section}`);
  return r.cells[i]!.value;
}

describe('X/Z report figures against independent sums of the bills', () => {
  let ts: TempStore;
  let bills: BillService;
  let shifts: ShiftService;
  let reports: ReportService;
  let built: BuiltShift;

  beforeEach(() => {
    ts = tempStore();
    const now = () => ts.clock.t;
    bills = createBillService({ store: ts.store, now, terminalNo: 'T01', random: () => 0.5 });
    shifts = createShiftService({ store: ts.store, now });
    reports = createReportService({ store: ts.store, terminalNo: 'T01', now, utcOffsetMinutes: () => OFFSET });
    built = buildEveryKindOfShift({ store: ts.store, bills, shifts, clock: ts.clock });
  });
  afterEach(() => ts.cleanup());

  it('computes each figure of the X report as the sum of the raw rows', () => {
    const data = reports.x('S01');
    expect(ReportDataSchema.safeParse(data).success).toBe(true);
    const r = raw(ts, built.shiftId);

    // Tenders by kind: received, refunded, net.
    for (const kind of TENDER_KINDS) {
      const ts_ = r.tenders.filter((t) => t.kind === kind);
      const t = data.tenders.find((x) => x.kind === kind)!;
      expect(t.salesCount, kind).toBe(ts_.filter((x) => x.amount_fen > 0).length);
      expect(t.salesFen, kind).toBe(
        sum(
          ts_.filter((x) => x.amount_fen > 0),
          (x) => x.amount_fen,
        ),
      );
      expect(t.refundCount, kind).toBe(ts_.filter((x) => x.amount_fen < 0).length);
      expect(t.refundFen, kind).toBe(
        sum(
          ts_.filter((x) => x.amount_fen < 0),
          (x) => x.amount_fen,
        ),
      );
      expect(t.netFen, kind).toBe(sum(ts_, (x) => x.amount_fen));
    }
    expect(data.netFen).toBe(sum(r.tenders, (t) => t.amount_fen));

    // The scenario's own numbers (so the independent sums are not vacuous).
    expect(data.tenders.find((t) => t.kind === 'cash')).toMatchObject({
      salesCount: 3,
      salesFen: 1250 + 300 + 4000,
      refundCount: 1,
      refundFen: -1250,
    });
    expect(data.tenders.find((t) => t.kind === 'barcode')).toMatchObject({
      salesCount: 2,
      salesFen: 8000 + 10000,
      refundCount: 1,
      refundFen: -3000,
    });

    // Cash: change is never counted as cash taken.
    const cash = r.tenders.filter((t) => t.kind === 'cash');
    const tendered = sum(cash, (t) => t.tendered_fen ?? 0);
    const change = sum(cash, (t) => t.change_fen ?? 0);
    const cashRefunds = sum(
      cash.filter((t) => t.amount_fen < 0),
      (t) => t.amount_fen,
    );
    const inFen = sum(
      r.moves.filter((m) => m.direction === 'in'),
      (m) => m.amount_fen,
    );
    const outFen = sum(
      r.moves.filter((m) => m.direction === 'out'),
      (m) => m.amount_fen,
    );
    expect(tendered).toBe(2000 + 300 + 5000);
    expect(change).toBe(750 + 1000);
    // Each cash sale tender's amount is tendered − change.
    for (const t of cash.filter((x) => x.amount_fen > 0)) expect(t.amount_fen).toBe(t.tendered_fen! - t.change_fen!);
    expect(data.cash).toMatchObject({
      floatFen: r.shift.float_fen,
      tenderedFen: tendered,
      changeFen: change,
      salesFen: tendered - change,
      refundFen: cashRefunds,
      inFen,
      outFen,
      expectedFen: r.shift.float_fen + tendered - change + cashRefunds + inFen - outFen,
      countedFen: null,
      differenceFen: null,
    });
    expect(data.cash.expectedFen).toBe(50_000 + 7300 - 1750 - 1250 + 10_000 - 20_000);

    // Bill kinds and business types: paid bills.
    const paid = r.bills.filter((b) => b.status === 'paid');
    for (const kind of ['sale', 'recharge', 'refund'] as const) {
      const k = data.billKinds.find((x) => x.kind === kind)!;
      expect(k.count, kind).toBe(paid.filter((b) => b.kind === kind).length);
      expect(k.totalFen, kind).toBe(
        sum(
          paid.filter((b) => b.kind === kind),
          (b) => b.total_fen,
        ),
      );
    }
    const keys = new Set(paid.map((b) => `${b.business_type}|${b.kind}`));
    expect(data.businessTypes.length).toBe(keys.size);
    for (const bt of data.businessTypes) {
      const these = paid.filter((b) => b.business_type === bt.businessType && b.kind === bt.kind);
      expect(bt.count).toBe(these.length);
      expect(bt.totalFen).toBe(sum(these, (b) => b.total_fen));
    }

    // Operators: tenders by the bill's operator.
    const opOf = new Map(r.bills.map((b) => [b.id, b.operator_no]));
    const ops = [...new Set(r.tenders.map((t) => opOf.get(t.bill_id)!))].sort();
    expect(data.operators.map((o) => o.operatorNo)).toEqual(ops);
    for (const o of data.operators) {
      const mine = r.tenders.filter((t) => opOf.get(t.bill_id) === o.operatorNo);
      expect(o.salesFen).toBe(
        sum(
          mine.filter((t) => t.amount_fen > 0),
          (t) => t.amount_fen,
        ),
      );
      expect(o.refundFen).toBe(
        sum(
          mine.filter((t) => t.amount_fen < 0),
          (t) => t.amount_fen,
        ),
      );
      expect(o.netFen).toBe(sum(mine, (t) => t.amount_fen));
      expect(o.salesCount).toBe(mine.filter((t) => t.amount_fen > 0).length);
    }

    // Hours: local hour (UTC+8) of each tender.
    const hourOf = (ms: number) => Math.floor((ms + OFFSET * 60_000) / 3_600_000) * 3_600_000 - OFFSET * 60_000;
    const hours = new Map<string, number>();
    for (const t of r.tenders)
      hours.set(
        `${hourOf(t.created_at)}|${t.kind}`,
        (hours.get(`${hourOf(t.created_at)}|${t.kind}`) ?? 0) + t.amount_fen,
      );
    expect(data.hours.length).toBe(hours.size);
    for (const h of data.hours) expect(h.amountFen).toBe(hours.get(`${h.hourStart}|${h.kind}`));
    expect(new Set(data.hours.map((h) => h.hourStart)).size).toBe(3);
    for (const h of data.hours) expect(new Date(h.hourStart + OFFSET * 60_000).getUTCMinutes()).toBe(0);

    // Refunds and voids.
    const refundBills = paid.filter((b) => b.kind === 'refund');
    expect(data.refunds.count).toBe(refundBills.length);
    expect(data.refunds.totalFen).toBe(sum(refundBills, (b) => b.total_fen));
    expect(data.refunds.backOfficeFen).toBe(3000);
    expect(data.refunds.list.map((x) => x.billNo).sort()).toEqual(refundBills.map((b) => b.bill_no).sort());
    const voided = r.bills.filter((b) => b.status === 'voided');
    expect(data.voids).toEqual({ count: voided.length, totalFen: sum(voided, (b) => b.total_fen) });
    expect(data.voids).toEqual({ count: 1, totalFen: 990 });

    // Payment attempts by state; the open one is listed.
    for (const st of data.payments.byState) {
      const these = r.attempts.filter((a) => a.state === st.state);
      expect(st.count, st.state).toBe(these.length);
      expect(st.amountFen, st.state).toBe(sum(these, (a) => a.amount_fen));
    }
    expect(data.payments.byState.map((s) => s.state).sort()).toEqual(['cancelled', 'declined', 'paid', 'unconfirmed']);
    expect(data.payments.openCount).toBe(1);
    expect(data.payments.open).toEqual([
      expect.objectContaining({
        attemptId: built.unconfirmedAttemptId,
        billNo: built.bills['unconfirmed'],
        state: 'unconfirmed',
        amountFen: 2500,
      }),
    ]);

    // Bills: count, status counts, first and last numbers.
    expect(data.bills.count).toBe(r.bills.length);
    const byStatus: Record<string, number> = {};
    for (const b of r.bills) byStatus[b.status] = (byStatus[b.status] ?? 0) + 1;
    expect(data.bills.byStatus).toEqual(byStatus);
    const numbers = r.bills.map((b) => b.bill_no).sort();
    expect(data.bills.firstBillNo).toBe(numbers[0]);
    expect(data.bills.lastBillNo).toBe(numbers[numbers.length - 1]);

    // The offline queue: every paid bill (sales, recharge, refunds) is waiting.
    expect(data.outbox.depth).toBe(paid.length);
    expect(data.terminalNo).toBe('T01');
    expect(data.kind).toBe('x');
  });

  it('shows the same numbers on the screen model as in the data, and the cash rows add up to the expected cash', () => {
    const data = reports.x('S01');
    const view = buildReportView(data, { locale: 'zh-CN' });
    for (const t of data.tenders) {
      expect(cell(view, 'tenders', t.kind, 'net')).toBe(t.netFen);
      expect(cell(view, 'tenders', t.kind, 'sales')).toBe(t.salesFen);
      expect(cell(view, 'tenders', t.kind, 'refund')).toBe(t.refundFen);
    }
    expect(cell(view, 'tenders', 'total', 'net')).toBe(data.netFen);
    const cashRows = findSection(view, 'cash')!.rows.filter((r) =>
      ['float', 'tendered', 'change', 'refund', 'in', 'out'].includes(r.key),
    );
    expect(sum(cashRows, (r) => r.cells[1]!.value as number)).toBe(data.cash.expectedFen);
    expect(cell(view, 'cash', 'expected', 'amount')).toBe(data.cash.expectedFen);
    expect(cell(view, 'billKinds', 'refund', 'amount')).toBe(-data.refunds.totalFen);
    expect(cell(view, 'hours', 'total', 'total')).toBe(data.netFen);
    expect(cell(view, 'operators', 'total', 'net')).toBe(data.netFen);
    expect(cell(view, 'refundsVoids', 'voids', 'amount')).toBe(990);
    expect(cell(view, 'payments', 'unconfirmed', 'count')).toBe(1);
    expect(view.figures.find((f) => f.id === 'net')!.cell.value).toBe(data.netFen);
    expect(view.warnings.some((w) => w.includes('未确认'))).toBe(true);
    // Both languages have the same layout.
    const en = buildReportView(data, { locale: 'en' });
    expect(en.sections.map((s) => [s.id, s.rows.map((r) => r.key)])).toEqual(
      view.sections.map((s) => [s.id, s.rows.map((r) => r.key)]),
    );
    expect(en.title).toMatch(/X report/);
  });

  it('closes with a count, stores the Z report as issued, and flags a ledger changed after the close', () => {
    const before = reports.x(null);
    const closed = shifts.close({
      closedBy: 'S01',
      countDetail: { '10000': 3, '5000': 1, '1000': 1, '500': 1, '100': 2, '50': 1 },
      differenceNote: '少了',
    });
    const counted = 30_000 + 5000 + 1000 + 500 + 200 + 50;
    expect(closed.shift.countedCashFen).toBe(counted);
    const z = reports.issueZ(built.shiftId, 'S01');
    expect(z.kind).toBe('z');
    expect(z.cash).toMatchObject({
      expectedFen: before.cash.expectedFen,
      countedFen: counted,
      differenceFen: counted - before.cash.expectedFen,
      note: '少了',
    });
    expect(z.cash.countDetail).toEqual({ '10000': 3, '5000': 1, '1000': 1, '500': 1, '100': 2, '50': 1 });
    expect(z.netFen).toBe(before.netFen);
    expect(() => reports.issueZ(built.shiftId, 'S01')).toThrow(/already has its Z/);
    // Append-only.
    expect(() => ts.store.db.prepare('DELETE FROM z_reports').run()).toThrow(/append-only/);

    const again = reports.z(built.shiftId);
    expect(again.stored).toBe(true);
    expect(again.current).toBeNull();
    expect(again.issued).toEqual(z);

    // The unconfirmed payment turns out paid after the close: the ledger changes, the Z does not.
    ts.clock.t += 10 * 60_000;
    const unc = bills.getByNo(built.bills['unconfirmed']!)!;
    ts.store.db
      .prepare("UPDATE payment_attempts SET state = 'paid', final_at = ? WHERE id = ?")
      .run(ts.clock.t, built.unconfirmedAttemptId);
    bills.completeByBarcode(unc.id, { attemptId: built.unconfirmedAttemptId, amountFen: 2500, reference: 'LATE' });
    const later = reports.z(built.shiftId);
    expect(later.issued).toEqual(z);
    expect(later.current).not.toBeNull();
    expect(later.current!.netFen).toBe(z.netFen + 2500);
    expect(later.current!.payments.openCount).toBe(0);
    const view = buildReportView(later.issued, { amended: true });
    expect(view.warnings[0]).toMatch(/交班后账目有变化/);
  });

  it('sums shifts in a range report and lists past shifts', () => {
    shifts.close({ closedBy: 'S01', countedCashFen: 36_000 });
    reports.issueZ(built.shiftId, 'S01');
    const first = reports.shift(built.shiftId, null);
    ts.clock.t += 3_600_000;
    const second = buildEveryKindOfShift({ store: ts.store, bills, shifts, clock: ts.clock, openedBy: 'C02' });
    const secondData = reports.shift(second.shiftId, null);
    const range = reports.range(first.period.from - 1, ts.clock.t + 1, 'S01');
    expect(range.kind).toBe('range');
    expect(range.shifts.map((s) => s.id)).toEqual([built.shiftId, second.shiftId]);
    expect(range.netFen).toBe(first.netFen + secondData.netFen);
    for (const kind of TENDER_KINDS) {
      expect(range.tenders.find((t) => t.kind === kind)!.netFen).toBe(
        first.tenders.find((t) => t.kind === kind)!.netFen + secondData.tenders.find((t) => t.kind === kind)!.netFen,
      );
    }
    expect(range.cash.expectedFen).toBe(first.cash.expectedFen + secondData.cash.expectedFen);
    // Only the closed shift has a count.
    expect(range.cash.countedFen).toBe(36_000);
    expect(range.cash.differenceFen).toBe(36_000 - first.cash.expectedFen);
    expect(range.bills.count).toBe(first.bills.count + secondData.bills.count);
    expect(range.payments.openCount).toBe(2);
    const view = buildReportView(range);
    expect(findSection(view, 'shifts')!.rows.map((r) => r.key)).toEqual([
      String(built.shiftId),
      String(second.shiftId),
    ]);

    const history = reports.history(first.period.from - 1, ts.clock.t + 1);
    expect(history.map((h) => h.id)).toEqual([second.shiftId, built.shiftId]);
    expect(history[1]).toMatchObject({
      status: 'closed',
      hasZ: true,
      netFen: first.netFen,
      countedCashFen: 36_000,
      differenceFen: 36_000 - first.cash.expectedFen,
    });
    expect(history[0]).toMatchObject({ status: 'open', hasZ: false, netFen: secondData.netFen, countedCashFen: null });
  });
});

describe('report data', () => {
  it('an empty open shift reports zeros, every tender kind, and no hours', () => {
    const ts = tempStore();
    try {
      const now = () => ts.clock.t;
      createBillService({ store: ts.store, now, terminalNo: 'T09' });
      const shifts = createShiftService({ store: ts.store, now });
      shifts.open({ operatorNo: 'C01', floatFen: 10_000 });
      const reports = createReportService({ store: ts.store, terminalNo: 'T09', now, utcOffsetMinutes: () => OFFSET });
      const data: ReportData = reports.x(null);
      expect(data.tenders.map((t) => t.kind)).toEqual(['barcode', 'cash', 'stored-value', 'campus-qr']);
      expect(data.netFen).toBe(0);
      expect(data.cash.expectedFen).toBe(10_000);
      expect(data.hours).toEqual([]);
      expect(data.bills).toEqual({ count: 0, byStatus: {}, firstBillNo: null, lastBillNo: null });
      const view = buildReportView(data, { locale: 'en' });
      expect(findSection(view, 'hours')!.rows.map((r) => r.key)).toEqual(['total']);
      expect(() => reports.z(1)).toThrow(/still open/);
    } finally {
      ts.cleanup();
    }
  });
});
