/**
 * The KouDaiLQ business types (BusinessType 1–7, names after the gateway's documentation): the
 * ONE label table, used by 首次设置, the Ctrl+B dialog, the status bar and the reports. Add or
 * rename a type here only.
 */
export const BUSINESS_TYPE_LABELS = {
  1: { zh: '景区/演出票务', en: 'Scenic / show tickets' },
  2: { zh: '自营零售', en: 'Own retail' },
  3: { zh: '包车', en: 'Charter' },
  4: { zh: '环保车票务', en: 'Shuttle tickets' },
  5: { zh: '装备租赁', en: 'Equipment rental' },
  6: { zh: '联营零售', en: 'Joint retail' },
  7: { zh: '储值卡充值', en: 'Card recharge' },
} as const;

export type BusinessTypeCode = keyof typeof BUSINESS_TYPE_LABELS;
export const BUSINESS_TYPE_CODES = Object.keys(BUSINESS_TYPE_LABELS).map(Number) as BusinessTypeCode[];

/** The label of a business type in `locale` (the number itself for an unknown one). */
export function businessTypeLabel(bt: number, locale: 'zh-CN' | 'en'): string {
  const l = (BUSINESS_TYPE_LABELS as Record<number, { zh: string; en: string } | undefined>)[bt];
  return l ? (locale === 'en' ? l.en : l.zh) : String(bt);
}

export type BusinessTypeKey = `bt.${BusinessTypeCode}`;

/**
 * The business-type names as text-catalog keys bt.1 … bt.7, from the table above: the renderer's
 * catalogs and the report labels (app/report/labels.ts) spread this instead of listing the types.
 */
export function businessTypeTexts(lang: 'zh' | 'en'): Record<BusinessTypeKey, string> {
  return Object.fromEntries(Object.entries(BUSINESS_TYPE_LABELS).map(([n, l]) => [`bt.${n}`, l[lang]])) as Record<
    BusinessTypeKey,
    string
  >;
}
