/**
 * Texts of the recovery screen (恢复页面) and the ledger-health banner, zh-CN first, English
 * available. Written for the installer or supervisor standing at the counter, not a developer.
 */
export type RecoveryLocale = 'zh-CN' | 'en';

const zh = {
  title_store_corrupt: '账本文件损坏，收银台没有启动',
  title_store_too_new: '账本来自更新版本的收银台',
  title_config_invalid: '配置文件有误，收银台没有启动',
  title_other: '收银台没有正常启动',
  what_store_corrupt:
    '启动时的自动检查发现本机账本（counterpay.db，所有收款记录都在里面）已经损坏，常见原因是突然断电、强制关机或硬盘故障。为了不让记录继续出错，收银台暂停了收款。损坏的文件没有被删除或修改。',
  what_store_too_new:
    '这台电脑上的账本是由更新版本的收银台写入的，当前安装的版本无法安全地打开它。数据没有被修改。',
  what_config_invalid: '数据文件夹中的配置文件 config.json 内容有误，收银台无法读取设置。账本没有受影响。',
  what_other: '收银台启动时出错。账本和设置都没有被删除。',
  todo_store_corrupt: '请从下面的备份中选择最新的一份恢复。恢复后，备份时间之后的收款需要按小票或收款网关后台核对补录。',
  todo_store_corrupt_nobackup:
    '这台电脑上没有找到账本备份。请不要删除、移动或替换数据文件夹里的任何文件，立即联系技术支持，并把下面导出的诊断信息发给他们。在此之前请不要在本机收款。',
  todo_store_too_new: '请安装与之前相同或更新版本的收银台（联系实施人员获取安装包）。不要用旧版本覆盖账本。',
  todo_config_invalid: '请按下面列出的问题修改 config.json，或把它改名（收银台将使用默认设置，需要重新做首次设置），然后重新启动收银台。',
  todo_other: '请重新启动收银台。如果问题仍然存在，请导出诊断信息并联系技术支持。',
  title_data_folder_unwritable: '数据文件夹无法写入，收银台没有启动',
  what_data_folder_unwritable:
    '收银台要把账本和日志保存在下面的数据文件夹里，但现在无法往这个文件夹写入（例如文件夹被设为只读、当前用户没有写入权限、所在磁盘已满或已拔出，或者这个路径是一个文件而不是文件夹）。没有收款，也没有修改任何数据。',
  todo_data_folder_unwritable:
    '请实施人员或电脑管理员检查下面列出的数据文件夹：确认它存在、是文件夹、不是只读、运行收银台的用户可以写入、所在磁盘有剩余空间。改好后重新启动收银台。',
  unwritablePath: '无法写入的位置',
  dataDir: '数据文件夹',
  ledgerFile: '账本文件',
  configFile: '配置文件',
  problems: '检查结果（技术细节，供技术支持查看）',
  message: '错误信息',
  versions: '账本版本 {db}，本程序支持到 {app}',
  backups: '可用的备份',
  backupsNone: '没有找到备份。',
  backupsHint: '备份保存在数据文件夹的 backups 子文件夹中。',
  colTime: '备份时间',
  colKind: '类型',
  colSize: '大小',
  newest: '最新',
  kind_scheduled: '定时备份',
  kind_manual: '手动备份',
  'kind_pre-migration': '升级前备份',
  restore: '恢复此备份',
  confirmTitle: '确认恢复备份？',
  confirmBody: '将用 {time} 的备份替换损坏的账本。',
  confirmKept: '损坏的账本不会被删除：它会被移到数据文件夹的 damaged 子文件夹中保存（{dir}），技术支持之后仍可查看。',
  confirmLoss: '{time} 之后的收款不在此备份中，恢复后请按小票或收款网关后台核对。',
  confirmCheck: '恢复前会先检查备份本身是否完好；有问题的备份不会被使用。',
  confirmYes: '确认恢复',
  cancel: '取消',
  restoring: '正在检查并恢复备份…',
  restoredTitle: '备份已恢复',
  restoredBody: '已恢复 {time} 的备份，备份检查通过。',
  restoredKept: '损坏的账本已保存到：',
  restartBrowser: '请重新启动收银台：在运行收银台的命令行窗口按 Ctrl+C，再运行 npm start，然后打开新显示的地址。',
  restartElectron: '请重新启动收银台，恢复后的账本会在启动时再次检查。',
  restartButton: '重新启动收银台',
  restarting: '正在重新启动…',
  restoreFailed: '恢复失败：{reason}',
  backupDamaged: '这份备份本身也已损坏，没有使用它。损坏的账本仍在原处。请选择另一份备份。',
  support: '需要帮助？请联系实施人员或技术支持，并把诊断信息发给他们。',
  exportDiag: '导出诊断信息',
  exporting: '正在导出…',
  exported: '诊断信息已保存：{file}',
  exportFailed: '导出失败：{reason}',
  language: 'English',
  version: '版本 {v}',
  banner: '账本检查发现问题：请联系主管/实施人员，不要继续收款',
  bannerDetail: '新的扫码收款和现金收款已停止。已完成的记录仍保留在本机。',
  fault_uncaught: '收银程序在 {time} 遇到意外错误，已记录并继续运行。',
  fault_log: '日志文件无法写入（磁盘可能已满），收款记录不受影响。',
  faultTodo: '已完成的收款照常保存。请核对当前这一单；如果再次出现，请联系技术支持。',
  faultLogTodo: '请尽快联系技术支持清理磁盘空间。',
  faultCount: '（共 {n} 次）',
  faultAck: '知道了',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title_store_corrupt: 'The ledger file is damaged; the cashier did not start',
  title_store_too_new: 'The ledger comes from a newer Counterpay',
  title_config_invalid: 'The configuration file is invalid; the cashier did not start',
  title_other: 'The cashier did not start normally',
  what_store_corrupt:
    'The automatic check at start-up found that this counter\'s ledger (counterpay.db, which holds every payment record) is damaged — usually after a power cut, a forced shutdown or a failing disk. Taking payments is paused so the records do not get worse. The damaged file was not deleted or changed.',
  what_store_too_new: 'The ledger on this computer was written by a newer version of Counterpay; the installed version cannot open it safely. Nothing was changed.',
  what_config_invalid: 'config.json in the data folder is invalid, so the settings cannot be read. The ledger is not affected.',
  what_other: 'Counterpay failed while starting. Neither the ledger nor the settings were deleted.',
  todo_store_corrupt: 'Restore the newest backup below. After restoring, payments taken after the backup time must be checked against receipts or the payment gateway and entered again.',
  todo_store_corrupt_nobackup:
    'No ledger backup was found on this computer. Do not delete, move or replace any file in the data folder; call support now and send them the diagnostics exported below. Do not take payments on this counter until then.',
  todo_store_too_new: 'Install the same or a newer version of Counterpay than before (ask your installer for the package). Never overwrite the ledger with an older version.',
  todo_config_invalid: 'Fix config.json as listed below, or rename it (defaults are used and first-run setup has to be done again), then restart Counterpay.',
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
  confirmKept: 'The damaged ledger is NOT deleted: it is moved to the damaged folder inside the data folder ({dir}) so support can still look at it.',
  confirmLoss: 'Payments taken after {time} are not in this backup; check them against receipts or the payment gateway after restoring.',
  confirmCheck: 'The backup itself is checked first; a damaged backup is never used.',
  confirmYes: 'Restore',
  cancel: 'Cancel',
  restoring: 'Checking and restoring the backup…',
  restoredTitle: 'Backup restored',
  restoredBody: 'The backup taken at {time} was restored and passed its check.',
  restoredKept: 'The damaged ledger was kept at:',
  restartBrowser: 'Restart Counterpay: press Ctrl+C in the command window running it, run npm start again and open the new address it prints.',
  restartElectron: 'Restart Counterpay; the restored ledger is checked again at start-up.',
  restartButton: 'Restart Counterpay',
  restarting: 'Restarting…',
  restoreFailed: 'Restore failed: {reason}',
  backupDamaged: 'This backup is damaged as well and was not used. The damaged ledger is still in place. Choose another backup.',
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

export type RecoveryTextKey = Key;

export function recoveryText(locale: RecoveryLocale, key: Key, params: Record<string, string | number> = {}): string {
  const s = (locale === 'en' ? en : zh)[key];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Local date and time, e.g. 2025-01-31 12:00:05. */
export function localDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
