/**
 * Words of the supervisor screen (zh-CN default, English): the catalog namespace `supervisor`
 * in renderer/src/i18n/locales. Report words (section titles, columns, rows) come from
 * app/report/labels.ts so the screen and the exports say the same.
 */
import { CATALOGS, text } from '../../i18n/instance.js';
import type { zhCN } from '../../i18n/locales/zh-CN/index.js';

export type SupLocale = 'zh-CN' | 'en';

export type SupTextKey = keyof (typeof zhCN)['supervisor'];

export function supText(locale: SupLocale, key: SupTextKey, params?: Record<string, string | number>): string {
  return text(locale, 'supervisor', key, params);
}

export function supTextKeys(locale: SupLocale): SupTextKey[] {
  return Object.keys(CATALOGS[locale].supervisor) as SupTextKey[];
}
