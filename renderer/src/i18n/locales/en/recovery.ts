import type { Strings } from '../strings.js';
import type { recovery as zh } from '../zh-CN/recovery.js';

export const recovery: Strings<typeof zh> = {
  title_store_corrupt: 'The ledger file is damaged; the cashier did not start',
  title_store_too_new: 'The ledger comes from a newer Counterpay',
  title_config_invalid: 'The configuration file is invalid; the cashier did not start',
  title_other: 'The cashier did not start normally',
  what_store_corrupt:
    "The automatic check at start-up found that this counter's ledger (counterpay.db, which holds every payment record) is damaged — usually after a power cut, a forced shutdown or a failing disk. Taking payments is paused so the records do not get worse. The damaged file was not deleted or changed.",
  what_store_too_new:
    'The ledger on this computer was written by a newer version of Counterpay; the installed version cannot open it safely. Nothing was changed.',
  what_config_invalid:
    'config.json in the data folder is invalid, so the settings cannot be read. The ledger is not affected.',
  what_other: 'Counterpay failed while starting. Neither the ledger nor the settings were deleted.',
  todo_store_corrupt:
    'Restore the newest backup below. After restoring, payments taken after the backup time must be checked against receipts or the payment gateway and entered again.',
  todo_store_corrupt_nobackup:
    'No ledger backup was found on this computer. Do not delete, move or replace any file in the data folder; call support now and send them the diagnostics exported below. Do not take payments on this counter until then.',
  todo_store_too_new:
    'Install the same or a newer version of Counterpay than before (ask your installer for the package). Never overwrite the ledger with an older version.',
  todo_config_invalid:
    'Fix config.json as listed below, or rename it (defaults are used and first-run setup has to be done again), then restart Counterpay.',
  todo_other: 'Restart Counterpay. If it happens again, export diagnostics and call support.',
  title_data_folder_unwritable: 'The data folder cannot be written; the cashier did not start',
  what_data_folder_unwritable:
    'Counterpay keeps its ledger and logs in the data folder below, and that folder cannot be written now (it is read-only, the user running Counterpay may not write to it, its disk is full or gone, or the path is a file rather than a folder). No payment was taken and no data was changed.',
  todo_data_folder_unwritable:
    'Ask the installer or the PC administrator to check the data folder below: it must exist, be a folder, not be read-only, be writable by the user running Counterpay and have free disk space. Then restart Counterpay.',
  unwritablePath: 'Cannot write to',
  dataDir: 'Data folder',
  ledgerFile: 'Ledger file',
  configFile: 'Configuration file',
  problems: 'Check results (technical details for support)',
  message: 'Error message',
  versions: 'Ledger version {db}; this build knows up to {app}',
  backups: 'Available backups',
  backupsNone: 'No backups found.',
  backupsHint: 'Backups are kept in the backups folder inside the data folder.',
  colTime: 'Taken at',
  colKind: 'Kind',
  colSize: 'Size',
  newest: 'newest',
  kind_scheduled: 'Scheduled',
  kind_manual: 'Manual',
  'kind_pre-migration': 'Before upgrade',
  restore: 'Restore this backup',
  confirmTitle: 'Restore this backup?',
  confirmBody: 'The damaged ledger will be replaced with the backup taken at {time}.',
  confirmKept:
    'The damaged ledger is NOT deleted: it is moved to the damaged folder inside the data folder ({dir}) so support can still look at it.',
  confirmLoss:
    'Payments taken after {time} are not in this backup; check them against receipts or the payment gateway after restoring.',
  confirmCheck: 'The backup itself is checked first; a damaged backup is never used.',
  confirmYes: 'Restore',
  cancel: 'Cancel',
  restoring: 'Checking and restoring the backup…',
  restoredTitle: 'Backup restored',
  restoredBody: 'The backup taken at {time} was restored and passed its check.',
  restoredKept: 'The damaged ledger was kept at:',
  restartBrowser:
    'Restart Counterpay: press Ctrl+C in the command window running it, run npm start again and open the new address it prints.',
  restartElectron: 'Restart Counterpay; the restored ledger is checked again at start-up.',
  restartButton: 'Restart Counterpay',
  restarting: 'Restarting…',
  restoreFailed: 'Restore failed: {reason}',
  backupDamaged:
    'This backup is damaged as well and was not used. The damaged ledger is still in place. Choose another backup.',
  support: 'Need help? Call your installer or support and send them the diagnostics.',
  exportDiag: 'Export diagnostics',
  exporting: 'Exporting…',
  exported: 'Diagnostics saved: {file}',
  exportFailed: 'Export failed: {reason}',
  language: '中文',
  version: 'Version {v}',
  banner: 'The ledger check found problems: call the supervisor / installer and stop taking payments',
  bannerDetail: 'New barcode and cash payments are stopped. Records already taken stay on this computer.',
  fault_uncaught: 'The cashier app hit an unexpected error at {time}; it was logged and the app keeps running.',
  fault_log: 'The log file cannot be written (the disk may be full); payment records are not affected.',
  faultTodo: 'Finished payments are saved as usual. Check the current bill; if this happens again, call support.',
  faultLogTodo: 'Call support soon to free disk space.',
  faultCount: ' ({n} times)',
  faultAck: 'OK',
};
