import { useCallback } from 'react';
import { formatYuan } from '../../../../app/money.js';
import { zheOf } from '../../../../app/pricing.js';
import { CATALOGS, fill, type Params } from '../../i18n/instance.js';
import { selectLocale, useCounter } from '../../store/index.js';

/** Texts of discounts, 改价 and 抹零 (namespace `discounts` of the catalogs). */
const TEXT = { 'zh-CN': CATALOGS['zh-CN'].discounts, en: CATALOGS.en.discounts };
export type DiscountKey = keyof (typeof TEXT)['zh-CN'];
type Locale = keyof typeof TEXT;

export function useD(): { D: (key: DiscountKey, params?: Params) => string; locale: Locale } {
  const locale = useCounter(selectLocale);
  const D = useCallback((key: DiscountKey, params?: Params) => fill(TEXT[locale][key], params), [locale]);
  return { D, locale };
}

/** Both languages of one text, for a notice the counter shows in whichever is current. */
export function both(key: DiscountKey, params?: Params): { zh: string; en: string } {
  return { zh: fill(TEXT['zh-CN'][key], params), en: fill(TEXT.en[key], params) };
}

/** A discount as people say it: "9折（减10%）" / "10% off (9折)", or "−¥5.00". */
export function specText(
  D: (key: DiscountKey, params?: Params) => string,
  spec: { mode: 'percent'; rate: number } | { mode: 'amount'; fen: number },
): string {
  return spec.mode === 'percent'
    ? D('rate', { zhe: zheOf(spec.rate), pct: 100 - spec.rate })
    : `−${formatYuan(spec.fen)}`;
}
