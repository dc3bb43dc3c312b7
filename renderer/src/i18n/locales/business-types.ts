import { BUSINESS_TYPE_LABELS, type BusinessTypeCode } from '../../../../app/business-types.js';

export type BusinessTypeKey = `bt.${BusinessTypeCode}`;

/** The business-type names as catalog keys bt.1 … bt.7, from the one table (app/business-types.ts). */
export function businessTypeTexts(lang: 'zh' | 'en'): Record<BusinessTypeKey, string> {
  return Object.fromEntries(Object.entries(BUSINESS_TYPE_LABELS).map(([n, l]) => [`bt.${n}`, l[lang]])) as Record<
    BusinessTypeKey,
    string
  >;
}
