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
 * Split payment (docs/ARCHITECTURE.md §6.6): payCash for less than due and completeByBarcode of
 * a part leave the bill `open` with tenders (partly paid) until the tenders cover the total;
 * a partly paid bill refuses every content change, park and void with `bill-partly-paid`.
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
import { assertTerminalNo } from './bill-number.js';
import { createBillBuilding } from './bill-building.js';
import { createBillCore } from './bill-core.js';
import { createBillDiscounts } from './bill-discounts.js';
import { createBillRefunds } from './bill-refunds.js';
import { createBillSettlement } from './bill-settlement.js';
import { createBillQrCharge } from './bill-qr-charge.js';
import type { BillService, BillServiceOptions } from './bill-types.js';

export * from './bill-types.js';

/**
 * Create the bill service. It writes nothing when created: the terminal row is recorded by
 * ensureTerminalNo (main/bills/terminal.ts), which createCore calls at start.
 *
 * Where things are: the bill tables and their SQL — bill-repo.ts; input checks from the contract
 * — bill-input.ts; shared steps (load, status checks, totals, closing as paid) — bill-core.ts;
 * building and parking — bill-building.ts; cash and the payment engine's transitions —
 * bill-settlement.ts; refunds — bill-refunds.ts; BillView and the feed payload — bill-view.ts.
 */
export function createBillService(opts: BillServiceOptions): BillService {
  assertTerminalNo(opts.terminalNo);
  const core = createBillCore({
    store: opts.store,
    now: opts.now,
    terminalNo: opts.terminalNo,
    random: opts.random ?? Math.random,
  });
  return {
    terminalNo: opts.terminalNo,
    ...createBillBuilding(core),
    ...createBillSettlement(core),
    ...createBillRefunds(core),
    ...createBillDiscounts(core),
    onPaid: core.onPaid,
    fixAmounts: core.fixAmounts,
    ...createBillQrCharge(core),
  };
}
