import type { coreCommands } from '../../app/contract/core.js';
import type { BillView, CounterState } from '../../app/contract/schemas.js';
import { AppError } from '../../app/result.js';
import type { CounterMode } from '../../app/scan/route.js';
import type { CoreServices } from '../core.js';
import { buildReceipt } from '../../app/receipt/receipt.js';
import { audit } from '../store/audit.js';
import { createSettings } from '../store/settings.js';
import { createScanActor, type ScanActor } from './counter.js';
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
      lastCompleted: bills.lastPaid(),
      connectivity: services.connectivityNow(),
    };
  }

  function mode(): CounterMode {
    const bill = billOnCounter();
    if (!bill) return 'idle';
    if (bill.status === 'locked') return 'payment-live';
    if (bill.status === 'open') return bill.totalFen > 0 ? 'awaiting-payment' : 'building';
    return 'idle';
  }

  function quickSale(amountFen: number, operatorNo: string = config.operatorNo): BillView {
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
        businessType: services.terminalSettings.businessType(),
        operatorNo,
        shiftId: services.shifts.current()?.id ?? null,
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

  return { state, mode, quickSale, collect, clear, billOnCounter, show };
}

/**
 * What a scan does at the counter (pay / add a product / set the card), in the mode derived from
 * the sessions and the counter bill (main/handlers/counter.ts). The core binds it to the one scan
 * pipeline (main/scanners/scan-desk.ts), which every source feeds: HID scanners, the Electron
 * wedge and `scan.submit`.
 */
export function createCounterScanActor(services: CoreServices): ScanActor {
  const counter = createCounter(services);
  return createScanActor({
    ...services,
    settings: services.terminalSettings,
    billOnCounter: counter.billOnCounter,
    show: counter.show,
    collect: counter.collect,
    attemptLive: (billId) => {
      const a = services.payments.latestForBill(billId);
      return a !== null && (a.state === 'created' || a.state === 'sent' || a.state === 'awaiting-payer');
    },
  });
}

export function createCoreHandlers(services: CoreServices): CoreHandlers {
  const counter = createCounter(services);
  return {
    'receipt.print': async ({ billId, paperWidthMm, reprint }, ctx) => {
      const bill = services.bills.get(billId);
      if (!bill) throw new AppError('bill-not-found', `bill ${billId} does not exist`);
      if (bill.status !== 'paid') throw new AppError('bill-not-open', 'only a paid bill has a receipt', { billId, status: bill.status });
      const printing = services.printing;
      const width = paperWidthMm ?? services.config.printer.paperWidthMm;
      if (!printing) throw new AppError('printer-unavailable', 'this shell has no receipt printer; print the preview instead');
      const settings = createSettings({ store: services.store, now: services.now });
      const receipt = buildReceipt({
        bill,
        terminalNo: services.config.terminalNo,
        operatorName: services.operators.get(bill.operatorNo)?.name ?? null,
        shopName: services.config.receipt.shopName,
        header: services.config.receipt.headerLines.length > 0 ? services.config.receipt.headerLines : (settings.get('receipt.header') ?? null),
        footer: services.config.receipt.footerLines.length > 0 ? services.config.receipt.footerLines : (settings.get('receipt.footer') ?? null),
        paperWidthMm: width,
        printedAt: services.now(),
        reprint,
        sandbox: services.sandbox !== null,
      });
      const deviceName = services.config.printer.name;
      try {
        await printing.printReceipt(receipt.html, { pageSizeMicrons: receipt.pageSizeMicrons, deviceName });
      } catch (e) {
        services.log.warn('receipt.print-failed', { billNo: bill.billNo, printer: deviceName, error: String(e) });
        throw new AppError('printer-unavailable', e instanceof Error ? e.message : String(e), { printer: deviceName });
      }
      audit(services.store, {
        action: reprint ? 'receipt.reprint' : 'receipt.print',
        operatorNo: services.sessions.operatorFor(ctx.connectionId)?.operatorNo ?? null,
        subject: `bill:${bill.id}`,
        detail: { billNo: bill.billNo, paperWidthMm: width, printer: deviceName },
      });
      return { printed: true, printer: deviceName, paperWidthMm: width };
    },
    'app.info': () => services.info(),
    'counter.state': () => counter.state(),
    'sale.quick': ({ amountFen }, ctx) => counter.quickSale(amountFen, services.sessions.operatorFor(ctx.connectionId)?.operatorNo),
    'payment.collect': ({ billId, barCode }) => counter.collect(billId, barCode),
    'payment.stopWaiting': ({ attemptId }) => services.payments.stopWaiting(attemptId),
    'counter.clear': () => counter.clear(),
    // The browser-shell wedge: through the same pipeline as HID and Electron-wedge scans; the
    // desk acts on the routed scan and pushes scan.routed (with its beep) to every screen.
    // An amount typed before a payment code (amountFen) is collected by that scan (issue 11 item 16).
    'scan.collectHeld': ({ token, amountFen }) => services.scanners.collectHeld({ token, amountFen }),
    'scan.submit': ({ text, amountFen }) => services.scanners.submitWedge(amountFen === undefined ? { text } : { text, amountFen }),
  };
}
