/**
 * Texts of the setup screen (首次设置), zh-CN first, English available: the catalog
 * namespaces `setup` and `setupFields` in renderer/src/i18n/locales.
 */
import { BUSINESS_TYPE_LABELS } from '../../../../app/business-types.js';
import { CATALOGS, text } from '../../i18n/instance.js';
import type { zhCN } from '../../i18n/locales/zh-CN/index.js';

export type SetupLocale = 'zh-CN' | 'en';

/** From the one business-type table (app/business-types.ts), with the gateway's number first. */
export const BUSINESS_TYPES: Record<number, { zh: string; en: string }> = Object.fromEntries(
  Object.entries(BUSINESS_TYPE_LABELS).map(([n, l]) => [Number(n), { zh: `${n} ${l.zh}`, en: `${n} ${l.en}` }]),
);

export type SetupTextKey = keyof (typeof zhCN)['setup'];

/** The catalog namespace `setup` (renderer/src/i18n/locales), by locale. */
export const SETUP_TEXTS: Record<SetupLocale, Record<SetupTextKey, string>> = {
  'zh-CN': CATALOGS['zh-CN'].setup,
  en: CATALOGS.en.setup,
};

export function setupText(locale: SetupLocale, key: SetupTextKey, params?: Record<string, string | number>): string {
  return text(locale, 'setup', key, params);
}

/** Field names (dotted) to labels, for "needs restart" lists (catalog namespace `setupFields`). */
export const FIELD_LABELS: Record<string, { zh: string; en: string }> = Object.fromEntries(
  Object.entries(CATALOGS['zh-CN'].setupFields).map(([k, zh]) => [
    k,
    { zh, en: CATALOGS.en.setupFields[k as keyof (typeof zhCN)['setupFields']] },
  ]),
);

export function fieldLabel(locale: SetupLocale, field: string): string {
  return Object.hasOwn(FIELD_LABELS, field) ? text(locale, 'setupFields', field) : field;
}
