/**
 * The bill module's public types: what callers pass in and what the service offers. The life
 * cycle and the refusals are described in bill-service.ts; the limits come from the contract
 * (app/contract) where it declares them (bill-input.ts).
 */
import type { BillView } from '../../app/contract/schemas.js';
import type { DiscountLimit, DiscountSpec, RoundOffRule } from '../../app/pricing.js';
import type { Store } from '../store/db.js';

export type { BillView };
export type BillKind = BillView['kind'];
export type BillStatus = BillView['status'];

/** KouDaiLQ BusinessType of a stored-value card recharge: never mixed with other lines. */
export const RECHARGE_BUSINESS_TYPE = 7;

/** Limits of the bill itself (not of one input field: those are in bill-input.ts). */
export const LIMITS = {
  linesPerBillMax: 500,
  suspendedMax: 50,
} as const;

/** Label of a bill parked because its payment was declined after the counter moved on. */
export const DECLINED_LABEL = '支付未成功';

/** Label of a bill parked because a part was paid late, after the counter moved on (split payment). */
export const PARTLY_PAID_LABEL = '部分已付';

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
  /**
   * Take cash: the whole amount due or more (paid, with change), or less — a cash part (split
   * payment, docs/ARCHITECTURE.md §6.6): the bill stays open, partly paid, with the rest due.
   */
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
   * A part (`amountFen` below the amount due, split payment) records the tender and reopens the
   * bill partly paid (or parks it, PARTLY_PAID_LABEL, when the counter moved on). A late success
   * on a bill already unlocked (open or suspended) is a tender too while it fits what is due.
   * Refused above the amount due, on a paid bill (another tender — the engine must flag a
   * double payment) and on a voided one.
   * Idempotent: completing again with the same attempt returns the paid bill unchanged.
   */
  completeByBarcode(
    billId: number,
    input: { attemptId: number; amountFen: number; reference: string | null },
  ): BillView;

  // ── for back-office modules ──
  /**
   * Run `hook` inside the transaction that closes any bill as paid (cash, barcode, QR, a
   * refund bill), after its tender and outbox row are written: the place where a back-office
   * module writes its own journal row for a bill it linked, so that row exists exactly when the
   * money does. The hook runs in a savepoint: if it throws, its writes are rolled back, the
   * payment is still recorded, and `bill.paid-hook-failed` is audited (the module's own
   * exceptions view must catch the missing row). Returns the unsubscribe function.
   */
  onPaid(hook: PaidHook): () => void;
  /**
   * Declare bills whose amount a back office set (a Xiaobao top-up, a KesionEDU enrollment):
   * `isFixed(billId)` true refuses discounts, 改价 and 抹零 on them (`bill-amount-fixed`), so
   * what the counter collects is what the back office is told. Returns the unsubscribe function.
   */
  fixAmounts(isFixed: (billId: number) => boolean): () => void;
  /**
   * locked | unconfirmed → paid by a back office's own QR charge (bill-qr-charge.ts): a tender of
   * `kind` for the whole amount due, `reference` = the charge id. Idempotent for the same charge.
   */
  completeByQrCharge(billId: number, input: { kind: 'campus-qr'; amountFen: number; reference: string }): BillView;

  // ── discounts, price overrides, 抹零 (bill-discounts.ts; docs/ARCHITECTURE.md §5.1) ──
  /**
   * Set (spec) or clear (null) the discount of a line (`target.lineNo`) or of the whole bill,
   * on an open sale. `actor.limit`: the cashier limit to hold, or null (a supervisor, or
   * authorised over the limit: `actor.authorisedBy`). Above it: `discount-over-limit`.
   */
  discount(
    billId: number,
    target: { lineNo?: number | null },
    spec: DiscountSpec | null,
    actor: DiscountActor,
  ): BillView;
  /** 改价: a line's unit price; the list price is kept. Back to the list price clears it. */
  overridePrice(
    billId: number,
    lineNo: number,
    unitPriceFen: number,
    actor: { operatorNo: string; authorisedBy: string | null },
  ): BillView;
  /** 抹零 by `rule` on the bill (null or 'off': none). */
  roundOff(billId: number, rule: RoundOffRule | null, operatorNo: string): BillView;
}

/** Who gives a discount, who authorised it, and the limit that applies (null: none). */
export interface DiscountActor {
  operatorNo: string;
  authorisedBy: string | null;
  limit: DiscountLimit | null;
}

/** See BillService.onPaid. `bill` is the paid bill as the screen would show it. */
export type PaidHook = (bill: BillView) => void;
