import type { AppInfo } from '../../app/contract/schemas.js';
import type { Counter } from '../counter/counter.js';
import type { PaymentEngine } from '../payments/types.js';
import type { ScanDesk } from '../scanners/scan-desk.js';
import type { SessionService } from '../session/session-service.js';
import type { HandlerMap } from './dispatch.js';

export type CounterCommandName =
  | 'app.info'
  | 'counter.state'
  | 'sale.quick'
  | 'payment.collect'
  | 'payment.stopWaiting'
  | 'counter.clear'
  | 'scan.collectHeld'
  | 'scan.submit';

export interface CounterHandlerServices {
  counter: Pick<Counter, 'state' | 'quickSale' | 'collect' | 'clear' | 'submitTyped'>;
  payments: Pick<PaymentEngine, 'stopWaiting'>;
  scanners: Pick<ScanDesk, 'collectHeld' | 'submitWedge'>;
  sessions: Pick<SessionService, 'operatorFor'>;
  info(): AppInfo;
}

/**
 * Handlers of the counter commands of app/contract/core.ts: what the counter shows, the quick
 * sale, collecting and clearing (main/counter), and the browser-shell wedge.
 */
export function createCounterHandlers(services: CounterHandlerServices): Pick<HandlerMap, CounterCommandName> {
  const { counter, sessions } = services;
  return {
    'app.info': () => services.info(),
    'counter.state': () => counter.state(),
    'sale.quick': ({ amountFen }, ctx) =>
      counter.quickSale(amountFen, sessions.operatorFor(ctx.connectionId)?.operatorNo),
    'payment.collect': ({ billId, barCode }) => counter.collect(billId, barCode),
    'payment.stopWaiting': ({ attemptId }) => services.payments.stopWaiting(attemptId),
    'counter.clear': () => counter.clear(),
    // The browser-shell wedge: through the same pipeline as HID and Electron-wedge scans; the
    // desk acts on the routed scan and pushes scan.routed (with its beep) to every screen.
    // An amount typed before a payment code (amountFen) is collected by that scan (issue 11 item 16).
    'scan.collectHeld': ({ token, amountFen }) => services.scanners.collectHeld({ token, amountFen }),
    // A code typed into the entry field: routed by the core like a scan, outside the scan pipeline.
    'scan.submit': ({ text, amountFen, source, collecting }) =>
      source === 'typed'
        ? counter.submitTyped({ text, collecting: collecting === true })
        : services.scanners.submitWedge(amountFen === undefined ? { text } : { text, amountFen }),
  };
}
