export {
  diagnoseStartFailure,
  listRecoveryBackups,
  backupTimeFromName,
  ledgerFileOf,
  backupDirOf,
  LEDGER_NAME,
} from './diagnose.js';
export { restoreBackup, writeRecoveryLog, recoveryLogFile } from './restore.js';
export {
  createRecoveryMode,
  loadConfigForRecovery,
  recoveryPort,
  type RecoveryMode,
  type RecoveryModeOptions,
} from './dispatch.js';
export { createLedgerHealth, MONEY_COMMANDS, type LedgerHealth } from './ledger-health.js';
