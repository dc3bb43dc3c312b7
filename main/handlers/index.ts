import type { CoreServices } from '../core.js';
import { createSettings } from '../store/settings.js';
import { createCatalogImportHandlers } from './catalog.js';
import { createCoreHandlers } from './core.js';
import { createCounterHandlers } from './counter.js';
import { createRecoveryHandlers } from './recovery.js';
import { createScannerHandlers } from './scanner.js';
import type { HandlerMap } from './dispatch.js';
import { createLateOutcomeHandlers } from './late-outcome.js';
import { createSessionHandlers } from './session.js';
import { createSupervisorHandlers } from './supervisor.js';

/**
 * The handler map: one handler for every command of the contract. Each domain contributes
 * its part; if a command has no handler, this file stops compiling.
 */
export function createHandlers(services: CoreServices): HandlerMap {
  // The bill on the counter is remembered in the ledger (setting counter.billId, see
  // handlers/core.ts createCounter); the counter commands move it as bills are opened,
  // resumed, parked, cancelled or paid in cash.
  const counterSettings = createSettings({ store: services.store, now: services.now });
  return {
    ...createCoreHandlers(services),
    ...createSessionHandlers(services),
    ...createScannerHandlers(services),
    ...createCounterHandlers({
      ...services,
      settings: services.terminalSettings,
      onCounterBill: (bill) => {
        if (bill) counterSettings.set('counter.billId', bill.id, { audit: false });
        else counterSettings.delete('counter.billId');
      },
    }),
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
  };
}
