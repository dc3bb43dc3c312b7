/**
 * The bill service's shared steps: load a bill and check its status, keep its total, stamp the
 * open shift, add or change a line, and close a bill as paid (with its outbox row). Every
 * caller is already inside `store.tx`. Used by bill-building.ts, bill-settlement.ts and
 * bill-refunds.ts; the life cycle is described in bill-service.ts.
 */
import type { BillView } from '../../app/contract/schemas.js';
import { MAX_FEN } from '../../app/money.js';
import { discretionaryFen } from '../../app/pricing.js';
import { AppError } from '../../app/result.js';
import { createActiveItemLookup } from '../catalog/active-item.js';
import { createAttemptQueries } from '../payments/attempt-queries.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { createOpenShiftLookup } from '../store/shifts.js';
import { enqueue } from '../sync/outbox.js';
import { input, invalid } from './bill-input.js';
import { nextBillNo } from './bill-number.js';
import { createBillRepo, type BillRow, type LineRow } from './bill-repo.js';
import { createAdjustmentRepo } from './bill-adjustment-repo.js';
import { createBillPricing } from './bill-pricing.js';
import { LIMITS, type BillStatus, type PaidHook } from './bill-types.js';
import { billView, feedPayload } from './bill-view.js';

export interface BillCoreOptions {
  store: Store;
  now: () => number;
  terminalNo: string;
  random: () => number;
}

export function createBillCore(opts: BillCoreOptions) {
  const { store, now, terminalNo, random } = opts;
  const repo = createBillRepo(store);
  const shifts = createOpenShiftLookup(store);
  const attempts = createAttemptQueries(store);
  const activeItem = createActiveItemLookup(store);
  const adjustments = createAdjustmentRepo(store);
  const reprice = createBillPricing(repo, adjustments);

  const paidHooks = new Set<PaidHook>();
  const amountFixers = new Set<(billId: number) => boolean>();

  const view = (row: BillRow): BillView => billView(repo, row, { attempts, adjustments });
  const subject = (row: BillRow) => `bill:${row.bill_no}`;

  function load(billId: number): BillRow {
    if (!Number.isSafeInteger(billId) || billId < 1) throw invalid('billId', 'must be a positive integer');
    const row = repo.bill(billId);
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

  function partlyPaid(row: BillRow, paidFen: number): AppError {
    return new AppError(
      'bill-partly-paid',
      `bill ${row.bill_no} is partly paid (${paidFen} of ${row.total_fen} fen): collect the rest, or have a supervisor refund the paid parts once it is complete`,
      { billId: row.id, billNo: row.bill_no, status: row.status, paidFen, totalFen: row.total_fen },
    );
  }

  function requireStatus(row: BillRow, ...allowed: BillStatus[]): void {
    if (!allowed.includes(row.status)) throw refuse(row, allowed.join('|'));
  }

  /**
   * A bill whose content may change (lines, card, park, void): open, and no money in yet. Once
   * a part is paid the bill is partly paid (docs/ARCHITECTURE.md §6.6): its lines are frozen.
   */
  function loadOpen(billId: number): BillRow {
    const row = load(billId);
    requireStatus(row, 'open');
    refuseIfPartlyPaid(row);
    return row;
  }

  /** A bill that may take a tender (cash or the next barcode part): open, partly paid or not. */
  function loadCollectable(billId: number): BillRow {
    const row = load(billId);
    requireStatus(row, 'open');
    return row;
  }

  /** Refuses any change but collecting the rest once money is in (split payment, §6.6). */
  function refuseIfPartlyPaid(row: BillRow): void {
    const paidFen = repo.paidSum(row.id);
    if (paidFen > 0) throw partlyPaid(row, paidFen);
  }

  /**
   * Reprice the bill (discounts, 抹零: bill-pricing.ts) and store its total. While every discount
   * on the bill was given within a cashier's limit, the limit's percent holds whatever the bill
   * becomes: a line voided under a fixed discount would otherwise turn ¥20 off ¥200 into ¥20 off
   * ¥25 (`discount-over-limit`, reason `bill-changed`: remove the discount, or a supervisor
   * gives it). docs/ARCHITECTURE.md §5.1. `limitChecked`: the caller (a discount) checks the
   * limit itself.
   */
  function refreshTotal(row: BillRow, opts: { limitChecked?: boolean } = {}): void {
    const priced = reprice(row.id);
    if (!opts.limitChecked) holdCashierLimit(row, priced);
    const total = priced.totalFen;
    if (total > MAX_FEN) {
      throw new AppError('amount-out-of-range', `bill total would exceed ${MAX_FEN} fen`, {
        field: 'totalFen',
        max: MAX_FEN,
        value: total,
      });
    }
    repo.setTotal(row.id, total, now());
  }

  function holdCashierLimit(row: BillRow, priced: ReturnType<typeof reprice>): void {
    const given = adjustments.all(row.id).filter((a) => a.kind === 'line-discount' || a.kind === 'bill-discount');
    if (given.length === 0 || given.some((a) => a.limit_pct === null)) return;
    const pct = Math.min(...given.map((a) => a.limit_pct ?? 100));
    const off = discretionaryFen(priced);
    if (off * 100 <= priced.grossFen * pct) return;
    throw new AppError('discount-over-limit', `discount: ${off} fen off ${priced.grossFen} is above ${pct}% now`, {
      field: 'discount',
      reason: 'bill-changed',
      maxPercentOff: pct,
      wantedFen: off,
      grossFen: priced.grossFen,
    });
  }

  function refuseIfAnotherOpen(exceptId: number | null): void {
    const other = repo.current();
    if (other && other.id !== exceptId) {
      throw new AppError(
        'bill-locked',
        `bill ${other.bill_no} is still ${other.status === 'open' ? 'open' : 'being paid'}: finish or park it first`,
        {
          reason: 'another-bill-open',
          billId: other.id,
          billNo: other.bill_no,
          status: other.status,
        },
      );
    }
  }

  function stampOpenShift(row: BillRow): number | null {
    const open = shifts.openShiftId();
    if (open !== null && open !== row.shift_id) {
      repo.setShift(row.id, open);
      row.shift_id = open;
    }
    return row.shift_id;
  }

  function lineAmount(unitPriceFen: number, quantity: number): number {
    const amount = unitPriceFen * quantity;
    if (amount > MAX_FEN) {
      throw new AppError('amount-out-of-range', `line amount would exceed ${MAX_FEN} fen`, {
        field: 'quantity',
        max: MAX_FEN,
        value: amount,
      });
    }
    return amount;
  }

  function insertLine(
    row: BillRow,
    line: { itemCode: string | null; name: string; unitPriceFen: number; quantity: number },
  ): void {
    const amount = lineAmount(line.unitPriceFen, line.quantity);
    if (repo.countLines(row.id) >= LIMITS.linesPerBillMax) {
      throw invalid('lines', `a bill holds at most ${LIMITS.linesPerBillMax} lines`, { max: LIMITS.linesPerBillMax });
    }
    const lineNo = repo.maxLineNo(row.id) + 1;
    repo.insertLine(row.id, { lineNo, ...line, amountFen: amount });
    refreshTotal(row);
    audit(store, {
      action: 'bill.line.add',
      operatorNo: row.operator_no,
      subject: subject(row),
      detail: {
        lineNo,
        itemCode: line.itemCode,
        name: line.name,
        unitPriceFen: line.unitPriceFen,
        quantity: line.quantity,
      },
    });
  }

  function changeQuantity(row: BillRow, l: LineRow, quantity: number, action: string): void {
    const amount = lineAmount(l.unit_price_fen, quantity);
    repo.setLineQuantity(row.id, l.line_no, quantity, amount);
    refreshTotal(row);
    audit(store, {
      action,
      operatorNo: row.operator_no,
      subject: subject(row),
      detail: { lineNo: l.line_no, from: l.quantity, to: quantity },
    });
  }

  /** Mark paid and enqueue the feed row; caller is inside the transaction. */
  function closePaid(row: BillRow): BillView {
    repo.close(row.id, 'paid', now());
    const paid = view(load(row.id));
    enqueue(store, {
      topic: 'bill',
      key: paid.billNo,
      payload: feedPayload({ repo, attempts, terminalNo, now }, row, paid),
    });
    for (const hook of [...paidHooks]) {
      try {
        store.tx(() => hook(paid)); // nested: a savepoint, so a throwing hook undoes only its own writes
      } catch (e) {
        audit(store, {
          action: 'bill.paid-hook-failed',
          operatorNo: row.operator_no,
          subject: subject(row),
          detail: { error: e instanceof Error ? e.message : String(e) },
        });
      }
    }
    return paid;
  }

  function fixAmounts(isFixed: (billId: number) => boolean): () => void {
    amountFixers.add(isFixed);
    return () => amountFixers.delete(isFixed);
  }

  /** Refuses a discount, 改价 or 抹零 on a bill whose amount a back office set (fixAmounts). */
  function requireAdjustable(row: BillRow): void {
    if ([...amountFixers].some((f) => f(row.id)))
      throw new AppError('bill-amount-fixed', `bill ${row.bill_no}: its amount is set by a back office`, {
        billId: row.id,
        billNo: row.bill_no,
      });
  }

  function onPaid(hook: PaidHook): () => void {
    paidHooks.add(hook);
    return () => paidHooks.delete(hook);
  }

  function requirePayable(row: BillRow): number {
    if (repo.liveLineCount(row.id) === 0 || row.total_fen <= 0) {
      throw new AppError('bill-empty', `bill ${row.bill_no} has nothing to pay`, {
        billId: row.id,
        billNo: row.bill_no,
        totalFen: row.total_fen,
      });
    }
    if (row.kind === 'refund') {
      throw invalid('kind', 'a refund pays money out; it is settled by the refund flow, not collected', {
        billId: row.id,
      });
    }
    if (row.kind === 'recharge' && !row.card_no) {
      throw invalid('cardNo', 'a stored-value recharge needs the card number', { billId: row.id });
    }
    const due = row.total_fen - repo.paidSum(row.id);
    if (due <= 0)
      throw new AppError('bill-already-paid', `bill ${row.bill_no} has nothing due`, {
        billId: row.id,
        billNo: row.bill_no,
      });
    return due;
  }

  /** The next bill number of this counter at `at`. */
  const nextNo = (at: number): string => nextBillNo(terminalNo, at, repo.highestBillNo, random);

  return {
    store,
    now,
    terminalNo,
    repo,
    shifts,
    attempts,
    activeItem,
    adjustments,
    reprice,
    input,
    view,
    subject,
    load,
    loadOpen,
    loadCollectable,
    refuseIfPartlyPaid,
    requireStatus,
    refreshTotal,
    refuseIfAnotherOpen,
    stampOpenShift,
    insertLine,
    changeQuantity,
    closePaid,
    onPaid,
    fixAmounts,
    requireAdjustable,
    requirePayable,
    nextNo,
  };
}

export type BillCore = ReturnType<typeof createBillCore>;
