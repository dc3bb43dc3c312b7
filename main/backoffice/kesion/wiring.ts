/**
 * KesionEDU 机构报名 in the core (createCore calls this once): the enrollment service over the
 * ledger, its counter bills on the counter, its BillService.onPaid hook, its event, and the
 * confirmation worker (started by the core after the payment engine).
 */
import { AppError } from '../../../app/result.js';
import type { BillView } from '../../../app/contract/schemas.js';
import type { BillService } from '../../bills/bill-service.js';
import type { CounterBill } from '../../counter/counter-bill.js';
import type { EventBus } from '../../events.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/db.js';
import type { KesionConfig } from '../config.js';
import { createEnrollmentService, type EnrollmentService } from './enrollment.js';
import { createEnrollmentJournal } from './journal.js';
import { enrollmentView } from './view.js';

export interface KesionWiring {
  store: Store;
  config: KesionConfig;
  now: () => number;
  log: Logger;
  bills: BillService;
  counter: Pick<CounterBill, 'billOnCounter' | 'show'>;
  /** The open shift's id and the terminal's business type for the counter bill. */
  shiftId(): number | null;
  businessType(): number;
  bus: EventBus;
}

export function createKesionEnrollment(w: KesionWiring): EnrollmentService & { close(): void } {
  const { bills, counter, bus } = w;

  function openCounterBill(input: { name: string; amountFen: number; operatorNo: string }): BillView {
    const current = counter.billOnCounter();
    if (current && (current.status === 'locked' || current.status === 'unconfirmed'))
      throw new AppError('bill-locked', 'a payment is in progress for the bill on the counter');
    if (current && current.status === 'open' && (current.lines.length > 0 || current.tenders.length > 0))
      throw new AppError('bill-not-open', 'finish or park the bill on the counter first');
    const base =
      current && current.status === 'open'
        ? current
        : bills.create({
            kind: 'sale',
            businessType: w.businessType(),
            operatorNo: input.operatorNo,
            shiftId: w.shiftId(),
          });
    const bill = bills.addFreeAmount(base.id, input.amountFen, input.name);
    counter.show(bill);
    bus.emit('bill.changed', bill);
    return bill;
  }

  const service = createEnrollmentService({
    store: w.store,
    config: w.config,
    now: w.now,
    log: w.log.child('kesion'),
    openCounterBill,
    billById: (id) => bills.get(id),
    onChange: (row) => {
      if (!w.store.closed)
        bus.emit(
          'kesion.changed',
          enrollmentView(row, (id) => bills.get(id)?.billNo ?? null),
        );
    },
  });
  const off = bills.onPaid((bill) => service.onBillPaid(bill));
  // The enrollment's total is the ERP's: no discount, 改价 or 抹零 on its counter bill.
  const journal = createEnrollmentJournal(w.store);
  const unfix = bills.fixAmounts((billId) => journal.getByBill(billId) !== null);
  return {
    ...service,
    close() {
      off();
      unfix();
      service.worker.stop();
    },
  };
}
