/**
 * Which bill is on the counter. It is remembered in the ledger (setting `counter.billId`), so a
 * reload or a restart shows the same bill in the same state. This module is the only writer of
 * that setting: the bill commands, the scan actor, the quick sale and the supervisor's void all
 * move the counter through it (docs/ARCHITECTURE.md, "The counter").
 */
import type { BillView } from '../../app/contract/schemas.js';
import type { BillService } from '../bills/bill-service.js';
import type { Store } from '../store/db.js';
import { createSettings } from '../store/settings.js';

export interface CounterBill {
  /** The remembered bill unless it was parked since; else the newest open or locked bill. */
  billOnCounter(): BillView | null;
  /** Put a bill on the counter, or clear it (null). */
  show(bill: BillView | null): void;
  /** A bill that left the counter (voided elsewhere) no longer shows there. */
  offCounter(billId: number): void;
}

export function createCounterBill(deps: {
  store: Store;
  now: () => number;
  bills: Pick<BillService, 'get' | 'current'>;
}): CounterBill {
  const settings = createSettings({ store: deps.store, now: deps.now });
  const { bills } = deps;
  return {
    billOnCounter() {
      const id = settings.get('counter.billId');
      const shown = id !== undefined ? bills.get(id) : null;
      if (shown && shown.status !== 'suspended') return shown;
      return bills.current();
    },
    show(bill) {
      if (bill) settings.set('counter.billId', bill.id, { audit: false });
      else settings.delete('counter.billId');
    },
    offCounter(billId) {
      if (settings.get('counter.billId') === billId) settings.delete('counter.billId');
    },
  };
}
