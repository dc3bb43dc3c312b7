import type { recoveryCommands } from '../../app/contract/recovery.js';
import { AppError } from '../../app/result.js';
import type { LedgerHealth } from '../recovery/ledger-health.js';
import type { HandlerMap } from './dispatch.js';

type RecoveryHandlers = Pick<HandlerMap, keyof typeof recoveryCommands>;

/**
 * The running core's side of app/contract/recovery.ts: no recovery is needed (`recovery.info`
 * is null) and the recovery-mode actions are refused; `store.health` tells whether the full
 * integrity check after start found the ledger damaged. Recovery mode itself is
 * main/recovery/dispatch.ts.
 */
export function createRecoveryHandlers(services: { ledgerHealth: LedgerHealth }): RecoveryHandlers {
  const notInRecovery = (what: string) => (): never => {
    throw new AppError('forbidden', `Counterpay is running normally: ${what} is only offered in recovery mode`);
  };
  return {
    'recovery.info': () => null,
    'recovery.restore': notInRecovery('restoring a backup'),
    'recovery.relaunch': notInRecovery('restarting from the recovery screen'),
    'recovery.exportDiagnostics': notInRecovery('this export (use diagnostics.export)'),
    'store.health': () => services.ledgerHealth.view(),
  };
}
