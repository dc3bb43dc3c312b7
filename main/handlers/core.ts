import type { coreCommands } from '../../app/contract/core.js';
import type { BillView, CounterState } from '../../app/contract/schemas.js';
import { AppError } from '../../app/result.js';
import { classifyScan } from '../../app/scan/classify.js';
import { routeScan, type CounterMode } from '../../app/scan/route.js';
import type { CoreServices } from '../core.js';
import { createSettings } from '../store/settings.js';
import type { HandlerMap } from './dispatch.js';

type CoreHandlers = Pick<HandlerMap, keyof typeof coreCommands>;

/**
 * The counter: which bill is on it, what a scan means right now, and the quick sale.
 * The bill on the counter is remembered in the ledger (setting counter.billId), so a reload
 * or a restart shows the same bill in the same state.
 */
export function createCounter(services: CoreServices) {
  const { bills, payments, store, now, config, bus } = services;
  const settings = createSettings({ store, now });

  function billOnCounter(): BillView | null {
    const id = settings.get('counter.billId');
    const shown = id !== undefined ? bills.get(id) : null;
    if (shown && shown.status !== 'suspended') return shown;
    return bills.current();
  }

  function show(bill: BillView | null): void {
    if (bill) settings.set('counter.billId', bill.id, { audit: false });
    else settings.delete('counter.billId');
  }

  function state(): CounterState {
    const bill = billOnCounter();
    return {
      bill,
      attempt: bill ? payments.latestForBill(bill.id) : null,
      lastCompleted: null,
      connectivity: { gateway: 'unknown', backOffice: 'unknown', outboxDepth: 0, oldestWaitingMs: null },
    };
  }

  function mode(): CounterMode {
    const bill = billOnCounter();
    if (!bill) return 'idle';
    if (bill.status === 'locked') return 'payment-live';
    if (bill.status === 'open') return bill.totalFen > 0 ? 'awaiting-payment' : 'building';
    return 'idle';
  }

  function quickSale(amountFen: number): BillView {
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
        businessType: config.businessType,
        operatorNo: config.operatorNo,
        shiftId: null,
      });
      return bills.addFreeAmount(created.id, amountFen);
    });
    show(bill);
    bus.emit('bill.changed', bill);
    return bill;
  }

  function collect(billId: number, barCode: string) {
    const bill = bills.get(billId);
    if (!bill) throw new AppError('bill-not-found', `bill ${billId} does not exist`);
    return payments.collect({ billId, barCode, operatorNo: bill.operatorNo, cardNo: bill.cardNo });
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

  return { state, mode, quickSale, collect, clear, billOnCounter };
}

export function createCoreHandlers(services: CoreServices): CoreHandlers {
  const counter = createCounter(services);
  return {
    'app.info': () => services.info(),
    'counter.state': () => counter.state(),
    'sale.quick': ({ amountFen }) => counter.quickSale(amountFen),
    'payment.collect': ({ billId, barCode }) => counter.collect(billId, barCode),
    'payment.stopWaiting': ({ attemptId }) => services.payments.stopWaiting(attemptId),
    'counter.clear': () => counter.clear(),
    'scan.submit': ({ text }) => {
      const classified = classifyScan(text);
      const routed = routeScan(classified, counter.mode());
      const outcome = (zh: string, en: string) => ({
        action: routed.action,
        kind: classified.kind,
        reason: routed.reason ?? null,
        zh,
        en,
      });
      if (routed.action === 'pay') {
        const bill = counter.billOnCounter();
        if (!bill) throw new AppError('scan-misplaced', 'no bill to collect');
        counter.collect(bill.id, classified.text);
        const result = outcome('已扫描付款码，正在收款', 'Payment code scanned, collecting');
        services.bus.emit('scan.routed', result);
        return result;
      }
      if (routed.action === 'reject') {
        const result = outcome(routed.message?.zh ?? '无法处理此条码', routed.message?.en ?? 'This scan cannot be used here');
        services.bus.emit('scan.routed', result);
        return result;
      }
      const result = outcome('此条码暂不能在这里使用', 'This scan is not handled here yet');
      services.bus.emit('scan.routed', result);
      return result;
    },
  };
}
