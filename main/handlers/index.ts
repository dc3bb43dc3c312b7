import type { CoreServices } from '../core-services.js';
import { createBillHandlers } from './bills.js';
import { createCatalogImportHandlers } from './catalog.js';
import { createCounterHandlers } from './counter.js';
import { createDisplayHandlers } from '../display/handlers.js';
import type { HandlerMap } from './dispatch.js';
import { createHistoryHandlers } from './history.js';
import { createLateOutcomeHandlers } from './late-outcome.js';
import { createOperatorHandlers } from './operators.js';
import { createProductHandlers } from './products.js';
import { createReceiptLayoutHandlers } from './receipt-layout.js';
import { createReceiptHandlers } from './receipts.js';
import { createQrPayHandlers } from './qr-pay.js';
import { createRecoveryHandlers } from './recovery.js';
import { createScannerHandlers } from './scanner.js';
import { createSessionHandlers } from './session.js';
import { createSupervisorHandlers } from './supervisor.js';
import { createSplitPayHandlers } from './split-pay.js';
import { createCampusHandlers } from '../backoffice/campus/handlers.js';
import { createDiscountHandlers } from './discounts.js';
import { createKesionHandlers } from './kesion.js';
import { createXiaobaoHandlers } from './xiaobao.js';
import { createBackOfficeHandlers } from './backoffice.js';
import { createReconcileHandlers } from './reconcile.js';

/**
 * The handler map: one handler for every command of the contract. Each domain contributes
 * its part from the few services it declares; if a command has no handler, this file stops
 * compiling. The bill on the counter moves only through `services.counter` (main/counter).
 */
export function createHandlers(services: CoreServices): HandlerMap {
  return {
    ...createCounterHandlers(services),
    ...createReceiptHandlers(services),
    ...createSessionHandlers(services),
    ...createScannerHandlers(services),
    ...createBillHandlers({ ...services, settings: services.terminalSettings }),
    ...createSupervisorHandlers(services).handlers,
    ...createCatalogImportHandlers({
      store: services.store,
      now: services.now,
      log: services.log.child('catalog'),
      defaultBusinessType: () => services.terminalSettings.businessType(),
    }),
    ...services.installer.handlers,
    ...createRecoveryHandlers(services),
    ...createLateOutcomeHandlers(services),
    ...createReceiptLayoutHandlers(services),
    ...createOperatorHandlers(services),
    ...createDisplayHandlers(services),
    ...createProductHandlers(services),
    ...createQrPayHandlers({ ...services, defaultQrPayType: () => services.config.payment.defaultQrPayType }),
    ...createHistoryHandlers(services),
    ...createSplitPayHandlers(services),
    ...createCampusHandlers(services),
    ...createDiscountHandlers(services),
    ...createKesionHandlers(services),
    ...createXiaobaoHandlers(services),
    ...createBackOfficeHandlers(services),
    ...createReconcileHandlers(services),
  };
}
