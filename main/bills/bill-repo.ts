/**
 * The bill module's tables — bills, bill_lines, tenders — and every statement on them that the
 * bill service runs. Other modules' tables are read through their owners (shifts:
 * main/store/shifts.ts, catalog_items: main/catalog, payment_attempts: main/payments).
 */
import type { Store } from '../store/db.js';
import { LIMITS, type BillKind, type BillStatus } from './bill-types.js';
import type { TenderKind } from '../../app/tender-kinds.js';

export interface BillRow {
  id: number;
  bill_no: string;
  kind: BillKind;
  business_type: number;
  status: BillStatus;
  total_fen: number;
  card_no: string | null;
  refund_of: number | null;
  shift_id: number | null;
  operator_no: string;
  suspended_label: string | null;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

export interface LineRow {
  line_no: number;
  item_code: string | null;
  name: string;
  unit_price_fen: number;
  quantity: number;
  amount_fen: number;
  voided: number;
  /** Migration 011 (pricing, app/pricing.ts): the price before an override, and the line's discounts. */
  list_price_fen: number | null;
  discount_fen: number;
  bill_share_fen: number;
  round_off_fen: number;
}

export interface TenderRow {
  kind: TenderKind;
  amount_fen: number;
  tendered_fen: number | null;
  change_fen: number | null;
  reference: string | null;
  created_at: number;
  attempt_id: number | null;
}

/** The bill the counter is working on: the newest `open` or `locked` bill (one rule, one place). */
const CURRENT_SQL = "SELECT * FROM bills WHERE status IN ('open', 'locked') ORDER BY id DESC LIMIT 1";

/**
 * The newest open or locked bill, for modules that must refuse while one is on the counter
 * (closing a shift). Reads only.
 */
export function createBusyBillQuery(
  store: Store,
): () => { id: number; bill_no: string; status: BillStatus } | undefined {
  const stmt = store.db.prepare(CURRENT_SQL);
  return () => stmt.get() as BillRow | undefined;
}

const LINE_COLUMNS =
  'line_no, item_code, name, unit_price_fen, quantity, amount_fen, voided, list_price_fen, discount_fen, bill_share_fen, round_off_fen';

export function createBillRepo(store: Store) {
  const { db } = store;
  const q = {
    bill: db.prepare('SELECT * FROM bills WHERE id = ?'),
    billByNo: db.prepare('SELECT * FROM bills WHERE bill_no = ?'),
    current: db.prepare(CURRENT_SQL),
    lastPaid: db.prepare(
      "SELECT * FROM bills WHERE status = 'paid' AND kind IN ('sale', 'recharge') ORDER BY closed_at DESC, id DESC LIMIT 1",
    ),
    suspended: db.prepare(
      `SELECT * FROM bills WHERE status = 'suspended' ORDER BY updated_at DESC, id DESC LIMIT ${LIMITS.suspendedMax}`,
    ),
    lines: db.prepare(`SELECT ${LINE_COLUMNS} FROM bill_lines WHERE bill_id = ? ORDER BY line_no`),
    tenders: db.prepare(
      'SELECT kind, amount_fen, tendered_fen, change_fen, reference, created_at, attempt_id FROM tenders WHERE bill_id = ? ORDER BY id',
    ),
    highest: db
      .prepare('SELECT bill_no FROM bills WHERE bill_no >= ? AND bill_no < ? ORDER BY bill_no DESC LIMIT 1')
      .pluck(),
    insertBill: db.prepare(
      `INSERT INTO bills (bill_no, kind, business_type, status, total_fen, card_no, refund_of, shift_id, operator_no, created_at, updated_at)
       VALUES (?, ?, ?, 'open', 0, ?, ?, ?, ?, ?, ?)`,
    ),
    maxLine: db.prepare('SELECT coalesce(max(line_no), 0) FROM bill_lines WHERE bill_id = ?').pluck(),
    countLines: db.prepare('SELECT count(*) FROM bill_lines WHERE bill_id = ?').pluck(),
    liveLineCount: db.prepare('SELECT count(*) FROM bill_lines WHERE bill_id = ? AND voided = 0').pluck(),
    line: db.prepare(`SELECT ${LINE_COLUMNS} FROM bill_lines WHERE bill_id = ? AND line_no = ?`),
    sameItemLine: db.prepare(
      `SELECT ${LINE_COLUMNS} FROM bill_lines WHERE bill_id = ? AND item_code = ? AND unit_price_fen = ? AND voided = 0 ORDER BY line_no DESC LIMIT 1`,
    ),
    insertLine: db.prepare(
      'INSERT INTO bill_lines (bill_id, line_no, item_code, name, unit_price_fen, quantity, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    setLineQty: db.prepare('UPDATE bill_lines SET quantity = ?, amount_fen = ? WHERE bill_id = ? AND line_no = ?'),
    voidLine: db.prepare('UPDATE bill_lines SET voided = 1 WHERE bill_id = ? AND line_no = ?'),
    setLinePricing: db.prepare(
      'UPDATE bill_lines SET amount_fen = ?, discount_fen = ?, bill_share_fen = ?, round_off_fen = ? WHERE bill_id = ? AND line_no = ?',
    ),
    setUnitPrice: db.prepare(
      'UPDATE bill_lines SET unit_price_fen = ?, list_price_fen = ? WHERE bill_id = ? AND line_no = ?',
    ),
    liveTotal: db
      .prepare('SELECT coalesce(sum(amount_fen), 0) FROM bill_lines WHERE bill_id = ? AND voided = 0')
      .pluck(),
    setTotal: db.prepare('UPDATE bills SET total_fen = ?, updated_at = ? WHERE id = ?'),
    setStatus: db.prepare('UPDATE bills SET status = ?, updated_at = ? WHERE id = ?'),
    setCard: db.prepare('UPDATE bills SET card_no = ?, updated_at = ? WHERE id = ?'),
    setShift: db.prepare('UPDATE bills SET shift_id = ? WHERE id = ?'),
    setBusinessType: db.prepare('UPDATE bills SET business_type = ? WHERE id = ?'),
    suspend: db.prepare("UPDATE bills SET status = 'suspended', suspended_label = ?, updated_at = ? WHERE id = ?"),
    resume: db.prepare("UPDATE bills SET status = 'open', suspended_label = NULL, updated_at = ? WHERE id = ?"),
    close: db.prepare('UPDATE bills SET status = ?, updated_at = ?, closed_at = ? WHERE id = ?'),
    paidSum: db.prepare('SELECT coalesce(sum(amount_fen), 0) FROM tenders WHERE bill_id = ?').pluck(),
    insertTender: db.prepare(
      `INSERT INTO tenders (bill_id, shift_id, kind, amount_fen, tendered_fen, change_fen, attempt_id, reference, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    tenderForAttempt: db.prepare('SELECT bill_id FROM tenders WHERE attempt_id = ?').pluck(),
    refundedSum: db
      .prepare(
        "SELECT coalesce(sum(total_fen), 0) FROM bills WHERE refund_of = ? AND kind = 'refund' AND status = 'paid'",
      )
      .pluck(),
    refundsOf: db.prepare("SELECT * FROM bills WHERE refund_of = ? AND kind = 'refund' ORDER BY id"),
  };

  return {
    bill: (id: number) => q.bill.get(id) as BillRow | undefined,
    billByNo: (billNo: string) => q.billByNo.get(billNo) as BillRow | undefined,
    current: () => q.current.get() as BillRow | undefined,
    lastPaid: () => q.lastPaid.get() as BillRow | undefined,
    suspended: () => q.suspended.all() as BillRow[],
    refundsOf: (billId: number) => q.refundsOf.all(billId) as BillRow[],
    refundedSum: (billId: number) => q.refundedSum.get(billId) as number,
    /** The highest bill number in [prefix, prefix + ':'), for the next number of this second. */
    highestBillNo: (prefix: string) => (q.highest.get(prefix, `${prefix}:`) as string | undefined) ?? null,
    insertBill: (b: {
      billNo: string;
      kind: BillKind;
      businessType: number;
      cardNo: string | null;
      refundOf: number | null;
      shiftId: number | null;
      operatorNo: string;
      at: number;
    }): number =>
      Number(
        q.insertBill.run(b.billNo, b.kind, b.businessType, b.cardNo, b.refundOf, b.shiftId, b.operatorNo, b.at, b.at)
          .lastInsertRowid,
      ),
    setTotal: (billId: number, totalFen: number, at: number) => void q.setTotal.run(totalFen, at, billId),
    setStatus: (billId: number, status: BillStatus, at: number) => void q.setStatus.run(status, at, billId),
    setCard: (billId: number, cardNo: string | null, at: number) => void q.setCard.run(cardNo, at, billId),
    setShift: (billId: number, shiftId: number) => void q.setShift.run(shiftId, billId),
    setBusinessType: (billId: number, businessType: number) => void q.setBusinessType.run(businessType, billId),
    suspend: (billId: number, label: string | null, at: number) => void q.suspend.run(label, at, billId),
    resume: (billId: number, at: number) => void q.resume.run(at, billId),
    close: (billId: number, status: 'paid' | 'voided', at: number) => void q.close.run(status, at, at, billId),

    lines: (billId: number) => q.lines.all(billId) as LineRow[],
    line: (billId: number, lineNo: number) => q.line.get(billId, lineNo) as LineRow | undefined,
    sameItemLine: (billId: number, itemCode: string, unitPriceFen: number) =>
      q.sameItemLine.get(billId, itemCode, unitPriceFen) as LineRow | undefined,
    maxLineNo: (billId: number) => q.maxLine.get(billId) as number,
    countLines: (billId: number) => q.countLines.get(billId) as number,
    liveLineCount: (billId: number) => q.liveLineCount.get(billId) as number,
    liveTotal: (billId: number) => q.liveTotal.get(billId) as number,
    insertLine: (
      billId: number,
      l: {
        lineNo: number;
        itemCode: string | null;
        name: string;
        unitPriceFen: number;
        quantity: number;
        amountFen: number;
      },
    ) => void q.insertLine.run(billId, l.lineNo, l.itemCode, l.name, l.unitPriceFen, l.quantity, l.amountFen),
    setLineQuantity: (billId: number, lineNo: number, quantity: number, amountFen: number) =>
      void q.setLineQty.run(quantity, amountFen, billId, lineNo),
    voidLine: (billId: number, lineNo: number) => void q.voidLine.run(billId, lineNo),
    /** What pricing (app/pricing.ts) worked out for a line: its net amount and its discounts. */
    setLinePricing: (
      billId: number,
      lineNo: number,
      p: { amountFen: number; discountFen: number; billShareFen: number; roundOffFen: number },
    ) => void q.setLinePricing.run(p.amountFen, p.discountFen, p.billShareFen, p.roundOffFen, billId, lineNo),
    /** A price override (改价): the new unit price and the list price it replaced (null: back to list). */
    setUnitPrice: (billId: number, lineNo: number, unitPriceFen: number, listPriceFen: number | null) =>
      void q.setUnitPrice.run(unitPriceFen, listPriceFen, billId, lineNo),

    tenders: (billId: number) => q.tenders.all(billId) as TenderRow[],
    paidSum: (billId: number) => q.paidSum.get(billId) as number,
    tenderBillOfAttempt: (attemptId: number) => q.tenderForAttempt.get(attemptId) as number | undefined,
    insertTender: (t: {
      billId: number;
      shiftId: number | null;
      kind: TenderRow['kind'];
      amountFen: number;
      tenderedFen?: number | null;
      changeFen?: number | null;
      attemptId?: number | null;
      reference?: string | null;
      at: number;
    }) =>
      void q.insertTender.run(
        t.billId,
        t.shiftId,
        t.kind,
        t.amountFen,
        t.tenderedFen ?? null,
        t.changeFen ?? null,
        t.attemptId ?? null,
        t.reference ?? null,
        t.at,
      ),
  };
}

export type BillRepo = ReturnType<typeof createBillRepo>;
