/**
 * The bill service: builds bills, parks and resumes them, takes cash, and gives the payment
 * engine the state transitions it needs. Every operation is one synchronous transaction
 * (nested as a savepoint when the caller — e.g. the payment engine — already holds one).
 * Money is integer fen. Invalid input throws AppError naming the field and the limit.
 *
 * Bill life cycle (bills.status):
 *
 *   open ──suspend──▶ suspended ──resume──▶ open
 *   open ──voidBill──▶ voided            (also from suspended)
 *   open ──payCash──▶ paid
 *   open ──lockForPayment──▶ locked ──completeByBarcode──▶ paid
 *                            locked ──markUnconfirmed──▶ unconfirmed ──completeByBarcode──▶ paid
 *                            locked | unconfirmed ──unlockAfterDecline──▶ open
 *                                 (or ▶ suspended when the counter has moved on to another bill)
 *   open | suspended ──completeByBarcode (a late success, amount still matching)──▶ paid
 *   (refund() creates a refund bill that is paid at once; the original stays paid)
 *
 * Every content change (lines, card number, cash) requires `open`. Refusals:
 *   locked / unconfirmed → `bill-locked` (a payment attempt is live),
 *   paid → `bill-already-paid`, suspended / voided → `bill-not-open`;
 * details always carry { billId, billNo, status }.
 *
 * A bill that becomes paid gets its outbox row (the bill feed payload) in the same
 * transaction, so it reaches the back office exactly once in effect.
 *
 * Shift: a bill carries the shift it was last worked in. create, resume, lockForPayment and
 * payCash stamp the currently open shift (if any) onto the bill; tenders carry the bill's
 * shift. Cash requires an open shift (the drawer belongs to it).
 */
import { z } from 'zod';
import type { BillView } from '../../app/contract/schemas.js';
import { MAX_FEN } from '../../app/money.js';
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { FEED_VERSION, type FeedBill } from '../sync/bill-feed.js';
import { enqueue } from '../sync/outbox.js';
import { assertTerminalNo, nextBillNo } from './bill-number.js';

export type { BillView };
export type BillKind = BillView['kind'];
export type BillStatus = BillView['status'];

/** KouDaiLQ BusinessType of a stored-value card recharge: never mixed with other lines. */
export const RECHARGE_BUSINESS_TYPE = 7;

export const LIMITS = {
  lineNameMax: 100,
  itemCodeMax: 40,
  quantityMax: 9999,
  linesPerBillMax: 500,
  cardNoMax: 20,
  operatorNoMax: 32,
  suspendLabelMax: 40,
  voidReasonMax: 200,
  referenceMax: 64,
  suspendedMax: 50,
} as const;

export interface CreateBillInput {
  kind: BillKind;
  businessType: number;
  operatorNo: string;
  /** The shift the bill is opened in; null only when the caller has no shift (e.g. tests of refunds). */
  shiftId: number | null;
  cardNo?: string | null;
  /** For kind 'refund': the id of the paid bill it refunds. */
  refundOf?: number | null;
}

export interface RefundInput {
  /** The paid sale or recharge being refunded. */
  originalBillId: number;
  /** Default: everything not refunded yet. */
  amountFen?: number;
  /** How the money goes back: 'cash' from the drawer, or the original tender kind. */
  tenderKind: 'barcode' | 'cash' | 'stored-value';
  /** Who did it at the counter (the refund bill's operator). */
  operatorNo: string;
  /** The supervisor who authorised it. */
  authorisedBy: string;
  reason: string;
}

export interface AddLineInput {
  itemCode?: string | null;
  name: string;
  unitPriceFen: number;
  quantity: number;
}

export interface BillServiceOptions {
  store: Store;
  now: () => number;
  /** 1–8 letters or digits; the prefix of every bill number of this counter. */
  terminalNo: string;
  /** For the random start of the per-second sequence; tests inject a fixed one. */
  random?: () => number;
}

export interface BillService {
  readonly terminalNo: string;
  /** Open a new bill. Refused (`bill-locked`, details.reason 'another-bill-open') while another bill is open or locked. */
  create(input: CreateBillInput): BillView;
  get(id: number): BillView | null;
  getByNo(billNo: string): BillView | null;
  /** The bill the counter is working on: the newest `open` or `locked` bill, or null. */
  current(): BillView | null;
  /** The newest paid sale or recharge (for "reprint the last receipt"), or null. */
  lastPaid(): BillView | null;
  addLine(billId: number, line: AddLineInput): BillView;
  /** Add an active catalog item by code (a repeat of the same item adds to its line). */
  addItemByCode(billId: number, code: string, quantity?: number): BillView;
  /** A free-amount line (quick sale): one unit at `amountFen`. */
  addFreeAmount(billId: number, amountFen: number, name?: string): BillView;
  setQuantity(billId: number, lineNo: number, quantity: number): BillView;
  voidLine(billId: number, lineNo: number): BillView;
  /** Set or clear (null / '') the stored-value card number. */
  setCardNo(billId: number, cardNo: string | null): BillView;
  suspend(billId: number, label?: string | null): BillView;
  /** Suspended bills, most recently parked first. */
  listSuspended(): BillView[];
  /** Resume a parked bill. Refused while another bill is open or locked. */
  resume(billId: number): BillView;
  /** Void an open or suspended bill. `by` is the operator (or supervisor) who authorised it. */
  voidBill(billId: number, by: string, reason: string): BillView;
  /** Take cash for the whole amount due; returns the paid bill and the change to hand back. */
  payCash(billId: number, input: { tenderedFen: number; operatorNo: string }): { bill: BillView; changeFen: number };
  /**
   * Refund a paid sale or recharge: a bill of its own (kind 'refund', refund_of → the original,
   * same business type and card), settled at once in one transaction — a negative tender of
   * `tenderKind` (cash leaves the drawer and counts in the shift's expected cash; barcode and
   * stored-value refunds are paid back by the back office: there is no gateway refund call),
   * status paid, an audit row naming who authorised it, and the feed row in the outbox.
   * Several partial refunds may follow one another up to the original's total
   * (`amount-out-of-range` beyond). Needs an open shift (`shift-not-open`). It does not touch
   * the bill on the counter.
   */
  refund(input: RefundInput): BillView;
  /** What is left to refund of a paid bill (its total minus its paid refunds). */
  refundable(billId: number): { totalFen: number; refundedFen: number; remainingFen: number; refunds: BillView[] };

  // ── for the payment engine (callable inside its own transactions) ──
  /** open → locked. Refuses an empty bill, a zero total, a recharge without card number, a non-open bill. */
  lockForPayment(billId: number): BillView;
  /**
   * locked | unconfirmed → open (a definitive decline). If another bill is open or locked by
   * then, the bill is parked (suspended, label DECLINED_LABEL) instead. Idempotent on an open bill.
   */
  unlockAfterDecline(billId: number): BillView;
  /** locked → unconfirmed. Idempotent on an unconfirmed bill. */
  markUnconfirmed(billId: number): BillView;
  /**
   * locked | unconfirmed → paid, with a barcode tender for `attemptId` and the outbox row.
   * A late success on a bill already unlocked (open or suspended) completes it too, when
   * `amountFen` still equals the amount due. Refused on a paid bill (another tender — the
   * engine must flag a double payment) and on a voided one.
   * Idempotent: completing again with the same attempt returns the paid bill unchanged.
   */
  completeByBarcode(billId: number, input: { attemptId: number; amountFen: number; reference: string | null }): BillView;
}

interface BillRow {
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

interface LineRow {
  line_no: number;
  item_code: string | null;
  name: string;
  unit_price_fen: number;
  quantity: number;
  amount_fen: number;
  voided: number;
}

interface TenderRow {
  kind: 'barcode' | 'cash' | 'stored-value';
  amount_fen: number;
  tendered_fen: number | null;
  change_fen: number | null;
  reference: string | null;
  created_at: number;
  attempt_id: number | null;
  gateway_bill_num: string | null;
}

/** Label of a bill parked because its payment was declined after the counter moved on. */
export const DECLINED_LABEL = '支付未成功';

const KindSchema = z.enum(['sale', 'recharge', 'refund']);

function invalid(field: string, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('invalid-input', `${field}: ${message}`, { field, ...details });
}

function fen(field: string, value: unknown, min: number, max = MAX_FEN): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(field, 'must be an integer number of fen', { min, max });
  if (value < min || value > max) {
    throw new AppError('amount-out-of-range', `${field}: must be between ${min} and ${max} fen`, { field, min, max, value });
  }
  return value;
}

function int(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(field, `must be an integer from ${min} to ${max}`, { min, max });
  }
  return value;
}

function text(field: string, value: unknown, max: number, opts: { min?: number } = {}): string {
  if (typeof value !== 'string') throw invalid(field, 'must be text');
  const v = value.trim();
  const min = opts.min ?? 1;
  if (v.length < min) throw invalid(field, 'is required', { min });
  if (v.length > max) throw invalid(field, `at most ${max} characters`, { max });
  return v;
}

function optionalCardNo(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid('cardNo', 'must be text');
  const v = value.trim();
  if (v === '') return null;
  if (v.length > LIMITS.cardNoMax) throw invalid('cardNo', `at most ${LIMITS.cardNoMax} characters`, { max: LIMITS.cardNoMax });
  if (!/^[\x21-\x7e]+$/.test(v)) throw invalid('cardNo', 'letters, digits and symbols only (no spaces)');
  return v;
}

/**
 * Create the bill service. `terminalNo` is written to the `terminal` table the first time
 * (and updated, with an audit row, if the installer changed it).
 */
export function createBillService(opts: BillServiceOptions): BillService {
  const { store, now } = opts;
  const random = opts.random ?? Math.random;
  const terminalNo = opts.terminalNo;
  assertTerminalNo(terminalNo);
  const { db } = store;

  const q = {
    bill: db.prepare('SELECT * FROM bills WHERE id = ?'),
    billByNo: db.prepare('SELECT * FROM bills WHERE bill_no = ?'),
    current: db.prepare("SELECT * FROM bills WHERE status IN ('open', 'locked') ORDER BY id DESC LIMIT 1"),
    lastPaid: db.prepare("SELECT * FROM bills WHERE status = 'paid' AND kind IN ('sale', 'recharge') ORDER BY closed_at DESC, id DESC LIMIT 1"),
    suspended: db.prepare(`SELECT * FROM bills WHERE status = 'suspended' ORDER BY updated_at DESC, id DESC LIMIT ${LIMITS.suspendedMax}`),
    lines: db.prepare('SELECT line_no, item_code, name, unit_price_fen, quantity, amount_fen, voided FROM bill_lines WHERE bill_id = ? ORDER BY line_no'),
    tenders: db.prepare(
      `SELECT t.kind, t.amount_fen, t.tendered_fen, t.change_fen, t.reference, t.created_at, t.attempt_id, a.gateway_bill_num
       FROM tenders t LEFT JOIN payment_attempts a ON a.id = t.attempt_id WHERE t.bill_id = ? ORDER BY t.id`,
    ),
    highest: db.prepare('SELECT bill_no FROM bills WHERE bill_no >= ? AND bill_no < ? ORDER BY bill_no DESC LIMIT 1').pluck(),
    openShift: db.prepare("SELECT id FROM shifts WHERE status = 'open' LIMIT 1").pluck(),
    shiftStatus: db.prepare('SELECT status FROM shifts WHERE id = ?').pluck(),
    insertBill: db.prepare(
      `INSERT INTO bills (bill_no, kind, business_type, status, total_fen, card_no, refund_of, shift_id, operator_no, created_at, updated_at)
       VALUES (?, ?, ?, 'open', 0, ?, ?, ?, ?, ?, ?)`,
    ),
    maxLine: db.prepare('SELECT coalesce(max(line_no), 0) FROM bill_lines WHERE bill_id = ?').pluck(),
    countLines: db.prepare('SELECT count(*) FROM bill_lines WHERE bill_id = ?').pluck(),
    liveLineCount: db.prepare('SELECT count(*) FROM bill_lines WHERE bill_id = ? AND voided = 0').pluck(),
    line: db.prepare('SELECT line_no, item_code, name, unit_price_fen, quantity, amount_fen, voided FROM bill_lines WHERE bill_id = ? AND line_no = ?'),
    sameItemLine: db.prepare(
      'SELECT line_no, item_code, name, unit_price_fen, quantity, amount_fen, voided FROM bill_lines WHERE bill_id = ? AND item_code = ? AND unit_price_fen = ? AND voided = 0 ORDER BY line_no DESC LIMIT 1',
    ),
    insertLine: db.prepare(
      'INSERT INTO bill_lines (bill_id, line_no, item_code, name, unit_price_fen, quantity, amount_fen) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    setLineQty: db.prepare('UPDATE bill_lines SET quantity = ?, amount_fen = ? WHERE bill_id = ? AND line_no = ?'),
    voidLine: db.prepare('UPDATE bill_lines SET voided = 1 WHERE bill_id = ? AND line_no = ?'),
    liveTotal: db.prepare('SELECT coalesce(sum(amount_fen), 0) FROM bill_lines WHERE bill_id = ? AND voided = 0').pluck(),
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
    attemptBill: db.prepare('SELECT bill_id FROM payment_attempts WHERE id = ?').pluck(),
    refundedSum: db.prepare("SELECT coalesce(sum(total_fen), 0) FROM bills WHERE refund_of = ? AND kind = 'refund' AND status = 'paid'").pluck(),
    refundsOf: db.prepare("SELECT * FROM bills WHERE refund_of = ? AND kind = 'refund' ORDER BY id"),
    catalogItem: db.prepare('SELECT code, name, price_fen, business_type FROM catalog_items WHERE code = ? AND active = 1'),
    terminal: db.prepare('SELECT terminal_no FROM terminal WHERE id = 1').pluck(),
    insertTerminal: db.prepare('INSERT INTO terminal (id, terminal_no, created_at) VALUES (1, ?, ?)'),
    updateTerminal: db.prepare('UPDATE terminal SET terminal_no = ? WHERE id = 1'),
  };

  store.tx(() => {
    const known = q.terminal.get() as string | undefined;
    if (known === undefined) {
      q.insertTerminal.run(terminalNo, now());
      audit(store, { action: 'terminal.set', subject: `terminal:${terminalNo}` });
    } else if (known !== terminalNo) {
      q.updateTerminal.run(terminalNo);
      audit(store, { action: 'terminal.renumbered', subject: `terminal:${terminalNo}`, detail: { from: known, to: terminalNo } });
    }
  });

  function view(row: BillRow): BillView {
    const lines = q.lines.all(row.id) as LineRow[];
    const tenders = q.tenders.all(row.id) as TenderRow[];
    const tendered = tenders.reduce((s, t) => s + t.amount_fen, 0);
    return {
      id: row.id,
      billNo: row.bill_no,
      kind: row.kind,
      businessType: row.business_type,
      status: row.status,
      totalFen: row.total_fen,
      dueFen: row.total_fen - tendered,
      cardNo: row.card_no,
      lines: lines.map((l) => ({
        lineNo: l.line_no,
        itemCode: l.item_code,
        name: l.name,
        unitPriceFen: l.unit_price_fen,
        quantity: l.quantity,
        amountFen: l.amount_fen,
        voided: l.voided === 1,
      })),
      tenders: tenders.map((t) => ({
        kind: t.kind,
        amountFen: t.amount_fen,
        tenderedFen: t.tendered_fen,
        changeFen: t.change_fen,
        reference: t.reference,
        createdAt: t.created_at,
      })),
      operatorNo: row.operator_no,
      shiftId: row.shift_id,
      suspendedLabel: row.suspended_label,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      closedAt: row.closed_at,
    };
  }

  function load(billId: number): BillRow {
    if (!Number.isSafeInteger(billId) || billId < 1) throw invalid('billId', 'must be a positive integer');
    const row = q.bill.get(billId) as BillRow | undefined;
    if (!row) throw new AppError('bill-not-found', `bill ${billId} not found`, { billId });
    return row;
  }

  function refuse(row: BillRow, wanted: string): AppError {
    const details = { billId: row.id, billNo: row.bill_no, status: row.status, wanted };
    switch (row.status) {
      case 'locked':
      case 'unconfirmed':
        return new AppError('bill-locked', `bill ${row.bill_no} has a payment in progress (${row.status})`, details);
      case 'paid':
        return new AppError('bill-already-paid', `bill ${row.bill_no} is already paid`, details);
      default:
        return new AppError('bill-not-open', `bill ${row.bill_no} is ${row.status}, not ${wanted}`, details);
    }
  }

  function requireStatus(row: BillRow, ...allowed: BillStatus[]): void {
    if (!allowed.includes(row.status)) throw refuse(row, allowed.join('|'));
  }

  function loadOpen(billId: number): BillRow {
    const row = load(billId);
    requireStatus(row, 'open');
    return row;
  }

  const subject = (row: BillRow) => `bill:${row.bill_no}`;

  function refreshTotal(row: BillRow): void {
    const total = q.liveTotal.get(row.id) as number;
    if (total > MAX_FEN) {
      throw new AppError('amount-out-of-range', `bill total would exceed ${MAX_FEN} fen`, { field: 'totalFen', max: MAX_FEN, value: total });
    }
    q.setTotal.run(total, now(), row.id);
  }

  function refuseIfAnotherOpen(exceptId: number | null): void {
    const other = q.current.get() as BillRow | undefined;
    if (other && other.id !== exceptId) {
      throw new AppError('bill-locked', `bill ${other.bill_no} is still ${other.status === 'open' ? 'open' : 'being paid'}: finish or park it first`, {
        reason: 'another-bill-open',
        billId: other.id,
        billNo: other.bill_no,
        status: other.status,
      });
    }
  }

  function stampOpenShift(row: BillRow): number | null {
    const open = q.openShift.get() as number | undefined;
    if (open !== undefined && open !== row.shift_id) {
      q.setShift.run(open, row.id);
      row.shift_id = open;
    }
    return row.shift_id;
  }

  function insertLine(row: BillRow, line: { itemCode: string | null; name: string; unitPriceFen: number; quantity: number }): void {
    const amount = line.unitPriceFen * line.quantity;
    if (amount > MAX_FEN) {
      throw new AppError('amount-out-of-range', `line amount would exceed ${MAX_FEN} fen`, { field: 'quantity', max: MAX_FEN, value: amount });
    }
    if ((q.countLines.get(row.id) as number) >= LIMITS.linesPerBillMax) {
      throw invalid('lines', `a bill holds at most ${LIMITS.linesPerBillMax} lines`, { max: LIMITS.linesPerBillMax });
    }
    const lineNo = (q.maxLine.get(row.id) as number) + 1;
    q.insertLine.run(row.id, lineNo, line.itemCode, line.name, line.unitPriceFen, line.quantity, amount);
    refreshTotal(row);
    audit(store, {
      action: 'bill.line.add',
      operatorNo: row.operator_no,
      subject: subject(row),
      detail: { lineNo, itemCode: line.itemCode, name: line.name, unitPriceFen: line.unitPriceFen, quantity: line.quantity },
    });
  }

  function changeQuantity(row: BillRow, l: LineRow, quantity: number, action: string): void {
    const amount = l.unit_price_fen * quantity;
    if (amount > MAX_FEN) {
      throw new AppError('amount-out-of-range', `line amount would exceed ${MAX_FEN} fen`, { field: 'quantity', max: MAX_FEN, value: amount });
    }
    q.setLineQty.run(quantity, amount, row.id, l.line_no);
    refreshTotal(row);
    audit(store, { action, operatorNo: row.operator_no, subject: subject(row), detail: { lineNo: l.line_no, from: l.quantity, to: quantity } });
  }

  function feedPayload(row: BillRow, v: BillView): FeedBill {
    const tenders = q.tenders.all(row.id) as TenderRow[];
    const refundOf = row.refund_of === null ? null : ((q.bill.get(row.refund_of) as BillRow | undefined)?.bill_no ?? null);
    return {
      version: FEED_VERSION,
      billNo: v.billNo,
      terminalNo,
      kind: v.kind,
      businessType: v.businessType,
      status: 'paid',
      refundOf,
      operatorNo: v.operatorNo,
      shiftId: v.shiftId,
      cardNo: v.cardNo,
      totalFen: v.totalFen,
      currency: 'CNY',
      createdAt: v.createdAt,
      closedAt: v.closedAt ?? now(),
      lines: v.lines
        .filter((l) => !l.voided)
        .map((l) => ({ lineNo: l.lineNo, itemCode: l.itemCode, name: l.name, unitPriceFen: l.unitPriceFen, quantity: l.quantity, amountFen: l.amountFen })),
      tenders: tenders.map((t) => ({
        kind: t.kind,
        amountFen: t.amount_fen,
        tenderedFen: t.tendered_fen,
        changeFen: t.change_fen,
        reference: t.reference,
        gatewayBillNum: t.gateway_bill_num,
        createdAt: t.created_at,
      })),
    };
  }

  /** Mark paid and enqueue the feed row; caller is inside the transaction. */
  function closePaid(row: BillRow): BillView {
    const at = now();
    q.close.run('paid', at, at, row.id);
    const paid = view(load(row.id));
    enqueue(store, { topic: 'bill', key: paid.billNo, payload: feedPayload(row, paid) });
    return paid;
  }

  function requirePayable(row: BillRow): number {
    if ((q.liveLineCount.get(row.id) as number) === 0 || row.total_fen <= 0) {
      throw new AppError('bill-empty', `bill ${row.bill_no} has nothing to pay`, { billId: row.id, billNo: row.bill_no, totalFen: row.total_fen });
    }
    if (row.kind === 'refund') {
      throw invalid('kind', 'a refund pays money out; it is settled by the refund flow, not collected', { billId: row.id });
    }
    if (row.kind === 'recharge' && !row.card_no) {
      throw invalid('cardNo', 'a stored-value recharge needs the card number', { billId: row.id });
    }
    const due = row.total_fen - (q.paidSum.get(row.id) as number);
    if (due <= 0) throw new AppError('bill-already-paid', `bill ${row.bill_no} has nothing due`, { billId: row.id, billNo: row.bill_no });
    return due;
  }

  const svc: BillService = {
    terminalNo,

    create(input) {
      const kind = KindSchema.safeParse(input.kind);
      if (!kind.success) throw invalid('kind', 'must be sale, recharge or refund');
      const businessType = int('businessType', input.businessType, 1, 7);
      const operatorNo = text('operatorNo', input.operatorNo, LIMITS.operatorNoMax);
      const cardNo = optionalCardNo(input.cardNo);
      if (kind.data === 'recharge' && businessType !== 7) {
        throw invalid('businessType', 'a stored-value recharge is business type 7', { expected: 7 });
      }
      const shiftId = input.shiftId === null ? null : int('shiftId', input.shiftId, 1, Number.MAX_SAFE_INTEGER);
      return store.tx(() => {
        if (shiftId !== null && q.shiftStatus.get(shiftId) !== 'open') {
          throw new AppError('shift-not-open', `shift ${shiftId} is not open`, { shiftId });
        }
        let refundOf: number | null = null;
        if (kind.data === 'refund') {
          if (input.refundOf === undefined || input.refundOf === null) throw invalid('refundOf', 'a refund names the bill it refunds');
          const original = load(int('refundOf', input.refundOf, 1, Number.MAX_SAFE_INTEGER));
          if (original.status !== 'paid' || original.kind === 'refund') {
            throw invalid('refundOf', `bill ${original.bill_no} is not a paid sale or recharge`, { billNo: original.bill_no, status: original.status });
          }
          refundOf = original.id;
        } else if (input.refundOf !== undefined && input.refundOf !== null) {
          throw invalid('refundOf', 'only a refund refers to another bill');
        }
        refuseIfAnotherOpen(null);
        const at = now();
        const billNo = nextBillNo(terminalNo, at, (prefix) => (q.highest.get(prefix, `${prefix}:`) as string | undefined) ?? null, random);
        const info = q.insertBill.run(billNo, kind.data, businessType, cardNo, refundOf, shiftId, operatorNo, at, at);
        const row = load(Number(info.lastInsertRowid));
        audit(store, {
          action: 'bill.create',
          operatorNo,
          subject: subject(row),
          detail: { kind: kind.data, businessType, shiftId, ...(cardNo ? { cardNo } : {}), ...(refundOf ? { refundOf } : {}) },
        });
        return view(row);
      });
    },

    get(id) {
      const row = q.bill.get(id) as BillRow | undefined;
      return row ? view(row) : null;
    },

    getByNo(billNo) {
      const row = q.billByNo.get(billNo) as BillRow | undefined;
      return row ? view(row) : null;
    },

    current() {
      const row = q.current.get() as BillRow | undefined;
      return row ? view(row) : null;
    },

    lastPaid() {
      const row = q.lastPaid.get() as BillRow | undefined;
      return row ? view(row) : null;
    },

    addLine(billId, line) {
      const name = text('name', line.name, LIMITS.lineNameMax);
      const itemCode = line.itemCode === undefined || line.itemCode === null || line.itemCode === '' ? null : text('itemCode', line.itemCode, LIMITS.itemCodeMax);
      const unitPriceFen = fen('unitPriceFen', line.unitPriceFen, 0);
      const quantity = int('quantity', line.quantity, 1, LIMITS.quantityMax);
      return store.tx(() => {
        const row = loadOpen(billId);
        insertLine(row, { itemCode, name, unitPriceFen, quantity });
        return view(load(billId));
      });
    },

    addItemByCode(billId, code, quantity = 1) {
      const c = text('code', code, LIMITS.itemCodeMax);
      const qty = int('quantity', quantity, 1, LIMITS.quantityMax);
      return store.tx(() => {
        const row = loadOpen(billId);
        const item = q.catalogItem.get(c) as { code: string; name: string; price_fen: number; business_type: number } | undefined;
        if (!item) throw new AppError('item-not-found', `no active item with code ${c}`, { field: 'code', code: c });
        const hasLines = (q.liveLineCount.get(row.id) as number) > 0;
        if (item.business_type !== row.business_type) {
          if (row.kind !== 'sale') {
            throw invalid('code', `item ${c} belongs to business type ${item.business_type}, this ${row.kind} bill to ${row.business_type}`, {
              billBusinessType: row.business_type,
              itemBusinessType: item.business_type,
            });
          }
          if (!hasLines) {
            // The first line of an empty sale decides its business type.
            q.setBusinessType.run(item.business_type, row.id);
            row.business_type = item.business_type;
          } else if (item.business_type === RECHARGE_BUSINESS_TYPE || row.business_type === RECHARGE_BUSINESS_TYPE) {
            // Stored value is money held for the customer, not a sale: it is never paid together with goods.
            throw new AppError('business-type-mix', `item ${c} (business type ${item.business_type}) cannot share a bill of business type ${row.business_type}: a stored-value recharge is paid on its own`, {
              field: 'code',
              billBusinessType: row.business_type,
              itemBusinessType: item.business_type,
            });
          }
          // Otherwise a mixed bill (a ticket and a bottle of water): one payment, booked under the
          // bill's business type — the first line's (main/bills/README.md).
        }
        const same = q.sameItemLine.get(row.id, item.code, item.price_fen) as LineRow | undefined;
        if (same) {
          const total = same.quantity + qty;
          if (total > LIMITS.quantityMax) throw invalid('quantity', `at most ${LIMITS.quantityMax} per line`, { max: LIMITS.quantityMax });
          changeQuantity(row, same, total, 'bill.line.repeat');
        } else {
          insertLine(row, { itemCode: item.code, name: item.name, unitPriceFen: item.price_fen, quantity: qty });
        }
        return view(load(billId));
      });
    },

    addFreeAmount(billId, amountFen, name) {
      const amount = fen('amountFen', amountFen, 1);
      const lineName = name === undefined || name === null || name.trim() === '' ? '自由金额' : text('name', name, LIMITS.lineNameMax);
      return store.tx(() => {
        const row = loadOpen(billId);
        insertLine(row, { itemCode: null, name: lineName, unitPriceFen: amount, quantity: 1 });
        return view(load(billId));
      });
    },

    setQuantity(billId, lineNo, quantity) {
      const qty = int('quantity', quantity, 1, LIMITS.quantityMax);
      int('lineNo', lineNo, 1, Number.MAX_SAFE_INTEGER);
      return store.tx(() => {
        const row = loadOpen(billId);
        const l = q.line.get(billId, lineNo) as LineRow | undefined;
        if (!l) throw invalid('lineNo', `bill ${row.bill_no} has no line ${lineNo}`);
        if (l.voided) throw invalid('lineNo', `line ${lineNo} is voided`);
        if (l.quantity !== qty) changeQuantity(row, l, qty, 'bill.line.quantity');
        return view(load(billId));
      });
    },

    voidLine(billId, lineNo) {
      int('lineNo', lineNo, 1, Number.MAX_SAFE_INTEGER);
      return store.tx(() => {
        const row = loadOpen(billId);
        const l = q.line.get(billId, lineNo) as LineRow | undefined;
        if (!l) throw invalid('lineNo', `bill ${row.bill_no} has no line ${lineNo}`);
        if (!l.voided) {
          q.voidLine.run(billId, lineNo);
          refreshTotal(row);
          audit(store, {
            action: 'bill.line.void',
            operatorNo: row.operator_no,
            subject: subject(row),
            detail: { lineNo, name: l.name, quantity: l.quantity, amountFen: l.amount_fen },
          });
        }
        return view(load(billId));
      });
    },

    setCardNo(billId, cardNo) {
      const card = optionalCardNo(cardNo);
      return store.tx(() => {
        const row = loadOpen(billId);
        if (card !== row.card_no) {
          q.setCard.run(card, now(), billId);
          audit(store, { action: 'bill.card', operatorNo: row.operator_no, subject: subject(row), detail: { from: row.card_no, to: card } });
        }
        return view(load(billId));
      });
    },

    suspend(billId, label) {
      const l = label === undefined || label === null || label.trim() === '' ? null : text('label', label, LIMITS.suspendLabelMax);
      return store.tx(() => {
        const row = loadOpen(billId);
        if ((q.liveLineCount.get(row.id) as number) === 0) {
          throw new AppError('bill-empty', `bill ${row.bill_no} is empty: nothing to park`, { billId, billNo: row.bill_no });
        }
        q.suspend.run(l, now(), billId);
        audit(store, { action: 'bill.suspend', operatorNo: row.operator_no, subject: subject(row), detail: { label: l, totalFen: row.total_fen } });
        return view(load(billId));
      });
    },

    listSuspended() {
      return (q.suspended.all() as BillRow[]).map(view);
    },

    resume(billId) {
      return store.tx(() => {
        const row = load(billId);
        requireStatus(row, 'suspended');
        refuseIfAnotherOpen(row.id);
        q.resume.run(now(), billId);
        stampOpenShift(row);
        audit(store, { action: 'bill.resume', operatorNo: row.operator_no, subject: subject(row) });
        return view(load(billId));
      });
    },

    voidBill(billId, by, reason) {
      const who = text('by', by, LIMITS.operatorNoMax);
      const why = text('reason', reason, LIMITS.voidReasonMax);
      return store.tx(() => {
        const row = load(billId);
        requireStatus(row, 'open', 'suspended');
        const at = now();
        q.close.run('voided', at, at, billId);
        audit(store, {
          action: 'bill.void',
          operatorNo: row.operator_no,
          authorisedBy: who,
          subject: subject(row),
          detail: { reason: why, totalFen: row.total_fen, from: row.status },
        });
        return view(load(billId));
      });
    },

    payCash(billId, input) {
      const tendered = fen('tenderedFen', input.tenderedFen, 1);
      const operatorNo = text('operatorNo', input.operatorNo, LIMITS.operatorNoMax);
      return store.tx(() => {
        const row = loadOpen(billId);
        const due = requirePayable(row);
        if (q.openShift.get() === undefined) throw new AppError('shift-not-open', 'cash needs an open shift (the drawer belongs to it)');
        if (tendered < due) {
          throw new AppError('amount-out-of-range', `tendered ${tendered} fen is less than the ${due} fen due`, {
            field: 'tenderedFen',
            min: due,
            max: MAX_FEN,
            value: tendered,
          });
        }
        const shiftId = stampOpenShift(row);
        const change = tendered - due;
        q.insertTender.run(billId, shiftId, 'cash', due, tendered, change, null, null, now());
        const paid = closePaid(row);
        audit(store, {
          action: 'bill.pay.cash',
          operatorNo,
          subject: subject(row),
          detail: { amountFen: due, tenderedFen: tendered, changeFen: change, shiftId },
        });
        return { bill: paid, changeFen: change };
      });
    },

    refund(input) {
      const originalId = int('originalBillId', input.originalBillId, 1, Number.MAX_SAFE_INTEGER);
      const tenderKind = z.enum(['barcode', 'cash', 'stored-value']).safeParse(input.tenderKind);
      if (!tenderKind.success) throw invalid('tenderKind', 'must be barcode, cash or stored-value');
      const operatorNo = text('operatorNo', input.operatorNo, LIMITS.operatorNoMax);
      const authorisedBy = text('authorisedBy', input.authorisedBy, LIMITS.operatorNoMax);
      const reason = text('reason', input.reason, LIMITS.voidReasonMax);
      const wanted = input.amountFen === undefined ? null : fen('amountFen', input.amountFen, 1);
      return store.tx(() => {
        const original = load(originalId);
        if (original.kind === 'refund' || original.status !== 'paid') {
          throw invalid('originalBillId', `bill ${original.bill_no} is not a paid sale or recharge`, { billNo: original.bill_no, status: original.status, kind: original.kind });
        }
        const refunded = q.refundedSum.get(original.id) as number;
        const remaining = original.total_fen - refunded;
        if (remaining <= 0) {
          throw new AppError('amount-out-of-range', `bill ${original.bill_no} is already refunded in full`, { field: 'amountFen', min: 0, max: 0, refundedFen: refunded });
        }
        const amount = wanted ?? remaining;
        if (amount > remaining) {
          throw new AppError('amount-out-of-range', `at most ${remaining} fen of bill ${original.bill_no} is left to refund`, {
            field: 'amountFen',
            min: 1,
            max: remaining,
            value: amount,
            refundedFen: refunded,
          });
        }
        const shiftId = q.openShift.get() as number | undefined;
        if (shiftId === undefined) throw new AppError('shift-not-open', 'a refund is recorded in the open shift: open one first');
        const at = now();
        const billNo = nextBillNo(terminalNo, at, (prefix) => (q.highest.get(prefix, `${prefix}:`) as string | undefined) ?? null, random);
        const info = q.insertBill.run(billNo, 'refund', original.business_type, original.card_no, original.id, shiftId, operatorNo, at, at);
        const row = load(Number(info.lastInsertRowid));
        audit(store, {
          action: 'bill.create',
          operatorNo,
          authorisedBy,
          subject: subject(row),
          detail: { kind: 'refund', businessType: original.business_type, shiftId, refundOf: original.id },
        });
        const liveLines = (q.lines.all(original.id) as LineRow[]).filter((l) => !l.voided);
        if (refunded === 0 && amount === original.total_fen && liveLines.length > 0) {
          // A full refund carries the original's lines (what came back).
          for (const l of liveLines) {
            q.insertLine.run(row.id, l.line_no, l.item_code, l.name, l.unit_price_fen, l.quantity, l.amount_fen);
          }
        } else {
          q.insertLine.run(row.id, 1, null, `退款 ${original.bill_no}`, amount, 1, amount);
        }
        refreshTotal(row);
        const originalReference = (q.tenders.all(original.id) as TenderRow[]).find((t) => t.kind === tenderKind.data)?.reference ?? null;
        q.insertTender.run(row.id, shiftId, tenderKind.data, -amount, null, null, null, originalReference, at);
        const paid = closePaid(load(row.id));
        audit(store, {
          action: 'bill.refund',
          operatorNo,
          authorisedBy,
          subject: subject(row),
          detail: { refundOf: original.bill_no, amountFen: amount, tenderKind: tenderKind.data, reason, shiftId, refundedBeforeFen: refunded },
        });
        audit(store, {
          action: 'bill.refunded',
          operatorNo,
          authorisedBy,
          subject: subject(original),
          detail: { refundBillNo: paid.billNo, amountFen: amount, tenderKind: tenderKind.data, reason },
        });
        return paid;
      });
    },

    refundable(billId) {
      const original = load(billId);
      const refunds = (q.refundsOf.all(original.id) as BillRow[]).map(view);
      const refundedFen = refunds.filter((r) => r.status === 'paid').reduce((s, r) => s + r.totalFen, 0);
      const totalFen = original.kind === 'refund' || original.status !== 'paid' ? 0 : original.total_fen;
      return { totalFen, refundedFen, remainingFen: Math.max(0, totalFen - refundedFen), refunds };
    },

    lockForPayment(billId) {
      return store.tx(() => {
        const row = loadOpen(billId);
        const due = requirePayable(row);
        q.setStatus.run('locked', now(), billId);
        stampOpenShift(row);
        audit(store, { action: 'bill.lock', operatorNo: row.operator_no, subject: subject(row), detail: { dueFen: due } });
        return view(load(billId));
      });
    },

    unlockAfterDecline(billId) {
      return store.tx(() => {
        const row = load(billId);
        if (row.status === 'open') return view(row);
        requireStatus(row, 'locked', 'unconfirmed');
        const other = q.current.get() as BillRow | undefined;
        if (other && other.id !== row.id) {
          // The counter moved on to another bill meanwhile: park this one instead of
          // opening a second bill under the cashier's hands.
          q.suspend.run(DECLINED_LABEL, now(), billId);
          audit(store, { action: 'bill.unlock', operatorNo: row.operator_no, subject: subject(row), detail: { from: row.status, to: 'suspended' } });
        } else {
          q.setStatus.run('open', now(), billId);
          audit(store, { action: 'bill.unlock', operatorNo: row.operator_no, subject: subject(row), detail: { from: row.status, to: 'open' } });
        }
        return view(load(billId));
      });
    },

    markUnconfirmed(billId) {
      return store.tx(() => {
        const row = load(billId);
        if (row.status === 'unconfirmed') return view(row);
        requireStatus(row, 'locked');
        q.setStatus.run('unconfirmed', now(), billId);
        audit(store, { action: 'bill.unconfirmed', operatorNo: row.operator_no, subject: subject(row) });
        return view(load(billId));
      });
    },

    completeByBarcode(billId, input) {
      const attemptId = int('attemptId', input.attemptId, 1, Number.MAX_SAFE_INTEGER);
      const amountFen = fen('amountFen', input.amountFen, 1);
      const reference = input.reference === null || input.reference === undefined || input.reference === '' ? null : text('reference', input.reference, LIMITS.referenceMax);
      return store.tx(() => {
        const row = load(billId);
        const attemptBill = q.attemptBill.get(attemptId) as number | undefined;
        if (attemptBill === undefined) throw new AppError('payment-not-found', `payment attempt ${attemptId} not found`, { attemptId });
        if (attemptBill !== billId) throw invalid('attemptId', `attempt ${attemptId} belongs to another bill`, { attemptId, billId });
        const tenderBill = q.tenderForAttempt.get(attemptId) as number | undefined;
        if (tenderBill !== undefined) {
          // Already completed by this attempt (a repeated confirmation): nothing to do.
          return view(row);
        }
        // Normally locked or unconfirmed. A success that arrives after the bill was unlocked
        // (open, or parked) is still money received: it completes the bill if the amount
        // still matches; otherwise the engine must flag it for a refund.
        requireStatus(row, 'locked', 'unconfirmed', 'open', 'suspended');
        const due = row.total_fen - (q.paidSum.get(billId) as number);
        if (amountFen !== due) {
          throw new AppError('amount-out-of-range', `paid ${amountFen} fen but ${due} fen is due`, { field: 'amountFen', min: due, max: due, value: amountFen });
        }
        q.insertTender.run(billId, row.shift_id, 'barcode', amountFen, null, null, attemptId, reference, now());
        const paid = closePaid(row);
        audit(store, {
          action: 'bill.pay.barcode',
          operatorNo: row.operator_no,
          subject: subject(row),
          detail: { amountFen, attemptId, reference, from: row.status },
        });
        return paid;
      });
    },
  };
  return svc;
}
