/**
 * Texts of the recovery screen (恢复页面) and the ledger-health banner, zh-CN first, English
 * available. Written for the installer or supervisor standing at the counter, not a developer.
 */
import { text } from '../../i18n/instance.js';
import type { zhCN } from '../../i18n/locales/zh-CN/index.js';

export type RecoveryLocale = 'zh-CN' | 'en';

/** The catalog namespace `recovery` (renderer/src/i18n/locales). */
export type RecoveryTextKey = keyof (typeof zhCN)['recovery'];

export function recoveryText(
  locale: RecoveryLocale,
  key: RecoveryTextKey,
  params: Record<string, string | number> = {},
): string {
  return text(locale, 'recovery', key, params);
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
