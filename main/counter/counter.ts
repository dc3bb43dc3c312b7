/**
 * The counter: which bill is on it (counter-bill.ts), what the screen shows (`state`), the quick
 * sale, collecting a barcode payment for the bill, clearing the counter, and what a scan does
 * there (scan-actor.ts). createCore builds one counter; the handlers and the scan pipeline
 * share it.
 */
import type { AttemptView, BillView, Connectivity, CounterState } from '../../app/contract/schemas.js';
import type { ScanOutcome } from '../../app/contract/core.js';
import { isWaiting } from '../../app/payment/state.js';
import { classifyScan } from '../../app/scan/classify.js';
import { routeTyped } from '../../app/scan/route-typed.js';
import { AppError } from '../../app/result.js';
import type { BillService } from '../bills/bill-service.js';
import type { EventBus } from '../events.js';
import { partAmount } from '../payments/collect.js';
import type { PaymentEngine } from '../payments/types.js';
import type { ShiftPort } from '../session/session-service.js';
import type { TerminalSettings } from '../session/terminal-settings.js';
import type { Store } from '../store/db.js';
import { createCounterBill, type CounterBill } from './counter-bill.js';
import { createScanActor, type ScanActor } from './scan-actor.js';

export interface CounterDeps {
  store: Store;
  now: () => number;
  bills: BillService;
  payments: Pick<PaymentEngine, 'collect' | 'latestForBill'>;
  shifts: Pick<ShiftPort, 'current'>;
  terminalSettings: Pick<TerminalSettings, 'businessType'>;
  sessions: Parameters<typeof createScanActor>[0]['sessions'];
  bus: EventBus;
  /** The operator a quick sale is booked to when the caller names none. */
  defaultOperatorNo: string;
  connectivityNow(): Connectivity;
}

export interface Counter extends CounterBill {
  state(): CounterState;
  /** A free-amount sale: on the empty open bill, or a new bill. */
  quickSale(amountFen: number, operatorNo?: string): BillView;
  /** Start collecting bill `billId` with `barCode` (as the bill's operator). */
  collect(billId: number, barCode: string): AttemptView;
  /** Set aside the bill on the counter (an unpaid one with lines is voided). */
  clear(): CounterState;
  /**
   * Split payment (Ctrl+G): the amount of the next barcode part of bill `billId` (1 fen to the
   * amount due), used and cleared by its next scan; null clears it (the whole amount due).
   */
  setPart(billId: number, amountFen: number | null): CounterState;
  /** The chosen amount of bill `billId`'s next part (null: the whole amount due), for a QR start. */
  nextPart(billId: number): number | null;
  /** The chosen part was used by an attempt: the part after it takes the whole rest again. */
  partUsed(billId: number): void;
  /** What a scan does at the counter, for the scan pipeline (main/scanners/scan-desk.ts). */
  scanActor: ScanActor;
  /**
   * A code typed into the entry field (`scan.submit` source 'typed'): routed like a scan
   * (app/scan/route-typed.ts) and acted on by the same actor, outside the scan pipeline — no
   * duplicate filter, no held code, no `scan.routed` event or beep.
   */
  submitTyped(input: { text: string; collecting: boolean }): ScanOutcome;
}

export function createCounter(deps: CounterDeps): Counter {
  const { bills, payments, store, bus } = deps;
  const counterBill = createCounterBill({ store, now: deps.now, bills });
  const { billOnCounter, show } = counterBill;
  /** The next barcode part's amount, per bill (in memory: a restart forgets a choice, never money). */
  const nextPart = new Map<number, number>();
  const partFor = (bill: BillView | null): number | null => {
    if (!bill) return null;
    const part = nextPart.get(bill.id);
    return part !== undefined && part < bill.dueFen ? part : null;
  };

  function state(): CounterState {
    const bill = billOnCounter();
    return {
      bill,
      attempt: bill ? payments.latestForBill(bill.id) : null,
      lastCompleted: bills.lastPaid(),
      connectivity: deps.connectivityNow(),
      nextPartFen: partFor(bill),
    };
  }

  function setPart(billId: number, amountFen: number | null): CounterState {
    const bill = bills.get(billId);
    if (!bill) throw new AppError('bill-not-found', `bill ${billId} does not exist`, { billId });
    if (bill.status !== 'open') {
      throw new AppError('bill-locked', `bill ${bill.billNo} is ${bill.status}: no part can be chosen now`, {
        billId,
        status: bill.status,
      });
    }
    if (amountFen === null || amountFen === bill.dueFen) nextPart.delete(billId);
    else {
      partAmount(bill, amountFen); // 1 fen … the amount due, or amount-out-of-range naming the limit
      nextPart.set(billId, amountFen);
    }
    return state();
  }

  function quickSale(amountFen: number, operatorNo: string = deps.defaultOperatorNo): BillView {
    const current = billOnCounter();
    if (current && (current.status === 'locked' || current.status === 'unconfirmed')) {
      throw new AppError('bill-locked', 'a payment is in progress for the bill on the counter');
    }
    if (current && current.status === 'open') {
      if (current.lines.length > 0 || current.tenders.length > 0) {
        throw new AppError('bill-not-open', 'finish or park the bill on the counter first');
      }
      const bill = bills.addFreeAmount(current.id, amountFen);
      bus.emit('bill.changed', bill);
      return bill;
    }
    const bill = store.tx(() => {
      const created = bills.create({
        kind: 'sale',
        businessType: deps.terminalSettings.businessType(),
        operatorNo,
        shiftId: deps.shifts.current()?.id ?? null,
      });
      return bills.addFreeAmount(created.id, amountFen);
    });
    show(bill);
    bus.emit('bill.changed', bill);
    return bill;
  }

  function collect(billId: number, barCode: string): AttemptView {
    const bill = bills.get(billId);
    if (!bill) throw new AppError('bill-not-found', `bill ${billId} does not exist`);
    const attempt = payments.collect({
      billId,
      barCode,
      operatorNo: bill.operatorNo,
      cardNo: bill.cardNo,
      amountFen: partFor(bill),
    });
    nextPart.delete(billId); // used: the part after it takes the whole remaining due unless chosen again
    return attempt;
  }

  function clear(): CounterState {
    const bill = billOnCounter();
    if (bill) {
      if (bill.status === 'locked') throw new AppError('bill-locked', 'a payment is in progress');
      if (bill.status === 'open') {
        if (bill.lines.length > 0) bills.voidBill(bill.id, bill.operatorNo, 'cancelled at the counter');
      }
    }
    show(null);
    return state();
  }

  const scanActor = createScanActor({
    bills,
    sessions: deps.sessions,
    shifts: deps.shifts,
    settings: deps.terminalSettings,
    bus,
    billOnCounter,
    show,
    collect,
    attemptLive: (billId) => {
      const a = payments.latestForBill(billId);
      return a !== null && isWaiting(a.state);
    },
  });

  function submitTyped(input: { text: string; collecting: boolean }): ScanOutcome {
    const classified = classifyScan(input.text);
    return scanActor.act({ classified, route: routeTyped(classified, scanActor.mode(), input.collecting) });
  }

  const nextPartOf = (billId: number) => partFor(bills.get(billId));
  const partUsed = (billId: number) => void nextPart.delete(billId);

  return {
    ...counterBill,
    state,
    quickSale,
    collect,
    clear,
    setPart,
    nextPart: nextPartOf,
    partUsed,
    scanActor,
    submitTyped,
  };
}
