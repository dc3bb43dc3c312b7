import { useCallback } from 'react';
import { CATALOGS, fill, type Params } from '../../i18n/instance.js';
import { selectLocale, useCounter } from '../../store/index.js';

/** Texts of 校宝学员 (namespace `xiaobao` of the catalogs). */
const TEXT = { 'zh-CN': CATALOGS['zh-CN'].xiaobao, en: CATALOGS.en.xiaobao };
export type XiaobaoKey = keyof (typeof TEXT)['zh-CN'];

export function useX(): { X: (key: XiaobaoKey, params?: Params) => string; locale: 'zh-CN' | 'en' } {
  const locale = useCounter(selectLocale);
  const X = useCallback((key: XiaobaoKey, params?: Params) => fill(TEXT[locale][key], params), [locale]);
  return { X, locale };
}

/** The same text in both languages (for a counter notice, which follows a later locale switch). */
export function bothX(key: XiaobaoKey, params?: Params): { zh: string; en: string } {
  return { zh: fill(TEXT['zh-CN'][key], params), en: fill(TEXT.en[key], params) };
}

/** 订单类型 / 状态 labels: a known number, else 其他. */
export function typeKey(type: number | null): XiaobaoKey {
  return type !== null && `type.${type}` in TEXT['zh-CN'] ? (`type.${type}` as XiaobaoKey) : 'type.other';
}
export function statusKey(status: number | null): XiaobaoKey {
  return status !== null && `status.${status}` in TEXT['zh-CN'] ? (`status.${status}` as XiaobaoKey) : 'status.other';
}

/** Local date text yyyy-mm-dd of `ms`. */
export function dayText(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Local midnight of a yyyy-mm-dd text, or null. */
export function dayStartOf(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const t = new Date(`${text}T00:00:00`).getTime();
  return Number.isFinite(t) ? t : null;
}
