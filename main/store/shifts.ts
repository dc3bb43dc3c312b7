/**
 * Shifts (班次) and the cash drawer.
 *
 * One open shift per terminal (the database refuses a second: shifts_one_open). A shift
 * opens with a float, takes cash movements (in/out with a reason and, for out, usually a
 * supervisor), and closes with the drawer count (by denomination or a total). The expected
 * cash comes from `shiftSummary()` — the same computation the reports use.
 */
import { MAX_FEN } from '../../app/money.js';
import { DENOMINATIONS_FEN } from '../../app/report/cash.js';
import { AppError } from '../../app/result.js';
import { createBusyBillQuery } from '../bills/bill-repo.js';
import { audit } from './audit.js';
import type { Store } from './db.js';
import type { ShiftDbRow } from './shift-row.js';
import { shiftSummary, type ShiftSummary } from './shift-summary.js';

export interface ShiftView {
  id: number;
  operatorNo: string;
  status: 'open' | 'closed';
  openedAt: number;
  floatFen: number;
  closedAt: number | null;
  closedBy: string | null;
  expectedCashFen: number | null;
  countedCashFen: number | null;
  /** Denomination (fen, as a string key) → number of notes/coins. */
  countDetail: Record<string, number> | null;
  differenceNote: string | null;
}

export interface CashMovement {
  id: number;
  shiftId: number;
  direction: 'in' | 'out';
  amountFen: number;
  reason: string;
  operatorNo: string;
  authorisedBy: string | null;
  createdAt: number;
}

/** RMB notes and coins, in fen (one definition, shared with the close screen: app/report/cash.ts). */
export { DENOMINATIONS_FEN };

export interface CloseShiftInput {
  closedBy: string;
  /** Total counted. Optional when countDetail is given (then it is computed); must agree if both. */
  countedCashFen?: number;
  countDetail?: Record<string, number>;
  /**
   * Why counted ≠ expected. Optional: a difference is recorded and reported, never a reason
   * to refuse closing (a known complaint about other systems).
   */
  differenceNote?: string | null;
}

export interface ShiftService {
  open(input: { operatorNo: string; floatFen: number }): ShiftView;
  current(): ShiftView | null;
  get(id: number): ShiftView | null;
  list(opts?: { limit?: number; beforeId?: number }): ShiftView[];
  addCashMovement(input: {
    direction: 'in' | 'out';
    amountFen: number;
    reason: string;
    operatorNo: string;
    authorisedBy?: string | null;
  }): CashMovement;
  listCashMovements(shiftId: number): CashMovement[];
  summary(shiftId: number): ShiftSummary | null;
  /**
   * Close the open shift with the drawer count. Refused while a bill is open or locked
   * (`bill-locked`, details.reason 'bill-open-at-close'): park, finish or void it first.
   * Returns the closed shift and its final summary.
   */
  close(input: CloseShiftInput): { shift: ShiftView; summary: ShiftSummary };
}

const toView = (r: ShiftDbRow): ShiftView => ({
  id: r.id,
  operatorNo: r.operator_no,
  status: r.status,
  openedAt: r.opened_at,
  floatFen: r.float_fen,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  expectedCashFen: r.expected_cash_fen,
  countedCashFen: r.counted_cash_fen,
  countDetail: r.count_detail ? (JSON.parse(r.count_detail) as Record<string, number>) : null,
  differenceNote: r.difference_note,
});

function money(field: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    throw new AppError('invalid-input', `${field}: integer fen`, { field });
  if (v < min || v > MAX_FEN)
    throw new AppError('amount-out-of-range', `${field}: ${min} to ${MAX_FEN} fen`, {
      field,
      min,
      max: MAX_FEN,
      value: v,
    });
  return v;
}

function label(field: string, v: unknown, max: number): string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (s.length < 1 || s.length > max)
    throw new AppError('invalid-input', `${field}: 1 to ${max} characters`, { field, max });
  return s;
}

/**
 * The open shift as other modules need it (the bill service stamps it on bills and tenders):
 * shifts belongs to this module, nothing else reads the table by its own SQL.
 */
export interface OpenShiftLookup {
  /** The id of the open shift, or null. */
  openShiftId(): number | null;
  /** Whether shift `shiftId` exists and is open. */
  isOpen(shiftId: number): boolean;
}

export function createOpenShiftLookup(store: Store): OpenShiftLookup {
  const open = store.db.prepare("SELECT id FROM shifts WHERE status = 'open' LIMIT 1").pluck();
  const status = store.db.prepare('SELECT status FROM shifts WHERE id = ?').pluck();
  return {
    openShiftId: () => (open.get() as number | undefined) ?? null,
    isOpen: (shiftId) => status.get(shiftId) === 'open',
  };
}

export function createShiftService(opts: { store: Store; now: () => number }): ShiftService {
  const { store, now } = opts;
  const { db } = store;
  const q = {
    current: db.prepare("SELECT * FROM shifts WHERE status = 'open' LIMIT 1"),
    get: db.prepare('SELECT * FROM shifts WHERE id = ?'),
    insert: db.prepare("INSERT INTO shifts (operator_no, status, opened_at, float_fen) VALUES (?, 'open', ?, ?)"),
    close: db.prepare(
      "UPDATE shifts SET status = 'closed', closed_at = ?, closed_by = ?, expected_cash_fen = ?, counted_cash_fen = ?, count_detail = ?, difference_note = ? WHERE id = ? AND status = 'open'",
    ),
    move: db.prepare(
      'INSERT INTO cash_movements (shift_id, direction, amount_fen, reason, operator_no, authorised_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    moves: db.prepare('SELECT * FROM cash_movements WHERE shift_id = ? ORDER BY id'),
  };
  // bills belongs to the bill module: the bill on the counter is asked of it.
  const busyBill = createBusyBillQuery(store);

  const current = (): ShiftDbRow | undefined => q.current.get() as ShiftDbRow | undefined;

  return {
    open(input) {
      const operatorNo = label('operatorNo', input.operatorNo, 32);
      const floatFen = money('floatFen', input.floatFen, 0);
      return store.tx(() => {
        const open = current();
        if (open)
          throw new AppError('shift-already-open', `shift ${open.id} is already open`, {
            shiftId: open.id,
            operatorNo: open.operator_no,
          });
        const id = Number(q.insert.run(operatorNo, now(), floatFen).lastInsertRowid);
        audit(store, { action: 'shift.open', operatorNo, subject: `shift:${id}`, detail: { floatFen } });
        return toView(q.get.get(id) as ShiftDbRow);
      });
    },

    current() {
      const r = current();
      return r ? toView(r) : null;
    },

    get(id) {
      const r = q.get.get(id) as ShiftDbRow | undefined;
      return r ? toView(r) : null;
    },

    list(o = {}) {
      const limit = Math.min(Math.max(1, Math.floor(o.limit ?? 50)), 500);
      const rows = (
        o.beforeId === undefined
          ? db.prepare(`SELECT * FROM shifts ORDER BY id DESC LIMIT ${limit}`).all()
          : db.prepare(`SELECT * FROM shifts WHERE id < ? ORDER BY id DESC LIMIT ${limit}`).all(o.beforeId)
      ) as ShiftDbRow[];
      return rows.map(toView);
    },

    addCashMovement(input) {
      if (input.direction !== 'in' && input.direction !== 'out')
        throw new AppError('invalid-input', 'direction: in or out', { field: 'direction' });
      const amountFen = money('amountFen', input.amountFen, 1);
      const reason = label('reason', input.reason, 100);
      const operatorNo = label('operatorNo', input.operatorNo, 32);
      const authorisedBy =
        input.authorisedBy === undefined || input.authorisedBy === null
          ? null
          : label('authorisedBy', input.authorisedBy, 32);
      return store.tx(() => {
        const open = current();
        if (!open) throw new AppError('shift-not-open', 'no open shift for a cash movement');
        if (input.direction === 'out') {
          const s = shiftSummary(store, open.id)!;
          if (amountFen > s.cash.expectedFen) {
            throw new AppError('amount-out-of-range', `the drawer should hold only ${s.cash.expectedFen} fen`, {
              field: 'amountFen',
              min: 1,
              max: s.cash.expectedFen,
              value: amountFen,
            });
          }
        }
        const at = now();
        const id = Number(
          q.move.run(open.id, input.direction, amountFen, reason, operatorNo, authorisedBy, at).lastInsertRowid,
        );
        audit(store, {
          action: input.direction === 'in' ? 'cash.in' : 'cash.out',
          operatorNo,
          authorisedBy,
          subject: `shift:${open.id}`,
          detail: { amountFen, reason },
        });
        return {
          id,
          shiftId: open.id,
          direction: input.direction,
          amountFen,
          reason,
          operatorNo,
          authorisedBy,
          createdAt: at,
        };
      });
    },

    listCashMovements(shiftId) {
      return (
        q.moves.all(shiftId) as {
          id: number;
          shift_id: number;
          direction: 'in' | 'out';
          amount_fen: number;
          reason: string;
          operator_no: string;
          authorised_by: string | null;
          created_at: number;
        }[]
      ).map((m) => ({
        id: m.id,
        shiftId: m.shift_id,
        direction: m.direction,
        amountFen: m.amount_fen,
        reason: m.reason,
        operatorNo: m.operator_no,
        authorisedBy: m.authorised_by,
        createdAt: m.created_at,
      }));
    },

    summary: (shiftId) => shiftSummary(store, shiftId),

    close(input) {
      const closedBy = label('closedBy', input.closedBy, 32);
      let detail: Record<string, number> | null = null;
      let fromDetail: number | null = null;
      if (input.countDetail !== undefined) {
        detail = {};
        fromDetail = 0;
        for (const [k, v] of Object.entries(input.countDetail)) {
          const denom = Number(k);
          if (!(DENOMINATIONS_FEN as readonly number[]).includes(denom)) {
            throw new AppError('invalid-input', `countDetail: ${k} is not an RMB denomination in fen`, {
              field: 'countDetail',
              denomination: k,
            });
          }
          if (!Number.isSafeInteger(v) || v < 0 || v > 100_000)
            throw new AppError('invalid-input', `countDetail: bad count for ${k}`, {
              field: 'countDetail',
              denomination: k,
            });
          if (v > 0) detail[String(denom)] = v;
          fromDetail += denom * v;
        }
      }
      let counted: number;
      if (input.countedCashFen !== undefined) {
        counted = money('countedCashFen', input.countedCashFen, 0);
        if (fromDetail !== null && fromDetail !== counted) {
          throw new AppError(
            'invalid-input',
            `countedCashFen ${counted} differs from the denominations' sum ${fromDetail}`,
            {
              field: 'countedCashFen',
              fromDetail,
            },
          );
        }
      } else if (fromDetail !== null) {
        counted = money('countedCashFen', fromDetail, 0);
      } else {
        throw new AppError('invalid-input', 'countedCashFen or countDetail is required', { field: 'countedCashFen' });
      }
      const note =
        input.differenceNote === undefined || input.differenceNote === null || input.differenceNote.trim() === ''
          ? null
          : label('differenceNote', input.differenceNote, 200);
      return store.tx(() => {
        const open = current();
        if (!open) throw new AppError('shift-not-open', 'no open shift to close');
        const busy = busyBill();
        if (busy) {
          throw new AppError(
            'bill-locked',
            `bill ${busy.bill_no} is still ${busy.status}: finish, park or void it before closing the shift`,
            {
              reason: 'bill-open-at-close',
              billId: busy.id,
              billNo: busy.bill_no,
              status: busy.status,
            },
          );
        }
        const expected = shiftSummary(store, open.id)!.cash.expectedFen;
        q.close.run(now(), closedBy, expected, counted, detail ? JSON.stringify(detail) : null, note, open.id);
        audit(store, {
          action: 'shift.close',
          operatorNo: closedBy,
          subject: `shift:${open.id}`,
          detail: {
            expectedFen: expected,
            countedFen: counted,
            differenceFen: counted - expected,
            ...(note ? { note } : {}),
          },
        });
        return { shift: toView(q.get.get(open.id) as ShiftDbRow), summary: shiftSummary(store, open.id)! };
      });
    },
  };
}
